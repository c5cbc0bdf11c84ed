//! Scoring: one respondent into a [`Report`], or a block of respondents into
//! columns with [`score_batch`].

mod batch;
mod build;
mod cells;
pub(crate) mod compiled;
mod kernel;
pub(crate) mod row;
mod words;

use serde::{Deserialize, Serialize};

pub use batch::{
    BatchScores, Block, BlockData, FlagColumn, Layout, MAX_COLUMNS, PRIVATE_FLAG_COLUMNS,
    PlacementColumn, ScaleColumn, answered_frame_name, builtin_private_frame_columns,
    match_columns, private_frame_columns, score_batch,
};
pub use build::{Scorer, ScorerCache};
pub use cells::{CellProblem, CellProblems};

use crate::error::Location;
use crate::instrument::{Instrument, MinAnswered};
use crate::ordered::OrderedMap;
use crate::report::Report;

/// How a scale is scored when some of its items are unanswered.
///
/// Every policy first applies the minimum-answered rule (the scale's own, or
/// [`ScoreOptions::min_answered`]); below it the scale gets no score.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum MissingPolicy {
    /// Score only when every applicable item is answered.
    RequireAll,
    /// Mean of the answered items; the total is the sum of the answered items.
    Available,
    /// Mean of the answered items; the total is that mean times the number
    /// (weight) of applicable items, so totals stay comparable. The default.
    #[default]
    Prorate,
    /// Each missing item takes the respondent's mean of the answered (keyed)
    /// items of the scale; mean and total come from the completed set.
    PersonMean,
}

/// What to do with an answer that is invalid (out of range, not one of the
/// scale's values, not a finite number) or names no item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum InvalidPolicy {
    /// Stop with a [`ScoreError`] naming the item (and row) and value.
    Error,
    /// Treat the answer as missing and record the problem (in
    /// [`Report::problems`] or [`BatchScores::problems`]).
    Missing,
}

/// Which flags are computed. The safety and consent flags have no switch:
/// they are always on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct FlagRules {
    /// Physical intimacy reached while emotional disclosure or vulnerability is not.
    pub pacing: bool,
    /// A deep level reached while intermediate levels are not.
    pub rushing: bool,
    /// Unhealthy signs present.
    #[serde(alias = "unhealthySigns")]
    pub unhealthy_signs: bool,
    /// Fading warning signs present.
    pub fading: bool,
    /// Seek-help criteria present.
    #[serde(alias = "seekHelp")]
    pub seek_help: bool,
    /// Fading signs needed for the fading flag (default 2).
    #[serde(alias = "fadingMin")]
    pub fading_min: usize,
    /// Seek-help criteria needed for the referral flag (default 2).
    #[serde(alias = "seekHelpMin")]
    pub seek_help_min: usize,
}

impl Default for FlagRules {
    fn default() -> Self {
        FlagRules {
            pacing: true,
            rushing: true,
            unhealthy_signs: true,
            fading: true,
            seek_help: true,
            fading_min: 2,
            seek_help_min: 2,
        }
    }
}

/// Options of [`score`] and [`score_batch`]. Plain data: serialisable, with
/// defaults, the same in every language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ScoreOptions {
    /// How scales with unanswered items are scored.
    pub missing: MissingPolicy,
    /// Overrides every scale's minimum-answered rule when set.
    #[serde(alias = "minAnswered")]
    pub min_answered: Option<MinAnswered>,
    /// Invalid answers: `None` means the entry point's default, an error for
    /// [`score`] and "treat as missing, record the problem" for [`score_batch`].
    pub invalid: Option<InvalidPolicy>,
    /// Attainment (0-100) a stage needs to count as reached. Default 60: on a
    /// 1-5 agreement scale, a mean of 3.4, between neutral and agree.
    pub threshold: f64,
    /// Percent of maximum (0-100) at which a sign, barrier, fading sign or
    /// seek-help criterion counts as present. `None` (the default) takes the
    /// instrument's `report_rules.sign_threshold`, else 75: on a 0-4
    /// frequency scale, "often" or more.
    #[serde(alias = "signThreshold")]
    pub sign_threshold: Option<f64>,
    /// Which flags to compute (safety always is).
    pub flags: FlagRules,
    /// How many recommendations at most (default 5).
    #[serde(alias = "maxRecommendations")]
    pub max_recommendations: usize,
    /// Sections of the instrument the respondent opted into. A section also
    /// counts as opted into when any of its items is answered; a skipped
    /// opt-in section is never "missing".
    #[serde(alias = "optedIn")]
    pub opted_in: Vec<String>,
    /// The language of the report's words (default `"en"`; see [`crate::locales`]).
    pub locale: String,
    /// The help line for the respondent's region, shown in every report's resources.
    pub helpline: Option<crate::report::Helpline>,
    /// The emergency number for the respondent's region (default: "your local
    /// emergency number").
    #[serde(alias = "emergencyNumber")]
    pub emergency_number: Option<String>,
    /// Write summaries for placements derived through the crosswalk too
    /// (default: only measured placements get a summary; a derived one's is empty).
    #[serde(alias = "derivedSummaries")]
    pub derived_summaries: bool,
}

impl Default for ScoreOptions {
    fn default() -> Self {
        ScoreOptions {
            missing: MissingPolicy::Prorate,
            min_answered: None,
            invalid: None,
            threshold: 60.0,
            sign_threshold: None,
            flags: FlagRules::default(),
            max_recommendations: 5,
            opted_in: Vec::new(),
            locale: "en".into(),
            helpline: None,
            emergency_number: None,
            derived_summaries: false,
        }
    }
}

impl ScoreOptions {
    /// Options from JSON (unknown options are errors). Absent fields take
    /// their defaults. Field names are snake_case; the camelCase spelling
    /// (JavaScript's) is accepted too, and giving both is an error.
    pub fn from_json(text: &str) -> Result<Self, ScoreError> {
        Request::read_json(text)
    }

    /// Check the values: thresholds within 0-100, minimum-answered sane.
    pub fn check(&self) -> Result<(), ScoreError> {
        let pct = |name: &str, v: f64| {
            if v.is_finite() && (0.0..=100.0).contains(&v) {
                Ok(())
            } else {
                Err(ScoreError::InvalidOption {
                    option: name.into(),
                    message: format!("must be a number from 0 to 100, got {v}"),
                })
            }
        };
        pct("threshold", self.threshold)?;
        for (option, n) in [
            ("flags.fading_min", self.flags.fading_min),
            ("flags.seek_help_min", self.flags.seek_help_min),
        ] {
            if n == 0 {
                return Err(ScoreError::InvalidOption {
                    option: option.into(),
                    message: "must be at least 1 (a flag needs something to rest on)".into(),
                });
            }
        }
        if let Some(t) = self.sign_threshold {
            pct("sign_threshold", t)?;
        }
        if crate::messages::messages(&self.locale).is_none() {
            return Err(ScoreError::InvalidOption {
                option: "locale".into(),
                message: format!(
                    "no messages for locale {:?}; available: {}",
                    self.locale,
                    crate::messages::locales().join(", ")
                ),
            });
        }
        if let Some(h) = &self.helpline {
            if h.name.trim().is_empty() {
                return Err(ScoreError::InvalidOption {
                    option: "helpline.name".into(),
                    message: "the help line needs a name".into(),
                });
            }
        }
        if self
            .emergency_number
            .as_ref()
            .is_some_and(|n| n.trim().is_empty())
        {
            return Err(ScoreError::InvalidOption {
                option: "emergency_number".into(),
                message: "the emergency number is empty".into(),
            });
        }
        match self.min_answered {
            Some(MinAnswered::Count(0)) => Err(ScoreError::InvalidOption {
                option: "min_answered".into(),
                message: "a count must be at least 1".into(),
            }),
            Some(MinAnswered::Fraction(f)) if !(f > 0.0 && f <= 1.0) => {
                Err(ScoreError::InvalidOption {
                    option: "min_answered".into(),
                    message: format!("a fraction must be above 0 and at most 1, got {f}"),
                })
            }
            _ => Ok(()),
        }
    }
}

/// The options of an entry point, read the same way from any serde data
/// format (JSON text, a Python dict through `pythonize`, ...): unknown
/// options are errors, a bad one is named by its path, and the values are
/// checked once, here.
pub trait Request: Sized + for<'de> Deserialize<'de> {
    /// Check the values once read (ranges, combinations).
    fn check(&self) -> Result<(), ScoreError> {
        Ok(())
    }

    /// Read and check options from any deserializer.
    fn read<'de, D>(de: D) -> Result<Self, ScoreError>
    where
        D: serde::Deserializer<'de>,
        D::Error: std::fmt::Display,
    {
        let parsed: Self = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let message = crate::instrument::clean_serde_message(&e.inner().to_string());
            // A known option is named by its snake_case path in every
            // language, whichever spelling was given; an unknown one as given.
            let option = match path.as_str() {
                "." => String::new(),
                _ if message.starts_with("unknown field") => path,
                _ => snake_path(&path),
            };
            ScoreError::InvalidOption { option, message }
        })?;
        parsed.check()?;
        Ok(parsed)
    }

    /// Read and check options from JSON text.
    fn read_json(text: &str) -> Result<Self, ScoreError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let parsed = Self::read(&mut de)?;
        de.end().map_err(|e| ScoreError::InvalidOption {
            option: String::new(),
            message: crate::instrument::clean_serde_message(&e.to_string()),
        })?;
        Ok(parsed)
    }
}

/// An option path with camelCase field names in snake_case
/// (`flags.seekHelpMin` → `flags.seek_help_min`); the key after `norms` is a
/// scale id (user data) and stays as given.
fn snake_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 4);
    let mut user_key = false;
    for (n, segment) in path.split('.').enumerate() {
        if n > 0 {
            out.push('.');
        }
        if user_key {
            out.push_str(segment);
        } else {
            for c in segment.chars() {
                if c.is_ascii_uppercase() {
                    out.push('_');
                    out.push(c.to_ascii_lowercase());
                } else {
                    out.push(c);
                }
            }
        }
        user_key = segment == "norms";
    }
    out
}

impl Request for ScoreOptions {
    fn check(&self) -> Result<(), ScoreError> {
        ScoreOptions::check(self)
    }
}

/// One respondent's answers, keyed by item id; `None` (JSON `null`) is unanswered.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Responses {
    /// Answers by item id, in the order given.
    pub answers: OrderedMap<Option<f64>>,
}

impl Responses {
    /// Answers from (item, value) pairs.
    ///
    /// ```
    /// let r = intimacy_core::Responses::from_pairs([("ras1", 4.0), ("ras2", 5.0)]);
    /// assert_eq!(r.answers.len(), 2);
    /// ```
    pub fn from_pairs<K: Into<String>>(pairs: impl IntoIterator<Item = (K, f64)>) -> Self {
        let mut answers = OrderedMap::new();
        for (k, v) in pairs {
            answers.push(k, Some(v));
        }
        Responses { answers }
    }

    /// Answers from JSON: `{"item": value-or-null, ...}`. A value that is
    /// not a number or null names its item; an item given twice is an error.
    pub fn from_json(text: &str) -> Result<Self, ScoreError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let parsed: Self = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let item = match e.path().iter().next() {
                Some(serde_path_to_error::Segment::Map { key }) => Some(key.clone()),
                _ => None,
            };
            ScoreError::InvalidResponses {
                item,
                message: crate::instrument::clean_serde_message(&e.inner().to_string()),
            }
        })?;
        de.end().map_err(|e| ScoreError::InvalidResponses {
            item: None,
            message: e.to_string(),
        })?;
        Ok(parsed)
    }

    /// Answers from what a caller passed, value by value: the one rule, for
    /// every language, of what an answer may be (a number, or nothing for
    /// unanswered). Anything else is an `invalid-responses` error naming the
    /// item.
    ///
    /// ```
    /// use intimacy_core::{Answer, Responses};
    /// let r = Responses::from_answers([("ras1", Answer::Number(4.0)), ("ras2", Answer::Unanswered)]).unwrap();
    /// assert_eq!(r.answers.len(), 2);
    /// let e = Responses::from_answers([("ras1", Answer::Other("a string"))]).unwrap_err();
    /// assert_eq!((e.code(), e.location().item.as_deref()), ("invalid-responses", Some("ras1")));
    /// ```
    pub fn from_answers<K: Into<String>>(
        answers: impl IntoIterator<Item = (K, Answer)>,
    ) -> Result<Self, ScoreError> {
        let mut out = OrderedMap::new();
        for (k, v) in answers {
            let item = k.into();
            let value = match v {
                Answer::Number(x) => Some(x),
                Answer::Unanswered => None,
                Answer::Other(kind) => {
                    return Err(ScoreError::InvalidResponses {
                        message: format!(
                            "the answer to {item:?} must be a number or null (unanswered), got {kind}"
                        ),
                        item: Some(item),
                    });
                }
            };
            if out.get(&item).is_some() {
                return Err(ScoreError::InvalidResponses {
                    message: format!("item {item:?} is answered twice"),
                    item: Some(item),
                });
            }
            out.push(item, value);
        }
        Ok(Responses { answers: out })
    }
}

/// One answer as a caller passed it, before the core reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Answer {
    /// A number (NaN and infinities are numbers here, and invalid answers later).
    Number(f64),
    /// Null, None or undefined: not answered.
    Unanswered,
    /// Anything else, described for the message ("a string", "a boolean").
    Other(&'static str),
}

/// Why answers could not be scored.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ScoreError {
    /// An answer is not allowed by its item's response scale.
    #[error("{}item {item:?}: answer {value} is not allowed: {reason}", row_prefix(*row))]
    InvalidAnswer {
        /// The row, in a batch.
        row: Option<usize>,
        /// The item id.
        item: String,
        /// The value given.
        value: f64,
        /// What the item allows.
        reason: String,
    },
    /// An answer names an item the instrument does not have.
    #[error("{}no item {item:?} in instrument {instrument:?}", row_prefix(*row))]
    UnknownItem {
        /// The row, in a batch.
        row: Option<usize>,
        /// The id given.
        item: String,
        /// The instrument's id.
        instrument: String,
    },
    /// An opted-in section does not exist.
    #[error("no section {section:?} to opt into; sections: {}", available.join(", "))]
    UnknownSection {
        /// The id given.
        section: String,
        /// The sections there are.
        available: Vec<String>,
    },
    /// An option has a bad value.
    #[error("option {option}: {message}")]
    InvalidOption {
        /// The option's name.
        option: String,
        /// What is wrong.
        message: String,
    },
    /// The answers could not be read: not a mapping of item ids to numbers
    /// or null, or an item answered twice.
    #[error("could not read the answers: {message}")]
    InvalidResponses {
        /// The item whose answer could not be read, when one is to blame.
        item: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// A block's size does not match its shape, or its columns do not match the instrument.
    #[error("{message}")]
    Shape {
        /// What is wrong.
        message: String,
    },
    /// A defect of the library, not of the input (a scoring thread panicked):
    /// please report it.
    #[error("internal error: {message}")]
    Internal {
        /// What failed.
        message: String,
    },
    /// Memory for the output could not be had (the allocation failed and
    /// was refused, instead of aborting the process or the wasm instance).
    #[error("out of memory: {bytes} bytes of output could not be allocated")]
    OutOfMemory {
        /// The bytes asked for.
        bytes: usize,
    },
}

fn row_prefix(row: Option<usize>) -> String {
    row.map(|r| format!("row {r}: ")).unwrap_or_default()
}

impl ScoreError {
    /// A stable short code: `"invalid-answer"`, `"unknown-item"`, ...
    pub fn code(&self) -> &'static str {
        match self {
            ScoreError::InvalidAnswer { .. } => "invalid-answer",
            ScoreError::UnknownItem { .. } => "unknown-item",
            ScoreError::UnknownSection { .. } => "unknown-section",
            ScoreError::InvalidOption { .. } => "invalid-option",
            ScoreError::InvalidResponses { .. } => "invalid-responses",
            ScoreError::Shape { .. } => "shape",
            ScoreError::Internal { .. } => "internal",
            ScoreError::OutOfMemory { .. } => "out-of-memory",
        }
    }

    /// The option concerned, for an options error: its path (`min_answered`,
    /// `flags.seek_help_min`), or `opted_in` for an unknown section.
    pub fn option(&self) -> Option<&str> {
        match self {
            ScoreError::InvalidOption { option, .. } => Some(option),
            ScoreError::UnknownSection { .. } => Some("opted_in"),
            _ => None,
        }
    }

    /// Where: the row, the item and the value of an answer; the path of an option.
    pub fn location(&self) -> Location {
        match self {
            ScoreError::InvalidAnswer {
                row, item, value, ..
            } => Location {
                row: *row,
                item: Some(item.clone()),
                value: Some(*value),
                ..Location::default()
            },
            ScoreError::UnknownItem { row, item, .. } => Location {
                row: *row,
                item: Some(item.clone()),
                ..Location::default()
            },
            ScoreError::InvalidResponses { item, .. } => Location {
                item: item.clone(),
                ..Location::default()
            },
            _ => Location {
                path: self.option().map(String::from),
                ..Location::default()
            },
        }
    }
}

/// Why `x` is not an allowed answer to item `i`, or `None` when it is.
pub(crate) fn invalid_reason(inst: &Instrument, i: usize, x: f64) -> Option<String> {
    let item = &inst.items[i];
    if !x.is_finite() {
        return Some("not a finite number".into());
    }
    let rs = inst.response_scale_of(item)?;
    if rs.is_not_applicable(x) {
        return None;
    }
    if x < rs.min || x > rs.max {
        return Some(compiled::outside_message(rs));
    }
    if !rs.allows(x) {
        return Some(compiled::off_step_message(rs));
    }
    None
}

/// Score one respondent.
///
/// Each answer is checked against its item's declared response scale; what
/// happens to invalid answers and unknown items follows
/// [`ScoreOptions::invalid`] (an error by default).
///
/// ```
/// use intimacy_core::{Instrument, Responses, ScoreOptions, score};
/// let ras = Instrument::builtin("ras").unwrap();
/// let answers = Responses::from_pairs([
///     ("ras1", 5.0), ("ras2", 4.0), ("ras3", 4.0), ("ras4", 2.0),
///     ("ras5", 4.0), ("ras6", 5.0), ("ras7", 1.0),
/// ]);
/// let report = score(&ras, &answers, &ScoreOptions::default()).unwrap();
/// // ras4 and ras7 are reversed within 1-5: 2 -> 4, 1 -> 5.
/// assert_eq!(report.scales["satisfaction-total"].total, Some(31.0));
/// ```
pub fn score(
    instrument: &Instrument,
    responses: &Responses,
    options: &ScoreOptions,
) -> Result<Report, ScoreError> {
    build::report(instrument, responses, options)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod request_tests {
    use super::*;

    #[test]
    fn a_known_option_is_named_in_snake_case_whichever_spelling_was_given() {
        let e = ScoreOptions::read_json(r#"{"maxRecommendations": -1}"#).unwrap_err();
        assert_eq!(e.location().path.as_deref(), Some("max_recommendations"));
        let e = ScoreOptions::read_json(r#"{"flags": {"seekHelpMin": "x"}}"#).unwrap_err();
        assert_eq!(e.location().path.as_deref(), Some("flags.seek_help_min"));
        // An unknown option as given; a scale id (user data) as given.
        let e = ScoreOptions::read_json(r#"{"fooBar": 1}"#).unwrap_err();
        assert_eq!(e.location().path.as_deref(), Some("fooBar"));
        let e = crate::ChangeOptions::read_json(
            r#"{"norms": {"myScale": {"sd": "x", "reliability": 0.8}}}"#,
        )
        .unwrap_err();
        assert_eq!(e.location().path.as_deref(), Some("norms.myScale.sd"));
    }
}
