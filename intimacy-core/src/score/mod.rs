//! Scoring: one respondent into a [`Report`], or a block of respondents into
//! columns with [`score_batch`].

mod batch;
mod build;
mod cells;
pub(crate) mod compiled;
mod kernel;
mod models;
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
pub use models::{DERIVED_MODELS, model_cuts};

pub use crate::options::{FlagRules, InvalidPolicy, MissingPolicy, ScoreOptions};
pub use crate::request::{Request, ScoreError};

use crate::instrument::Instrument;
use crate::ordered::OrderedMap;
use crate::report::Report;

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
                message: crate::request::clean_serde_message(&e.inner().to_string()),
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
