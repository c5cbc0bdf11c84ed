//! The command line's shape: subcommands and their arguments (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Score relationship-intimacy instruments from survey exports, and check
/// instrument files.
///
/// The content is a structured reflection tool, not a validated
/// psychometric instrument; research users bring validated instruments as
/// files (JSON or TOML).
#[derive(Debug, Parser)]
#[command(name = "intimacy", version, about, long_about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check instrument files (JSON or TOML): every problem with its path,
    /// one per line as `FILE: PATH: CODE: MESSAGE`; exit 1 if any is invalid.
    Validate(ValidateArgs),
    /// Score a survey export: one output row per respondent, the key columns
    /// first, then the scores (NaN written as an empty cell).
    Score(ScoreArgs),
    /// Internal consistency (Cronbach's alpha and its companions) of the
    /// instrument's scales, from a survey export.
    Reliability(ReliabilityArgs),
    /// Print the JSON Schema of the instrument format.
    Schema,
    /// List the staged frameworks and their stages.
    Frameworks(FrameworksArgs),
    /// Write an instrument as a SurveyJS survey definition (JSON).
    ToSurveyjs(ToSurveyjsArgs),
    /// Read a REDCap data dictionary as an instrument (JSON): its scale
    /// fields become items with their declared response scales; the scales
    /// (the scoring) are yours to add before scoring with it.
    RedcapDictionary(RedcapDictionaryArgs),
    /// Check translations: the messages each built-in locale lacks, and what
    /// an instrument's translations lack (inline, and side files given with
    /// --side); one line per locale; exit 1 if anything is missing.
    Translations(TranslationsArgs),
}

/// `intimacy translations`.
#[derive(Debug, Args)]
pub struct TranslationsArgs {
    /// Instruments whose translations to check: built-in names or files.
    #[arg(long = "instrument", value_name = "NAME_OR_FILE")]
    pub instruments: Vec<String>,
    /// Translation side files (JSON) to add to the instrument they name.
    #[arg(long = "side", value_name = "FILE")]
    pub sides: Vec<PathBuf>,
    /// Only these locales (default: every built-in locale and every locale
    /// an instrument has a translation for).
    #[arg(long = "locale", value_name = "TAG")]
    pub locales: Vec<String>,
    /// Translations of the library's messages (JSON, as `--template`
    /// writes them) to add, then check with the rest.
    #[arg(long = "messages", value_name = "FILE")]
    pub messages: Vec<PathBuf>,
    /// Instead of checking, write a template for each `--locale` into DIR:
    /// `messages.LOCALE.json` (the library's messages) and
    /// `INSTRUMENT.LOCALE.json` for each `--instrument` (a side file); each
    /// holds every key, with the locale's words so far and English where
    /// it has none.
    #[arg(long = "template", value_name = "DIR")]
    pub template: Option<PathBuf>,
}

/// `intimacy validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Instrument files: `.json` or `.toml` (other names are read as JSON
    /// when they start with `{`, else as TOML).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Print only the problems, not a line per valid file.
    #[arg(long, short)]
    pub quiet: bool,
}

/// The export formats `--from` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One header row of column names, one respondent per row.
    Csv,
    /// A Qualtrics CSV export (three header rows, or two in the legacy layout).
    Qualtrics,
    /// A REDCap raw data export (CSV; record id, event and instance are keys).
    Redcap,
    /// SurveyJS results: a `survey.data` object, an array of them, or a
    /// results store (JSON, read whole).
    Surveyjs,
    /// jsPsych data: `jsPsych.data.get().json()` or `.csv()` (read whole).
    Jspsych,
}

/// How an answer outside its item's declared scale is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Invalid {
    /// Stop with an error naming the line, the column and the value.
    Error,
    /// Score it as missing and list it in the `--problems` file.
    Missing,
}

/// Where the instrument and the answers come from (shared by `score` and
/// `reliability`).
#[derive(Debug, Args)]
pub struct InputArgs {
    /// A built-in instrument (`ras`, `csi-4`, `csi-16`, `levels-checkin`,
    /// ...) or an instrument file (JSON or TOML).
    #[arg(long, short = 'i', value_name = "ID|FILE")]
    pub instrument: String,
    /// Score one of the instrument's forms (e.g. `short`).
    #[arg(long, value_name = "FORM")]
    pub form: Option<String>,
    /// The input's format (default: csv; a `.json` input needs it named).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: Option<Format>,
    /// The column that identifies a respondent (default: Qualtrics
    /// `ResponseId`, REDCap's record id; a plain CSV numbers its rows).
    #[arg(long, value_name = "COLUMN")]
    pub id_column: Option<String>,
    /// Read options as JSON (column and value maps, missing codes,
    /// Qualtrics filters, jsPsych likert values): a file, or the JSON itself.
    #[arg(long, value_name = "FILE.json")]
    pub map: Option<String>,
    /// The export to read; `-` reads standard input.
    #[arg(value_name = "IN")]
    pub input: String,
}

/// `intimacy score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The instrument and the export.
    #[command(flatten)]
    pub input: InputArgs,
    /// Scoring options as JSON (`{"threshold": 70}`), or `@FILE`.
    #[arg(long, value_name = "JSON|@FILE")]
    pub options: Option<String>,
    /// Where to write the scores: `.csv`, `.json` (an array of objects),
    /// `.jsonl` (one object per line); `-` writes CSV to standard output.
    #[arg(long, short = 'o', value_name = "OUT")]
    pub output: String,
    /// An answer outside its item's declared scale (or a text with no entry
    /// in the value map) stops the run (`error`, the default) or is scored
    /// as missing and listed (`missing`, which needs `--problems`; the same
    /// as the read option `"invalid": "missing"` in `--map`).
    #[arg(long, value_enum, value_name = "POLICY")]
    pub invalid: Option<Invalid>,
    /// A CSV of the answers scored as missing under `--invalid missing`:
    /// the row's keys, line, column, item, value as written, code, message.
    #[arg(long, value_name = "FILE.csv")]
    pub problems: Option<PathBuf>,
    /// Write the import log (rows read, kept and excluded, column use) as JSON.
    #[arg(long, value_name = "FILE.json")]
    pub log: Option<PathBuf>,
    /// No progress bar and no summary on standard error.
    #[arg(long, short)]
    pub quiet: bool,
    /// Rows scored at a time (memory is bounded by a few chunks).
    #[arg(long, default_value_t = 65_536, hide = true)]
    pub chunk_rows: usize,
}

/// `intimacy reliability`.
#[derive(Debug, Args)]
pub struct ReliabilityArgs {
    /// The instrument and the export.
    #[command(flatten)]
    pub input: InputArgs,
    /// Only this scale (default: every scale).
    #[arg(long, value_name = "SCALE")]
    pub scale: Option<String>,
    /// Listwise deletion (only rows answering every item of the scale)
    /// instead of pairwise.
    #[arg(long)]
    pub listwise: bool,
    /// Print the full results as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `intimacy frameworks`.
#[derive(Debug, Args)]
pub struct FrameworksArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `intimacy to-surveyjs`.
#[derive(Debug, Args)]
pub struct ToSurveyjsArgs {
    /// A built-in instrument or an instrument file.
    #[arg(long, short = 'i', value_name = "ID|FILE")]
    pub instrument: String,
    /// One of the instrument's forms.
    #[arg(long, value_name = "FORM")]
    pub form: Option<String>,
}

/// `intimacy redcap-dictionary`.
#[derive(Debug, Args)]
pub struct RedcapDictionaryArgs {
    /// The data dictionary (CSV, as REDCap downloads it or its API exports it).
    #[arg(value_name = "DICTIONARY.csv")]
    pub dictionary: String,
    /// Options as JSON (`id`, `title`, `version`, `forms`, `skip_fields`),
    /// or `@FILE`.
    #[arg(long, value_name = "JSON|@FILE")]
    pub options: Option<String>,
    /// Where to write the instrument (default: standard output).
    #[arg(long, short = 'o', value_name = "OUT.json", default_value = "-")]
    pub output: String,
    /// No summary on standard error.
    #[arg(long, short)]
    pub quiet: bool,
}
