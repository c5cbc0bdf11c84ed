//! Survey data in and out: the adapters between the exports of survey tools
//! (Qualtrics, REDCap, SurveyJS, jsPsych, any CSV with a column map) and the
//! library's answers.
//!
//! Every adapter is a pure function over text or bytes (the library does no
//! I/O): it gives [`Rows`] of answers, one row per respondent with the
//! instrument's items as columns, and an [`ImportLog`] of what it did (which
//! column became which item, which rows a filter left out and why, which
//! answers it dropped). After mapping, every answer is checked against its
//! item's declared response scale: a value outside it (0-based codes, text
//! with no entry in the value map) is a [`ReadError`] naming the row, the
//! line, the column and the value, so an export never shifts a score
//! silently.
//!
//! Large files stream: [`CsvRows`] takes one CSV record at a time (the
//! caller reads the file) and fills [`Rows`] in chunks that
//! [`crate::Scorer::score_batch_into`] scores with bounded memory.

mod answer;
mod csv_rows;
mod error;
mod jspsych;
mod options;
mod qualtrics;
mod redcap_dictionary;
mod surveyjs;

pub use csv_rows::{CsvFormat, CsvRows, read_csv};
pub use error::{ReadAt, ReadError, ReadProblem};
pub use jspsych::read_jspsych;
pub use options::{InvalidAnswers, MissingColumns, OptionPositions, ReadOptions};
pub use redcap_dictionary::{
    RedcapDictionaryOptions, instrument_from_redcap_dictionary,
    instrument_from_redcap_dictionary_with_log,
};
pub use surveyjs::{from_surveyjs, to_surveyjs};

use serde::{Deserialize, Serialize};

use crate::instrument::Instrument;

/// Respondents' answers read from an export: one row per respondent, the
/// instrument's items as columns (all of them, in the instrument's order; NaN
/// where unanswered), and the key columns that identify each row.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Rows {
    /// Names of the key columns (the respondent id first; REDCap adds the
    /// event, the repeating instrument and the instance).
    pub key_names: Vec<String>,
    /// The keys, row-major: `rows × key_names.len()` strings.
    pub keys: Vec<String>,
    /// The instrument's item ids: the columns of `values`.
    pub items: Vec<String>,
    /// The answers, row-major: `rows × items.len()`; NaN is unanswered.
    pub values: Vec<f64>,
    /// Per row, the opt-in sections the respondent chose to enter (from a
    /// gate question, as in SurveyJS); `None` where the source has no gates
    /// (a section then counts as entered when any of its items is answered).
    pub opted_in: Vec<Option<Vec<String>>>,
    /// The 1-based line (or, for JSON, the 0-based record) each row came from.
    pub lines: Vec<u64>,
}

impl Rows {
    /// Empty rows for `instrument`, identified by `key_names`.
    pub fn new(instrument: &Instrument, key_names: Vec<String>) -> Self {
        Rows {
            key_names,
            items: instrument.items.iter().map(|i| i.id.clone()).collect(),
            ..Rows::default()
        }
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Row `r`'s answers, in item order.
    pub fn row(&self, r: usize) -> &[f64] {
        let n = self.items.len();
        &self.values[r * n..(r + 1) * n]
    }

    /// Row `r`'s keys.
    pub fn key(&self, r: usize) -> &[String] {
        let n = self.key_names.len();
        &self.keys[r * n..(r + 1) * n]
    }

    /// Row `r` as one respondent's answers (unanswered items left out), for
    /// [`crate::score`].
    pub fn responses(&self, r: usize) -> crate::Responses {
        let mut answers = crate::OrderedMap::new();
        for (item, &x) in self.items.iter().zip(self.row(r)) {
            if !x.is_nan() {
                answers.push(item.clone(), Some(x));
            }
        }
        crate::Responses { answers }
    }

    /// Empty the rows, keeping their columns and their memory (for the next
    /// chunk of a stream).
    pub fn clear(&mut self) {
        self.keys.clear();
        self.values.clear();
        self.opted_in.clear();
        self.lines.clear();
    }
}

/// Which input column became which item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ColumnUse {
    /// The column's name in the input.
    pub column: String,
    /// The item it holds.
    pub item: String,
    /// How many of its cells a value map turned from text into a code.
    pub recoded: u64,
}

/// A row that an option left out (`Finished`, `Status`, ...): never silent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ExcludedRow {
    /// The row's 1-based line (or 0-based record in JSON).
    pub line: u64,
    /// Its id, when it has one.
    pub id: Option<String>,
    /// Why it was left out.
    pub reason: String,
}

/// An answer the adapter did not carry over, and why (an answer to a
/// question the survey hid, a `_complete` column, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DroppedAnswer {
    /// The row it was in (0-based, among the rows kept).
    pub row: usize,
    /// The item or question name.
    pub item: String,
    /// Why it was dropped.
    pub reason: String,
}

/// An answer refused by its item's declared scale or the value map and,
/// under the option `invalid = "missing"`, scored as unanswered: where it
/// was, what it was, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RefusedAnswer {
    /// The respondent's row (0-based, among the rows kept).
    pub row: usize,
    /// The row's 1-based line (or 0-based record in JSON).
    pub line: u64,
    /// The input column or question name that held it.
    pub column: String,
    /// The item.
    pub item: String,
    /// The value as written.
    pub text: String,
    /// The code the error would have had (`invalid-value`, `unmapped-value`).
    pub code: String,
    /// Why it was refused.
    pub message: String,
}

impl RefusedAnswer {
    /// The refusal recorded by `err`, when it is about one answer's value
    /// (an error naming an item, a column and the value as written).
    pub(crate) fn of(err: &ReadError, row: usize) -> Option<Self> {
        if !matches!(
            err.code,
            ReadProblem::InvalidValue | ReadProblem::UnmappedValue
        ) || err.at.option.is_some()
        {
            return None;
        }
        let at = &*err.at;
        Some(RefusedAnswer {
            row,
            line: at.line.unwrap_or(0),
            column: at.column_name.clone()?,
            item: at.item.clone()?,
            text: at.text.clone()?,
            code: err.code().to_owned(),
            message: err.message.clone(),
        })
    }
}

/// Keep `err` as a refused answer in `log` when the options say so (and it
/// is about one answer's value); otherwise it stays an error.
pub(crate) fn refuse(
    options: &ReadOptions,
    log: &mut ImportLog,
    err: ReadError,
    row: usize,
) -> Result<(), ReadError> {
    if options.invalid != InvalidAnswers::Missing {
        return Err(err);
    }
    match RefusedAnswer::of(&err, row) {
        Some(r) => {
            log.refused.push(r);
            Ok(())
        }
        None => Err(err),
    }
}

/// What an adapter did: the record that comes with every import.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImportLog {
    /// The format read: `qualtrics`, `qualtrics-legacy`, `redcap`,
    /// `surveyjs`, `jspsych`, `csv`.
    pub format: String,
    /// Respondent rows read (before any filter).
    pub rows_read: u64,
    /// Rows kept.
    pub rows_kept: u64,
    /// Rows an option left out, each with its reason.
    pub excluded: Vec<ExcludedRow>,
    /// Which column became which item.
    pub columns: Vec<ColumnUse>,
    /// Input columns that are not items (metadata, other questions).
    pub ignored_columns: Vec<String>,
    /// Items with no column in the input (unanswered in every row).
    pub items_without_column: Vec<String>,
    /// Answers not carried over, and why.
    pub dropped: Vec<DroppedAnswer>,
    /// Answers refused and scored as unanswered (option `invalid =
    /// "missing"`), each with where it was and why.
    #[serde(default)]
    pub refused: Vec<RefusedAnswer>,
    /// Anything else worth knowing (the header layout found, ...).
    pub notes: Vec<String>,
}

/// An import: the rows and the record of what was done.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Imported {
    /// The answers.
    pub rows: Rows,
    /// What the adapter did.
    pub log: ImportLog,
}
