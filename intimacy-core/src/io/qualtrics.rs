//! What is particular to Qualtrics CSV exports: which header layout a file
//! has, and the row filters on `Finished` and `Status`.

/// The response types of the `Status` column: numeric code and text. A
/// numeric export writes the code, a choice-text export the text. (The
/// codes are the value labels Qualtrics writes into its own SPSS exports.)
const STATUS: &[(&str, &str)] = &[
    ("0", "IP Address"),
    ("1", "Survey Preview"),
    ("2", "Survey Test"),
    ("4", "Imported"),
    ("8", "Spam"),
    ("9", "Survey Preview Spam"),
    ("12", "Imported Spam"),
    ("16", "Offline"),
    ("17", "Offline Survey Preview"),
    ("32", "EX"),
    ("40", "EX Spam"),
    ("48", "EX Offline"),
];

/// The header layout of a Qualtrics export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// Three header rows: column ids, question texts, ImportId JSON.
    Current,
    /// Two header rows: column ids (`V1`.. for the metadata), then texts
    /// (which name the metadata columns).
    Legacy,
}

impl Layout {
    /// The name in [`super::ImportLog::format`].
    pub(crate) fn format(self) -> &'static str {
        match self {
            Layout::Current => "qualtrics",
            Layout::Legacy => "qualtrics-legacy",
        }
    }

    /// What the log says about the layout found.
    pub(crate) fn note(self) -> &'static str {
        match self {
            Layout::Current => {
                "Qualtrics export with three header rows (column ids, question texts, ImportId); \
                 items were matched on the column ids of the first row only"
            }
            Layout::Legacy => {
                "legacy Qualtrics export with two header rows (column ids, then question texts; \
                 the metadata columns V1, V2, ... are named by the second row); items were \
                 matched on the column ids of the first row only, and the third record is the \
                 first response"
            }
        }
    }
}

/// The layout told by the third record of the file: ImportId JSON (the
/// current export) or a response (the legacy one).
pub(crate) fn layout_of(third: &[String]) -> Layout {
    let mut cells = third.iter().map(|c| c.trim()).filter(|c| !c.is_empty());
    let Some(first) = cells.next() else {
        return Layout::Legacy;
    };
    let json = |c: &str| c.starts_with('{') && c.ends_with('}');
    if first.starts_with("{\"ImportId\"") || (json(first) && cells.all(json)) {
        Layout::Current
    } else {
        Layout::Legacy
    }
}

/// Whether a legacy metadata column's first-row name (`V1`, `V12`) is one
/// whose real name is in the second row.
pub(crate) fn is_legacy_meta(name: &str) -> bool {
    name.strip_prefix('V')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A `Status` value as its numeric code when it is a known one (given as
/// the code or as the text); otherwise the text as written.
fn status_key(text: &str) -> &str {
    let text = text.trim();
    STATUS
        .iter()
        .find(|(code, label)| *code == text || label.eq_ignore_ascii_case(text))
        .map_or(text, |(code, _)| code)
}

/// The text of a known status code.
fn status_label(code: &str) -> Option<&'static str> {
    STATUS.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

/// The rows a Qualtrics export keeps (options `finished_only`, `keep_status`).
#[derive(Debug, Clone, Default)]
pub(crate) struct RowFilter {
    /// The `Finished` column, when only finished responses are kept.
    pub(crate) finished: Option<usize>,
    /// The `Status` column and the statuses kept (as [`status_key`]s).
    pub(crate) status: Option<(usize, Vec<String>)>,
}

impl RowFilter {
    /// The statuses kept, as keys; and the entries that are no status
    /// Qualtrics writes (for a note: a typo would leave out every row).
    pub(crate) fn keep_keys(keep: &[String]) -> (Vec<String>, Vec<String>) {
        let mut unknown = Vec::new();
        let keys = keep
            .iter()
            .map(|k| {
                let key = status_key(k);
                if status_label(key).is_none() {
                    unknown.push(k.clone());
                }
                key.to_owned()
            })
            .collect();
        (keys, unknown)
    }

    /// Why the row whose cell in column `c` is `cell(c)` is left out, or
    /// `None` when it is kept.
    pub(crate) fn exclusion<'a>(&self, cell: impl Fn(usize) -> &'a [u8]) -> Option<String> {
        if let Some(c) = self.finished {
            let text = String::from_utf8_lossy(cell(c));
            let text = text.trim();
            let done = text == "1" || text.eq_ignore_ascii_case("true");
            if !done {
                return Some(format!(
                    "not finished: Finished is {text:?} (option finished_only)"
                ));
            }
        }
        if let Some((c, keep)) = &self.status {
            let c = *c;
            let text = String::from_utf8_lossy(cell(c));
            let key = status_key(&text);
            if !keep.iter().any(|k| k == key) {
                let named = status_label(key)
                    .filter(|l| !l.eq_ignore_ascii_case(text.trim()))
                    .map(|l| format!(" ({l})"))
                    .unwrap_or_default();
                return Some(format!(
                    "Status is {:?}{named}, not one of the option keep_status",
                    text.trim()
                ));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn the_third_record_tells_the_layout() {
        let import = strings(&["{\"ImportId\":\"startDate\"}", "{\"ImportId\":\"QID1\"}"]);
        assert_eq!(layout_of(&import), Layout::Current);
        let json = strings(&["{\"a\":1}", "", "{\"b\":2}"]);
        assert_eq!(layout_of(&json), Layout::Current);
        let response = strings(&["R_1", "Default Response Set", "0"]);
        assert_eq!(layout_of(&response), Layout::Legacy);
        assert_eq!(layout_of(&strings(&["", ""])), Layout::Legacy);
    }

    #[test]
    fn statuses_match_as_code_or_text() {
        let (keep, unknown) = RowFilter::keep_keys(&strings(&["ip address", "16", "Bogus"]));
        assert_eq!(keep, ["0", "16", "Bogus"]);
        assert_eq!(unknown, ["Bogus"]);
        let filter = RowFilter {
            finished: None,
            status: Some((0, keep)),
        };
        for kept in ["0", "IP Address", "Offline", "Bogus"] {
            assert_eq!(filter.exclusion(|_| kept.as_bytes()), None, "{kept}");
        }
        let why = filter.exclusion(|_| b"1").unwrap_or_default();
        assert!(why.contains("\"1\" (Survey Preview)"), "{why}");
        let why = filter.exclusion(|_| b"Spam").unwrap_or_default();
        assert!(why.contains("\"Spam\", not"), "{why}");
    }

    #[test]
    fn finished_is_one_or_true() {
        let filter = RowFilter {
            finished: Some(0),
            status: None,
        };
        for done in ["1", "True", "TRUE", " true "] {
            assert_eq!(filter.exclusion(|_| done.as_bytes()), None);
        }
        for not in ["0", "False", "", "yes"] {
            assert!(filter.exclusion(|_| not.as_bytes()).is_some(), "{not}");
        }
    }

    #[test]
    fn legacy_metadata_columns_are_v_and_digits() {
        assert!(is_legacy_meta("V1") && is_legacy_meta("V10"));
        assert!(!is_legacy_meta("V") && !is_legacy_meta("Q1") && !is_legacy_meta("V1a"));
    }
}
