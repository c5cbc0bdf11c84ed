//! `intimacy score`: an export in, one row of scores per respondent out.
//!
//! CSV formats stream: a reader thread parses records into chunks of rows
//! (the core's `CsvRows`) and hands them over a channel of one slot; this
//! thread scores each chunk into reused columns (`score_batch_into`) and
//! writes it, then hands the chunk's memory back. At most three chunks
//! exist at once, whatever the size of the file.

use std::io::IsTerminal;
use std::sync::mpsc;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use intimacy_core::io::{ImportLog, InvalidAnswers, RefusedAnswer, Rows};
use intimacy_core::{BatchScores, Block, BlockData, InvalidPolicy, Layout, Scorer};

use crate::cli::{Invalid, ScoreArgs};
use crate::diagnostics::{self, Failure};
use crate::read::{self, CsvChunks, Input};
use crate::summary;
use crate::write::{CsvTable, OutFormat, ScoreWriter, Target, score_columns};

/// A chunk of rows read, and the answers scored as missing in it.
type Chunk = (Rows, Vec<RefusedAnswer>);

/// Run `intimacy score`.
pub fn run(args: &ScoreArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let input = &args.input;
    let instrument = crate::load::instrument(&input.instrument, input.form.as_deref())?;
    let mut read_options =
        crate::load::read_options(input.map.as_deref(), input.id_column.as_deref())?;
    let mut options = crate::load::score_options(args.options.as_deref())?;
    let invalid = match (args.invalid, options.invalid, read_options.invalid) {
        (Some(Invalid::Missing), ..)
        | (None, Some(InvalidPolicy::Missing), _)
        | (None, _, InvalidAnswers::Missing) => Invalid::Missing,
        _ => Invalid::Error,
    };
    if invalid == Invalid::Missing && args.problems.is_none() {
        return Err(Failure::new(
            "error: --invalid missing needs --problems FILE.csv: the answers scored as missing \
             are listed there, never dropped silently",
        ));
    }
    // One policy for the reader (the core's read option) and the scorer.
    (options.invalid, read_options.invalid) = match invalid {
        Invalid::Missing => (Some(InvalidPolicy::Missing), InvalidAnswers::Missing),
        Invalid::Error => (Some(InvalidPolicy::Error), InvalidAnswers::Error),
    };
    let scorer = Scorer::new(&instrument, &options)
        .map_err(|e| diagnostics::library_error("--options", &e))?;
    let format = read::format_of(input.from, &input.input)?;
    let source = Input::open(&input.input)?;
    let name = source.name.clone();
    let mut sink = Sink::new(args, &scorer, &name)?;
    let log = match read::csv_format(format) {
        Some(csv) => {
            let progress = progress_bar(args.quiet, source.size);
            let chunks = CsvChunks::new(&instrument, csv, &read_options, source, progress.clone())?;
            let log = stream(chunks, &mut sink, args.chunk_rows.max(1));
            progress.finish_and_clear();
            log?
        }
        None => {
            let read = read::read_whole(&instrument, format, &read_options, source)?;
            let mut log = read.log;
            let mut refused = std::mem::take(&mut log.refused);
            refused.sort_by_key(|r| r.row);
            sink.whole(&read.rows, &refused, args.chunk_rows.max(1))?;
            log
        }
    };
    let written = sink.finish(&log)?;
    if !args.quiet {
        eprintln!("{}", summary::import(&name, &log));
        eprintln!("{}", summary::written(&written, started.elapsed()));
    }
    Ok(())
}

/// A progress bar of the bytes read, on standard error when it is a
/// terminal (and not `--quiet`); hidden otherwise.
fn progress_bar(quiet: bool, size: Option<u64>) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match size {
        Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
    };
    let template = if size.is_some() {
        "{spinner} scoring [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)"
    } else {
        "{spinner} scoring {bytes} read ({bytes_per_sec})"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// The CSV stream: chunks read on a second thread, scored and written here.
fn stream(
    mut chunks: CsvChunks<'_>,
    sink: &mut Sink<'_>,
    chunk_rows: usize,
) -> Result<ImportLog, Failure> {
    let (full_tx, full_rx) = mpsc::sync_channel::<Chunk>(1);
    let (empty_tx, empty_rx) = mpsc::channel::<Chunk>();
    std::thread::scope(|s| {
        let rows_thread = std::thread::Builder::new().name("csv-rows".into());
        let reader = rows_thread.spawn_scoped(s, move || -> Result<CsvChunks<'_>, Failure> {
            loop {
                let (mut rows, mut refused) = empty_rx
                    .try_recv()
                    .unwrap_or_else(|_| (chunks.fresh_rows(), Vec::new()));
                let more = chunks.next_chunk(&mut rows, &mut refused, chunk_rows)?;
                let ready = !rows.key_names.is_empty();
                // The scoring side hung up: it failed, and says why.
                if ready && full_tx.send((rows, refused)).is_err() {
                    return Ok(chunks);
                }
                if !more {
                    return Ok(chunks);
                }
            }
        });
        let reader =
            reader.map_err(|e| Failure::new(format!("error: cannot start a thread: {e}")))?;
        let scored = score_chunks(full_rx, &empty_tx, sink);
        let read = reader
            .join()
            .unwrap_or_else(|_| Err(Failure::new("error: the reading thread panicked")));
        // A read error explains a stop better than the scoring side's.
        let chunks = read?;
        scored?;
        chunks.finish()
    })
}

/// Score and write each chunk received, handing its memory back.
fn score_chunks(
    full: mpsc::Receiver<Chunk>,
    empty: &mpsc::Sender<Chunk>,
    sink: &mut Sink<'_>,
) -> Result<(), Failure> {
    for (rows, refused) in full {
        sink.chunk(&rows, 0..rows.len(), &refused)?;
        // The reader may have finished; then the chunk is simply dropped.
        let _ = empty.send((rows, refused));
    }
    Ok(())
}

/// What a run wrote, for the summary.
#[derive(Debug)]
pub struct Written {
    /// The output's name.
    pub output: String,
    /// Rows written.
    pub rows: u64,
    /// Score columns per row.
    pub columns: usize,
    /// Answers scored as missing, and where they are listed.
    pub invalid: Option<(u64, String)>,
}

/// Where scores go: the writer (made at the first chunk, when the key
/// columns are known), the problems table, the scorer and its columns.
struct Sink<'a> {
    scorer: &'a Scorer,
    scores: BatchScores,
    columns: Vec<String>,
    format: OutFormat,
    target: Option<Target>,
    writer: Option<ScoreWriter>,
    problems: Option<CsvTable>,
    problems_path: Option<String>,
    log_path: Option<std::path::PathBuf>,
    /// The input's name, for messages.
    input: String,
    /// The output's name, for the summary.
    output: String,
}

impl<'a> Sink<'a> {
    fn new(args: &ScoreArgs, scorer: &'a Scorer, input: &str) -> Result<Self, Failure> {
        let empty = Block {
            data: BlockData::F64(&[]),
            rows: 0,
            cols: scorer.instrument().items.len(),
            layout: Layout::RowMajor,
        };
        let scores = scorer
            .score_batch(&empty, None)
            .map_err(|e| diagnostics::library_error(input, &e))?;
        let columns = score_columns(&scores);
        let target = Target::create(&args.output)?;
        Ok(Sink {
            scorer,
            scores,
            columns,
            format: OutFormat::of(&args.output),
            target: Some(target),
            writer: None,
            problems: None,
            problems_path: args.problems.as_ref().map(|p| p.display().to_string()),
            log_path: args.log.clone(),
            input: input.to_owned(),
            output: target_name(&args.output),
        })
    }

    /// The writers, made once the key columns are known.
    fn open(&mut self, key_names: &[String]) -> Result<(), Failure> {
        if let Some(target) = self.target.take() {
            self.writer = Some(ScoreWriter::new(
                self.format,
                target,
                key_names,
                &self.columns,
            )?);
            if let Some(path) = &self.problems_path {
                let mut header: Vec<&str> = key_names.iter().map(String::as_str).collect();
                header.extend(["line", "column", "item", "value", "code", "message"]);
                self.problems = Some(CsvTable::new(Target::create(path)?, &header)?);
            }
        }
        Ok(())
    }

    /// Score rows `range` of `rows` and write them, with the answers scored
    /// as missing among them (`refused`, by row of `rows`).
    fn chunk(
        &mut self,
        rows: &Rows,
        range: std::ops::Range<usize>,
        refused: &[RefusedAnswer],
    ) -> Result<(), Failure> {
        self.open(&rows.key_names)?;
        let k = rows.items.len();
        let nk = rows.key_names.len();
        let block = Block {
            data: BlockData::F64(&rows.values[range.start * k..range.end * k]),
            rows: range.len(),
            cols: k,
            layout: Layout::RowMajor,
        };
        self.scorer
            .score_batch_into(&block, None, &mut self.scores)
            .map_err(|e| self.score_error(rows, range.start, &e))?;
        let keys = &rows.keys[range.start * nk..range.end * nk];
        if let Some(w) = self.writer.as_mut() {
            w.write(keys, &self.scores)?;
        }
        if let Some(table) = self.problems.as_mut() {
            write_refused(table, rows, refused)?;
            write_cell_problems(table, rows, range.start, &self.scores)?;
        }
        Ok(())
    }

    /// A scoring error, with the input line of its row.
    fn score_error(&self, rows: &Rows, start: usize, e: &intimacy_core::ScoreError) -> Failure {
        let loc = intimacy_core::LibraryError::location(e);
        let source = match loc.row.and_then(|r| rows.lines.get(start + r)) {
            Some(line) => format!("{}:{line}", self.input),
            None => self.input.clone(),
        };
        diagnostics::library_error(&source, e)
    }

    /// Rows read whole (JSON formats), scored in chunks, with the answers
    /// scored as missing among them (in row order).
    fn whole(
        &mut self,
        rows: &Rows,
        refused: &[RefusedAnswer],
        chunk_rows: usize,
    ) -> Result<(), Failure> {
        let n = rows.len();
        let mut start = 0;
        loop {
            let end = (start + chunk_rows).min(n);
            let first = refused.partition_point(|r| r.row < start);
            let last = refused.partition_point(|r| r.row < end);
            self.chunk(rows, start..end, &refused[first..last])?;
            if end == n {
                return Ok(());
            }
            start = end;
        }
    }

    /// Close every output; the log as JSON when asked for.
    fn finish(mut self, log: &ImportLog) -> Result<Written, Failure> {
        // No data row: the header still names the columns.
        if self.writer.is_none() {
            self.open(&[])?;
        }
        let mut written = Written {
            output: std::mem::take(&mut self.output),
            rows: 0,
            columns: self.columns.len(),
            invalid: None,
        };
        if let Some(w) = self.writer.take() {
            written.rows = w.finish()?;
        }
        if let (Some(table), Some(path)) = (self.problems.take(), self.problems_path.take()) {
            written.invalid = Some((table.rows(), path));
            table.finish()?;
        }
        if let Some(path) = &self.log_path {
            let text = serde_json::to_string_pretty(log).unwrap_or_default();
            std::fs::write(path, text + "\n")
                .map_err(|e| Failure::io("write", &path.display().to_string(), &e))?;
        }
        Ok(written)
    }
}

/// An output's name for messages.
fn target_name(path: &str) -> String {
    if path == "-" {
        "<stdout>".into()
    } else {
        path.into()
    }
}

/// The answers the reader refused and that were scored as missing.
fn write_refused(
    table: &mut CsvTable,
    rows: &Rows,
    refused: &[RefusedAnswer],
) -> Result<(), Failure> {
    for r in refused {
        let line = r.line.to_string();
        let fields = rows.key(r.row).iter().map(|k| k.as_bytes()).chain([
            line.as_bytes(),
            r.column.as_bytes(),
            r.item.as_bytes(),
            r.text.as_bytes(),
            r.code.as_bytes(),
            r.message.as_bytes(),
        ]);
        table.row(fields)?;
    }
    Ok(())
}

/// The cells the scorer itself treated as missing (none, when the reader
/// checks every answer; kept so that no problem is ever dropped).
fn write_cell_problems(
    table: &mut CsvTable,
    rows: &Rows,
    start: usize,
    scores: &BatchScores,
) -> Result<(), Failure> {
    for p in scores.problems.iter() {
        let r = start + p.row;
        let line = rows.lines.get(r).map(u64::to_string).unwrap_or_default();
        let value = p.value.to_string();
        let fields = rows.key(r).iter().map(|k| k.as_bytes()).chain([
            line.as_bytes(),
            p.item.as_bytes(),
            p.item.as_bytes(),
            value.as_bytes(),
            b"invalid-value".as_slice(),
            p.message.as_bytes(),
        ]);
        table.row(fields)?;
    }
    Ok(())
}
