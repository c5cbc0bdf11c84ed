//! How every entry point reads its options (the [`Request`] trait), and
//! why answers or options could not be used ([`ScoreError`]): below the
//! instrument format, which reads its keys options the same way.

use serde::Deserialize;

use crate::error::Location;

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
            let message = crate::request::clean_serde_message(&e.inner().to_string());
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
            message: crate::request::clean_serde_message(&e.to_string()),
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

/// serde_json appends " at line L column C": we report those separately.
pub(crate) fn clean_serde_message(m: &str) -> String {
    match m.rfind(" at line ") {
        Some(i) => m[..i].to_owned(),
        None => m.to_owned(),
    }
}
