//! Writing scores: the key columns first, then the score columns under the
//! core's flat names, as CSV (NaN an empty cell), a JSON array of objects or
//! JSON lines (NaN `null`). Files are written beside their final name and
//! moved there when complete, so a failed run leaves no half-written file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use intimacy_core::{BatchScores, answered_frame_name};

use crate::diagnostics::Failure;

/// The flat names of the score columns of `scores`, in the order they are
/// written: each scale's score and answered count, each framework's
/// consecutive and peak level, then the flags (the names the Python and
/// JavaScript packages give the same columns).
pub fn score_columns(scores: &BatchScores) -> Vec<String> {
    let mut names = Vec::new();
    for s in &scores.scales {
        names.push(s.id.clone());
        names.push(answered_frame_name(&s.id));
    }
    for p in &scores.placements {
        names.extend(p.frame_names());
    }
    for f in &scores.flags {
        names.push(f.frame_name());
    }
    names
}

/// One output cell.
#[derive(Debug, Clone, Copy)]
enum Cell {
    Float(f64),
    Count(u32),
}

/// Row `r` of `scores`, cell by cell, in [`score_columns`] order.
fn for_each_cell(scores: &BatchScores, r: usize, mut f: impl FnMut(Cell)) {
    for s in &scores.scales {
        f(Cell::Float(s.score[r]));
        f(Cell::Count(s.answered[r]));
    }
    for p in &scores.placements {
        f(Cell::Count(u32::from(p.consecutive[r])));
        f(Cell::Count(u32::from(p.peak[r])));
    }
    for flag in &scores.flags {
        f(Cell::Count(u32::from(flag.values[r])));
    }
}

/// A number as JSON writes it (shortest round-trip form; NaN as `null`).
fn number(buf: &mut Vec<u8>, cell: Cell) {
    buf.clear();
    // Writing a number into a Vec cannot fail.
    let _ = match cell {
        Cell::Float(x) => serde_json::to_writer(&mut *buf, &x),
        Cell::Count(n) => serde_json::to_writer(&mut *buf, &n),
    };
}

/// Where output goes: standard output, or a file written under a temporary
/// name and moved into place by [`Target::commit`].
pub struct Target {
    writer: Box<dyn Write + Send>,
    paths: Option<(PathBuf, PathBuf)>,
    name: String,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl Target {
    /// Open `path` for writing (`-` is standard output).
    pub fn create(path: &str) -> Result<Self, Failure> {
        if path == "-" {
            return Ok(Target {
                writer: Box::new(BufWriter::with_capacity(1 << 16, std::io::stdout())),
                paths: None,
                name: "<stdout>".into(),
            });
        }
        let final_path = PathBuf::from(path);
        // A device or a named pipe (/dev/null, a FIFO) is written in place.
        if std::fs::metadata(&final_path).is_ok_and(|m| !m.is_file()) {
            let file = File::create(&final_path).map_err(|e| Failure::io("write", path, &e))?;
            return Ok(Target {
                writer: Box::new(BufWriter::with_capacity(1 << 16, file)),
                paths: None,
                name: path.into(),
            });
        }
        let file_name = final_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = final_path.with_file_name(format!(".{file_name}.{}.partial", std::process::id()));
        let file = File::create(&tmp).map_err(|e| Failure::io("write", path, &e))?;
        Ok(Target {
            writer: Box::new(BufWriter::with_capacity(1 << 16, file)),
            paths: Some((tmp, final_path)),
            name: path.into(),
        })
    }

    /// The name for messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    fn fail(&self, e: &std::io::Error) -> Failure {
        Failure::io("write", &self.name, e)
    }

    /// Write `bytes`.
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        self.writer.write_all(bytes).map_err(|e| self.fail(&e))
    }

    /// Flush, and move a file into place.
    pub fn commit(mut self) -> Result<(), Failure> {
        self.writer.flush().map_err(|e| self.fail(&e))?;
        drop(std::mem::replace(
            &mut self.writer,
            Box::new(std::io::sink()),
        ));
        if let Some((tmp, final_path)) = self.paths.take() {
            std::fs::rename(&tmp, &final_path).map_err(|e| self.fail(&e))?;
        }
        Ok(())
    }
}

impl Drop for Target {
    /// A target never committed leaves no file behind.
    fn drop(&mut self) {
        if let Some((tmp, _)) = self.paths.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutFormat {
    /// CSV with a header row.
    Csv,
    /// One JSON array of objects.
    Json,
    /// One JSON object per line.
    JsonLines,
}

impl OutFormat {
    /// The format an output name asks for: `.json`, `.jsonl` or `.ndjson`,
    /// else CSV (`-` too).
    pub fn of(path: &str) -> Self {
        let ext = Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("json") => OutFormat::Json,
            Some("jsonl" | "ndjson") => OutFormat::JsonLines,
            _ => OutFormat::Csv,
        }
    }
}

/// Writes scores row by row.
#[derive(Debug)]
pub struct ScoreWriter {
    format: OutFormat,
    target: Target,
    key_names: Vec<String>,
    /// Per column, its name as a JSON string with the colon after it.
    json_names: Vec<Vec<u8>>,
    rows: u64,
    line: Vec<u8>,
    num: Vec<u8>,
}

impl ScoreWriter {
    /// A writer of `format` into `target`, its header written: the key
    /// columns, then `columns`. Refuses a key column named like a score.
    pub fn new(
        format: OutFormat,
        mut target: Target,
        key_names: &[String],
        columns: &[String],
    ) -> Result<Self, Failure> {
        if let Some(clash) = key_names.iter().find(|k| columns.contains(k)) {
            return Err(Failure::new(format!(
                "{}: error: the key column {clash:?} has the name of a score column; \
                 rename it in the input, or name another id column with --id-column",
                target.name()
            )));
        }
        let all: Vec<&String> = key_names.iter().chain(columns).collect();
        let mut line = Vec::new();
        match format {
            OutFormat::Csv => {
                for (k, name) in all.iter().enumerate() {
                    if k > 0 {
                        line.push(b',');
                    }
                    csv_field(&mut line, name.as_bytes());
                }
                line.push(b'\n');
            }
            OutFormat::Json => line.push(b'['),
            OutFormat::JsonLines => {}
        }
        target
            .writer
            .write_all(&line)
            .map_err(|e| target.fail(&e))?;
        let json_names = all
            .iter()
            .map(|n| {
                let mut b = serde_json::to_vec(n).unwrap_or_default();
                b.push(b':');
                b
            })
            .collect();
        Ok(ScoreWriter {
            format,
            target,
            key_names: key_names.to_vec(),
            json_names,
            rows: 0,
            line,
            num: Vec::new(),
        })
    }

    /// Write a chunk: `keys` row-major (the key columns of each row), and
    /// the chunk's scores.
    pub fn write(&mut self, keys: &[String], scores: &BatchScores) -> Result<(), Failure> {
        let nk = self.key_names.len();
        for r in 0..scores.rows {
            self.line.clear();
            let row_keys = &keys[r * nk..(r + 1) * nk];
            match self.format {
                OutFormat::Csv => self.csv_row(row_keys, scores, r),
                OutFormat::Json | OutFormat::JsonLines => self.json_row(row_keys, scores, r),
            }
            self.target
                .writer
                .write_all(&self.line)
                .map_err(|e| self.target.fail(&e))?;
            self.rows += 1;
        }
        Ok(())
    }

    fn csv_row(&mut self, keys: &[String], scores: &BatchScores, r: usize) {
        let (line, num) = (&mut self.line, &mut self.num);
        for (k, key) in keys.iter().enumerate() {
            if k > 0 {
                line.push(b',');
            }
            csv_field(line, key.as_bytes());
        }
        let mut first = keys.is_empty();
        for_each_cell(scores, r, |cell| {
            if !first {
                line.push(b',');
            }
            first = false;
            if let Cell::Float(x) = cell
                && x.is_nan()
            {
                return;
            }
            number(num, cell);
            line.extend_from_slice(num);
        });
        line.push(b'\n');
    }

    fn json_row(&mut self, keys: &[String], scores: &BatchScores, r: usize) {
        let (line, num, names) = (&mut self.line, &mut self.num, &self.json_names);
        if self.format == OutFormat::Json {
            line.extend_from_slice(if self.rows == 0 { b"\n" } else { b",\n" });
        }
        line.push(b'{');
        let mut k = 0;
        for key in keys {
            if k > 0 {
                line.push(b',');
            }
            line.extend_from_slice(&names[k]);
            let _ = serde_json::to_writer(&mut *line, key);
            k += 1;
        }
        for_each_cell(scores, r, |cell| {
            if k > 0 {
                line.push(b',');
            }
            line.extend_from_slice(&names[k]);
            number(num, cell);
            line.extend_from_slice(num);
            k += 1;
        });
        line.push(b'}');
        if self.format == OutFormat::JsonLines {
            line.push(b'\n');
        }
    }

    /// Close the output (a JSON array's bracket) and move it into place.
    pub fn finish(mut self) -> Result<u64, Failure> {
        if self.format == OutFormat::Json {
            let end: &[u8] = if self.rows == 0 { b"]\n" } else { b"\n]\n" };
            self.target
                .writer
                .write_all(end)
                .map_err(|e| self.target.fail(&e))?;
        }
        self.target.commit()?;
        Ok(self.rows)
    }
}

/// A CSV field, quoted when it holds a comma, a quote, a line break or
/// leading or trailing space.
pub fn csv_field(out: &mut Vec<u8>, field: &[u8]) {
    let needs = field
        .iter()
        .any(|&b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
        || field.first().is_some_and(u8::is_ascii_whitespace)
        || field.last().is_some_and(u8::is_ascii_whitespace);
    if !needs {
        out.extend_from_slice(field);
        return;
    }
    out.push(b'"');
    for &b in field {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// A CSV file of rows given field by field (the problems file).
#[derive(Debug)]
pub struct CsvTable {
    target: Target,
    line: Vec<u8>,
    rows: u64,
}

impl CsvTable {
    /// A table with `header` written.
    pub fn new(target: Target, header: &[&str]) -> Result<Self, Failure> {
        let mut t = CsvTable {
            target,
            line: Vec::new(),
            rows: 0,
        };
        t.row(header.iter().map(|h| h.as_bytes()))?;
        t.rows = 0;
        Ok(t)
    }

    /// One row.
    pub fn row<'a>(&mut self, fields: impl IntoIterator<Item = &'a [u8]>) -> Result<(), Failure> {
        self.line.clear();
        for (k, f) in fields.into_iter().enumerate() {
            if k > 0 {
                self.line.push(b',');
            }
            csv_field(&mut self.line, f);
        }
        self.line.push(b'\n');
        self.rows += 1;
        self.target
            .writer
            .write_all(&self.line)
            .map_err(|e| self.target.fail(&e))
    }

    /// Rows written (the header not counted).
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Move the file into place.
    pub fn finish(self) -> Result<(), Failure> {
        self.target.commit()
    }
}
