//! Reading an export: CSV formats record by record through the core's
//! [`CsvRows`], in chunks of rows (bounded memory); JSON formats whole,
//! through the core's SurveyJS and jsPsych readers.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::sync::mpsc;

use indicatif::ProgressBar;
use intimacy_core::Instrument;
use intimacy_core::io::{
    CsvFormat, CsvRows, ImportLog, Imported, ReadError, ReadOptions, ReadProblem, RefusedAnswer,
    Rows,
};

use crate::cli::Format;
use crate::diagnostics::{self, Failure, Places};

/// The input: a file or standard input, with its size when known (for the
/// progress bar).
pub struct Input {
    /// The name used in messages (`-` is `<stdin>`).
    pub name: String,
    /// The bytes, buffered.
    pub reader: Box<dyn BufRead + Send>,
    /// The file's size in bytes.
    pub size: Option<u64>,
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Input")
            .field("name", &self.name)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

impl Input {
    /// Open `path` (`-` for standard input), a UTF-8 byte-order mark skipped.
    pub fn open(path: &str) -> Result<Self, Failure> {
        let (name, reader, size): (String, Box<dyn BufRead + Send>, _) = if path == "-" {
            let stdin = BufReader::with_capacity(1 << 16, std::io::stdin());
            ("<stdin>".into(), Box::new(stdin), None)
        } else {
            let file = File::open(path).map_err(|e| Failure::io("open the input", path, &e))?;
            let size = file.metadata().ok().map(|m| m.len());
            let reader = BufReader::with_capacity(1 << 16, file);
            (path.into(), Box::new(reader), size)
        };
        let mut input = Input { name, reader, size };
        input.skip_bom()?;
        Ok(input)
    }

    fn skip_bom(&mut self) -> Result<(), Failure> {
        let start = self
            .reader
            .fill_buf()
            .map_err(|e| Failure::io("read", &self.name, &e))?;
        if start.starts_with(b"\xEF\xBB\xBF") {
            self.reader.consume(3);
        }
        Ok(())
    }

    /// The whole input (for the formats read at once).
    pub fn read_all(mut self) -> Result<Vec<u8>, Failure> {
        let mut bytes = Vec::new();
        self.reader
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::io("read", &self.name, &e))?;
        Ok(bytes)
    }
}

/// The CSV layout of a format, or `None` for the formats read whole.
pub fn csv_format(format: Format) -> Option<CsvFormat> {
    match format {
        Format::Csv => Some(CsvFormat::Csv),
        Format::Qualtrics => Some(CsvFormat::Qualtrics),
        Format::Redcap => Some(CsvFormat::Redcap),
        Format::Surveyjs | Format::Jspsych => None,
    }
}

/// The format of the input: `--from`, else CSV; a `.json` input must be named.
pub fn format_of(from: Option<Format>, input: &str) -> Result<Format, Failure> {
    match from {
        Some(f) => Ok(f),
        None if input.to_ascii_lowercase().ends_with(".json") => Err(Failure::new(format!(
            "{input}: error: say which JSON format this is: --from surveyjs or --from jspsych"
        ))),
        None => Ok(Format::Csv),
    }
}

/// Records parsed at a time by the parsing thread.
const BATCH: usize = 1024;

/// A batch of parsed records, or why parsing stopped.
type Batch = Result<Vec<csv::ByteRecord>, Failure>;

/// CSV records parsed on a thread of their own, handed over in batches
/// (a channel of two slots; the batches' memory comes back for reuse), so
/// that parsing and reading the records into rows use two cores.
struct Records {
    full: mpsc::Receiver<Batch>,
    empty: mpsc::Sender<Vec<csv::ByteRecord>>,
    batch: Vec<csv::ByteRecord>,
    /// The next record of `batch`.
    next: usize,
}

impl Records {
    fn spawn(input: Input) -> Self {
        let (full_tx, full) = mpsc::sync_channel::<Batch>(2);
        let (empty, empty_rx) = mpsc::channel::<Vec<csv::ByteRecord>>();
        let name = input.name;
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(input.reader);
        // Ends when the input does, or when the reading side hangs up.
        let parser = std::thread::Builder::new().name("csv-parse".into());
        let spawned = parser.spawn(move || {
            loop {
                let mut batch = empty_rx.try_recv().unwrap_or_default();
                batch.resize_with(BATCH, csv::ByteRecord::new);
                let mut n = 0;
                let mut end = false;
                while n < BATCH {
                    match csv.read_byte_record(&mut batch[n]) {
                        Ok(true) => n += 1,
                        Ok(false) => {
                            end = true;
                            break;
                        }
                        Err(e) => {
                            let _ = full_tx.send(Err(syntax(&name, &e)));
                            return;
                        }
                    }
                }
                batch.truncate(n);
                if full_tx.send(Ok(batch)).is_err() || end {
                    return;
                }
            }
        });
        // Without a thread there is no input: the first read says why.
        let full = match spawned {
            Ok(_) => full,
            Err(e) => {
                let (tx, rx) = mpsc::sync_channel(1);
                let _ = tx.send(Err(Failure::new(format!(
                    "error: cannot start a thread: {e}"
                ))));
                rx
            }
        };
        Records {
            full,
            empty,
            batch: Vec::new(),
            next: 0,
        }
    }

    /// Move to the next record; `false` at the end of the input.
    fn advance(&mut self) -> Result<bool, Failure> {
        self.next += 1;
        while self.next >= self.batch.len() {
            let Ok(batch) = self.full.recv() else {
                return Ok(false);
            };
            let used = std::mem::replace(&mut self.batch, batch?);
            // The parser may have ended; then the memory is simply dropped.
            let _ = self.empty.send(used);
            self.next = 0;
            if self.batch.is_empty() {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn current(&self) -> &csv::ByteRecord {
        &self.batch[self.next]
    }
}

/// A CSV that the parser could not read.
fn syntax(name: &str, e: &csv::Error) -> Failure {
    let mut err = ReadError::new(ReadProblem::Syntax, format!("not readable CSV: {e}"));
    err.at.line = e.position().map(csv::Position::line);
    diagnostics::read_error(name, &err, Places::Lines)
}

/// A CSV export read in chunks of rows.
pub struct CsvChunks<'i> {
    reader: CsvRows<'i>,
    records: Records,
    name: String,
    /// Rows given in earlier chunks.
    rows_before: usize,
    progress: ProgressBar,
    /// The reader's rows after the header, for fresh chunks.
    shape: Option<Rows>,
}

impl std::fmt::Debug for CsvChunks<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvChunks")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl<'i> CsvChunks<'i> {
    /// A reader of `input` in `format` for `instrument`. Under the option
    /// `invalid = "missing"`, the core scores a refused answer as missing
    /// and records it; each chunk comes with those among its rows.
    pub fn new(
        instrument: &'i Instrument,
        format: CsvFormat,
        options: &ReadOptions,
        input: Input,
        progress: ProgressBar,
    ) -> Result<Self, Failure> {
        let reader = CsvRows::new(instrument, format, options)
            .map_err(|e| diagnostics::read_error("--map", &e, Places::Lines))?;
        let name = input.name.clone();
        Ok(CsvChunks {
            reader,
            records: Records::spawn(input),
            name,
            rows_before: 0,
            progress,
            shape: None,
        })
    }

    /// Empty rows shaped like this reader's (once its header is read).
    pub fn fresh_rows(&self) -> Rows {
        self.shape.clone().unwrap_or_default()
    }

    /// Fill `rows` (cleared first) with up to `max` respondents, and
    /// `refused` with the answers scored as missing among them (their `row`
    /// counted within the chunk). Returns whether the input has more.
    pub fn next_chunk(
        &mut self,
        rows: &mut Rows,
        refused: &mut Vec<RefusedAnswer>,
        max: usize,
    ) -> Result<bool, Failure> {
        rows.clear();
        refused.clear();
        let more = self.fill(rows, max);
        for mut r in self.reader.take_refused() {
            r.row -= self.rows_before;
            refused.push(r);
        }
        self.rows_before += rows.len();
        more
    }

    fn fill(&mut self, rows: &mut Rows, max: usize) -> Result<bool, Failure> {
        let mut since_progress = 0u32;
        while rows.len() < max {
            if !self.records.advance()? {
                return Ok(false);
            }
            let record = self.records.current();
            let line = record.position().map_or(0, csv::Position::line);
            self.reader.record(record.iter(), line, rows).map_err(|e| {
                let mut failure = diagnostics::read_error(&self.name, &e, Places::Lines);
                diagnostics::refused_answer_help(&mut failure, &e);
                failure
            })?;
            if self.shape.is_none() && self.reader.ready() {
                self.shape = Some(self.reader.rows());
            }
            since_progress += 1;
            if since_progress == 4096 {
                since_progress = 0;
                self.show_progress();
            }
        }
        self.show_progress();
        Ok(true)
    }

    fn show_progress(&self) {
        if let Some(p) = self
            .records
            .batch
            .get(self.records.next)
            .and_then(csv::ByteRecord::position)
        {
            self.progress.set_position(p.byte());
        }
    }

    /// The import log, once the input is read (an input that ended before
    /// its header is an error).
    pub fn finish(self) -> Result<ImportLog, Failure> {
        self.progress.finish_and_clear();
        let name = self.name;
        self.reader
            .finish()
            .map_err(|e| diagnostics::read_error(&name, &e, Places::Lines))
    }
}

/// A JSON export (SurveyJS, jsPsych) read whole.
pub fn read_whole(
    instrument: &Instrument,
    format: Format,
    options: &ReadOptions,
    input: Input,
) -> Result<Imported, Failure> {
    let name = input.name.clone();
    let bytes = input.read_all()?;
    let json = bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| matches!(b, b'[' | b'{'));
    let places = if json { Places::Records } else { Places::Lines };
    let read = match format {
        Format::Surveyjs => {
            let text = std::str::from_utf8(&bytes).map_err(|e| {
                Failure::new(format!("{name}: error[syntax]: not valid UTF-8: {e}"))
            })?;
            intimacy_core::io::from_surveyjs(instrument, text, options)
        }
        _ => intimacy_core::io::read_jspsych(instrument, &bytes, options),
    };
    read.map_err(|e| {
        let mut failure = diagnostics::read_error(&name, &e, places);
        diagnostics::refused_answer_help(&mut failure, &e);
        failure
    })
}
