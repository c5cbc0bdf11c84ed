//! The report of one respondent: scale scores, placements, flags with their
//! evidence, recommendations, love languages, provenance.

use serde::{Deserialize, Serialize};

use crate::model::{IntimacyKind, LoveLanguageKey};
pub use crate::options::Helpline;
use crate::options::ScoreOptions;
use crate::ordered::OrderedMap;

/// Whether a scale (or target) got a score, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ScoreStatus {
    /// Enough items were answered.
    Scored,
    /// Fewer items were answered than the missing-data rule requires.
    TooFewAnswered,
    /// Every item lies in an opt-in section the respondent skipped.
    NotApplicable,
}

/// The score of one scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScaleScore {
    /// Scored, too few answered, or not applicable.
    pub status: ScoreStatus,
    /// The scale's score by its aggregation (the mean or the total).
    pub score: Option<f64>,
    /// The (weighted) total, after the missing-data policy.
    pub total: Option<f64>,
    /// The (weighted) mean of the keyed answers.
    pub mean: Option<f64>,
    /// Percent of maximum, 0-100, from the items' declared bounds
    /// (absent when an item has no bounds).
    pub percent: Option<f64>,
    /// Items answered.
    pub answered: usize,
    /// Items that apply but were not answered.
    pub missing: usize,
    /// Items skipped because their opt-in section was skipped.
    pub skipped: usize,
    /// Items answered "does not apply": neither answered nor missing.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub not_applicable: usize,
    /// The cut-off band the score falls in, when the instrument defines one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<String>,
}

/// How far one stage of a framework is reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StageAttainment {
    /// The stage's level (1-based).
    pub level: u32,
    /// The stage's key.
    pub key: String,
    /// Attainment, 0-100 (percent of maximum of the items measuring the stage).
    pub attainment: Option<f64>,
    /// Whether attainment reaches the threshold; `None` when unknown.
    pub reached: Option<bool>,
    /// Why attainment is or is not known.
    pub status: ScoreStatus,
}

/// Where a relationship stands on one framework. It describes; it does not judge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Placement {
    /// The framework's key.
    pub framework: String,
    /// Whether it was derived through the crosswalk rather than measured.
    pub derived: bool,
    /// The framework it was derived from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// The attainment a stage needs to count as reached.
    pub threshold: f64,
    /// Every stage, in order.
    pub stages: Vec<StageAttainment>,
    /// The highest level with every level up to it reached (0 when level 1 is not).
    pub consecutive: u32,
    /// The highest level reached (0 when none).
    pub peak: u32,
    /// Levels below the peak that are not reached.
    pub gaps: Vec<u32>,
    /// Levels whose attainment is unknown (too few answers, or skipped).
    pub unknown: Vec<u32>,
    /// A plain-language reading of the placement.
    pub summary: String,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// What a flag is about.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
#[non_exhaustive]
pub enum FlagKind {
    /// Safety with the partner is in question (fear, harm, threats, pressure,
    /// control, not feeling emotionally safe): always computed, never switched off.
    Safety,
    /// Going along with physical intimacy out of obligation or pressure: a
    /// consent concern in its own right, whatever the placement; never switched off.
    Consent,
    /// Enough seek-help criteria are present to suggest outside support.
    SeekHelp,
    /// Physical intimacy is reached while emotional disclosure or vulnerability is not.
    Pacing,
    /// A deep level is reached while intermediate levels are not.
    Rushing,
    /// An unhealthy sign is present.
    UnhealthySign,
    /// Warning signs that intimacy is fading are present.
    Fading,
}

impl FlagKind {
    /// Every kind, in order of precedence.
    pub const ALL: &'static [FlagKind] = &[
        FlagKind::Safety,
        FlagKind::Consent,
        FlagKind::SeekHelp,
        FlagKind::Pacing,
        FlagKind::Rushing,
        FlagKind::UnhealthySign,
        FlagKind::Fading,
    ];

    /// The stable key.
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// The safety family (safety, consent): raising one puts the report in
    /// safety mode, and neither ever reaches a joint (couple) output.
    pub fn is_safety_family(self) -> bool {
        matches!(self, FlagKind::Safety | FlagKind::Consent)
    }
}

/// How serious a flag is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Severity {
    /// Worth noticing and talking about.
    Notice,
    /// Worth attention soon.
    Concern,
    /// Outside support is suggested.
    Referral,
}

impl Severity {
    /// The stable key.
    pub fn key(self) -> &'static str {
        self.into()
    }
}

/// One answer behind a flag or a recommendation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Evidence {
    /// The item's id.
    pub item: String,
    /// The answer as given.
    pub answer: f64,
    /// The answer's label on its response scale, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// What the item measures that matters here.
    pub target: String,
}

/// Something in the answers worth attention, with the answers behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Flag {
    /// What it is about.
    pub kind: FlagKind,
    /// How serious.
    pub severity: Severity,
    /// The target it concerns, e.g. `sign:codependency`, when it concerns one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// A plain message for the respondent.
    pub message: String,
    /// The answers behind it.
    pub evidence: Vec<Evidence>,
}

/// Why a practice is recommended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Reason {
    /// The target the practice addresses that triggered it.
    pub target: String,
    /// What in the answers makes it relevant.
    pub detail: String,
    /// The answers behind it.
    pub evidence: Vec<String>,
}

/// A practice recommended from the answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Recommendation {
    /// The practice's key in the catalogue.
    pub practice: String,
    /// Its name.
    pub name: String,
    /// What it is.
    pub summary: String,
    /// Its steps.
    pub steps: Vec<String>,
    /// Who it is for: individual, couple, professional or safety.
    pub category: crate::model::PracticeCategory,
    /// Done together with the partner (never recommended in safety mode).
    pub together: bool,
    /// Why it is recommended, strongest reason first.
    pub reasons: Vec<Reason>,
    /// The ranking score (higher first); ties are broken by catalogue order.
    pub priority: f64,
}

/// One love language's preference score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LoveLanguageScore {
    /// The language.
    pub key: LoveLanguageKey,
    /// Preference, 0-100.
    pub percent: f64,
}

/// Love-language preferences from the preference items: preferences to talk
/// about, not a typology.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LoveLanguages {
    /// Every answered language, strongest first (ties in canonical order).
    pub ranking: Vec<LoveLanguageScore>,
    /// The strongest, with every language within the margin of it (tied);
    /// empty when every answered language is within the margin (no clear preference).
    pub primary: Vec<LoveLanguageKey>,
    /// The next group: the strongest of the rest, with those within the
    /// margin of it; empty when there is no clear preference.
    pub secondary: Vec<LoveLanguageKey>,
    /// Points (0-100) within which two languages count as tied.
    pub margin: f64,
    /// Every answered language lies within the margin of the strongest.
    pub no_clear_preference: bool,
    /// What the model is and how far research supports it.
    pub note: String,
}

/// Where help can be found: in every report, flagged or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Resources {
    /// A short line on where to find help (with the app's help line when given).
    pub message: String,
    /// What to do in an emergency, in plain words.
    pub emergency: String,
    /// The help line the app supplied for its region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helpline: Option<Helpline>,
}

/// A summary of one area (a kind of intimacy, a characteristic), for charts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AreaScore {
    /// The target, e.g. `kind:emotional`.
    pub target: String,
    /// Its display name.
    pub name: String,
    /// Percent of maximum, when known.
    pub percent: Option<f64>,
}

/// What a report was made from, so it can be reproduced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Provenance {
    /// The instrument's id.
    pub instrument: String,
    /// The instrument's version.
    pub instrument_version: String,
    /// SHA-256 of the instrument's canonical JSON, hex.
    pub content_hash: String,
    /// The library version.
    pub library_version: String,
    /// The options used.
    pub options: ScoreOptions,
    /// The locale the report's words are in (the nearest the library has
    /// to the `locale` asked for: `es-MX` may be written in `es`, or in
    /// English), with its review status: `draft` words have not been
    /// checked by a fluent reviewer, which a reader of a flag should know.
    /// Absent in reports made before this field existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<crate::LocaleInfo>,
}

/// A problem with one answer that was treated as missing (recorded, not raised).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AnswerProblem {
    /// The item id as given.
    pub item: String,
    /// The value as given (`null` for NaN or infinities in JSON).
    pub value: Option<f64>,
    /// What was wrong.
    pub message: String,
}

/// The scored report of one respondent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Report {
    /// Scale scores, by scale id, in the instrument's order.
    pub scales: OrderedMap<ScaleScore>,
    /// Placement on each framework the instrument measures (directly or derived).
    pub placements: OrderedMap<Placement>,
    /// The classic models read from what the instrument measures, by
    /// framework key (Sternberg's components from TLS-15/TLS-45, the
    /// attachment dimensions from ECR-R/ECR-S, Knapp's coming-apart phase
    /// and social penetration derived from the check-in). Each reading
    /// states the rule it was read by; none is a label of a person.
    #[serde(default)]
    pub models: OrderedMap<ModelReading>,
    /// Kinds of intimacy (the radar chart).
    pub kinds: Vec<AreaScore>,
    /// Characteristics of emotional intimacy.
    pub characteristics: Vec<AreaScore>,
    /// Flags, safety first.
    pub flags: Vec<Flag>,
    /// A safety or consent flag is raised: no recommendation is done together
    /// with the partner, the first is confidential support for the respondent,
    /// and patterns that can be fear responses are not given as theirs.
    pub safety_mode: bool,
    /// Where help can be found (every report carries it).
    pub resources: Resources,
    /// How many fading warning signs are present, out of those answered.
    pub fading: Option<FadingSummary>,
    /// Recommended practices, ranked.
    pub recommendations: Vec<Recommendation>,
    /// Love-language preferences, when the instrument asks.
    pub love_languages: Option<LoveLanguages>,
    /// Sections the respondent opted into.
    pub opted_in: Vec<String>,
    /// Answers treated as missing because they were invalid (with `invalid: missing`).
    pub problems: Vec<AnswerProblem>,
    /// What this report is and is not.
    pub note: String,
    /// What it was made from.
    pub provenance: Provenance,
}

/// Fading warning signs: how many, and how strongly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FadingSummary {
    /// Signs present (at or above the sign threshold).
    pub present: usize,
    /// Signs answered.
    pub answered: usize,
    /// Mean strength of all answered signs, 0-100.
    pub strength: f64,
    /// The keys of the signs present.
    pub signs: Vec<String>,
}

impl Report {
    /// The placement on a framework.
    pub fn placement(&self, framework: &str) -> Option<&Placement> {
        self.placements.get(framework)
    }

    /// The flags of one kind.
    pub fn flags_of(&self, kind: FlagKind) -> impl Iterator<Item = &Flag> {
        self.flags.iter().filter(move |f| f.kind == kind)
    }

    /// The kind-of-intimacy scores, by kind.
    pub fn kind(&self, kind: IntimacyKind) -> Option<&AreaScore> {
        let t = format!("kind:{kind}");
        self.kinds.iter().find(|k| k.target == t)
    }
}

/// A classic model read from a report: the parts' scores, the type (region)
/// they fall in by a stated rule, or the stages the evidence is consistent
/// with. A description of answers, never a label of a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ModelReading {
    /// The framework's key.
    pub framework: String,
    /// Its display name.
    pub name: String,
    /// Its shape.
    pub shape: crate::model::FrameworkShape,
    /// Who the reading describes (one person, one partner's view, the relationship).
    pub subject: crate::model::PlacementSubject,
    /// Read indirectly from a check-in (by the project's reading), not
    /// measured by an instrument of the model.
    pub derived: bool,
    /// How the reading was made, in words: the cut rule and its values, or
    /// the derivation.
    pub rule: String,
    /// The cut method, where parts are cut into high and low.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cut: Option<crate::options::CutMethod>,
    /// The parts (components, axes, process steps, or breadth) with scores.
    pub parts: Vec<PartScore>,
    /// The type the parts fall in by the rule, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typology: Option<TypeReading>,
    /// The disclosure depth reached (social penetration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depth: Option<crate::model::DisclosureDepth>,
    /// The stages the evidence is consistent with (derived readings).
    #[serde(default)]
    pub stages: Vec<StageReading>,
    /// Practices for the weak parts, through the crosswalk to the article
    /// frameworks (never couple practices in safety mode).
    #[serde(default)]
    pub practices: Vec<String>,
    /// The reading in one paragraph, with its rule.
    pub summary: String,
}

/// One part of a classic model and its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PartScore {
    /// The part's key (a stage of the framework, or `"breadth"`).
    pub key: String,
    /// Its display name.
    pub name: String,
    /// The scale it was scored by, when an instrument measures it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
    /// The score (`None` when the scale could not be scored).
    pub score: Option<f64>,
    /// The lowest possible score.
    pub min: Option<f64>,
    /// The highest possible score.
    pub max: Option<f64>,
    /// Where the part is cut into high and low.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cut: Option<f64>,
    /// Above the cut (`None` when unscored or not cut).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<bool>,
}

/// The region of a typology the parts fall in, by a stated rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TypeReading {
    /// The type's key (e.g. `"companionate-love"`, `"secure"`).
    pub key: String,
    /// Its display name.
    pub name: String,
    /// The parts above their cut.
    pub high: Vec<String>,
    /// What the region describes, with the rule beside it.
    pub text: String,
}

/// A stage a derived reading's evidence is consistent with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StageReading {
    /// The stage's key.
    pub key: String,
    /// Its display name.
    pub name: String,
    /// Its level in the framework.
    pub level: u32,
    /// The answers' targets that support it (e.g. `"fading:alone-together"`).
    pub evidence: Vec<String>,
}
