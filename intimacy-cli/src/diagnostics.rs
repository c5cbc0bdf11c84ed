//! What the command line says when something is wrong: one failure type,
//! and the core's errors written the way a compiler writes them
//! (`IN:LINE:COLUMN: error[code]: message`, then where and what).

use std::fmt::Write as _;
use std::path::Path;

use intimacy_core::io::ReadError;
use intimacy_core::{InstrumentError, LibraryError, Problem};

/// Why a command stopped: the text for standard error (without the final
/// newline) and the exit code.
#[derive(Debug)]
pub struct Failure {
    /// What to print.
    pub message: String,
    /// The process's exit code.
    pub exit: u8,
}

impl Failure {
    /// A failure of the input or the environment (exit 1).
    pub fn new(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            exit: 1,
        }
    }

    /// A file that could not be read or written. A closed pipe (`intimacy
    /// score ... -o - | head`) stops quietly, with the exit code of a
    /// process ended by SIGPIPE.
    pub fn io(what: &str, path: &str, e: &std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Failure {
                message: String::new(),
                exit: 141,
            };
        }
        Failure::new(format!("{path}: error: cannot {what}: {e}"))
    }
}

/// Print `text` and a newline on standard output (a closed pipe is a quiet
/// stop, not a panic).
pub fn print(text: &str) -> Result<(), Failure> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush())
        .map_err(|e| Failure::io("write", "<stdout>", &e))
}

/// How a reader counts the places it names: a CSV's 1-based lines, or a
/// JSON document's 0-based records (its syntax errors give text lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Places {
    /// Lines of text and columns of a header.
    Lines,
    /// Records of a JSON document.
    Records,
}

/// A [`ReadError`] of the input `source` as a compiler would say it:
/// `IN:LINE:COLUMN: error[code]: message`, then the column by name, the
/// item and the value as written, and what to do when a value is refused.
pub fn read_error(source: &str, e: &ReadError, places: Places) -> Failure {
    let at = &*e.at;
    let mut head = source.to_owned();
    let by_line = places == Places::Lines || e.code() == "syntax";
    match (at.line, at.column) {
        (Some(line), Some(column)) if by_line => {
            let _ = write!(head, ":{line}:{}", column + 1);
        }
        (Some(line), None) if by_line => {
            let _ = write!(head, ":{line}");
        }
        (Some(record), _) => {
            let _ = write!(head, ": record {record}");
        }
        (None, _) => {}
    }
    let mut out = format!("{head}: error[{}]: {}", e.code(), e.message);
    let mut notes = Vec::new();
    if let Some(name) = &at.column_name {
        notes.push(format!("column {name:?}"));
    }
    if let Some(item) = at
        .item
        .as_ref()
        .filter(|i| Some(*i) != at.column_name.as_ref())
    {
        notes.push(format!("item {item:?}"));
    }
    if let Some(row) = at.row {
        notes.push(format!("respondent row {row} (0-based)"));
    }
    if let Some(text) = &at.text {
        notes.push(format!("value as written {text:?}"));
    }
    if let Some(option) = &at.option {
        notes.push(format!("option {option}"));
    }
    if !notes.is_empty() {
        let _ = write!(out, "\n  --> {}", notes.join(", "));
    }
    Failure::new(out)
}

/// What to do about an answer a reader refused, after its message.
pub fn refused_answer_help(failure: &mut Failure, e: &ReadError) {
    if !matches!(e.code(), "invalid-value" | "unmapped-value") || e.at.item.is_none() {
        return;
    }
    failure.message.push_str(
        "\n  = help: a code that means \"not answered\" goes in the read options' \
         missing_values (--map); text answers need a value map (values, item_values); \
         --invalid missing --problems FILE.csv scores such answers as missing and lists them",
    );
}

/// Any other error of the library (scoring, options), with its stable code
/// and whatever its location says.
pub fn library_error(source: &str, e: &dyn LibraryError) -> Failure {
    let loc = e.location();
    let mut out = format!("{source}: error[{}]: {e}", e.code());
    let mut notes = Vec::new();
    if let Some(path) = &loc.path {
        notes.push(format!("option {path}"));
    }
    if let Some(item) = &loc.item {
        notes.push(format!("item {item:?}"));
    }
    if let Some(row) = loc.row {
        notes.push(format!("row {row} (0-based)"));
    }
    if !notes.is_empty() {
        let _ = write!(out, "\n  --> {}", notes.join(", "));
    }
    Failure::new(out)
}

/// One problem of an instrument file as a line: `FILE: PATH: CODE: MESSAGE`
/// (the path left out when the problem is the document's as a whole).
pub fn problem_line(file: &str, p: &Problem) -> String {
    if p.path.is_empty() {
        format!("{file}: {}: {}", p.code, p.message)
    } else {
        format!("{file}: {}: {}: {}", p.path, p.code, p.message)
    }
}

/// Every line an instrument error gives for `file`: one per problem; a
/// syntax error with its line and column (`FILE:LINE:COLUMN: PATH: CODE:
/// MESSAGE`).
pub fn instrument_lines(file: &Path, e: &InstrumentError) -> Vec<String> {
    let name = file.display().to_string();
    match e {
        InstrumentError::Invalid { problems } => {
            problems.iter().map(|p| problem_line(&name, p)).collect()
        }
        InstrumentError::Parse {
            problem,
            line,
            column,
            ..
        } => {
            let place = match (line, column) {
                (Some(l), Some(c)) => format!("{name}:{l}:{c}"),
                (Some(l), None) => format!("{name}:{l}"),
                _ => name,
            };
            vec![problem_line(&place, problem)]
        }
        other => vec![format!("{name}: {}: {other}", other.code())],
    }
}
