//! The options every adapter reads: plain data, the same in every language
//! (camelCase spellings accepted for JavaScript).

use serde::{Deserialize, Serialize};

use crate::ordered::OrderedMap;

/// What an item without a column in the input means.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum MissingColumns {
    /// An error naming the item (the default: a renamed column is found at once).
    #[default]
    Error,
    /// Unanswered in every row (a short form, a survey that left items out).
    Missing,
}

/// What an answer outside its item's declared scale (or text with no entry
/// in the value map) means.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum InvalidAnswers {
    /// An error naming the row, the line, the column and the value (the
    /// default: 0-based codes or unmapped text stop the import).
    #[default]
    Error,
    /// Unanswered, and listed in the log's `refused` with where it was and
    /// why: the respondent is kept and the answer is never scored, nor
    /// dropped silently.
    Missing,
}

/// How an export that holds option positions, not values, counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OptionPositions {
    /// 1 is the option printed first (Qualtrics' and most tools' default
    /// coding).
    FromOne,
    /// 0 is the option printed first.
    FromZero,
}

/// Options of the adapters. Each adapter reads the ones that apply to it and
/// refuses none of the others, so one options object serves a project.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReadOptions {
    /// The column that identifies a respondent. Defaults: Qualtrics
    /// `ResponseId` (legacy `ResponseID`), REDCap the dictionary's first
    /// field (the record id) or the export's first column, jsPsych
    /// `participant` when present; a plain CSV numbers its rows from 1.
    #[serde(alias = "idColumn")]
    pub id_column: Option<String>,
    /// Item id → the input column (or question name) that holds it. An item
    /// not listed is looked for under its own id.
    pub columns: OrderedMap<String>,
    /// Text → code for every column (choice-text exports, Google Forms).
    pub values: OrderedMap<f64>,
    /// Item id → (text → code), for items whose texts differ from the rest.
    #[serde(alias = "itemValues")]
    pub item_values: OrderedMap<OrderedMap<f64>>,
    /// Texts that mean unanswered, besides the empty cell (`"-99"`, `"NA"`).
    #[serde(alias = "missingValues")]
    pub missing_values: Vec<String>,
    /// What an item with no column means (an error by default).
    #[serde(alias = "missingColumns")]
    pub missing_columns: MissingColumns,
    /// Qualtrics: keep only finished responses (`Finished` = 1 or True);
    /// the others are listed in the log with their reason.
    #[serde(alias = "finishedOnly")]
    pub finished_only: bool,
    /// Qualtrics: keep only rows whose `Status` is one of these (numeric
    /// codes or their texts, e.g. `["0", "IP Address"]`); the others are
    /// listed in the log with their reason.
    #[serde(alias = "keepStatus")]
    pub keep_status: Option<Vec<String>>,
    /// jsPsych `survey-likert`: the value of each label position (0-based
    /// index → value) for every item, stated explicitly, never guessed.
    #[serde(alias = "likertValues")]
    pub likert_values: Option<Vec<f64>>,
    /// jsPsych `survey-likert`: item id → the value of each label position.
    #[serde(alias = "itemLikertValues")]
    pub item_likert_values: OrderedMap<Vec<f64>>,
    /// jsPsych `survey-likert`: label position `i` is the `i`-th allowed
    /// value of the item's own declared response scale (asked for, not
    /// assumed).
    #[serde(alias = "likertDeclared")]
    pub likert_declared: bool,
    /// What a refused answer means: an error (the default), or unanswered
    /// and listed in the log's `refused`. Only answers' values are
    /// concerned; a malformed file, a missing id or column is always an
    /// error.
    pub invalid: InvalidAnswers,
    /// CSV, Qualtrics and REDCap: the cells (after the value map) hold the
    /// position of the chosen option as the form prints it, not its value;
    /// each is mapped through its item's printed order (the response
    /// scale's `printed`, else lowest value first). A position beyond the
    /// item's options is refused like any invalid value. Absent: the cells
    /// hold values.
    #[serde(default, alias = "optionPositions")]
    pub option_positions: Option<OptionPositions>,
}

impl ReadOptions {
    /// Options from JSON (unknown options are errors, with their path).
    pub fn from_json(text: &str) -> Result<Self, crate::ScoreError> {
        <Self as crate::request::Request>::read_json(text)
    }
}

impl crate::request::Request for ReadOptions {}
