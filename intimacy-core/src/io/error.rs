//! The one error of every adapter: what went wrong and where, as a compiler
//! would say it (line, column, the value as written).

use serde::Serialize;

use crate::error::Location;

/// What kind of problem stopped an import. Stable strings for fixtures and
/// bindings (`"invalid-value"`, `"missing-column"`, ...).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, strum::IntoStaticStr, strum::EnumIter,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
#[non_exhaustive]
pub enum ReadProblem {
    /// The text is not well-formed CSV or JSON, or not valid UTF-8.
    Syntax,
    /// The input does not have the layout of the format asked for (no
    /// Qualtrics header rows, no REDCap record id, ...).
    Layout,
    /// An item (or the id column) has no column in the input.
    MissingColumn,
    /// Two columns of the input map to the same item, or share a name.
    DuplicateColumn,
    /// A row has more or fewer cells than the header.
    RowLength,
    /// After mapping, a value is not allowed by its item's declared
    /// response scale (outside the bounds, off the steps).
    InvalidValue,
    /// A text value with no entry in the value map.
    UnmappedValue,
    /// A row has no id.
    MissingId,
    /// An option of the adapter is unknown or has a bad value.
    InvalidOption,
    /// Beyond a documented limit.
    TooLarge,
}

impl ReadProblem {
    /// The stable string form (the serialised one).
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Why an export could not be read ([`ReadError::at`] says where).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}{message}", prefix(&self.at))]
pub struct ReadError {
    /// What kind of problem.
    pub code: ReadProblem,
    /// What is wrong, and what was expected.
    pub message: String,
    /// Where it lies.
    pub at: Box<ReadAt>,
}

/// Where a [`ReadError`] lies: the 0-based respondent row, the 1-based line
/// of the text, the column (by position and by name), the item and the value
/// as written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReadAt {
    /// The respondent row (0-based, among the rows read).
    pub row: Option<usize>,
    /// The line of the text (1-based; for JSON, the 0-based record).
    pub line: Option<u64>,
    /// The column's 0-based position in the input.
    pub column: Option<usize>,
    /// The column's name in the input.
    pub column_name: Option<String>,
    /// The item concerned.
    pub item: Option<String>,
    /// The value as written in the input.
    pub text: Option<String>,
    /// The option concerned, for `invalid-option`.
    pub option: Option<String>,
}

fn prefix(e: &ReadAt) -> String {
    let mut p = String::new();
    if let Some(l) = e.line {
        p.push_str(&format!("line {l}"));
    }
    if let Some(c) = &e.column_name {
        if !p.is_empty() {
            p.push_str(", ");
        }
        p.push_str(&format!("column {c:?}"));
    }
    if !p.is_empty() {
        p.push_str(": ");
    }
    p
}

impl ReadError {
    /// An error of `code` with `message` and no location yet.
    pub fn new(code: ReadProblem, message: impl Into<String>) -> Self {
        ReadError {
            code,
            message: message.into(),
            at: Box::default(),
        }
    }

    /// The stable code, e.g. `"invalid-value"`.
    pub fn code(&self) -> &'static str {
        self.code.as_str()
    }

    /// At this row and line.
    #[must_use]
    pub fn at_row(mut self, row: usize, line: u64) -> Self {
        self.at.row = Some(row);
        self.at.line = Some(line);
        self
    }

    /// At this line.
    #[must_use]
    pub fn at_line(mut self, line: u64) -> Self {
        self.at.line = Some(line);
        self
    }

    /// In this column (position and name).
    #[must_use]
    pub fn in_column(mut self, column: usize, name: impl Into<String>) -> Self {
        self.at.column = Some(column);
        self.at.column_name = Some(name.into());
        self
    }

    /// About this item.
    #[must_use]
    pub fn for_item(mut self, item: impl Into<String>) -> Self {
        self.at.item = Some(item.into());
        self
    }

    /// With this value as written.
    #[must_use]
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.at.text = Some(text.into());
        self
    }

    /// About this option.
    #[must_use]
    pub fn for_option(mut self, option: impl Into<String>) -> Self {
        self.at.option = Some(option.into());
        self
    }

    /// Where: every field that applies.
    pub fn location(&self) -> Location {
        let at = &*self.at;
        Location {
            path: at.option.clone(),
            row: at.row,
            column: at.column,
            item: at.item.clone(),
            value: None,
            line: at.line,
            column_name: at.column_name.clone(),
            text: at.text.clone(),
        }
    }
}

impl crate::error::LibraryError for ReadError {
    fn class(&self) -> &'static str {
        "ReadError"
    }
    fn code(&self) -> &'static str {
        ReadError::code(self)
    }
    fn location(&self) -> Location {
        ReadError::location(self)
    }
}
