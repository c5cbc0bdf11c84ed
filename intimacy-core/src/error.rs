//! Errors of loading and validating instruments.

use serde::{Deserialize, Serialize};

/// What kind of defect a [`Problem`] is. Stable strings for fixtures and
/// bindings (`"duplicate-id"`, `"unknown-reference"`, ...).
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
pub enum ProblemCode {
    /// The text is not well-formed JSON/TOML, a value has the wrong type or
    /// a field is unknown.
    Syntax,
    /// A required field is missing; the path names the field.
    MissingField,
    /// Two things that must have distinct ids share one.
    DuplicateId,
    /// A reference names an item, scale, response scale, section or form that does not exist.
    UnknownReference,
    /// A target names a framework, stage, sign, barrier, fading sign or criterion that does not exist.
    UnknownTarget,
    /// A response scale's bounds are not finite or its minimum is not below its maximum.
    InvalidBounds,
    /// A number is NaN, infinite, negative or zero where that is not allowed.
    InvalidNumber,
    /// A scale lists no items, or an instrument has no items.
    Empty,
    /// An item is reversed but has no response scale to reverse within.
    ReverseWithoutBounds,
    /// A cut-off lies outside the range of scores its scale can take.
    CutoffOutOfRange,
    /// Bands overlap or are given in the wrong order.
    InvalidBands,
    /// A minimum-answered rule asks for more items than the scale has, or a fraction outside 0–1.
    InvalidMinimum,
    /// An id is empty or uses characters other than letters, digits, `-`, `_` and `.`.
    InvalidId,
    /// A label's value is not one of its scale's values.
    InvalidLabel,
    /// An alert raises a flag outside the safety family, has no range, or a
    /// range no answer can reach; or a report rule names a value no answer can take.
    InvalidRule,
    /// Beyond a documented limit (text size, string length, number of items).
    TooLarge,
    /// A published fact lacks the sources its status needs (a primary source
    /// for `verified`, two for `secondary`), or the instrument's status
    /// claims more than its facts.
    FactSource,
    /// A published fact disagrees with the key (its items, ranges, reversed
    /// items, subscales, scoring or cut-off), or lacks a field its kind needs.
    FactMismatch,
    /// A name or value only the library itself may use: the locale `en` or
    /// the pseudo-locale, the review status `source` or `pseudo`.
    Reserved,
    /// A translated message's `{placeholders}` differ from the English
    /// message's (the library fills them: one dropped would drop a value).
    Placeholder,
    /// A translation side file is of another instrument or another version
    /// of it.
    OtherInstrument,
}

impl ProblemCode {
    /// The stable string form (the serialised one).
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl std::fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One defect of an instrument: where it is, what kind, and a plain message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Problem {
    /// Where, as a path into the instrument: `items[3].reverse`, `scales[0].items[2]`.
    /// Empty for the document as a whole.
    pub path: String,
    /// What kind of defect.
    pub code: ProblemCode,
    /// What is wrong, for a person to read.
    pub message: String,
}

impl Problem {
    pub(crate) fn new(
        path: impl Into<String>,
        code: ProblemCode,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            path: path.into(),
            code,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{} [{}]", self.message, self.code)
        } else {
            write!(f, "{}: {} [{}]", self.path, self.message, self.code)
        }
    }
}

fn at(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(" (line {l}, column {c})"),
        (Some(l), None) => format!(" (line {l})"),
        _ => String::new(),
    }
}

pub(crate) fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("\n  - {p}"))
        .collect::<String>()
}

/// Why an instrument could not be loaded or built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum InstrumentError {
    /// The text could not be read as an instrument (syntax, types, unknown fields).
    #[error("could not read the instrument {format}{}: {problem}", at(*line, *column))]
    Parse {
        /// `"JSON"` or `"TOML"`.
        format: &'static str,
        /// The problem, with its path when known.
        problem: Problem,
        /// 1-based line of the problem, when the parser knows it.
        line: Option<usize>,
        /// 1-based column of the problem, when the parser knows it.
        column: Option<usize>,
    },
    /// The instrument was read but is not valid: every problem found.
    #[error("the instrument is not valid ({} problem{}):{}", problems.len(), if problems.len() == 1 { "" } else { "s" }, list(problems))]
    Invalid {
        /// Every problem, in document order.
        problems: Vec<Problem>,
    },
    /// No built-in instrument has this name.
    #[error("no built-in instrument named {name:?}; available: {}", available.join(", "))]
    UnknownBuiltin {
        /// The name asked for.
        name: String,
        /// The names there are.
        available: Vec<String>,
    },
    /// The instrument has no form with this id.
    #[error("instrument {instrument:?} has no form {form:?}; forms: {}", available.join(", "))]
    UnknownForm {
        /// The instrument's id.
        instrument: String,
        /// The form asked for.
        form: String,
        /// The forms it has.
        available: Vec<String>,
    },
}

/// Where an error lies in the input: whichever of a path (of an option or
/// an instrument field), a row, a column, an item and a value apply. Every
/// error of the library gives one with `location()`, so each binding turns
/// errors into its own exceptions in one place.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Location {
    /// The option or instrument field, as a path (`min_answered`,
    /// `items[3].reverse`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The 0-based row of a block.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// The 0-based column of a block.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// The item concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The value concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// The 1-based line of a text input (a CSV export).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The input column by its name (a CSV header, a question name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column_name: Option<String>,
    /// The value as written in a text input, when it is not a number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl InstrumentError {
    /// Where: the path of the first problem (every problem has its own path).
    pub fn location(&self) -> Location {
        Location {
            path: self.problems().into_iter().next().map(|p| p.path),
            ..Location::default()
        }
    }

    /// Every problem this error carries, each with its path and code
    /// (one for a parse error, none for an unknown name).
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            InstrumentError::Parse { problem, .. } => vec![problem.clone()],
            InstrumentError::Invalid { problems } => problems.clone(),
            InstrumentError::UnknownBuiltin { .. } | InstrumentError::UnknownForm { .. } => {
                Vec::new()
            }
        }
    }

    /// A stable short code for the variant: `"parse"`, `"invalid"`, `"unknown-builtin"`, `"unknown-form"`.
    pub fn code(&self) -> &'static str {
        match self {
            InstrumentError::Parse { .. } => "parse",
            InstrumentError::Invalid { .. } => "invalid",
            InstrumentError::UnknownBuiltin { .. } => "unknown-builtin",
            InstrumentError::UnknownForm { .. } => "unknown-form",
        }
    }
}

/// What every error of the library tells a binding, so each binding turns
/// any of them into its own exception in one place: the class it is raised
/// as (the same name in Python and JavaScript), a stable code, where it
/// lies, and (for an instrument) every problem.
pub trait LibraryError: std::error::Error + Send + Sync + 'static {
    /// The exception class: `InstrumentError`, `OptionsError`,
    /// `ResponseError`, `ReadError`, `ReliabilityError`, `ChangeError`, `CoupleError`, `SessionError`, `MessagesError`,
    /// `OutOfMemoryError` or `ArgumentError`.
    fn class(&self) -> &'static str;
    /// A stable short code, e.g. `"invalid-option"`.
    fn code(&self) -> &'static str;
    /// Where it lies.
    fn location(&self) -> Location;
    /// The problems of an instrument (empty for other errors).
    fn problems(&self) -> Vec<Problem> {
        Vec::new()
    }
}

macro_rules! library_error {
    ($($ty:ty => |$e:ident| $class:expr;)*) => {
        $(impl LibraryError for $ty {
            fn class(&self) -> &'static str {
                let $e = self;
                $class
            }
            fn code(&self) -> &'static str {
                <$ty>::code(self)
            }
            fn location(&self) -> Location {
                <$ty>::location(self)
            }
        })*
    };
}

library_error! {
    crate::ScoreError => |e| match e {
        crate::ScoreError::InvalidOption { .. } | crate::ScoreError::UnknownSection { .. } => {
            "OptionsError"
        }
        crate::ScoreError::OutOfMemory { .. } => "OutOfMemoryError",
        _ => "ResponseError",
    };
    crate::ReliabilityError => |_e| "ReliabilityError";
    crate::OmegaError => |e| match e {
        crate::OmegaError::NoFactors => "ArgumentError",
        _ => "ReliabilityError",
    };
    crate::ChangeError => |_e| "ChangeError";
    crate::CoupleError => |_e| "CoupleError";
}

impl LibraryError for crate::SessionError {
    fn class(&self) -> &'static str {
        crate::SessionError::class(self)
    }
    fn code(&self) -> &'static str {
        crate::SessionError::code(self)
    }
    fn location(&self) -> Location {
        crate::SessionError::location(self)
    }
}

impl LibraryError for crate::MessagesError {
    fn class(&self) -> &'static str {
        "MessagesError"
    }
    fn code(&self) -> &'static str {
        "invalid-messages"
    }
    fn location(&self) -> Location {
        Location {
            path: self.problems.first().map(|p| p.path.clone()),
            ..Location::default()
        }
    }
    fn problems(&self) -> Vec<Problem> {
        self.problems.clone()
    }
}

impl LibraryError for InstrumentError {
    fn class(&self) -> &'static str {
        "InstrumentError"
    }
    fn code(&self) -> &'static str {
        InstrumentError::code(self)
    }
    fn location(&self) -> Location {
        InstrumentError::location(self)
    }
    fn problems(&self) -> Vec<Problem> {
        InstrumentError::problems(self)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod key_tests {
    use strum::IntoEnumIterator;

    /// Every enum whose key comes from strum names each member as serde
    /// writes it, so the two derives cannot drift apart.
    fn same_as_serde<T: IntoEnumIterator + serde::Serialize>(key: impl Fn(&T) -> &'static str) {
        let mut n = 0;
        for v in T::iter() {
            assert_eq!(serde_json::to_value(&v).unwrap(), key(&v));
            n += 1;
        }
        assert!(n > 1);
    }

    #[test]
    fn keys_are_the_serialised_names() {
        same_as_serde::<super::ProblemCode>(|v| v.as_str());
        same_as_serde::<crate::Deletion>(|v| v.as_str());
        same_as_serde::<crate::PracticeCategory>(|v| v.key());
        same_as_serde::<crate::FlagKind>(|v| v.key());
        same_as_serde::<crate::Severity>(|v| v.key());
    }
}
