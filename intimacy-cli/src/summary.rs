//! The few lines a run writes to standard error: what the import did (the
//! core's [`ImportLog`]) and what was written.

use std::fmt::Write as _;
use std::time::Duration;

use intimacy_core::io::ImportLog;

use crate::score::Written;

/// At most this many names of a list are printed; the rest are counted.
const SHOWN: usize = 12;

fn some_of(names: &[String]) -> String {
    let mut s = names
        .iter()
        .take(SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        let _ = write!(s, ", and {} more", names.len() - SHOWN);
    }
    s
}

/// The import log in a few lines.
pub fn import(input: &str, log: &ImportLog) -> String {
    let mut out = format!(
        "{input}: read {} rows ({}), kept {}, excluded {}",
        log.rows_read,
        log.format,
        log.rows_kept,
        log.excluded.len()
    );
    for row in log.excluded.iter().take(SHOWN) {
        let id = row.id.as_deref().unwrap_or("-");
        let _ = write!(out, "\n  excluded line {} ({id}): {}", row.line, row.reason);
    }
    if log.excluded.len() > SHOWN {
        let _ = write!(
            out,
            "\n  ... and {} more excluded rows",
            log.excluded.len() - SHOWN
        );
    }
    let renamed: Vec<String> = log
        .columns
        .iter()
        .filter(|c| c.column != c.item)
        .map(|c| format!("{} <- {}", c.item, c.column))
        .collect();
    if !renamed.is_empty() {
        let _ = write!(out, "\n  items from columns: {}", some_of(&renamed));
    }
    let recoded: u64 = log.columns.iter().map(|c| c.recoded).sum();
    if recoded > 0 {
        let _ = write!(out, "\n  answers recoded by a value map: {recoded}");
    }
    if !log.ignored_columns.is_empty() {
        let _ = write!(
            out,
            "\n  ignored columns ({}): {}",
            log.ignored_columns.len(),
            some_of(&log.ignored_columns)
        );
    }
    if !log.items_without_column.is_empty() {
        let _ = write!(
            out,
            "\n  items without a column (unanswered): {}",
            some_of(&log.items_without_column)
        );
    }
    if !log.dropped.is_empty() {
        let _ = write!(out, "\n  answers dropped: {}", log.dropped.len());
        for d in log.dropped.iter().take(SHOWN) {
            let _ = write!(out, "\n    row {} {}: {}", d.row, d.item, d.reason);
        }
    }
    for note in &log.notes {
        let _ = write!(out, "\n  note: {note}");
    }
    out
}

/// What was written.
pub fn written(w: &Written, took: Duration) -> String {
    let mut out = format!(
        "{}: wrote {} rows x {} score columns in {:.1} s",
        w.output,
        w.rows,
        w.columns,
        took.as_secs_f64()
    );
    if let Some((n, path)) = &w.invalid {
        let _ = write!(
            out,
            "\n{path}: {n} invalid answers scored as missing, each listed"
        );
    }
    out
}
