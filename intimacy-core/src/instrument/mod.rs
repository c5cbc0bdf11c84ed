//! The instrument format: items, response scales, scales, cut-offs, sections
//! and forms, loaded from JSON or TOML and validated as a whole.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub mod facts;
mod models;
pub(crate) mod translations;
pub use translations::{Translation, TranslationFile};

pub use models::ModelLink;

use crate::catalogue::catalogue;
use crate::error::{InstrumentError, Problem, ProblemCode};
use crate::model::Target;
use crate::numeric::{count_f64, exact_i64, saturating_usize};

/// How far a published fact or a cut-off has been checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum VerificationStatus {
    /// Checked against the primary publication.
    Verified,
    /// Rests on secondary sources; not checked against the original.
    Unverified,
    /// Written by the intimacy project; not a validated instrument.
    Authored,
}

/// Where an instrument's facts stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Verification {
    /// The status.
    pub status: VerificationStatus,
    /// What was or was not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A label for one value of a response scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleLabel {
    /// The value.
    pub value: f64,
    /// What the value means ("strongly agree").
    pub label: String,
}

/// The answers an item accepts: declared bounds, steps, labels.
///
/// Reverse keying uses these **declared** bounds (`min + max - x`), never the
/// range observed in the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseScale {
    /// Id items refer to.
    pub id: String,
    /// Lowest allowed answer.
    pub min: f64,
    /// Highest allowed answer.
    pub max: f64,
    /// Distance between allowed answers (default 1). Ignored when `continuous`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<f64>,
    /// Any value between `min` and `max` is allowed (a slider, a visual analogue scale).
    #[serde(default, skip_serializing_if = "is_false")]
    pub continuous: bool,
    /// Labels of the values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<ScaleLabel>,
    /// A "does not apply" response: its code (outside `min`..`max`) and label.
    /// It is neither an answer nor missing: the item leaves the scale for this
    /// respondent, as an item of a skipped opt-in section does, so a
    /// minimum-answered rule counts only the items that apply.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        alias = "notApplicable"
    )]
    pub not_applicable: Option<ScaleLabel>,
    /// The options' values in the order the form prints them, first printed
    /// first: `[5, 4, 3, 2, 1, 0]` for a form that lists its highest value
    /// first. Every allowed value appears once. Data that holds option
    /// positions rather than printed values is mapped through it
    /// ([`ResponseScale::value_at_position`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub printed: Vec<f64>,
}

impl ResponseScale {
    /// The step between allowed answers, or `None` when any value is allowed.
    pub fn effective_step(&self) -> Option<f64> {
        if self.continuous {
            None
        } else {
            Some(self.step.unwrap_or(1.0))
        }
    }

    /// Whether `x` is an allowed answer (within bounds and on a step).
    pub fn allows(&self, x: f64) -> bool {
        if !x.is_finite() || x < self.min || x > self.max {
            return false;
        }
        match self.effective_step() {
            None => true,
            // Whole-number steps from a whole-number minimum (the common
            // Likert case): exactly a whole number, as the batch paths test.
            Some(1.0) if self.min == self.min.trunc() => x == x.trunc(),
            Some(step) => {
                let k = (x - self.min) / step;
                (k - k.round()).abs() < 1e-9
            }
        }
    }

    /// `x` reversed within the declared bounds.
    pub fn reverse(&self, x: f64) -> f64 {
        self.min + self.max - x
    }

    /// The value of the option printed at `position` (1 = printed first):
    /// through `printed` when the scale declares it, else the allowed values
    /// from `min` upwards. `None` past the last option, for position 0, and
    /// for a continuous scale.
    ///
    /// ```
    /// let rs: intimacy_core::ResponseScale = serde_json::from_str(
    ///     r#"{"id": "high-first", "min": 0, "max": 5, "printed": [5, 4, 3, 2, 1, 0]}"#).unwrap();
    /// assert_eq!(rs.value_at_position(1), Some(5.0));
    /// assert_eq!(rs.value_at_position(6), Some(0.0));
    /// assert_eq!(rs.value_at_position(7), None);
    /// ```
    pub fn value_at_position(&self, position: usize) -> Option<f64> {
        let k = position.checked_sub(1)?;
        if !self.printed.is_empty() {
            return self.printed.get(k).copied();
        }
        // Positions beyond a scale of 100,000 options are none.
        self.option_values(100_000)?.get(k).copied()
    }

    /// The values a discrete scale allows, in printed order (`printed`, else
    /// lowest first), when there are at most `limit` of them (`None` for a
    /// continuous or longer scale). Computed values are rounded to nine
    /// decimals, so steps like 0.1 give 0.3, not 0.30000000000000004, when
    /// the scale allows the rounded value and rounding moved it by a mere
    /// millionth of a step (codes with more decimals, or steps near 1e-9,
    /// keep theirs, within the bounds).
    pub fn option_values(&self, limit: usize) -> Option<Vec<f64>> {
        if !self.printed.is_empty() {
            return (self.printed.len() <= limit).then(|| self.printed.clone());
        }
        let step = self.effective_step()?;
        if step.is_nan()
            || step <= 0.0
            || self.min.is_nan()
            || self.max.is_nan()
            || self.max < self.min
        {
            return None;
        }
        let span = (self.max - self.min) / step;
        if !span.is_finite() || span + 1.0 > count_f64(limit) + 1e-9 {
            return None;
        }
        let n = saturating_usize((span + 1e-9).floor());
        // A step the scale does not allow (a maximum a hair short of the
        // last step, within the 1e-9 tolerance above) is left out, so every
        // value given is an answer the scale accepts.
        Some(
            (0..=n)
                .filter_map(|k| {
                    let x = self.min + count_f64(k) * step;
                    let rounded = (x * 1e9).round() / 1e9;
                    let noise = (rounded - x).abs() <= step * 1e-6;
                    [rounded, x.clamp(self.min, self.max), x]
                        .into_iter()
                        .find(|&v| self.allows(v) && (v != rounded || noise))
                })
                .collect(),
        )
    }

    /// Whether `x` is this scale's "does not apply" code.
    pub fn is_not_applicable(&self, x: f64) -> bool {
        self.not_applicable.as_ref().is_some_and(|na| na.value == x)
    }
}

/// A rule that raises a flag of the safety family from one answer: the flag is
/// raised when the answer as given (not reverse-keyed) lies within
/// `min`..=`max` (an open end where absent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Alert {
    /// `safety` or `consent`.
    pub flag: crate::report::FlagKind,
    /// How serious the flag is when this rule raises it.
    pub severity: crate::report::Severity,
    /// Lowest answer that raises it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Highest answer that raises it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

impl Alert {
    /// Whether the answer `x` raises this alert.
    pub fn raised_by(&self, x: f64) -> bool {
        x.is_finite() && self.min.is_none_or(|m| x >= m) && self.max.is_none_or(|m| x <= m)
    }
}

/// The relationship-length item and the answers that mean an early relationship.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EarlyRelationship {
    /// The item asking how long the relationship has lasted.
    pub item: String,
    /// Answers up to this value mean an early relationship.
    #[serde(alias = "atMost")]
    pub at_most: f64,
}

/// Instrument-level rules for the report: thresholds and what the flags read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportRules {
    /// Percent of maximum (0-100) at which a sign, barrier, fading sign or
    /// seek-help criterion counts as present, unless the options say
    /// otherwise. The library's default is 75: "often" on a 0-4 frequency scale.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        alias = "signThreshold"
    )]
    #[schemars(range(min = 0.0, max = 100.0))]
    pub sign_threshold: Option<f64>,
    /// How long the relationship has lasted: the rushing flag is raised only in
    /// early relationships; gaps of long-standing ones are worth revisiting.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        alias = "earlyRelationship"
    )]
    pub early_relationship: Option<EarlyRelationship>,
    /// Love languages within this many points (0-100) of the strongest are
    /// reported as tied with it (default 10).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        alias = "loveLanguageMargin"
    )]
    #[schemars(range(min = 0.0, max = 100.0), extend("default" = 10.0))]
    pub love_language_margin: Option<f64>,
}

impl ReportRules {
    fn is_empty(&self) -> bool {
        *self == ReportRules::default()
    }
}

/// The largest instrument text `from_json` and `from_toml` read (256 MiB);
/// a longer text is refused before it is parsed.
pub const MAX_INSTRUMENT_BYTES: usize = 256 << 20;
/// The most items an instrument may have (1,000,000; built in about half a
/// second).
pub const MAX_INSTRUMENT_ITEMS: usize = 1_000_000;
/// The longest text field (title, description, item text, label, ...): 1 MiB.
pub const MAX_TEXT_BYTES: usize = 1 << 20;
/// The longest id: 256 bytes.
pub const MAX_ID_BYTES: usize = 256;
/// The largest bound (in magnitude) a response scale may declare: 1e15, so
/// that percents of maximum and weighted totals stay finite.
pub const MAX_BOUND: f64 = 1e15;
/// JSON nesting deeper than this (serde_json's limit) is a parse error.
pub const MAX_JSON_DEPTH: usize = 128;

/// The largest item weight: with any answer a response scale can hold, a
/// weighted total then stays far from overflow.
pub const MAX_WEIGHT: f64 = 1e6;

fn is_false(b: &bool) -> bool {
    !*b
}

fn one() -> f64 {
    1.0
}

fn is_one(x: &f64) -> bool {
    *x == 1.0
}

/// One question or statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Id answers are keyed by.
    pub id: String,
    /// The wording. Absent for published instruments whose text is not openly licensed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Id of the item's response scale; the instrument's default when absent.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        alias = "responseScale"
    )]
    pub response_scale: Option<String>,
    /// Whether the item is reverse-keyed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub reverse: bool,
    /// Weight in its scales (default 1; from 0 to [`MAX_WEIGHT`], so that
    /// weighted totals stay finite).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    #[schemars(range(min = 0.0, max = 1e6), extend("default" = 1.0))]
    pub weight: f64,
    /// What the item measures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<Target>,
    /// The section the item belongs to (e.g. an opt-in section).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Private to the respondent: never carried into a joint (couple) output,
    /// nor is any scale that holds it. Their own report keeps it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub private: bool,
    /// Rules raising the safety or consent flag from this item's answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<Alert>,
}

/// How a scale combines its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Aggregation {
    /// The (weighted) mean of the answered items.
    #[default]
    Mean,
    /// The (weighted) sum.
    Sum,
}

impl Aggregation {
    /// Parse `"mean"` or `"sum"`.
    pub fn from_key(s: &str) -> Option<Self> {
        match s {
            "mean" => Some(Aggregation::Mean),
            "sum" => Some(Aggregation::Sum),
            _ => None,
        }
    }
}

/// How many of a scale's items must be answered for it to get a score.
///
/// Written the same way in every language and in instrument files: a whole
/// number is a count (`2`, or `{"count": 2}`); a fraction is always written
/// `{"fraction": 0.5}`. A number that is not whole (`0.5`) is refused with a
/// hint, never read as a fraction: `1` and `1.0` both mean one item.
///
/// ```
/// use intimacy_core::MinAnswered;
/// let read = |s: &str| serde_json::from_str::<MinAnswered>(s);
/// assert_eq!(read("2").unwrap(), MinAnswered::Count(2));
/// assert_eq!(read("1.0").unwrap(), MinAnswered::Count(1));
/// assert_eq!(read(r#"{"count": 3}"#).unwrap(), MinAnswered::Count(3));
/// assert_eq!(read(r#"{"fraction": 0.5}"#).unwrap(), MinAnswered::Fraction(0.5));
/// assert!(read("0.5").unwrap_err().to_string().contains(r#"{"fraction": 0.5}"#));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MinAnswered {
    /// At least this many items.
    Count(u32),
    /// At least this fraction of the items (0 < f ≤ 1), rounded up.
    Fraction(f64),
}

impl<'de> Deserialize<'de> for MinAnswered {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{Error, MapAccess, Visitor};
        struct V;
        fn not_whole<E: Error>(x: impl std::fmt::Display) -> E {
            E::custom(format!(
                "{x} is not a whole number of items; write a fraction as {{\"fraction\": {x}}}"
            ))
        }
        fn count<E: Error>(x: f64) -> Result<MinAnswered, E> {
            exact_i64(x)
                .and_then(|i| u32::try_from(i).ok())
                .map(MinAnswered::Count)
                .ok_or_else(|| not_whole(x))
        }
        impl<'de> Visitor<'de> for V {
            type Value = MinAnswered;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(r#"a whole number of items, {"count": n} or {"fraction": f}"#)
            }
            fn visit_u64<E: Error>(self, v: u64) -> Result<MinAnswered, E> {
                u32::try_from(v)
                    .map(MinAnswered::Count)
                    .map_err(|_| E::custom(format!("{v} items is too many")))
            }
            fn visit_i64<E: Error>(self, v: i64) -> Result<MinAnswered, E> {
                u32::try_from(v)
                    .map(MinAnswered::Count)
                    .map_err(|_| not_whole(v))
            }
            fn visit_f64<E: Error>(self, v: f64) -> Result<MinAnswered, E> {
                count(v)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<MinAnswered, A::Error> {
                let Some(key) = m.next_key::<String>()? else {
                    return Err(A::Error::custom(
                        r#"expected {"count": n} or {"fraction": f}"#,
                    ));
                };
                let out = match key.as_str() {
                    "count" => {
                        let n: f64 = m.next_value()?;
                        count(n)?
                    }
                    "fraction" => MinAnswered::Fraction(m.next_value()?),
                    other => {
                        return Err(A::Error::unknown_field(other, &["count", "fraction"]));
                    }
                };
                if let Some(extra) = m.next_key::<String>()? {
                    return Err(A::Error::custom(format!(
                        "give either count or fraction, not both (also {extra:?})"
                    )));
                }
                Ok(out)
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for MinAnswered {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "MinAnswered".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "How many items must be answered: a whole number of items (a count), {\"count\": n} or {\"fraction\": f} with 0 < f <= 1 (rounded up).",
            "oneOf": [
                {"type": "integer", "minimum": 1},
                {"type": "object", "properties": {"count": {"type": "integer", "minimum": 1}}, "required": ["count"], "additionalProperties": false},
                {"type": "object", "properties": {"fraction": {"type": "number", "exclusiveMinimum": 0, "maximum": 1}}, "required": ["fraction"], "additionalProperties": false}
            ]
        })
    }
}

impl MinAnswered {
    /// The number of items required out of `n`.
    pub fn required(self, n: usize) -> usize {
        match self {
            MinAnswered::Count(c) => c as usize,
            MinAnswered::Fraction(f) => {
                // Round up, but forgive floating error so that 0.75 × 4 = 3.
                // A validated fraction (0 < f ≤ 1) gives 0..=n; an unvalidated
                // one saturates (NaN and negatives to 0).
                let x = f * count_f64(n);
                let r = x.round();
                if (x - r).abs() < 1e-9 {
                    saturating_usize(r)
                } else {
                    saturating_usize(x.ceil())
                }
            }
        }
    }
}

/// A scale (or subscale): items combined into one score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Id, also the name of its output column.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Item ids, in order.
    pub items: Vec<String>,
    /// Mean or sum.
    #[serde(default)]
    pub aggregation: Aggregation,
    /// Minimum answered for a score; all items when absent.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        alias = "minAnswered"
    )]
    pub min_answered: Option<MinAnswered>,
    /// What the scale as a whole measures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<Target>,
    /// Private in joint outputs. A scale that holds a private item is private
    /// whatever this says (see [`Instrument::is_private_scale`]).
    #[serde(default, skip_serializing_if = "is_false")]
    pub private: bool,
}

/// Which score of a scale a cut-off applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ScoreBasis {
    /// The scale's own aggregation (mean or sum).
    #[default]
    Score,
    /// The (weighted) total.
    Total,
    /// The (weighted) mean.
    Mean,
}

/// A band of scores with a label: `min ≤ score < max`; an open end where absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Label, e.g. `"distress"`.
    pub label: String,
    /// Lower bound, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Upper bound, exclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

/// Cut-offs for one scale, as ordered bands, with their source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cutoff {
    /// The scale's id.
    pub scale: String,
    /// Which score the bands apply to.
    #[serde(default)]
    pub score: ScoreBasis,
    /// The bands, lowest first.
    pub bands: Vec<Band>,
    /// Where the cut-offs come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// Whether they were checked against the primary source.
    pub verified: bool,
    /// Anything a user should know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A group of items; opt-in sections are answered only by those who choose to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Id items refer to.
    pub id: String,
    /// Display title.
    pub title: String,
    /// Whether a respondent must opt in (physical and sexual items are opt-in).
    #[serde(default, skip_serializing_if = "is_false", alias = "optIn")]
    pub opt_in: bool,
    /// What the section asks about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A subset of the items given as a shorter form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// Id, e.g. `"short"`.
    pub id: String,
    /// Display title.
    pub title: String,
    /// The item ids it keeps.
    pub items: Vec<String>,
}

/// An assessment: its items, how answers are scaled and scored, its cut-offs.
///
/// The file format is snake_case; the camelCase spelling of each field (the
/// shape of JavaScript's `toObject()`) reads back too, so an instrument
/// round-trips through every language's object form.
///
/// ```
/// use intimacy_core::Instrument;
/// let ras = Instrument::builtin("ras").unwrap();
/// assert_eq!(ras.items.len(), 7);
/// assert!(Instrument::from_json("{}").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "intimacy instrument")]
pub struct Instrument {
    /// Stable id, e.g. `"levels-checkin"`.
    pub id: String,
    /// Version of this definition.
    pub version: String,
    /// Display title.
    pub title: String,
    /// What it is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The publication it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// Licence of this definition and of any item text.
    pub licence: String,
    /// How far its facts have been checked.
    pub verification: Verification,
    /// The published key's facts, each with its sources and status (see
    /// `KeyFact`); the instrument's status is the weakest of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<facts::KeyFact>,
    /// The item listing the key follows, for instruments whose items
    /// circulate in more than one order.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        alias = "itemListing"
    )]
    pub item_listing: Option<facts::ItemListing>,
    /// What every report of this instrument says about itself (what it is and
    /// is not). When absent, the report's note is made from the title, the
    /// citation and the verification status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Response scale used by items that name none.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        alias = "defaultResponseScale"
    )]
    pub default_response_scale: Option<String>,
    /// The response scales items use.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        alias = "responseScales"
    )]
    pub response_scales: Vec<ResponseScale>,
    /// The items, in presentation order.
    pub items: Vec<Item>,
    /// The scales.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scales: Vec<Scale>,
    /// Cut-offs and bands.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cutoffs: Vec<Cutoff>,
    /// Sections, opt-in ones among them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// Shorter forms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<Form>,
    /// Thresholds and what the flags read.
    #[serde(
        default,
        skip_serializing_if = "ReportRules::is_empty",
        alias = "reportRules"
    )]
    pub report_rules: ReportRules,
    /// The classic models the instrument measures, each part through a
    /// scale (read into `Report::models`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<ModelLink>,
    /// The instrument's words in other locales (item wording, labels,
    /// section texts, title, note), by locale tag; see
    /// [`Instrument::with_translation`] for side files.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub translations: std::collections::BTreeMap<String, Translation>,
}

const BUILTIN_FILES: &[(&str, &str)] = &[
    (
        "levels-checkin",
        include_str!("../../data/instruments/levels-checkin.json"),
    ),
    ("ras", include_str!("../../data/instruments/ras.json")),
    ("csi-4", include_str!("../../data/instruments/csi-4.json")),
    ("csi-16", include_str!("../../data/instruments/csi-16.json")),
    #[cfg(feature = "classic-models")]
    (
        "responsiveness-record",
        include_str!("../../data/instruments/responsiveness-record.json"),
    ),
    #[cfg(feature = "published-keys")]
    ("ecr-r", include_str!("../../data/instruments/ecr-r.json")),
    #[cfg(feature = "published-keys")]
    ("ecr-s", include_str!("../../data/instruments/ecr-s.json")),
    #[cfg(feature = "published-keys")]
    ("ios", include_str!("../../data/instruments/ios.json")),
    #[cfg(feature = "published-keys")]
    ("prqc", include_str!("../../data/instruments/prqc.json")),
    #[cfg(feature = "published-keys")]
    ("rdas", include_str!("../../data/instruments/rdas.json")),
    #[cfg(feature = "published-keys")]
    ("tls-15", include_str!("../../data/instruments/tls-15.json")),
    #[cfg(feature = "published-keys")]
    ("tls-45", include_str!("../../data/instruments/tls-45.json")),
];

/// Built-in instruments derived as a form of another: (name, base, form).
const BUILTIN_FORMS: &[(&str, &str, &str)] = &[("levels-checkin-short", "levels-checkin", "short")];

/// The names [`Instrument::builtin`] accepts.
///
/// ```
/// assert!(intimacy_core::builtin_instruments().contains(&"levels-checkin"));
/// ```
pub fn builtin_instruments() -> Vec<&'static str> {
    BUILTIN_FILES
        .iter()
        .map(|(n, _)| *n)
        .chain(BUILTIN_FORMS.iter().map(|(n, _, _)| *n))
        .collect()
}

/// Options of [`Instrument::from_keys`]: plain data, read the same way in
/// every language (camelCase field names are accepted too, for JavaScript).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct KeysOptions {
    /// Id of the instrument built (default `"keys"`).
    pub id: String,
    /// Declared bounds of every item (`[min, max]`); needed to reverse items.
    pub bounds: Option<(f64, f64)>,
    /// Mean or sum, for every scale.
    pub aggregation: Aggregation,
    /// Minimum answered, for every scale (all items when `None`).
    #[serde(alias = "minAnswered")]
    pub min_answered: Option<MinAnswered>,
}

impl Default for KeysOptions {
    fn default() -> Self {
        KeysOptions {
            id: "keys".into(),
            bounds: None,
            aggregation: Aggregation::Mean,
            min_answered: None,
        }
    }
}

impl KeysOptions {
    /// Options from JSON (unknown options are errors, with their path).
    ///
    /// ```
    /// use intimacy_core::{KeysOptions, MinAnswered};
    /// let o = KeysOptions::from_json(r#"{"bounds": [1, 5], "min_answered": {"fraction": 0.5}}"#).unwrap();
    /// assert_eq!((o.bounds, o.min_answered), (Some((1.0, 5.0)), Some(MinAnswered::Fraction(0.5))));
    /// assert_eq!(KeysOptions::from_json(r#"{"bound": [1, 5]}"#).unwrap_err().code(), "invalid-option");
    /// ```
    pub fn from_json(text: &str) -> Result<Self, crate::ScoreError> {
        crate::request::Request::read_json(text)
    }
}

impl Instrument {
    /// Read an instrument from JSON and validate it.
    ///
    /// Errors: [`InstrumentError::Parse`] for syntax, wrong types and unknown
    /// fields (with the path); [`InstrumentError::Invalid`] with every
    /// problem validation finds.
    pub fn from_json(text: &str) -> Result<Self, InstrumentError> {
        let json_error = |path: String, e: &serde_json::Error| InstrumentError::Parse {
            format: "JSON",
            line: Some(e.line()).filter(|l| *l > 0),
            column: Some(e.column()).filter(|c| *c > 0),
            problem: syntax_problem(path, crate::request::clean_serde_message(&e.to_string())),
        };
        too_long("JSON", text)?;
        let mut de = serde_json::Deserializer::from_str(text);
        let inst: Instrument = match serde_path_to_error::deserialize(&mut de) {
            Ok(i) => i,
            Err(e) => return Err(json_error(path_string(e.path()), e.inner())),
        };
        if let Err(e) = de.end() {
            return Err(json_error(String::new(), &e));
        }
        inst.validated()
    }

    /// Read an instrument from TOML and validate it.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Self, InstrumentError> {
        too_long("TOML", text)?;
        let de = match toml::de::Deserializer::parse(text) {
            Ok(de) => de,
            Err(e) => return Err(toml_error(e, String::new())),
        };
        let parsed: Result<Instrument, _> = serde_path_to_error::deserialize(de);
        match parsed {
            Ok(i) => i.validated(),
            Err(e) => {
                let path = path_string(e.path());
                Err(toml_error(e.into_inner(), path))
            }
        }
    }

    /// A built-in instrument by name (see [`builtin_instruments`]).
    pub fn builtin(name: &str) -> Result<Self, InstrumentError> {
        if let Some((_, text)) = BUILTIN_FILES.iter().find(|(n, _)| *n == name) {
            return Instrument::from_json(text);
        }
        if let Some((_, base, form)) = BUILTIN_FORMS.iter().find(|(n, _, _)| *n == name) {
            return Instrument::builtin(base)?.with_form(form);
        }
        Err(InstrumentError::UnknownBuiltin {
            name: name.to_owned(),
            available: builtin_instruments()
                .into_iter()
                .map(String::from)
                .collect(),
        })
    }

    /// Build an instrument from scoring keys in the style of R psych's
    /// `make.keys`: each scale lists item names, a leading `-` marks a reversed
    /// item. Items are created in order of first appearance.
    ///
    /// ```
    /// use intimacy_core::{Instrument, KeysOptions};
    /// let inst = Instrument::from_keys(
    ///     [("warmth", vec!["q1", "-q2", "q3"]), ("trust", vec!["q4", "q5"])],
    ///     &KeysOptions { bounds: Some((1.0, 5.0)), ..Default::default() },
    /// ).unwrap();
    /// assert!(inst.item("q2").unwrap().reverse);
    /// assert_eq!(inst.scales.len(), 2);
    /// ```
    pub fn from_keys<K, V, I>(
        keys: impl IntoIterator<Item = (K, V)>,
        options: &KeysOptions,
    ) -> Result<Self, InstrumentError>
    where
        K: AsRef<str>,
        V: IntoIterator<Item = I>,
        I: AsRef<str>,
    {
        // The scales as keyed, and whether each member (of all scales, in
        // order) is reversed.
        let (scales, reversed) = keyed_scales(keys, options);
        let mut inst = Instrument::keys_shell(scales, options);
        // The items, in order of first appearance. Each item's position is
        // handed on to validation; where each was first keyed (scale,
        // member) is written into a message only when a conflict needs it.
        let mut problems = Vec::new();
        let mut first: HashMap<&str, usize> = HashMap::with_capacity(reversed.len());
        let mut first_keyed: Vec<(usize, usize)> = Vec::new();
        let mut reversed = reversed.into_iter();
        for (si, scale) in inst.scales.iter().enumerate() {
            for ((j, name), reverse) in scale.items.iter().enumerate().zip(&mut reversed) {
                match first.entry(name) {
                    Entry::Occupied(e) if inst.items[*e.get()].reverse != reverse => {
                        let was = !reverse;
                        let (first_scale, first_j) = first_keyed[*e.get()];
                        let (scale_id, first_id) = (&scale.id, &inst.scales[first_scale].id);
                        problems.push(Problem::new(
                            format!("keys.{scale_id}[{j}]"),
                            ProblemCode::DuplicateId,
                            format!(
                                "item {name:?} is {} here but {} in keys.{first_id}[{first_j}]; reversal is a property of the item, so key it the same way in every scale",
                                if reverse { "reversed" } else { "not reversed" },
                                if was { "reversed" } else { "not reversed" },
                            ),
                        ))
                    }
                    Entry::Occupied(_) => {}
                    Entry::Vacant(e) => {
                        e.insert(inst.items.len());
                        first_keyed.push((si, j));
                        inst.items.push(Item {
                            id: name.clone(),
                            text: None,
                            response_scale: None,
                            reverse,
                            weight: 1.0,
                            measures: Vec::new(),
                            section: None,
                            private: false,
                            alerts: Vec::new(),
                        });
                    }
                }
            }
        }
        // The items are distinct by construction: their index is the one
        // validation would build.
        let items = Index {
            repeat: vec![false; first.len()],
            first,
        };
        problems.extend(inst.problems_by(&Lookup::with_items(&inst, items)));
        if problems.is_empty() {
            Ok(inst)
        } else {
            Err(InstrumentError::Invalid { problems })
        }
    }

    /// The instrument `from_keys` fills with items: its scales, the one
    /// response scale of the options' bounds, and a note of where it came from.
    fn keys_shell(scales: Vec<Scale>, options: &KeysOptions) -> Instrument {
        let response_scales = match options.bounds {
            Some((min, max)) => vec![ResponseScale {
                id: "bounds".into(),
                min,
                max,
                step: None,
                continuous: true,
                labels: Vec::new(),
                not_applicable: None,
                printed: Vec::new(),
            }],
            None => Vec::new(),
        };
        Instrument {
            id: options.id.clone(),
            version: "1".into(),
            title: format!("Scoring keys ({} scales)", scales.len()),
            description: None,
            citation: None,
            licence: "user-supplied scoring keys".into(),
            verification: Verification {
                status: VerificationStatus::Unverified,
                note: Some("built from scoring keys with Instrument::from_keys".into()),
            },
            facts: Vec::new(),
            item_listing: None,
            note: None,
            default_response_scale: options.bounds.map(|_| "bounds".into()),
            response_scales,
            items: Vec::new(),
            scales,
            cutoffs: Vec::new(),
            sections: Vec::new(),
            forms: Vec::new(),
            report_rules: ReportRules::default(),
            models: Vec::new(),
            translations: std::collections::BTreeMap::new(),
        }
    }

    /// The instrument restricted to one of its forms. Its id becomes
    /// `<id>-<form>`; scales keep the items the form keeps (scales left with
    /// none are dropped with their cut-offs) and a minimum-answered count
    /// larger than what is left becomes "all that is left".
    pub fn with_form(&self, form: &str) -> Result<Self, InstrumentError> {
        let Some(f) = self.forms.iter().find(|f| f.id == form) else {
            return Err(InstrumentError::UnknownForm {
                instrument: self.id.clone(),
                form: form.to_owned(),
                available: self.forms.iter().map(|f| f.id.clone()).collect(),
            });
        };
        let keep: HashSet<&str> = f.items.iter().map(String::as_str).collect();
        let mut out = self.clone();
        out.id = format!("{}-{}", self.id, f.id);
        out.title = format!("{} ({})", self.title, f.title);
        out.items.retain(|i| keep.contains(i.id.as_str()));
        for s in &mut out.scales {
            s.items.retain(|i| keep.contains(i.as_str()));
            if let (Some(MinAnswered::Count(c)), Ok(len)) =
                (s.min_answered, u32::try_from(s.items.len()))
            {
                if c > len {
                    s.min_answered = Some(MinAnswered::Count(len));
                }
            }
        }
        out.scales.retain(|s| !s.items.is_empty());
        let scales: HashSet<String> = out.scales.iter().map(|s| s.id.clone()).collect();
        out.cutoffs.retain(|c| scales.contains(&c.scale));
        let used: HashSet<&str> = out
            .items
            .iter()
            .filter_map(|i| i.section.as_deref())
            .collect();
        let sections: Vec<Section> = out
            .sections
            .iter()
            .filter(|s| used.contains(s.id.as_str()))
            .cloned()
            .collect();
        out.sections = sections;
        // Translations keep the words of what the form keeps.
        for t in out.translations.values_mut() {
            t.words.retain(|path, _| match path.split_once('.') {
                Some(("items", id)) => keep.contains(id),
                Some(("sections", rest)) => rest
                    .rsplit_once('.')
                    .is_some_and(|(id, _)| used.contains(id)),
                _ => true,
            });
        }
        out.forms.clear();
        if let Some(e) = &out.report_rules.early_relationship {
            if !keep.contains(e.item.as_str()) {
                out.report_rules.early_relationship = None;
            }
        }
        out.validated()
    }

    /// Whether a scale is private in joint outputs: marked so, or holding a private item.
    pub fn is_private_scale(&self, scale: &Scale) -> bool {
        if scale.private || !self.items.iter().any(|i| i.private) {
            return scale.private;
        }
        if scale.items.len() <= FEW {
            return scale
                .items
                .iter()
                .any(|id| self.item(id).is_some_and(|i| i.private));
        }
        let items = first_index(self.items.iter().map(|i| i.id.as_str()));
        self.holds_private(&items, scale)
    }

    /// Whether `scale` holds a private item, its items found through `items`.
    fn holds_private(&self, items: &HashMap<&str, usize>, scale: &Scale) -> bool {
        scale.items.iter().any(|id| {
            items
                .get(id.as_str())
                .is_some_and(|&i| self.items[i].private)
        })
    }

    /// The ids of the private items and of the private scales: what a joint
    /// (couple) output never carries.
    ///
    /// ```
    /// let checkin = intimacy_core::Instrument::builtin("levels-checkin").unwrap();
    /// let private = checkin.private_ids();
    /// assert!(private.iter().any(|id| id == "safety"));
    /// assert!(private.iter().any(|id| id == "seek-help")); // holds h-unsafe
    /// ```
    pub fn private_ids(&self) -> Vec<String> {
        let any_private = self.items.iter().any(|i| i.private);
        let items = if any_private {
            first_index(self.items.iter().map(|i| i.id.as_str()))
        } else {
            HashMap::new()
        };
        self.items
            .iter()
            .filter(|i| i.private)
            .map(|i| i.id.clone())
            .chain(
                self.scales
                    .iter()
                    .filter(|s| s.private || (any_private && self.holds_private(&items, s)))
                    .map(|s| s.id.clone()),
            )
            .collect()
    }

    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The scale with this id.
    pub fn scale(&self, id: &str) -> Option<&Scale> {
        self.scales.iter().find(|s| s.id == id)
    }

    /// The response scale with this id.
    pub fn response_scale(&self, id: &str) -> Option<&ResponseScale> {
        self.response_scales.iter().find(|s| s.id == id)
    }

    /// The response scale an item uses (its own, or the instrument's default).
    pub fn response_scale_of(&self, item: &Item) -> Option<&ResponseScale> {
        item.response_scale
            .as_deref()
            .or(self.default_response_scale.as_deref())
            .and_then(|id| self.response_scale(id))
    }

    /// The instrument as pretty-printed JSON (round-trips through [`Instrument::from_json`]).
    pub fn to_json(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The JSON Schema of the instrument format.
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(Instrument)).unwrap_or_default()
    }

    fn validated(self) -> Result<Self, InstrumentError> {
        let problems = self.problems();
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(InstrumentError::Invalid { problems })
        }
    }

    /// Every problem of this instrument, in document order; empty when valid.
    pub fn problems(&self) -> Vec<Problem> {
        self.problems_by(&Lookup::new(self))
    }

    /// [`Instrument::problems`], ids found through `ids`.
    fn problems_by(&self, ids: &Lookup<'_>) -> Vec<Problem> {
        let mut p = Vec::new();
        check_id(&mut p, || "id".into(), &self.id);
        if self.version.trim().is_empty() {
            p.push(Problem::new(
                "version",
                ProblemCode::Empty,
                "the version is empty",
            ));
        }
        if self.title.trim().is_empty() {
            p.push(Problem::new(
                "title",
                ProblemCode::Empty,
                "the title is empty",
            ));
        }
        for (field, text) in [
            ("version", Some(self.version.as_str())),
            ("title", Some(self.title.as_str())),
            ("description", self.description.as_deref()),
            ("citation", self.citation.as_deref()),
            ("licence", Some(self.licence.as_str())),
            ("note", self.note.as_deref()),
        ] {
            check_text(&mut p, || field.into(), text);
        }
        if self.items.len() > MAX_INSTRUMENT_ITEMS {
            p.push(Problem::new(
                "items",
                ProblemCode::TooLarge,
                format!(
                    "the instrument has {} items; it may have at most {MAX_INSTRUMENT_ITEMS}",
                    self.items.len()
                ),
            ));
        }
        self.response_scale_problems(ids, &mut p);
        self.section_problems(ids, &mut p);
        self.item_problems(ids, &mut p);
        self.scale_problems(ids, &mut p);
        self.cutoff_problems(ids, &mut p);
        self.report_rule_problems(ids, &mut p);
        self.form_problems(ids, &mut p);
        self.fact_problems(ids, &mut p);
        self.model_problems(ids, &mut p);
        self.translation_problems(&mut p);
        p
    }

    /// Response scales: ids, bounds, steps, labels, the "does not apply" code.
    fn response_scale_problems(&self, ids: &Lookup<'_>, p: &mut Vec<Problem>) {
        for (i, rs) in self.response_scales.iter().enumerate() {
            let at = |f: &str| format!("response_scales[{i}].{f}");
            check_id(p, || at("id"), &rs.id);
            if !ids.response_scales.is_first(i) {
                p.push(Problem::new(
                    at("id"),
                    ProblemCode::DuplicateId,
                    format!("response scale id {:?} is used twice", rs.id),
                ));
            }
            let bounds_ok = rs.min.is_finite() && rs.max.is_finite() && rs.min < rs.max;
            for (field, v) in [("min", rs.min), ("max", rs.max)] {
                if v.is_finite() && v.abs() > MAX_BOUND {
                    p.push(Problem::new(
                        at(field),
                        ProblemCode::TooLarge,
                        format!(
                            "response scale {:?}: {field} {v} is beyond ±{MAX_BOUND:e} \
                             (percents and weighted totals would overflow)",
                            rs.id
                        ),
                    ));
                }
            }
            if !rs.min.is_finite() {
                p.push(Problem::new(
                    at("min"),
                    ProblemCode::InvalidBounds,
                    format!(
                        "response scale {:?}: min must be a finite number, got {}",
                        rs.id, rs.min
                    ),
                ));
            }
            if !rs.max.is_finite() {
                p.push(Problem::new(
                    at("max"),
                    ProblemCode::InvalidBounds,
                    format!(
                        "response scale {:?}: max must be a finite number, got {}",
                        rs.id, rs.max
                    ),
                ));
            }
            if rs.min.is_finite() && rs.max.is_finite() && rs.min >= rs.max {
                p.push(Problem::new(
                    at("max"),
                    ProblemCode::InvalidBounds,
                    format!(
                        "response scale {:?}: min ({}) must be below max ({})",
                        rs.id, rs.min, rs.max
                    ),
                ));
            }
            step_problems(i, rs, bounds_ok, p);
            label_problems(i, rs, bounds_ok, p);
            printed_problems(i, rs, bounds_ok, p);
        }
        if let Some(d) = &self.default_response_scale {
            if ids.response_scale(d).is_none() {
                p.push(Problem::new(
                    "default_response_scale",
                    ProblemCode::UnknownReference,
                    format!("no response scale has id {d:?}"),
                ));
            }
        }
    }

    /// Sections: ids.
    fn section_problems(&self, ids: &Lookup<'_>, p: &mut Vec<Problem>) {
        for (i, s) in self.sections.iter().enumerate() {
            check_id(p, || format!("sections[{i}].id"), &s.id);
            check_text(p, || format!("sections[{i}].title"), Some(&s.title));
            check_text(
                p,
                || format!("sections[{i}].description"),
                s.description.as_deref(),
            );
            if !ids.sections.is_first(i) {
                p.push(Problem::new(
                    format!("sections[{i}].id"),
                    ProblemCode::DuplicateId,
                    format!("section id {:?} is used twice", s.id),
                ));
            }
        }
    }

    /// Items: ids, response scales, reversal, weights, targets, sections, alerts.
    fn item_problems(&self, ids: &Lookup<'_>, p: &mut Vec<Problem>) {
        if self.items.is_empty() {
            p.push(Problem::new(
                "items",
                ProblemCode::Empty,
                "the instrument has no items",
            ));
        }
        let cat = catalogue();
        let mut folded = FoldedIds::with_capacity(self.items.len());
        for (i, item) in self.items.iter().enumerate() {
            let at = |f: &str| format!("items[{i}].{f}");
            check_id(p, || at("id"), &item.id);
            check_text(p, || at("text"), item.text.as_deref());
            if !ids.items.is_first(i) {
                p.push(Problem::new(
                    at("id"),
                    ProblemCode::DuplicateId,
                    format!("item id {:?} is used twice", item.id),
                ));
            } else if let Some(j) = folded.first(&item.id, i) {
                p.push(Problem::new(
                    at("id"),
                    ProblemCode::DuplicateId,
                    format!(
                        "item id {:?} differs from {:?} (items[{j}]) only by case or Unicode form: \
                         columns of survey data could not tell them apart",
                        item.id, self.items[j].id
                    ),
                ));
            }
            if let Some(rs) = &item.response_scale {
                if ids.response_scale(rs).is_none() {
                    p.push(Problem::new(
                        at("response_scale"),
                        ProblemCode::UnknownReference,
                        format!(
                            "item {:?} names response scale {rs:?}, which does not exist",
                            item.id
                        ),
                    ));
                }
            }
            if item.reverse
                && item.response_scale.is_none()
                && self.default_response_scale.is_none()
            {
                p.push(Problem::new(at("reverse"), ProblemCode::ReverseWithoutBounds, format!("item {:?} is reversed but has no response scale with bounds to reverse within", item.id)));
            }
            if !(item.weight.is_finite() && (0.0..=MAX_WEIGHT).contains(&item.weight)) {
                p.push(Problem::new(
                    at("weight"),
                    ProblemCode::InvalidNumber,
                    format!(
                        "item {:?}: weight must be a number from 0 to {MAX_WEIGHT}, got {}",
                        item.id, item.weight
                    ),
                ));
            }
            for (j, t) in item.measures.iter().enumerate() {
                if let Err(e) = cat.resolve(t) {
                    p.push(Problem::new(
                        format!("items[{i}].measures[{j}]"),
                        ProblemCode::UnknownTarget,
                        format!("item {:?} measures {t}: {e}", item.id),
                    ));
                }
            }
            let rs = ids.response_scale_of(item);
            alert_problems(i, item, rs, p);
            if let Some(s) = &item.section {
                if ids.sections.get(s).is_none() {
                    p.push(Problem::new(
                        at("section"),
                        ProblemCode::UnknownReference,
                        format!(
                            "item {:?} names section {s:?}, which does not exist",
                            item.id
                        ),
                    ));
                }
            }
        }
    }

    /// Scales: ids, members, minimum-answered rules, targets.
    fn scale_problems(&self, ids: &Lookup<'_>, p: &mut Vec<Problem>) {
        let cat = catalogue();
        let mut members = Members::new(self.items.len());
        for (i, s) in self.scales.iter().enumerate() {
            let at = |f: &str| format!("scales[{i}].{f}");
            check_id(p, || at("id"), &s.id);
            if !ids.scales.is_first(i) {
                p.push(Problem::new(
                    at("id"),
                    ProblemCode::DuplicateId,
                    format!("scale id {:?} is used twice", s.id),
                ));
            }
            if s.items.is_empty() {
                p.push(Problem::new(
                    at("items"),
                    ProblemCode::Empty,
                    format!("scale {:?} has no items", s.id),
                ));
            }
            members.next_list();
            for (j, it) in s.items.iter().enumerate() {
                let (item, twice) = members.add(ids, it);
                if item.is_none() {
                    p.push(Problem::new(
                        format!("scales[{i}].items[{j}]"),
                        ProblemCode::UnknownReference,
                        format!("scale {:?} names item {it:?}, which does not exist", s.id),
                    ));
                }
                if twice {
                    p.push(Problem::new(
                        format!("scales[{i}].items[{j}]"),
                        ProblemCode::DuplicateId,
                        format!("scale {:?} lists item {it:?} twice", s.id),
                    ));
                }
            }
            match s.min_answered {
                Some(MinAnswered::Count(c)) if c == 0 || c as usize > s.items.len() => {
                    p.push(Problem::new(at("min_answered"), ProblemCode::InvalidMinimum, format!("scale {:?}: min_answered count must be between 1 and its {} items, got {c}", s.id, s.items.len())));
                }
                Some(MinAnswered::Fraction(f)) if !(f > 0.0 && f <= 1.0) => {
                    p.push(Problem::new(at("min_answered"), ProblemCode::InvalidMinimum, format!("scale {:?}: min_answered fraction must be above 0 and at most 1, got {f}", s.id)));
                }
                _ => {}
            }
            for (j, t) in s.measures.iter().enumerate() {
                if let Err(e) = cat.resolve(t) {
                    p.push(Problem::new(
                        format!("scales[{i}].measures[{j}]"),
                        ProblemCode::UnknownTarget,
                        format!("scale {:?} measures {t}: {e}", s.id),
                    ));
                }
            }
        }
    }

    /// Cut-offs: scales, bands, ranges.
    fn cutoff_problems(&self, ids: &Lookup<'_>, p: &mut Vec<Problem>) {
        for (i, c) in self.cutoffs.iter().enumerate() {
            let Some(scale) = ids.scale(&c.scale) else {
                p.push(Problem::new(
                    format!("cutoffs[{i}].scale"),
                    ProblemCode::UnknownReference,
                    format!("cut-off names scale {:?}, which does not exist", c.scale),
                ));
                continue;
            };
            if c.bands.is_empty() {
                p.push(Problem::new(
                    format!("cutoffs[{i}].bands"),
                    ProblemCode::Empty,
                    format!("cut-off for scale {:?} has no bands", c.scale),
                ));
            }
            let range = score_range_by(
                scale,
                c.score,
                |id| ids.item(id),
                |it| ids.response_scale_of(it),
            );
            let mut last: Option<f64> = None;
            for (j, b) in c.bands.iter().enumerate() {
                for (field, v) in [("min", b.min), ("max", b.max)] {
                    let Some(v) = v else { continue };
                    let path = format!("cutoffs[{i}].bands[{j}].{field}");
                    if !v.is_finite() {
                        p.push(Problem::new(
                            path,
                            ProblemCode::InvalidNumber,
                            format!(
                                "band {:?} of scale {:?}: {field} must be finite, got {v}",
                                b.label, c.scale
                            ),
                        ));
                    } else if let Some((lo, hi)) = range {
                        if v < lo || v > hi {
                            p.push(Problem::new(path, ProblemCode::CutoffOutOfRange, format!("band {:?} of scale {:?}: {field} {v} lies outside the scores the scale can take ({lo} to {hi})", b.label, c.scale)));
                        }
                    }
                }
                if let (Some(lo), Some(hi)) = (b.min, b.max) {
                    if lo >= hi {
                        p.push(Problem::new(
                            format!("cutoffs[{i}].bands[{j}]"),
                            ProblemCode::InvalidBands,
                            format!(
                                "band {:?} of scale {:?}: min {lo} must be below max {hi}",
                                b.label, c.scale
                            ),
                        ));
                    }
                }
                let start = b.min.unwrap_or(f64::NEG_INFINITY);
                if j > 0 && b.min.is_none() {
                    p.push(Problem::new(
                        format!("cutoffs[{i}].bands[{j}].min"),
                        ProblemCode::InvalidBands,
                        format!(
                            "band {:?} of scale {:?}: only the first band may be open below",
                            b.label, c.scale
                        ),
                    ));
                }
                if let Some(prev) = last {
                    if start < prev {
                        p.push(Problem::new(format!("cutoffs[{i}].bands[{j}].min"), ProblemCode::InvalidBands, format!("band {:?} of scale {:?} overlaps the band before it (starts at {start}, the previous ends at {prev})", b.label, c.scale)));
                    }
                }
                if b.max.is_none() && j + 1 < c.bands.len() {
                    p.push(Problem::new(
                        format!("cutoffs[{i}].bands[{j}].max"),
                        ProblemCode::InvalidBands,
                        format!(
                            "band {:?} of scale {:?}: only the last band may be open above",
                            b.label, c.scale
                        ),
                    ));
                }
                last = Some(b.max.unwrap_or(f64::INFINITY));
            }
        }
    }

    /// Report rules: thresholds, the early-relationship item.
    fn report_rule_problems(&self, ids: &Lookup<'_>, p: &mut Vec<Problem>) {
        let rr = &self.report_rules;
        if let Some(t) = rr.sign_threshold {
            if !(t.is_finite() && (0.0..=100.0).contains(&t)) {
                p.push(Problem::new(
                    "report_rules.sign_threshold",
                    ProblemCode::InvalidNumber,
                    format!("sign_threshold must be a number from 0 to 100, got {t}"),
                ));
            }
        }
        if let Some(m) = rr.love_language_margin {
            if !(m.is_finite() && (0.0..=100.0).contains(&m)) {
                p.push(Problem::new(
                    "report_rules.love_language_margin",
                    ProblemCode::InvalidNumber,
                    format!("love_language_margin must be a number from 0 to 100, got {m}"),
                ));
            }
        }
        if let Some(e) = &rr.early_relationship {
            match ids.item(&e.item) {
                None => p.push(Problem::new(
                    "report_rules.early_relationship.item",
                    ProblemCode::UnknownReference,
                    format!(
                        "early_relationship names item {:?}, which does not exist",
                        e.item
                    ),
                )),
                Some(item) => {
                    let ok = e.at_most.is_finite()
                        && ids
                            .response_scale_of(item)
                            .is_none_or(|r| r.min >= r.max || r.allows(e.at_most));
                    if !ok {
                        p.push(Problem::new(
                            "report_rules.early_relationship.at_most",
                            ProblemCode::InvalidRule,
                            format!(
                                "early_relationship.at_most {} is not an answer item {:?} allows",
                                e.at_most, e.item
                            ),
                        ));
                    }
                }
            }
        }
    }

    /// Forms: ids and members.
    fn form_problems(&self, ids: &Lookup<'_>, p: &mut Vec<Problem>) {
        let mut seen = HashSet::new();
        let mut members = Members::new(if self.forms.is_empty() {
            0
        } else {
            self.items.len()
        });
        for (i, f) in self.forms.iter().enumerate() {
            check_id(p, || format!("forms[{i}].id"), &f.id);
            if !seen.insert(f.id.as_str()) {
                p.push(Problem::new(
                    format!("forms[{i}].id"),
                    ProblemCode::DuplicateId,
                    format!("form id {:?} is used twice", f.id),
                ));
            }
            if f.items.is_empty() {
                p.push(Problem::new(
                    format!("forms[{i}].items"),
                    ProblemCode::Empty,
                    format!("form {:?} keeps no items", f.id),
                ));
            }
            members.next_list();
            for (j, it) in f.items.iter().enumerate() {
                let (item, twice) = members.add(ids, it);
                if item.is_none() {
                    p.push(Problem::new(
                        format!("forms[{i}].items[{j}]"),
                        ProblemCode::UnknownReference,
                        format!("form {:?} names item {it:?}, which does not exist", f.id),
                    ));
                }
                if twice {
                    p.push(Problem::new(
                        format!("forms[{i}].items[{j}]"),
                        ProblemCode::DuplicateId,
                        format!("form {:?} lists item {it:?} twice", f.id),
                    ));
                }
            }
        }
    }

    /// The lowest and highest score a scale can take on a basis, when every
    /// item has declared bounds and the weights are valid.
    pub fn score_range(&self, scale: &Scale, basis: ScoreBasis) -> Option<(f64, f64)> {
        if scale.items.len() <= FEW {
            return score_range_by(
                scale,
                basis,
                |id| self.item(id),
                |it| self.response_scale_of(it),
            );
        }
        let ids = Lookup::new(self);
        score_range_by(
            scale,
            basis,
            |id| ids.item(id),
            |it| ids.response_scale_of(it),
        )
    }
}

/// The scales of `from_keys` as keyed, and whether each member (of all
/// scales, in order) is reversed: a leading `-` marks a reversed item.
fn keyed_scales<K, V, I>(
    keys: impl IntoIterator<Item = (K, V)>,
    options: &KeysOptions,
) -> (Vec<Scale>, Vec<bool>)
where
    K: AsRef<str>,
    V: IntoIterator<Item = I>,
    I: AsRef<str>,
{
    let mut scales: Vec<Scale> = Vec::new();
    let mut reversed: Vec<bool> = Vec::new();
    for (scale_id, members) in keys {
        let mut scale_items = Vec::new();
        for raw in members {
            let raw = raw.as_ref().trim();
            let (reverse, name) = match raw.strip_prefix('-') {
                Some(rest) => (true, rest.trim()),
                None => (false, raw),
            };
            reversed.push(reverse);
            scale_items.push(name.to_owned());
        }
        scales.push(Scale {
            id: scale_id.as_ref().to_owned(),
            name: None,
            items: scale_items,
            aggregation: options.aggregation,
            min_answered: options.min_answered,
            measures: Vec::new(),
            private: false,
        });
    }
    (scales, reversed)
}

/// [`Instrument::score_range`], items and their response scales found
/// through `item` and `response_scale_of`.
fn score_range_by<'a>(
    scale: &Scale,
    basis: ScoreBasis,
    item: impl Fn(&str) -> Option<&'a Item>,
    response_scale_of: impl Fn(&Item) -> Option<&'a ResponseScale>,
) -> Option<(f64, f64)> {
    let mut bounds = Vec::with_capacity(scale.items.len());
    for id in &scale.items {
        let item = item(id)?;
        let rs = response_scale_of(item)?;
        if !(rs.min.is_finite()
            && rs.max.is_finite()
            && rs.min < rs.max
            && item.weight.is_finite()
            && item.weight >= 0.0)
        {
            return None;
        }
        bounds.push((rs.min, rs.max, item.weight));
    }
    if bounds.is_empty() {
        return None;
    }
    let basis = match basis {
        ScoreBasis::Score => match scale.aggregation {
            Aggregation::Mean => ScoreBasis::Mean,
            Aggregation::Sum => ScoreBasis::Total,
        },
        b => b,
    };
    Some(match basis {
        // A mean of any answered subset stays within the widest bounds.
        ScoreBasis::Mean | ScoreBasis::Score => (
            bounds.iter().map(|b| b.0).fold(f64::INFINITY, f64::min),
            bounds.iter().map(|b| b.1).fold(f64::NEG_INFINITY, f64::max),
        ),
        ScoreBasis::Total => (
            bounds.iter().map(|b| b.0 * b.2).sum(),
            bounds.iter().map(|b| b.1 * b.2).sum(),
        ),
    })
}

/// Below this many lookups, scanning for each id costs less than indexing them all.
pub(crate) const FEW: usize = 16;

/// Each id's first position among `ids`: what a scan for it finds.
pub(crate) fn first_index<'a>(
    ids: impl ExactSizeIterator<Item = &'a str>,
) -> HashMap<&'a str, usize> {
    let mut index = HashMap::with_capacity(ids.len());
    for (i, id) in ids.enumerate() {
        index.entry(id).or_insert(i);
    }
    index
}

/// Ids folded to lower case (which also joins canonically equal letters such
/// as the Angstrom sign and A with ring), each with its first position: two
/// ids that fold alike are one id to a spreadsheet or a survey export.
#[derive(Debug)]
struct FoldedIds<'a>(HashMap<std::borrow::Cow<'a, str>, usize>);

impl<'a> FoldedIds<'a> {
    fn with_capacity(n: usize) -> Self {
        FoldedIds(HashMap::with_capacity(n))
    }

    /// The position of an earlier id that folds like `id` (recording `id` at
    /// `i` when there is none).
    fn first(&mut self, id: &'a str, i: usize) -> Option<usize> {
        let key = if id.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            std::borrow::Cow::Borrowed(id)
        } else {
            std::borrow::Cow::Owned(id.to_lowercase())
        };
        match self.0.entry(key) {
            Entry::Occupied(e) => Some(*e.get()),
            Entry::Vacant(v) => {
                v.insert(i);
                None
            }
        }
    }
}

/// A list's ids indexed: each id's first position, and which positions
/// repeat an id used before them.
#[derive(Debug)]
struct Index<'a> {
    first: HashMap<&'a str, usize>,
    repeat: Vec<bool>,
}

impl<'a> Index<'a> {
    fn new(ids: impl ExactSizeIterator<Item = &'a str>) -> Self {
        let mut first = HashMap::with_capacity(ids.len());
        let mut repeat = Vec::with_capacity(ids.len());
        for (i, id) in ids.enumerate() {
            let entry = first.entry(id);
            repeat.push(matches!(entry, Entry::Occupied(_)));
            entry.or_insert(i);
        }
        Index { first, repeat }
    }

    /// The first position of `id`.
    fn get(&self, id: &str) -> Option<usize> {
        self.first.get(id).copied()
    }

    /// Whether position `i` holds the first use of its id (else the id is used twice).
    fn is_first(&self, i: usize) -> bool {
        !self.repeat[i]
    }
}

/// An instrument's ids indexed once, so that validating it takes time in
/// proportion to its size. Each id leads to its first holder, the one
/// [`Instrument::item`] and the like find.
#[derive(Debug)]
struct Lookup<'a> {
    inst: &'a Instrument,
    items: Index<'a>,
    scales: Index<'a>,
    response_scales: Index<'a>,
    sections: Index<'a>,
    /// The default response scale, if it exists.
    default_response_scale: Option<&'a ResponseScale>,
}

impl<'a> Lookup<'a> {
    fn new(inst: &'a Instrument) -> Self {
        Lookup::with_items(inst, Index::new(inst.items.iter().map(|i| i.id.as_str())))
    }

    /// The lookup of `inst`, whose items are indexed by `items`.
    fn with_items(inst: &'a Instrument, items: Index<'a>) -> Self {
        let response_scales = Index::new(inst.response_scales.iter().map(|r| r.id.as_str()));
        let default_response_scale = inst
            .default_response_scale
            .as_deref()
            .and_then(|id| response_scales.get(id))
            .map(|i| &inst.response_scales[i]);
        Lookup {
            inst,
            items,
            scales: Index::new(inst.scales.iter().map(|s| s.id.as_str())),
            response_scales,
            sections: Index::new(inst.sections.iter().map(|s| s.id.as_str())),
            default_response_scale,
        }
    }

    fn item(&self, id: &str) -> Option<&'a Item> {
        self.items.get(id).map(|i| &self.inst.items[i])
    }

    /// The position of the item `id`, trying the position after `prev` first:
    /// lists of members mostly follow the items' order.
    fn item_after(&self, prev: Option<usize>, id: &str) -> Option<usize> {
        let next = prev.map_or(0, |p| p + 1);
        match self.inst.items.get(next) {
            Some(it) if it.id == id && self.items.is_first(next) => Some(next),
            _ => self.items.get(id),
        }
    }

    fn scale(&self, id: &str) -> Option<&'a Scale> {
        self.scales.get(id).map(|i| &self.inst.scales[i])
    }

    fn response_scale(&self, id: &str) -> Option<&'a ResponseScale> {
        self.response_scales
            .get(id)
            .map(|i| &self.inst.response_scales[i])
    }

    fn response_scale_of(&self, item: &Item) -> Option<&'a ResponseScale> {
        match &item.response_scale {
            Some(id) => self.response_scale(id),
            None => self.default_response_scale,
        }
    }
}

/// The members of one list of item ids after another (a scale's, a form's):
/// the item each names, and whether its list named it before.
#[derive(Debug)]
struct Members<'s> {
    /// Per item: the number of the list that last named it (0: none).
    mark: Vec<usize>,
    list: usize,
    /// Names of no item in the current list.
    unknown: HashSet<&'s str>,
    prev: Option<usize>,
}

impl<'s> Members<'s> {
    fn new(items: usize) -> Self {
        Members {
            mark: vec![0; items],
            list: 0,
            unknown: HashSet::new(),
            prev: None,
        }
    }

    fn next_list(&mut self) {
        self.list += 1;
        self.unknown.clear();
    }

    /// The position of the item `id` names, and whether this list named it before.
    fn add(&mut self, ids: &Lookup<'_>, id: &'s str) -> (Option<usize>, bool) {
        match ids.item_after(self.prev, id) {
            Some(k) => {
                self.prev = Some(k);
                let twice = self.mark[k] == self.list;
                self.mark[k] = self.list;
                (Some(k), twice)
            }
            None => (None, !self.unknown.insert(id)),
        }
    }
}

/// The values of a response scale's labels seen so far, compared as numbers
/// are (`0` and `-0` alike; NaN equal to nothing).
#[derive(Debug, Default)]
struct LabelValues(HashSet<u64>);

impl LabelValues {
    fn key(v: f64) -> Option<u64> {
        if v.is_nan() {
            None
        } else if v == 0.0 {
            Some(0)
        } else {
            Some(v.to_bits())
        }
    }

    fn contains(&self, v: &f64) -> bool {
        Self::key(*v).is_some_and(|k| self.0.contains(&k))
    }

    fn insert(&mut self, v: f64) {
        if let Some(k) = Self::key(v) {
            self.0.insert(k);
        }
    }
}
/// A response scale's step: positive, and reaching max from min.
fn step_problems(i: usize, rs: &ResponseScale, bounds_ok: bool, p: &mut Vec<Problem>) {
    let at = |f: &str| format!("response_scales[{i}].{f}");
    if let (Some(step), false) = (rs.step, rs.continuous) {
        if !(step.is_finite() && step > 0.0) {
            p.push(Problem::new(
                at("step"),
                ProblemCode::InvalidNumber,
                format!(
                    "response scale {:?}: step must be a positive number, got {step}",
                    rs.id
                ),
            ));
        } else if bounds_ok {
            let k = (rs.max - rs.min) / step;
            if (k - k.round()).abs() > 1e-9 {
                p.push(Problem::new(
                    at("step"),
                    ProblemCode::InvalidNumber,
                    format!(
                        "response scale {:?}: steps of {step} from {} never reach {}",
                        rs.id, rs.min, rs.max
                    ),
                ));
            }
        }
    }
}

/// A response scale's labels and "does not apply" code: allowed (or, for
/// the code, outside the bounds) and each value labelled once.
/// The printed order: allowed values, each once, all of them (a discrete
/// scale only).
fn printed_problems(i: usize, rs: &ResponseScale, bounds_ok: bool, p: &mut Vec<Problem>) {
    if rs.printed.is_empty() || !bounds_ok {
        return;
    }
    let at = || format!("response_scales[{i}].printed");
    let Some(step) = rs.effective_step() else {
        p.push(Problem::new(
            at(),
            ProblemCode::InvalidLabel,
            format!(
                "response scale {:?}: a continuous scale has no printed options",
                rs.id
            ),
        ));
        return;
    };
    let mut seen = LabelValues::default();
    for (j, &x) in rs.printed.iter().enumerate() {
        if !rs.allows(x) || seen.contains(&x) {
            let why = if rs.allows(x) {
                "printed twice"
            } else {
                "not an allowed answer"
            };
            p.push(Problem::new(
                format!("response_scales[{i}].printed[{j}]"),
                ProblemCode::InvalidLabel,
                format!(
                    "response scale {:?}: printed value {x} is {why} ({} to {})",
                    rs.id, rs.min, rs.max
                ),
            ));
            return;
        }
        seen.insert(x);
    }
    let options = ((rs.max - rs.min) / step + 1e-9).floor() + 1.0;
    if count_f64(rs.printed.len()) < options {
        p.push(Problem::new(
            at(),
            ProblemCode::InvalidLabel,
            format!(
                "response scale {:?}: {} printed values for {options} options; list every option's value in printed order",
                rs.id,
                rs.printed.len()
            ),
        ));
    }
}

fn label_problems(i: usize, rs: &ResponseScale, bounds_ok: bool, p: &mut Vec<Problem>) {
    let mut label_values = LabelValues::default();
    for (j, l) in rs.labels.iter().enumerate() {
        if bounds_ok && !rs.allows(l.value) {
            p.push(Problem::new(format!("response_scales[{i}].labels[{j}].value"), ProblemCode::InvalidLabel, format!("response scale {:?}: label {:?} has value {}, which is not an allowed answer ({} to {})", rs.id, l.label, l.value, rs.min, rs.max)));
        }
        if label_values.contains(&l.value) {
            p.push(Problem::new(
                format!("response_scales[{i}].labels[{j}].value"),
                ProblemCode::DuplicateId,
                format!(
                    "response scale {:?}: value {} is labelled twice",
                    rs.id, l.value
                ),
            ));
        }
        label_values.insert(l.value);
    }
    if let Some(na) = &rs.not_applicable {
        let path = format!("response_scales[{i}].not_applicable.value");
        if !na.value.is_finite() || (bounds_ok && (rs.min..=rs.max).contains(&na.value)) {
            p.push(Problem::new(
                path,
                ProblemCode::InvalidLabel,
                format!(
                    "response scale {:?}: the \"does not apply\" code must be a finite number outside {} to {}, got {}",
                    rs.id, rs.min, rs.max, na.value
                ),
            ));
        } else if label_values.contains(&na.value) {
            p.push(Problem::new(
                path,
                ProblemCode::DuplicateId,
                format!(
                    "response scale {:?}: value {} is labelled twice",
                    rs.id, na.value
                ),
            ));
        }
    }
}

/// An item's alerts: the flag they raise and a range some allowed answer
/// lies in.
fn alert_problems(i: usize, item: &Item, rs: Option<&ResponseScale>, p: &mut Vec<Problem>) {
    for (j, a) in item.alerts.iter().enumerate() {
        let at = format!("items[{i}].alerts[{j}]");
        use crate::report::FlagKind;
        if !matches!(a.flag, FlagKind::Safety | FlagKind::Consent) {
            p.push(Problem::new(
                format!("{at}.flag"),
                ProblemCode::InvalidRule,
                format!(
                    "item {:?}: an alert may raise only \"safety\" or \"consent\", not {:?}",
                    item.id,
                    a.flag.key()
                ),
            ));
        }
        let bad = [("min", a.min), ("max", a.max)]
            .into_iter()
            .filter_map(|(f, v)| v.filter(|v| !v.is_finite()).map(|v| (f, v)))
            .collect::<Vec<_>>();
        for (f, v) in &bad {
            p.push(Problem::new(
                format!("{at}.{f}"),
                ProblemCode::InvalidNumber,
                format!("item {:?}: alert {f} must be finite, got {v}", item.id),
            ));
        }
        if !bad.is_empty() {
            continue;
        }
        let (lo, hi) = (
            a.min.unwrap_or(f64::NEG_INFINITY),
            a.max.unwrap_or(f64::INFINITY),
        );
        if a.min.is_none() && a.max.is_none() {
            p.push(Problem::new(
                at,
                ProblemCode::InvalidRule,
                format!(
                    "item {:?}: an alert needs min, max or both (the answers that raise it)",
                    item.id
                ),
            ));
        } else if lo > hi || rs.is_some_and(|r| r.min < r.max && !any_allowed(r, lo, hi)) {
            p.push(Problem::new(
                at,
                ProblemCode::InvalidRule,
                format!(
                    "item {:?}: no allowed answer lies within the alert's range {lo} to {hi}",
                    item.id
                ),
            ));
        }
    }
}

/// Whether some allowed answer of a response scale lies within `lo..=hi`.
fn any_allowed(rs: &ResponseScale, lo: f64, hi: f64) -> bool {
    let (a, b) = (lo.max(rs.min), hi.min(rs.max));
    if a > b {
        return false;
    }
    match rs.effective_step() {
        Some(step) if step > 0.0 && step.is_finite() => {
            // The first allowed value at or above `a`.
            let k = ((a - rs.min) / step - 1e-9).ceil();
            rs.min + k * step <= b + 1e-9
        }
        _ => true,
    }
}

/// A text beyond [`MAX_INSTRUMENT_BYTES`], refused before parsing.
fn too_long(format: &'static str, text: &str) -> Result<(), InstrumentError> {
    if text.len() <= MAX_INSTRUMENT_BYTES {
        return Ok(());
    }
    Err(InstrumentError::Parse {
        format,
        line: None,
        column: None,
        problem: Problem::new(
            "",
            ProblemCode::TooLarge,
            format!(
                "the text is {} bytes; an instrument may be at most {MAX_INSTRUMENT_BYTES}",
                text.len()
            ),
        ),
    })
}

/// A text field's problem, if it is longer than [`MAX_TEXT_BYTES`].
fn check_text(p: &mut Vec<Problem>, path: impl FnOnce() -> String, text: Option<&str>) {
    if let Some(t) = text.filter(|t| t.len() > MAX_TEXT_BYTES) {
        p.push(Problem::new(
            path(),
            ProblemCode::TooLarge,
            format!(
                "the text is {} bytes; a text may be at most {MAX_TEXT_BYTES}",
                t.len()
            ),
        ));
    }
}

/// An id's problem, if any; `path` is written only when there is one.
fn check_id(p: &mut Vec<Problem>, path: impl FnOnce() -> String, id: &str) {
    if id.is_empty() {
        p.push(Problem::new(
            path(),
            ProblemCode::InvalidId,
            "the id is empty",
        ));
    } else if id.len() > MAX_ID_BYTES {
        p.push(Problem::new(
            path(),
            ProblemCode::TooLarge,
            format!(
                "the id is {} bytes; an id may be at most {MAX_ID_BYTES}",
                id.len()
            ),
        ));
    } else if !id
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        p.push(Problem::new(
            path(),
            ProblemCode::InvalidId,
            format!("id {id:?} may hold only letters, digits, '-', '_' and '.'"),
        ));
    }
}

fn path_string(path: &serde_path_to_error::Path) -> String {
    // serde_path_to_error writes "." for the root and "?" for a position it
    // cannot name (e.g. inside a malformed map): report the nearest known parent.
    let s = path.to_string();
    let s = s.trim_end_matches('?').trim_end_matches('.');
    s.to_owned()
}

/// The problem of text that could not be read at `path`: serde's "missing
/// field `x`" is `missing-field` at the field's own path (`items[0].id`),
/// anything else `syntax` at `path`.
fn syntax_problem(path: String, message: String) -> Problem {
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'));
    match missing {
        Some(field) => {
            let at = if path.is_empty() {
                field.to_owned()
            } else {
                format!("{path}.{field}")
            };
            Problem::new(at, ProblemCode::MissingField, message)
        }
        None => Problem::new(path, ProblemCode::Syntax, message),
    }
}

#[cfg(feature = "toml")]
fn toml_error(e: toml::de::Error, path: String) -> InstrumentError {
    let (line, column) = (None, None);
    InstrumentError::Parse {
        format: "TOML",
        line,
        column,
        problem: syntax_problem(path, e.message().to_owned()),
    }
}

impl crate::request::Request for KeysOptions {}
