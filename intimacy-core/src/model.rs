//! The typed model: frameworks and their stages, the crosswalk between them,
//! and the catalogue of kinds, characteristics, barriers, signs and practices.
//!
//! Every type here is plain data with serde derives. The content itself lives
//! in `intimacy-core/data/` and is loaded by [`crate::catalogue`].

use serde::{Deserialize, Serialize};

mod target;

pub use target::Target;

/// A public text the content is drawn from (an article, a book, a paper).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Stable key other content cites, e.g. `"A"`.
    pub key: String,
    /// Title of the work.
    pub title: String,
    /// Who published it.
    pub publisher: String,
    /// What kind of text it is (blog article, editorial article, book, paper).
    pub kind: String,
    /// Anything a reader should know about its standing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The authors of an original work, as cited (e.g. `"Altman, I., & Taylor, D. A."`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authors: Option<String>,
    /// The year of an original work's publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
}

/// Where a framework comes from, which decides how a report places it.
///
/// The article frameworks are placed by stage scores (`Report::placements`)
/// and derived from one another through the crosswalk. The classic models
/// are read only where an instrument measures them (`Report::models`), each
/// by its own rule; the crosswalk links them to the article frameworks for
/// reading, never for placement.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum FrameworkFamily {
    /// Drawn from the practitioner articles the project started from.
    #[default]
    Article,
    /// A classic model of the research and clinical literature.
    Classic,
}

/// Which way a stage moves a relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Closeness grows or holds.
    Growth,
    /// Closeness declines.
    Decline,
    /// The relationship ends. A reading never places anyone here.
    Ending,
}

/// The types a components or axes framework derives from which of its parts
/// are high, and whether a report gives one unasked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Typology {
    /// A type is given only when the caller asks for it (the parts are
    /// dimensions first, as with attachment); otherwise by default.
    pub on_request: bool,
    /// What the types are and are not, in the project's own words.
    pub note: String,
    /// The types, one for every combination of high parts.
    pub types: Vec<TypeDef>,
}

/// One type of a typology.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TypeDef {
    /// Stable key, e.g. `"companionate"`.
    pub key: String,
    /// Display name.
    pub name: String,
    /// What the region describes, in the project's own words.
    pub summary: String,
    /// Exactly the parts (stage keys) that are high in this type.
    pub high: Vec<String>,
    /// Keys of the [`Source`]s.
    pub sources: Vec<String>,
}

/// How the parts of a framework relate to one another.
///
/// The article frameworks are [`FrameworkShape::Linear`]; the classic models
/// use the others (Knapp's staircase is two-phase, Reis and Shaver's model a
/// process loop, Sternberg's triangle components, attachment axes, the Sound
/// Relationship House layered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FrameworkShape {
    /// Ordered stages, one progression.
    Linear,
    /// Two mirrored phases (coming together, coming apart).
    TwoPhase,
    /// A repeating loop, not stages.
    Process,
    /// Unordered components; a typology comes from threshold rules.
    Components,
    /// Continuous axes, optionally cut into regions by an explicit method.
    Axes,
    /// A layered hierarchy, possibly with supports outside the order.
    Layered,
}

/// Who a placement in a framework describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PlacementSubject {
    /// The relationship as a unit (what the shipped frameworks describe).
    Relationship,
    /// One partner's view of the other (partners may disagree).
    PartnerReport,
    /// One person on their own (e.g. attachment dimensions).
    Individual,
}

/// A rule for reading a framework.
///
/// Most are stated by the framework's own source; some are the project's
/// reading, carried over from another framework so that every framework is
/// read the same way. [`Principle::basis`] says which.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    /// Stable key, e.g. `"not-a-ladder"`.
    pub key: String,
    /// The principle, in the project's own words.
    pub text: String,
    /// [`Basis::Published`] only when the framework's own source states it;
    /// otherwise [`Basis::Authored`]. Required in the data.
    pub basis: Basis,
}

/// How deep the self-disclosure typical of a stage runs
/// (facts < opinions < feelings < deepest).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum DisclosureDepth {
    /// No real disclosure: small talk, routine.
    None,
    /// Facts about oneself.
    Facts,
    /// Opinions, beliefs, values, hopes.
    Opinions,
    /// Feelings and needs.
    Feelings,
    /// The inner world: fears, insecurities, past hurt.
    Deepest,
}

/// Whether a link rests on a published text or is the project's own reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// Stated in the cited source.
    Published,
    /// The project's interpretation.
    Authored,
}

/// The disclosure depth a stage is linked to, and on what basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DisclosureLink {
    /// The depth.
    pub depth: DisclosureDepth,
    /// Whether the source says so or the project reads it so.
    pub basis: Basis,
}

/// One stage (level) of a framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// The library's ordinal, 1-based, in the framework's order.
    pub level: u32,
    /// Stable key, unique within the framework, e.g. `"emotional-disclosure"`.
    pub key: String,
    /// Display name.
    pub name: String,
    /// The author's own label or number where it differs from `level`
    /// (e.g. Powell numbers his levels downward).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_label: Option<String>,
    /// Phase for two-phase frameworks (e.g. `"coming-together"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// What the stage is, in the project's own words.
    pub summary: String,
    /// What one can observe at this stage.
    pub features: Vec<String>,
    /// What to watch for at this stage.
    #[serde(default)]
    pub cautions: Vec<String>,
    /// The disclosure depth typical of the stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disclosure: Option<DisclosureLink>,
    /// Keys of the [`Source`]s this stage rests on.
    pub sources: Vec<String>,
    /// Which way the stage moves the relationship, where the model says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// The stage of the other phase that mirrors this one (two-phase models).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mirror: Option<String>,
    /// Catalogue entries whose presence in a check-in the project reads as
    /// consistent with this stage (an authored reading, used only for a
    /// derived reading; never on an [`Direction::Ending`] stage).
    #[serde(default)]
    pub evidence: Vec<Target>,
}

/// The kind of a move between two stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TransitionKind {
    /// To the next stage.
    Advance,
    /// Past one or more stages.
    Skip,
    /// Back to an earlier stage, to be strengthened again.
    Revisit,
    /// The reverse process (e.g. depenetration, coming apart).
    Reverse,
    /// Around a repeating process.
    Loop,
}

/// A move the framework allows between two of its stages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    /// Stage key moved from.
    pub from: String,
    /// Stage key moved to.
    pub to: String,
    /// What kind of move it is.
    pub kind: TransitionKind,
}

/// A staged framework of intimacy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Stable key: `"seven-levels"`, `"five-levels"`, `"four-stages"`, or a
    /// classic model's (`"knapp"`, `"sternberg"`, `"attachment"`, ...).
    pub key: String,
    /// Display name.
    pub name: String,
    /// Where it comes from (article or classic model).
    #[serde(default)]
    pub family: FrameworkFamily,
    /// How its parts relate.
    pub shape: FrameworkShape,
    /// Who a placement describes.
    pub subject: PlacementSubject,
    /// What the framework is for, in the project's own words.
    pub summary: String,
    /// The rules for reading it.
    pub principles: Vec<Principle>,
    /// Its stages, in order.
    pub stages: Vec<Stage>,
    /// The moves between stages the framework allows.
    #[serde(default)]
    pub transitions: Vec<Transition>,
    /// Signs, as the framework's source gives them, that the closeness it
    /// describes is missing or has faded. Empty when the source gives none.
    #[serde(default)]
    pub missing_signs: Vec<Entry>,
    /// Steps the framework's source gives for regaining closeness, each
    /// tied to the [`Practice`]s that carry it out. Empty when the source
    /// gives none.
    #[serde(default)]
    pub regain_steps: Vec<RegainStep>,
    /// Keys of the [`Source`]s it rests on.
    pub sources: Vec<String>,
    /// The types derived from which parts are high (components and axes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typology: Option<Typology>,
    /// Parts that hold the structure up from outside its order (the walls of
    /// a layered model).
    #[serde(default)]
    pub supports: Vec<Entry>,
    /// What a reader must know about the model's standing (e.g. that its
    /// name is a proprietary brand cited for reference only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A step a framework's source gives for regaining closeness that has faded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegainStep {
    /// Stable key, unique within the framework.
    pub key: String,
    /// Display name.
    pub name: String,
    /// What the step asks, in the project's own words.
    pub summary: String,
    /// Keys of the [`Practice`]s of the catalogue that carry the step out.
    pub practices: Vec<String>,
    /// Keys of the [`Source`]s that give the step.
    pub sources: Vec<String>,
}

impl Framework {
    /// The stage with this key.
    pub fn stage(&self, key: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.key == key)
    }

    /// The stage at this level (the library's 1-based ordinal).
    pub fn stage_at(&self, level: u32) -> Option<&Stage> {
        self.stages.iter().find(|s| s.level == level)
    }
}

/// A stage named by framework and stage key.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct StageRef {
    /// Framework key.
    pub framework: String,
    /// Stage key within it.
    pub stage: String,
}

impl StageRef {
    /// A reference to `stage` of `framework`.
    pub fn new(framework: impl Into<String>, stage: impl Into<String>) -> Self {
        StageRef {
            framework: framework.into(),
            stage: stage.into(),
        }
    }
}

impl std::fmt::Display for StageRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.framework, self.stage)
    }
}

/// How closely two linked stages correspond.
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
)]
#[serde(rename_all = "kebab-case")]
pub enum Correspondence {
    /// The stages describe much the same thing.
    Close,
    /// One stage covers part of the other.
    Partial,
}

/// One link of the crosswalk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CrosswalkLink {
    /// One side.
    pub a: StageRef,
    /// The other side.
    pub b: StageRef,
    /// How closely they correspond.
    pub correspondence: Correspondence,
    /// Why they are linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Every link is the project's interpretation unless a source states the
    /// equivalence.
    #[serde(default = "authored")]
    pub basis: Basis,
}

fn authored() -> Basis {
    Basis::Authored
}

/// The correspondence between the frameworks' stages: an interpretation by the
/// project, not a published equivalence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Crosswalk {
    /// What the crosswalk is and is not.
    pub note: String,
    /// The links; each holds in both directions.
    pub links: Vec<CrosswalkLink>,
    /// Stages with no counterpart in some framework, and why.
    #[serde(default)]
    pub unmatched: Vec<Unmatched>,
}

/// A stage that has no counterpart in another framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unmatched {
    /// The stage.
    pub stage: StageRef,
    /// The framework it has no counterpart in.
    pub framework: String,
    /// Why.
    pub note: String,
}

/// A stage of another framework that corresponds to a given stage.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Counterpart {
    /// The corresponding stage.
    pub stage: StageRef,
    /// Its level in its framework.
    pub level: u32,
    /// How closely it corresponds.
    pub correspondence: Correspondence,
    /// The framework the link passes through when it is not direct.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

macro_rules! closed_set {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $key:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $key)] $variant ),+
        }

        impl $name {
            /// Every member, in the canonical order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable key (the serialised form).
            pub const fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// The member with this key.
            pub fn from_key(key: &str) -> Option<Self> {
                match key { $($key => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.key())
            }
        }
    };
}

closed_set! {
    /// A kind of intimacy (sources C and D).
    IntimacyKind {
        /// Closeness and trust; sharing the inner world.
        Emotional = "emotional",
        /// Touch, affection and closeness of the body.
        Physical = "physical",
        /// Meeting in ideas and conversation.
        Intellectual = "intellectual",
        /// Doing things together.
        Experiential = "experiential",
        /// Shared values, purpose and meaning.
        Spiritual = "spiritual",
    }
}

closed_set! {
    /// A characteristic of emotional intimacy (source C, which attributes the
    /// five to the Emotional Intimacy Scale; the project has not checked that
    /// attribution).
    CharacteristicKey {
        /// Knowing each other deeply.
        Knowledge = "knowledge",
        /// Open two-way effort.
        Mutuality = "mutuality",
        /// Confidence in the other's integrity and goodwill.
        Trust = "trust",
        /// Certainty and investment in the future.
        Commitment = "commitment",
        /// Affection and concern for the other.
        Caring = "caring",
    }
}

closed_set! {
    /// One of Chapman's five love languages.
    LoveLanguageKey {
        /// Words of affirmation.
        WordsOfAffirmation = "words-of-affirmation",
        /// Acts of service.
        ActsOfService = "acts-of-service",
        /// Receiving gifts.
        ReceivingGifts = "receiving-gifts",
        /// Quality time.
        QualityTime = "quality-time",
        /// Physical touch.
        PhysicalTouch = "physical-touch",
    }
}

/// A kind of intimacy and how it shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    /// Which kind.
    pub key: IntimacyKind,
    /// Display name.
    pub name: String,
    /// What it is.
    pub summary: String,
    /// Ways it is expressed.
    pub expressions: Vec<String>,
    /// What a reader should know about its standing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Sources.
    pub sources: Vec<String>,
}

/// A characteristic of emotional intimacy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Characteristic {
    /// Which characteristic.
    pub key: CharacteristicKey,
    /// Display name.
    pub name: String,
    /// What it means.
    pub summary: String,
    /// What the source adds about it (e.g. that it is a matter of degree).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Sources.
    pub sources: Vec<String>,
}

/// Where a barrier comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum BarrierGroup {
    /// Within a person or their history.
    Personal,
    /// Between the partners (habits, trust).
    Relational,
    /// From modern life (screens, distance, dating culture).
    Modern,
}

/// Something that stands in the way of intimacy, and what helps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Barrier {
    /// Stable key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Where it comes from.
    pub group: BarrierGroup,
    /// What it is.
    pub summary: String,
    /// What helps, in short.
    pub remedy: String,
    /// Sources.
    pub sources: Vec<String>,
}

/// Whether a sign is of healthy or unhealthy intimacy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Polarity {
    /// A sign of healthy intimacy.
    Healthy,
    /// A sign of unhealthy intimacy.
    Unhealthy,
}

/// A sign of healthy or unhealthy intimacy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sign {
    /// Stable key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Healthy or unhealthy.
    pub polarity: Polarity,
    /// What it is.
    pub summary: String,
    /// How it shows in daily life.
    pub indicators: Vec<String>,
    /// It can be a fear response (keeping the peace, avoiding hard talks) rather
    /// than a pattern of the person: never given as their pattern in safety mode.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub may_be_fear_response: bool,
    /// Sources.
    pub sources: Vec<String>,
}

/// A plain entry of the catalogue: a key, a name, a summary, sources.
///
/// Used for the fading warning signs, the reconnecting steps, the
/// seek-help criteria, myths and reflection prompts, and for a framework's
/// signs that closeness is missing ([`Framework::missing_signs`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Stable key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// What it is, in the project's own words.
    pub summary: String,
    /// Sources.
    pub sources: Vec<String>,
}

/// One of the five love languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoveLanguage {
    /// Which language.
    pub key: LoveLanguageKey,
    /// Display name.
    pub name: String,
    /// What it is.
    pub summary: String,
    /// Everyday examples.
    pub examples: Vec<String>,
    /// Sources.
    pub sources: Vec<String>,
}

/// Something a couple can do that helps intimacy grow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    /// Stable key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// What it is and why it helps.
    pub summary: String,
    /// How to do it, step by step.
    pub steps: Vec<String>,
    /// What it addresses: kinds, characteristics, barriers, signs, stages.
    pub addresses: Vec<Target>,
    /// Who it is for: done alone, as a couple, with a professional, or for safety.
    pub category: PracticeCategory,
    /// Done together with the partner. Never recommended in safety mode.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub together: bool,
    /// Involves physical affection or touch: recommended only to a respondent
    /// who answered the physical items (opted into their section).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub physical: bool,
    /// Sources.
    pub sources: Vec<String>,
}

/// Who a practice is for. Safety mode turns on this, not on a list of practices.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
#[non_exhaustive]
pub enum PracticeCategory {
    /// Something one person does for themselves.
    Individual,
    /// Something the partners do together.
    Couple,
    /// Help from a professional (a counsellor or therapist).
    Professional,
    /// Confidential support and safety planning.
    Safety,
}

impl Practice {
    /// Whether the practice may be suggested while a safety concern is
    /// raised: nothing done together with the partner, no couple practice.
    pub fn safe_in_safety_mode(&self) -> bool {
        !(self.together || self.category == PracticeCategory::Couple)
    }
}

impl PracticeCategory {
    /// The stable key.
    pub fn key(self) -> &'static str {
        self.into()
    }
}
