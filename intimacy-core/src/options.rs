//! The options of scoring: missing-data and invalid-answer policies, flag
//! rules and [`ScoreOptions`], plain data read the same way in every
//! language and checked once.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::instrument::MinAnswered;
use crate::request::{Request, ScoreError};

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
    pub helpline: Option<Helpline>,
    /// The emergency number for the respondent's region (default: "your local
    /// emergency number").
    #[serde(alias = "emergencyNumber")]
    pub emergency_number: Option<String>,
    /// Write summaries for placements derived through the crosswalk too
    /// (default: only measured placements get a summary; a derived one's is empty).
    #[serde(alias = "derivedSummaries")]
    pub derived_summaries: bool,
    /// How each classic model is read (`Report::models`), by framework key:
    /// whether to give a type and where its parts are cut. A model not named
    /// here is read by its default rule (the scale midpoint; a type only
    /// where the model gives one unasked).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub models: BTreeMap<String, ModelRule>,
}

/// Where the parts of a classic model are cut into high and low.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum CutMethod {
    /// The midpoint of each part's possible score range.
    #[default]
    Midpoint,
    /// A sample's medians, supplied in `cuts` (see `model_cuts`).
    SampleMedian,
    /// The caller's own values, supplied in `cuts`.
    Values,
}

impl CutMethod {
    /// The stable key.
    pub fn key(self) -> &'static str {
        match self {
            CutMethod::Midpoint => "midpoint",
            CutMethod::SampleMedian => "sample-median",
            CutMethod::Values => "values",
        }
    }
}

/// How one classic model is read.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ModelRule {
    /// Give the type (Sternberg's kind of love, an attachment quadrant):
    /// `None` follows the model (Sternberg yes, attachment only on request).
    pub typology: Option<bool>,
    /// Where the parts are cut.
    pub cut: CutMethod,
    /// Part key to cut, for `sample-median` and `values` (every part).
    pub cuts: BTreeMap<String, f64>,
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
            models: BTreeMap::new(),
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
        crate::messages::known_locale(&self.locale)?;
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
        for (key, rule) in &self.models {
            rule.check(key)?;
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

impl Request for ScoreOptions {
    fn check(&self) -> Result<(), ScoreError> {
        ScoreOptions::check(self)
    }
}

/// A help line an app fills in for its region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Helpline {
    /// Its name, e.g. a national domestic-abuse helpline.
    pub name: String,
    /// The number to call or text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Its web address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl ModelRule {
    /// The rule fits the model named `key`: a model with a typology, cuts
    /// for exactly its parts when the method takes values, finite cuts.
    fn check(&self, key: &str) -> Result<(), ScoreError> {
        let bad =
            |option: String, message: String| Err(ScoreError::InvalidOption { option, message });
        let Some(f) = crate::catalogue::framework(key).filter(|f| f.typology.is_some()) else {
            let known: Vec<&str> = crate::catalogue::frameworks()
                .iter()
                .filter(|f| f.typology.is_some())
                .map(|f| f.key.as_str())
                .collect();
            return bad(
                format!("models.{key}"),
                format!(
                    "no model {key:?} is read by a cut rule; models: {}",
                    known.join(", ")
                ),
            );
        };
        let parts: Vec<&str> = f.stages.iter().map(|s| s.key.as_str()).collect();
        for (part, v) in &self.cuts {
            if !parts.contains(&part.as_str()) {
                return bad(
                    format!("models.{key}.cuts.{part}"),
                    format!(
                        "{key:?} has no part {part:?}; its parts: {}",
                        parts.join(", ")
                    ),
                );
            }
            if !v.is_finite() {
                return bad(
                    format!("models.{key}.cuts.{part}"),
                    format!("a cut must be a finite number, got {v}"),
                );
            }
        }
        match self.cut {
            CutMethod::Midpoint if !self.cuts.is_empty() => bad(
                format!("models.{key}.cuts"),
                "cuts are given but the method is midpoint; say cut: \"values\" or \"sample-median\"".into(),
            ),
            CutMethod::SampleMedian | CutMethod::Values => match parts
                .iter()
                .find(|p| !self.cuts.contains_key(**p))
            {
                Some(p) => bad(
                    format!("models.{key}.cuts.{p}"),
                    format!("cut method {} needs a cut for every part; {p:?} has none", self.cut.key()),
                ),
                None => Ok(()),
            },
            CutMethod::Midpoint => Ok(()),
        }
    }
}
