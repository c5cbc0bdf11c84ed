//! # intimacy-core
//!
//! The staged frameworks of relationship intimacy as typed data, the
//! catalogue around them (kinds, characteristics, barriers, signs, practices,
//! love languages), and the instrument format the scoring builds on.
//!
//! The content is a **structured reflection tool** drawn from public articles,
//! not a validated psychometric instrument; research users bring validated
//! instruments through [`Instrument`]. The library does no I/O of its own.
//!
//! ```
//! let seven = &intimacy_core::frameworks()[0];
//! assert_eq!(seven.key, "seven-levels");
//! assert_eq!(seven.stages.len(), 7);
//!
//! let checkin = intimacy_core::Instrument::builtin("levels-checkin").unwrap();
//! assert!(checkin.items.len() >= 21);
//! ```
#![deny(missing_docs)]
#![warn(clippy::unwrap_used)]

mod block;
mod catalogue;
mod change;
mod chart;
mod dyad;
mod error;
mod examples;
mod instrument;
#[cfg(feature = "io")]
pub mod io;
mod messages;
pub mod model;
pub mod naming;
mod numeric;
mod options;
mod ordered;
pub mod psychometrics;
pub mod registry;
mod report;
mod request;
mod score;
mod session;

pub use block::{BlockOptions, BlockRequest};
pub use catalogue::{Catalogue, catalogue, framework, frameworks};
pub use change::{
    ChangeClass, ChangeError, ChangeOptions, ChangeReport, ReliableChange, ReliableDifference,
    ScaleChange, ScaleNorm, change, reliable_change, reliable_change_by_difference,
    reliable_change_with, standard_error_of_measurement,
};
pub use chart::{Chart, attachment_svg, knapp_svg, radar_svg, staircase_svg, triangle_svg};
pub use dyad::{
    Ahead, BelowCutoff, CoupleError, CoupleReport, DyadicAgreement, ModelPair, PartDifference,
    PlacementPair, ScalePair, couple, dyadic_agreement,
};
pub use error::{InstrumentError, LibraryError, Location, Problem, ProblemCode};
pub use examples::{ExampleRespondent, example_respondents};
pub use instrument::facts::{
    FactKind, FactSource, FactStatus, ItemListing, KeyFact, KeyStatus, MAX_FACTS,
};
pub use instrument::{
    Aggregation, Alert, Band, Cutoff, EarlyRelationship, Form, Instrument, Item, KeysOptions,
    MAX_BOUND, MAX_ID_BYTES, MAX_INSTRUMENT_BYTES, MAX_INSTRUMENT_ITEMS, MAX_JSON_DEPTH,
    MAX_TEXT_BYTES, MAX_WEIGHT, MinAnswered, ReportRules, ResponseScale, Scale, ScaleLabel,
    ScoreBasis, Section, Translation, TranslationFile, Verification, VerificationStatus,
    builtin_instruments,
};
pub use messages::{
    LocaleInfo, MessagesError, MessagesFile, PSEUDO_LOCALE, ReviewStatus, add_messages,
    checkin_texts, locale_info, locales, messages_file, missing_messages, pseudo,
};
pub use model::Target;
pub use model::{Framework, IntimacyKind, PracticeCategory, Stage, StageRef};
pub use options::{CutMethod, ModelRule};
pub use ordered::OrderedMap;
pub use psychometrics::{
    Deletion, DroppedStats, Frequencies, ItemRef, ItemStats, Omega, OmegaError, OmegaHierarchical,
    OmegaOptions, Reliability, ReliabilityError, ReliabilityOptions, omega, omega_hierarchical,
    reliability, scale_reliability, scale_reliability_deletion, scale_reliability_options,
};
#[cfg(feature = "published-keys")]
pub use registry::ios_svg;
pub use registry::{RegistryEntry, registry};
pub use report::{
    AnswerProblem, AreaScore, Evidence, FadingSummary, Flag, FlagKind, Helpline, LoveLanguageScore,
    LoveLanguages, ModelReading, PartScore, Placement, Provenance, Reason, Recommendation, Report,
    Resources, ScaleScore, ScoreStatus, Severity, StageAttainment, StageReading, TypeReading,
};
pub use score::{
    Answer, BatchScores, Block, BlockData, CellProblem, CellProblems, DERIVED_MODELS, FlagColumn,
    FlagRules, InvalidPolicy, Layout, MAX_COLUMNS, MissingPolicy, PRIVATE_FLAG_COLUMNS,
    PlacementColumn, Request, Responses, ScaleColumn, ScoreError, ScoreOptions, Scorer,
    ScorerCache, answered_frame_name, builtin_private_frame_columns, match_columns, model_cuts,
    private_frame_columns, score, score_batch,
};
pub use session::{
    Acknowledged, Progress, SESSION_FORMAT, Session, SessionError, SessionState, Step, StepKind,
    StepOption,
};

// The README's Rust examples are compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

/// The library's version, as carried in reports.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
