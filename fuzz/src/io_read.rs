//! Target `io_read`: the survey adapters of `intimacy_core::io` on untrusted
//! bytes (a module of `shared.rs`, so the test suite replays its seeds and
//! regressions too).
//!
//! The input is split as follows:
//!
//! | bytes | meaning |
//! | --- | --- |
//! | 0 | the adapter, modulo 6: CSV, Qualtrics, REDCap (`read_csv`, and `CsvRows` record by record), jsPsych, SurveyJS, REDCap data dictionary |
//! | 1 | the instrument: low two bits ras, csi-4, levels-checkin-short, or one from the input; the next two bits its bounds when built by `from_keys` (none, 1-5, 0-3, -2..2) |
//! | 2 | streaming: low two bits the chunk of rows taken out at a time (1, 2, 3, 1000); bit 2 hands a byte-order mark over to `CsvRows` as it is (else it is skipped first, as `read_csv` and the command line do) |
//! | then | for an instrument from the input (not with the dictionary adapter): its text up to the first `0xFF`: an instrument as JSON when it starts with `{`, else scoring keys (`scale=a,-b,c;other=d`, at most 4 scales of 8 items, names of at most 16 characters) |
//! | then | when a `0xFF` follows: the options as JSON up to it (`ReadOptions::from_json`, and `RedcapDictionaryOptions::from_json` for the dictionary; errors give the defaults) |
//! | rest | the export; for the dictionary adapter the dictionary, then after a further `0xFF` a REDCap export read with the instrument it made |
//!
//! Checks, on every input: no panic; `read_csv` and `CsvRows` fed record by
//! record (chunks of rows taken out and cleared, as a caller scoring a large
//! file does) give the same rows (values bit for bit, NaN equal to NaN),
//! keys, lines and log, or the same error; every `Ok` import is well formed
//! (`values` is rows × items, `keys` rows × key names, `opted_in` one per
//! row, lines increasing, the first key never empty, every answer allowed by
//! its item's response scale or its "does not apply" code, the log's counts
//! agree with the rows); an answer error names its place; jsPsych JSON data
//! written as jsPsych CSV reads the same; an instrument made by the
//! dictionary (or from the input) has no problems, `to_surveyjs` asks every
//! item exactly once under unique names, and a survey answered with each
//! question's choices in turn reads back those answers.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use intimacy_core::io::{
    self, CsvFormat, CsvRows, ImportLog, Imported, ReadError, ReadOptions, ReadProblem,
    RedcapDictionaryOptions, Rows,
};
use intimacy_core::{Instrument, KeysOptions, ResponseScale};
use serde_json::{Map, Value, json};

use super::debug;

/// The byte that ends a segment of the input (never in UTF-8 text).
pub const SEP: u8 = 0xFF;

/// The most bytes an instrument given as JSON in the input may have.
const MAX_INSTRUMENT_TEXT: usize = 8192;

/// The adapters, by the first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adapter {
    Csv(CsvFormat),
    JsPsych,
    SurveyJs,
    Dictionary,
}

impl Adapter {
    fn of(b: u8) -> Adapter {
        match b % 6 {
            0 => Adapter::Csv(CsvFormat::Csv),
            1 => Adapter::Csv(CsvFormat::Qualtrics),
            2 => Adapter::Csv(CsvFormat::Redcap),
            3 => Adapter::JsPsych,
            4 => Adapter::SurveyJs,
            _ => Adapter::Dictionary,
        }
    }
}

/// The built-in instruments the target reads with.
pub const BUILTINS: [&str; 3] = ["ras", "csi-4", "levels-checkin-short"];

/// The bounds of an instrument made by `from_keys`, by bits 2-3 of byte 1.
const BOUNDS: [Option<(f64, f64)>; 4] =
    [None, Some((1.0, 5.0)), Some((0.0, 3.0)), Some((-2.0, 2.0))];

/// The built-in instruments, loaded (and their SurveyJS definitions
/// checked) once.
fn builtins() -> &'static [Instrument] {
    static ALL: OnceLock<Vec<Instrument>> = OnceLock::new();
    ALL.get_or_init(|| {
        BUILTINS
            .iter()
            .map(|n| {
                let inst = Instrument::builtin(n).expect("built-in instruments load");
                check_to_surveyjs(&inst);
                inst
            })
            .collect()
    })
}

/// The first `SEP`-ended segment of `data` and what follows it; `None` when
/// there is no `SEP`.
fn segment(data: &[u8]) -> Option<(&[u8], &[u8])> {
    let at = data.iter().position(|&b| b == SEP)?;
    Some((&data[..at], &data[at + 1..]))
}

/// An instrument from the input: JSON, or scoring keys.
fn instrument_from(text: &[u8], bounds: Option<(f64, f64)>) -> Option<Instrument> {
    let text = String::from_utf8_lossy(text);
    if text.trim_start().starts_with('{') {
        if text.len() > MAX_INSTRUMENT_TEXT {
            return None;
        }
        return match Instrument::from_json(&text) {
            Ok(inst) => Some(inst),
            Err(e) => {
                let _ = (e.to_string(), e.code());
                None
            }
        };
    }
    let mut keys: Vec<(String, Vec<String>)> = Vec::new();
    for (k, part) in text.split(';').take(4).enumerate() {
        let (name, items) = part
            .split_once('=')
            .map_or((format!("s{}", k + 1), part), |(n, i)| (short(n), i));
        let items: Vec<String> = items.split(',').take(8).map(short).collect();
        keys.push((name, items));
    }
    if text.is_empty() {
        keys = vec![("s".into(), vec!["a".into(), "b".into(), "c".into()])];
    }
    let options = KeysOptions {
        bounds,
        ..KeysOptions::default()
    };
    match Instrument::from_keys(keys, &options) {
        Ok(inst) => Some(inst),
        Err(e) => {
            let _ = (e.to_string(), e.code());
            None
        }
    }
}

/// At most 16 characters.
fn short(s: &str) -> String {
    s.chars().take(16).collect()
}

/// Target `io_read`.
pub fn check_io_read(data: &[u8]) {
    let [a, i, s, rest @ ..] = data else {
        return;
    };
    let adapter = Adapter::of(*a);
    let chunk = [1, 2, 3, 1000][usize::from(s & 3)];
    let raw_bom = s & 4 != 0;
    if adapter == Adapter::Dictionary {
        let (options, export) = segment(rest).unwrap_or((b"", rest));
        check_dictionary(options, export, chunk, raw_bom);
        return;
    }
    let own;
    let (inst, rest) = match i & 3 {
        3 => {
            let (text, rest) = segment(rest).unwrap_or((b"", rest));
            own = match instrument_from(text, BOUNDS[usize::from((i >> 2) & 3)]) {
                Some(inst) => inst,
                None => return,
            };
            check_to_surveyjs(&own);
            (&own, rest)
        }
        k => (&builtins()[usize::from(k)], rest),
    };
    let (options, export) = match segment(rest) {
        Some((text, export)) => (read_options(text), export),
        None => (ReadOptions::default(), rest),
    };
    debug(&(adapter, &inst.id, chunk, raw_bom, &options), "");
    match adapter {
        Adapter::Csv(format) => check_csv(inst, format, export, &options, chunk, raw_bom),
        Adapter::JsPsych => {
            let read = io::read_jspsych(inst, export, &options);
            check_result(inst, &read, Source::Json);
            check_jspsych_as_csv(inst, export, &options, &read);
        }
        Adapter::SurveyJs => {
            let text = String::from_utf8_lossy(export);
            check_result(
                inst,
                &io::from_surveyjs(inst, &text, &options),
                Source::Json,
            );
        }
        Adapter::Dictionary => {}
    }
}

fn read_options(text: &[u8]) -> ReadOptions {
    ReadOptions::from_json(&String::from_utf8_lossy(text)).unwrap_or_else(|e| {
        let _ = (e.to_string(), e.code());
        ReadOptions::default()
    })
}

/// The dictionary adapter: the instrument it makes, and then a REDCap export
/// read with it.
fn check_dictionary(options: &[u8], export: &[u8], chunk: usize, raw_bom: bool) {
    let text = String::from_utf8_lossy(options);
    let dict_options = RedcapDictionaryOptions::from_json(&text).unwrap_or_default();
    let read_options = read_options(options);
    let (dictionary, data) = segment(export).map_or((export, None), |(d, x)| (d, Some(x)));
    let made = io::instrument_from_redcap_dictionary_with_log(dictionary, &dict_options);
    debug(&(&dict_options, &read_options), &format!("{made:?}"));
    let (inst, log) = match made {
        Ok(made) => made,
        Err(e) => {
            check_error(&e, Source::Dictionary);
            return;
        }
    };
    let problems = inst.problems();
    assert!(
        problems.is_empty(),
        "the dictionary's instrument has problems: {problems:?}"
    );
    assert_eq!(
        usize::try_from(log.rows_kept).ok(),
        Some(inst.items.len()),
        "rows_kept"
    );
    assert_eq!(log.columns.len(), inst.items.len(), "one column per item");
    for (c, item) in log.columns.iter().zip(&inst.items) {
        assert_eq!((&c.column, &c.item), (&item.id, &item.id));
    }
    assert!(log.rows_read >= log.rows_kept + count(log.excluded.len()));
    // The instrument of the dictionary survives a JSON round trip.
    let json = inst.to_json();
    match Instrument::from_json(&json) {
        Ok(back) => assert!(
            back == inst,
            "JSON round trip changed the dictionary's instrument"
        ),
        Err(e) => panic!("the dictionary's instrument does not read back: {e}\n{json}"),
    }
    check_to_surveyjs(&inst);
    if let Some(data) = data {
        check_csv(
            &inst,
            CsvFormat::Redcap,
            data,
            &read_options,
            chunk,
            raw_bom,
        );
    }
}

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

// ---------------------------------------------------------------------------
// CSV: the whole text against the stream.

/// `read_csv` and `CsvRows` on the same bytes.
pub fn check_csv(
    inst: &Instrument,
    format: CsvFormat,
    bytes: &[u8],
    options: &ReadOptions,
    chunk: usize,
    raw_bom: bool,
) {
    let whole = io::read_csv(inst, format, bytes, options);
    check_result(inst, &whole, Source::Csv);
    // The caller skips a byte-order mark before parsing, as `read_csv` and
    // the command line do. `CsvRows` also drops one left on the first cell,
    // which reads the same unless the mark is followed by a quote (the csv
    // crate then parses the first field differently), a line end or
    // nothing (an empty first record), or a second mark.
    let stripped = bytes.strip_prefix(b"\xEF\xBB\xBF");
    let raw_ok = stripped.is_some_and(|r| {
        !matches!(r.first(), None | Some(b'"' | b'\r' | b'\n')) && !r.starts_with(b"\xEF\xBB\xBF")
    });
    let fed = if raw_bom && raw_ok {
        bytes
    } else {
        stripped.unwrap_or(bytes)
    };
    let streamed = stream(inst, format, fed, options, chunk);
    match (&whole, &streamed) {
        (Ok(w), Ok((rows, log, shaped))) => {
            if *shaped || !rows.is_empty() {
                assert_eq!(w.rows.key_names, rows.key_names, "key names");
                assert_eq!(w.rows.items, rows.items, "items");
            } else {
                // A legacy Qualtrics export without responses: its plan is
                // made by `finish`, which gives the log only.
                assert!(w.rows.is_empty());
            }
            assert_eq!(w.rows.keys, rows.keys, "keys");
            assert_eq!(w.rows.lines, rows.lines, "lines");
            assert_eq!(w.rows.opted_in, rows.opted_in, "opted_in");
            assert_eq!(w.rows.values.len(), rows.values.len(), "values");
            for (k, (a, b)) in w.rows.values.iter().zip(&rows.values).enumerate() {
                assert!(
                    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
                    "value {k}: read_csv {a:?}, CsvRows {b:?}"
                );
            }
            assert_eq!(&w.log, log, "log");
        }
        (Err(w), Err(s)) => assert_eq!(w, s, "read_csv and CsvRows fail differently"),
        (w, s) => panic!(
            "read_csv and CsvRows disagree:\nread_csv {:?}\nCsvRows {:?}",
            w.as_ref().map(|i| i.rows.len()),
            s.as_ref().map(|r| r.0.len())
        ),
    }
}

/// The rows of `bytes` read through [`CsvRows`] one record at a time, taken
/// out every `chunk` rows; with the log, and whether the reader was ready
/// (its rows shaped) before `finish`.
fn stream(
    inst: &Instrument,
    format: CsvFormat,
    bytes: &[u8],
    options: &ReadOptions,
    chunk: usize,
) -> Result<(Rows, ImportLog, bool), ReadError> {
    let mut reader = CsvRows::new(inst, format, options)?;
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut out = Rows::default();
    let mut all = Rows::default();
    let mut record = csv::ByteRecord::new();
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let mut err =
                    ReadError::new(ReadProblem::Syntax, format!("not well-formed CSV: {e}"));
                err.at.line = e.position().map(csv::Position::line);
                return Err(err);
            }
        }
        let line = record.position().map_or(0, csv::Position::line);
        reader.record(record.iter(), line, &mut out)?;
        if out.len() >= chunk {
            append(&mut all, &out);
            out.clear();
        }
    }
    let shaped = reader.ready();
    if shaped && out.items.is_empty() && out.key_names.is_empty() {
        out = reader.rows();
    }
    if shaped {
        assert_eq!(out.key_names, reader.key_names(), "CsvRows::key_names");
    }
    append(&mut all, &out);
    let log = reader.finish()?;
    Ok((all, log, shaped))
}

fn append(all: &mut Rows, chunk: &Rows) {
    if all.key_names.is_empty() && all.items.is_empty() {
        all.key_names.clone_from(&chunk.key_names);
        all.items.clone_from(&chunk.items);
    }
    all.keys.extend_from_slice(&chunk.keys);
    all.values.extend_from_slice(&chunk.values);
    all.opted_in.extend_from_slice(&chunk.opted_in);
    all.lines.extend_from_slice(&chunk.lines);
}

// ---------------------------------------------------------------------------
// What every import promises.

/// Where an import came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Csv,
    Json,
    Dictionary,
}

fn check_result(inst: &Instrument, read: &Result<Imported, ReadError>, source: Source) {
    match read {
        Ok(imported) => check_imported(inst, imported, source),
        Err(e) => check_error(e, source),
    }
}

/// An import's rows and log are consistent, and every answer is allowed.
pub fn check_imported(inst: &Instrument, imported: &Imported, source: Source) {
    let (rows, log) = (&imported.rows, &imported.log);
    let n = rows.len();
    let ids: Vec<&str> = inst.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(rows.items, ids, "the rows' items are the instrument's");
    assert_eq!(
        rows.values.len(),
        n * rows.items.len(),
        "values: rows × items"
    );
    assert_eq!(
        rows.keys.len(),
        n * rows.key_names.len(),
        "keys: rows × key names"
    );
    assert_eq!(rows.opted_in.len(), n, "opted_in: one per row");
    assert!(!rows.key_names.is_empty(), "no key names");
    let scales = item_scales(inst);
    for r in 0..n {
        assert!(!rows.key(r)[0].is_empty(), "row {r} has an empty id");
        for ((item, &x), scale) in inst.items.iter().zip(rows.row(r)).zip(&scales) {
            if x.is_nan() {
                continue;
            }
            assert!(x.is_finite(), "row {r}, item {}: {x}", item.id);
            if let Some(rs) = scale {
                assert!(
                    rs.allows(x) || rs.is_not_applicable(x),
                    "row {r}, item {}: {x} is not allowed by scale {:?}",
                    item.id,
                    rs.id
                );
            }
        }
        if let Some(entered) = &rows.opted_in[r] {
            for s in entered {
                assert!(
                    inst.sections.iter().any(|x| x.id == *s && x.opt_in),
                    "row {r} opted into {s:?}, no opt-in section"
                );
            }
        }
        if source == Source::Csv {
            assert!(rows.opted_in[r].is_none(), "a CSV export has no gates");
        }
    }
    assert!(
        rows.lines.windows(2).all(|w| w[0] < w[1]),
        "lines not increasing: {:?}",
        rows.lines
    );
    assert_eq!(log.rows_kept, count(n), "rows_kept");
    assert_eq!(
        log.rows_read,
        log.rows_kept + count(log.excluded.len()),
        "rows_read"
    );
    assert_eq!(
        log.columns.len() + log.items_without_column.len(),
        ids.len(),
        "every item has a column or is listed without one: {log:?}"
    );
    let id_set: HashSet<&str> = ids.iter().copied().collect();
    let mut seen = HashSet::new();
    for item in log
        .columns
        .iter()
        .map(|c| c.item.as_str())
        .chain(log.items_without_column.iter().map(String::as_str))
    {
        assert!(
            id_set.contains(item) && seen.insert(item),
            "log item {item:?}"
        );
    }
    for d in &log.dropped {
        assert!(
            d.row < n && id_set.contains(d.item.as_str()),
            "dropped {d:?}"
        );
    }
}

/// Each item's response scale (`Instrument::response_scale_of`, through a
/// map: an instrument may have 100,000 scales).
fn item_scales(inst: &Instrument) -> Vec<Option<&ResponseScale>> {
    let mut by_id: HashMap<&str, &ResponseScale> = HashMap::new();
    for rs in &inst.response_scales {
        by_id.entry(rs.id.as_str()).or_insert(rs);
    }
    inst.items
        .iter()
        .map(|item| {
            let id = item
                .response_scale
                .as_deref()
                .or(inst.default_response_scale.as_deref());
            let found = id.and_then(|id| by_id.get(id).copied());
            debug_assert!(inst.items.len() > 1000 || found == inst.response_scale_of(item));
            found
        })
        .collect()
}

/// An error says where it lies; an answer refused names its place.
pub fn check_error(e: &ReadError, source: Source) {
    let _ = (e.to_string(), e.code(), e.location());
    let at = &*e.at;
    if matches!(
        e.code,
        ReadProblem::InvalidValue | ReadProblem::UnmappedValue
    ) {
        match source {
            Source::Csv => assert!(
                at.row.is_some()
                    && at.line.is_some()
                    && at.column.is_some()
                    && at.column_name.is_some()
                    && at.item.is_some()
                    && at.text.is_some(),
                "an answer error without its place: {e:?}"
            ),
            Source::Json => assert!(
                at.line.is_some() && at.column_name.is_some() && at.text.is_some(),
                "an answer error without its place: {e:?}"
            ),
            Source::Dictionary => assert!(
                at.line.is_some() && at.item.is_some(),
                "a dictionary error without its field: {e:?}"
            ),
        }
    }
    if let Some(line) = at.line
        && source != Source::Json
    {
        assert!(line >= 1, "CSV lines are 1-based: {e:?}");
    }
}

// ---------------------------------------------------------------------------
// jsPsych: JSON data and the same trials as CSV.

/// jsPsych JSON data (an array of trial objects) written as jsPsych CSV
/// (`trial_type`, `response` as JSON text, the participant column) reads
/// the same: the same rows (lines aside: trial indices against CSV lines),
/// or an error of the same code about the same item.
fn check_jspsych_as_csv(
    inst: &Instrument,
    data: &[u8],
    options: &ReadOptions,
    json_read: &Result<Imported, ReadError>,
) {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    if data.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'[') {
        return;
    }
    let Ok(Value::Array(trials)) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    if !trials.iter().all(Value::is_object) {
        return;
    }
    let id = options.id_column.as_deref().unwrap_or("participant");
    let has_id = trials
        .iter()
        .any(|t| t.get(id).is_some_and(|v| !v.is_null()));
    if matches!(id, "trial_type" | "response" | "responses") {
        return;
    }
    let text = |v: Option<&Value>| match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut header = vec!["trial_type", "response"];
    if has_id {
        header.push(id);
    }
    w.write_record(&header).expect("in memory");
    for t in &trials {
        let kind = t.get("trial_type").and_then(Value::as_str).unwrap_or("");
        let response = match t.get("response") {
            Some(v) => Some(v),
            None => t.get("responses"),
        };
        let mut record = vec![kind.to_owned(), text(response)];
        if has_id {
            let p = match t.get(id) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => String::new(),
            };
            record.push(p);
        }
        w.write_record(&record).expect("in memory");
    }
    let csv_text = w.into_inner().expect("in memory");
    let csv_read = io::read_jspsych(inst, &csv_text, options);
    debug(
        &String::from_utf8_lossy(&csv_text),
        &format!("{csv_read:?}"),
    );
    check_result(inst, &csv_read, Source::Json);
    match (json_read, &csv_read) {
        (Ok(j), Ok(c)) => {
            let (j, c) = (&j.rows, &c.rows);
            assert_eq!(j.key_names, c.key_names, "jsPsych JSON/CSV key names");
            assert_eq!(j.keys, c.keys, "jsPsych JSON/CSV keys");
            assert_eq!(j.opted_in, c.opted_in, "jsPsych JSON/CSV opted_in");
            assert_eq!(j.values.len(), c.values.len());
            for (a, b) in j.values.iter().zip(&c.values) {
                assert!(
                    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
                    "jsPsych JSON {a:?}, CSV {b:?}"
                );
            }
        }
        (Err(j), Err(c)) => assert_eq!(
            (j.code, &j.at.item),
            (c.code, &c.at.item),
            "jsPsych JSON and CSV fail differently:\n{j:?}\n{c:?}"
        ),
        (j, c) => panic!("jsPsych JSON and CSV disagree:\nJSON {j:?}\nCSV {c:?}"),
    }
}

// ---------------------------------------------------------------------------
// SurveyJS definitions.

/// `to_surveyjs` asks every item exactly once, under names that are
/// unique, and the survey answered (the first question with its first
/// choice, the next with its second, ...; every gate yes) reads back those
/// answers.
pub fn check_to_surveyjs(inst: &Instrument) {
    let survey = io::to_surveyjs(inst);
    let mut names: HashSet<String> = HashSet::new();
    let mut asked: HashMap<String, usize> = HashMap::new();
    let mut data = Map::new();
    let mut expect: HashMap<String, f64> = HashMap::new();
    let pages = survey["pages"].as_array().expect("pages");
    for page in pages {
        let name = page["name"].as_str().expect("page name");
        assert!(names.insert(name.to_owned()), "name {name:?} twice");
        walk(
            page["elements"].as_array().expect("elements"),
            &mut names,
            &mut asked,
            &mut data,
            &mut expect,
        );
    }
    for item in &inst.items {
        assert_eq!(
            asked.get(&item.id).copied(),
            Some(1),
            "item {:?} asked {:?} times",
            item.id,
            asked.get(&item.id)
        );
    }
    assert_eq!(
        asked.len(),
        inst.items.len(),
        "questions that are no item: {asked:?}"
    );
    let text = Value::Object(data).to_string();
    let read = match io::from_surveyjs(inst, &text, &ReadOptions::default()) {
        Ok(read) => read,
        Err(e) => panic!("the survey's own answers are refused: {e}\n{text}"),
    };
    check_imported(inst, &read, Source::Json);
    assert_eq!(read.rows.len(), 1);
    for (item, &x) in inst.items.iter().zip(read.rows.row(0)) {
        let want = expect[&item.id];
        assert!(
            x.to_bits() == want.to_bits(),
            "item {:?}: answered {want}, read {x}",
            item.id
        );
    }
    let gated: Vec<&str> = inst
        .sections
        .iter()
        .filter(|s| {
            s.opt_in
                && inst
                    .items
                    .iter()
                    .any(|i| i.section.as_deref() == Some(s.id.as_str()))
        })
        .map(|s| s.id.as_str())
        .collect();
    match &read.rows.opted_in[0] {
        None => assert!(gated.is_empty(), "no gates read, sections {gated:?}"),
        Some(entered) => {
            let mut e: Vec<&str> = entered.iter().map(String::as_str).collect();
            let mut g = gated.clone();
            e.sort_unstable();
            g.sort_unstable();
            assert_eq!(e, g, "opted_in");
        }
    }
}

/// Choice `k` (modulo their number) of a question: of its `rateValues`,
/// `choices` or matrix `columns`; a number field takes its `min`, else 0
/// (its `max` may lie off the steps).
fn choice(q: &Value, list: &str, k: usize) -> Value {
    match q[list].as_array().filter(|l| !l.is_empty()) {
        Some(l) => l[k % l.len()]["value"].clone(),
        None => q.get("min").cloned().unwrap_or(json!(0)),
    }
}

fn walk(
    elements: &[Value],
    names: &mut HashSet<String>,
    asked: &mut HashMap<String, usize>,
    data: &mut Map<String, Value>,
    expect: &mut HashMap<String, f64>,
) {
    for e in elements {
        let name = e["name"].as_str().expect("element name").to_owned();
        assert!(names.insert(name.clone()), "name {name:?} twice");
        let number = |v: &Value| v.as_f64().expect("a choice's value is a number");
        match e["type"].as_str().expect("element type") {
            "panel" => walk(
                e["elements"].as_array().expect("panel elements"),
                names,
                asked,
                data,
                expect,
            ),
            "boolean" => {
                data.insert(name, Value::Bool(true));
            }
            "matrix" => {
                let mut cells = Map::new();
                for row in e["rows"].as_array().expect("matrix rows") {
                    let answer = choice(e, "columns", asked.len());
                    let item = row["value"].as_str().expect("row value").to_owned();
                    *asked.entry(item.clone()).or_default() += 1;
                    expect.insert(item.clone(), number(&answer));
                    cells.insert(item, answer.clone());
                }
                data.insert(name, Value::Object(cells));
            }
            kind => {
                let list = if kind == "rating" {
                    "rateValues"
                } else {
                    "choices"
                };
                let answer = choice(e, list, asked.len());
                *asked.entry(name.clone()).or_default() += 1;
                expect.insert(name.clone(), number(&answer));
                data.insert(name, answer);
            }
        }
    }
}
