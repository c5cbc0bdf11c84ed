//! The shared CSV export cases (`tests/fixtures/exports/cases-csv.json`:
//! Qualtrics, REDCap, REDCap data dictionaries, plain CSV), which the Python
//! and JS bindings run too; and the streaming reader fed one record at a
//! time, which must give what the whole-text reader gives.

use std::path::{Path, PathBuf};

use intimacy_core::Instrument;
use intimacy_core::io::{
    CsvFormat, CsvRows, ImportLog, Imported, ReadError, ReadOptions, RedcapDictionaryOptions, Rows,
    instrument_from_redcap_dictionary, instrument_from_redcap_dictionary_with_log, read_csv,
};
use serde_json::{Value, json};

fn exports() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/exports")
}

fn cases() -> Vec<Value> {
    let path = exports().join("cases-csv.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match serde_json::from_str(&text) {
        Ok(Value::Array(cases)) => cases,
        other => panic!("cases-csv.json is not a JSON array: {other:?}"),
    }
}

fn read(path: &str) -> Vec<u8> {
    let path = exports().join(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The case's input: a file under `tests/fixtures/exports/`, or the text given.
fn input(case: &Value) -> Vec<u8> {
    match (&case["input"], &case["input_text"]) {
        (Value::String(path), _) => read(path),
        (_, Value::String(text)) => text.as_bytes().to_vec(),
        _ => panic!("{}: no input nor input_text", case["name"]),
    }
}

/// The case's instrument: built in by name, inline, or read from a REDCap
/// data dictionary (`dictionary`, default options).
fn instrument(case: &Value) -> Instrument {
    if let Value::String(path) = &case["dictionary"] {
        return instrument_from_redcap_dictionary(&read(path), &RedcapDictionaryOptions::default())
            .unwrap_or_else(|e| panic!("{}: dictionary {path}: {e}", case["name"]));
    }
    let made = match &case["instrument"] {
        Value::String(name) => Instrument::builtin(name),
        inline => Instrument::from_json(&inline.to_string()),
    };
    made.unwrap_or_else(|e| panic!("{}: instrument: {e}", case["name"]))
}

fn format(reader: &str) -> Option<CsvFormat> {
    match reader {
        "csv" => Some(CsvFormat::Csv),
        "qualtrics" => Some(CsvFormat::Qualtrics),
        "redcap" => Some(CsvFormat::Redcap),
        _ => None,
    }
}

fn options_text(case: &Value) -> String {
    match &case["options"] {
        Value::Null => "{}".to_owned(),
        o => o.to_string(),
    }
}

/// What one case found wrong (empty when it passed).
fn run(case: &Value) -> Vec<String> {
    let reader = case["reader"].as_str().unwrap_or_default();
    let bytes = input(case);
    let result = if reader == "redcap-dictionary" {
        let options = RedcapDictionaryOptions::from_json(&options_text(case))
            .unwrap_or_else(|e| panic!("{}: options: {e}", case["name"]));
        instrument_from_redcap_dictionary_with_log(&bytes, &options)
            .map(|(inst, log)| dictionary_found(&inst, &log))
    } else {
        let Some(format) = format(reader) else {
            return vec![format!("unknown reader {reader:?}")];
        };
        let options = ReadOptions::from_json(&options_text(case))
            .unwrap_or_else(|e| panic!("{}: options: {e}", case["name"]));
        read_csv(&instrument(case), format, &bytes, &options).map(|read| rows_found(&read))
    };
    match (result, case.get("expect"), case.get("error")) {
        (Ok(mut found), Some(want), None) => {
            let mut wrong = notes_checked(&mut found, want);
            wrong.extend(unlisted_answers(&found, want));
            wrong.extend(compare(&found, want, ""));
            wrong
        }
        (Err(e), None, Some(want)) => {
            let mut found = error_found(&e);
            let mut wrong = Vec::new();
            if let Some(text) = want["message_contains"].as_str() {
                if !e.to_string().contains(text) {
                    wrong.push(format!(
                        "the message {:?} does not contain {text:?}",
                        e.to_string()
                    ));
                }
                found["message_contains"] = want["message_contains"].clone();
            }
            wrong.extend(compare(&found, want, "error."));
            wrong
        }
        (Ok(found), None, Some(_)) => vec![format!("no error; read {found}")],
        (Err(e), Some(_), None) => vec![format!("error {}: {e}", e.code())],
        _ => vec!["give one of expect and error".to_owned()],
    }
}

/// Every field of `want` equals the same field of `found` (objects compared
/// field by field, so a case gives only what it checks).
fn compare(found: &Value, want: &Value, at: &str) -> Vec<String> {
    match (found, want) {
        (Value::Object(f), Value::Object(w)) => w
            .iter()
            .flat_map(|(k, w)| compare(f.get(k).unwrap_or(&Value::Null), w, &format!("{at}{k}.")))
            .collect(),
        (Value::Array(f), Value::Array(w)) if f.len() == w.len() => f
            .iter()
            .zip(w)
            .enumerate()
            .flat_map(|(i, (f, w))| compare(f, w, &format!("{at}{i}.")))
            .collect(),
        (Value::Number(f), Value::Number(w)) if f.as_f64() == w.as_f64() => Vec::new(),
        _ if found == want => Vec::new(),
        _ => vec![format!(
            "{}: found {found}, expected {want}",
            at.trim_end_matches('.')
        )],
    }
}

fn log_found(log: &ImportLog) -> Value {
    let mut ignored = log.ignored_columns.clone();
    ignored.sort();
    json!({
        "format": log.format,
        "rows_read": log.rows_read,
        "rows_kept": log.rows_kept,
        "excluded": log.excluded.len(),
        "excluded_lines": log.excluded.iter().map(|x| x.line).collect::<Vec<_>>(),
        "excluded_ids": log.excluded.iter().map(|x| x.id.clone()).collect::<Vec<_>>(),
        "ignored_columns": ignored,
        "items_without_column": log.items_without_column,
        "refused": log.refused,
        "notes_contain": Value::Null,
        "notes": log.notes,
    })
}

fn rows_found(read: &Imported) -> Value {
    let rows = &read.rows;
    let answers: Vec<Value> = (0..rows.len())
        .map(|r| {
            let answered = rows
                .items
                .iter()
                .zip(rows.row(r))
                .filter(|(_, x)| !x.is_nan())
                .map(|(item, &x)| (item.clone(), json!(x)));
            Value::Object(answered.collect())
        })
        .collect();
    let keys: Vec<&[String]> = (0..rows.len()).map(|r| rows.key(r)).collect();
    json!({
        "key_names": rows.key_names,
        "keys": keys,
        "lines": rows.lines,
        "answers": answers,
        "log": log_found(&read.log),
    })
}

fn dictionary_found(inst: &Instrument, log: &ImportLog) -> Value {
    let mut scales = serde_json::Map::new();
    let mut sections = serde_json::Map::new();
    for item in &inst.items {
        let mut rs = serde_json::to_value(inst.response_scale_of(item)).unwrap_or_default();
        if let Value::Object(o) = &mut rs {
            let continuous = o
                .get("continuous")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            o.entry("continuous").or_insert(json!(continuous));
            if !continuous {
                o.entry("step").or_insert(json!(1));
            }
        }
        scales.insert(item.id.clone(), rs);
        sections.insert(item.id.clone(), json!(item.section));
    }
    json!({
        "id": inst.id,
        "items": inst.items.iter().map(|i| i.id.clone()).collect::<Vec<_>>(),
        "response_scales": scales,
        "sections": sections,
        "log": log_found(log),
    })
}

fn error_found(e: &ReadError) -> Value {
    json!({
        "code": e.code(),
        "row": e.at.row,
        "line": e.at.line,
        "item": e.at.item,
        "column_name": e.at.column_name,
        "text": e.at.text,
        "option": e.at.option,
        "message_contains": Value::Null,
        "message": e.to_string(),
    })
}

/// Answers a case's `answers` leave out, which must be unanswered.
fn unlisted_answers(found: &Value, want: &Value) -> Vec<String> {
    let (Some(found), Some(want)) = (found["answers"].as_array(), want["answers"].as_array())
    else {
        return Vec::new();
    };
    let mut wrong = Vec::new();
    for (r, (f, w)) in found.iter().zip(want).enumerate() {
        for (item, x) in f.as_object().into_iter().flatten() {
            if w.get(item).is_none() {
                wrong.push(format!(
                    "answers.{r}.{item}: found {x}, expected unanswered"
                ));
            }
        }
    }
    wrong
}

/// `notes_contain` in a case's log: each text is in some note.
fn notes_checked(found: &mut Value, want: &Value) -> Vec<String> {
    let notes: Vec<String> = found["log"]["notes"]
        .as_array()
        .map(|n| {
            n.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let mut wrong = Vec::new();
    for text in want["log"]["notes_contain"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let text = text.as_str().unwrap_or_default();
        if !notes.iter().any(|n| n.contains(text)) {
            wrong.push(format!("no note contains {text:?}: {notes:?}"));
        }
    }
    found["log"]["notes_contain"] = want["log"]["notes_contain"].clone();
    wrong
}

#[test]
fn every_csv_export_case_passes() {
    let mut failures = Vec::new();
    let all = cases();
    assert!(all.len() >= 30, "only {} cases", all.len());
    for case in &all {
        let name = case["name"].as_str().unwrap_or("(unnamed)");
        let wrong = run(case);
        if !wrong.is_empty() {
            failures.push(format!("{name}:\n  {}", wrong.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The rows of `bytes` read through [`CsvRows`] one record at a time, in
/// chunks of `chunk` rows (each chunk taken out and the rows cleared, as a
/// command-line tool scoring a large file does).
fn streamed(
    inst: &Instrument,
    format: CsvFormat,
    bytes: &[u8],
    options: &ReadOptions,
    chunk: usize,
) -> Result<(Rows, ImportLog), ReadError> {
    let mut reader = CsvRows::new(inst, format, options)?;
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut out = Rows::default();
    let mut all = Rows::default();
    let mut record = csv::ByteRecord::new();
    while csv.read_byte_record(&mut record).unwrap_or(false) {
        let line = record.position().map_or(0, csv::Position::line);
        reader.record(record.iter(), line, &mut out)?;
        if out.len() >= chunk {
            append(&mut all, &out);
            out.clear();
        }
    }
    append(&mut all, &out);
    Ok((all, reader.finish()?))
}

fn append(all: &mut Rows, chunk: &Rows) {
    if all.key_names.is_empty() {
        all.key_names.clone_from(&chunk.key_names);
        all.items.clone_from(&chunk.items);
    }
    all.keys.extend_from_slice(&chunk.keys);
    all.values.extend_from_slice(&chunk.values);
    all.opted_in.extend_from_slice(&chunk.opted_in);
    all.lines.extend_from_slice(&chunk.lines);
}

#[test]
fn streaming_in_chunks_reads_what_the_whole_text_reads() {
    for case in cases() {
        let Some(format) = format(case["reader"].as_str().unwrap_or_default()) else {
            continue;
        };
        // The streaming caller hands over the bytes as they are (a BOM
        // included), as the csv crate reads them.
        let bytes = input(&case);
        let inst = instrument(&case);
        let options = ReadOptions::from_json(&options_text(&case)).unwrap_or_default();
        let whole = read_csv(&inst, format, &bytes, &options);
        for chunk in [1, 2, 1000] {
            let parts = streamed(&inst, format, &bytes, &options, chunk);
            match (&whole, parts) {
                (Ok(w), Ok((rows, log))) => {
                    assert_eq!(w.rows.keys, rows.keys, "{}", case["name"]);
                    assert_eq!(w.rows.lines, rows.lines, "{}", case["name"]);
                    assert_eq!(w.rows.key_names, rows.key_names, "{}", case["name"]);
                    let same = w
                        .rows
                        .values
                        .iter()
                        .zip(&rows.values)
                        .all(|(a, b)| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()));
                    assert!(
                        same && w.rows.values.len() == rows.values.len(),
                        "{}",
                        case["name"]
                    );
                    assert_eq!(w.log, log, "{}", case["name"]);
                }
                (Err(w), Err(p)) => assert_eq!(w, &p, "{}", case["name"]),
                (w, p) => panic!("{}: whole {w:?}, streamed {p:?}", case["name"]),
            }
        }
    }
}

#[test]
fn a_legacy_qualtrics_export_without_responses_is_empty() {
    let ras = Instrument::builtin("ras").unwrap_or_else(|e| panic!("{e}"));
    let text = "V1,V2,V7,Q2_1\nResponseID,ResponseSet,Status,How?\n";
    let options =
        ReadOptions::from_json(r#"{"columns": {"ras1": "Q2_1"}, "missing_columns": "missing"}"#)
            .unwrap_or_else(|e| panic!("{e}"));
    let read = read_csv(&ras, CsvFormat::Qualtrics, text.as_bytes(), &options)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(read.rows.is_empty());
    assert_eq!(read.log.format, "qualtrics-legacy");
    assert_eq!(read.rows.key_names, ["ResponseID"]);
    let one_row = "ResponseId\n";
    let e = read_csv(&ras, CsvFormat::Qualtrics, one_row.as_bytes(), &options).err();
    assert_eq!(e.map(|e| e.code()), Some("layout"));
}

#[test]
fn excluded_rows_are_not_checked_against_the_scale() {
    // A survey preview with a 0 is left out by keep_status before its
    // answers are read, so it cannot stop the import.
    let ras = Instrument::builtin("ras").unwrap_or_else(|e| panic!("{e}"));
    let text = "ResponseId,Status,ras1,ras2,ras3,ras4,ras5,ras6,ras7\nid,status,a,b,c,d,e,f,g\n{\"ImportId\":\"_recordId\"},{\"ImportId\":\"status\"},{},{},{},{},{},{},{}\nR_1,1,0,0,0,0,0,0,0\nR_2,0,1,2,3,4,5,4,3\n";
    let options = ReadOptions {
        keep_status: Some(vec!["0".into()]),
        ..ReadOptions::default()
    };
    let read = read_csv(&ras, CsvFormat::Qualtrics, text.as_bytes(), &options)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read.rows.keys, ["R_2"]);
    let excluded = &read.log.excluded[0];
    assert_eq!((excluded.line, excluded.id.as_deref()), (4, Some("R_1")));
    assert!(
        excluded.reason.contains("Survey Preview"),
        "{}",
        excluded.reason
    );
}

#[test]
fn the_dictionary_instrument_is_valid_and_round_trips() {
    let bytes = read("redcap/dictionary-checkin.csv");
    let inst = Instrument::from_redcap_dictionary(&bytes, &RedcapDictionaryOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let again = Instrument::from_json(&inst.to_json()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(inst, again);
    assert_eq!(
        inst.verification.status,
        intimacy_core::VerificationStatus::Unverified
    );
    let description = inst.description.clone().unwrap_or_default();
    for listed in [
        "record_id",
        "welcome",
        "age",
        "topics",
        "closeness_total",
        "anything_else",
    ] {
        assert!(
            description.contains(listed),
            "{listed} not in {description}"
        );
    }
    let closeness = inst.sections.iter().find(|s| s.id == "closeness");
    assert!(closeness.is_some_and(|s| s.description.as_deref().unwrap_or("").contains("checkin")));
}

#[test]
fn a_byte_order_mark_handed_to_the_streaming_reader_is_dropped() {
    let ras = Instrument::builtin("ras").unwrap_or_else(|e| panic!("{e}"));
    let options = ReadOptions::from_json(r#"{"missing_columns": "missing"}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut reader =
        CsvRows::new(&ras, CsvFormat::Redcap, &options).unwrap_or_else(|e| panic!("{e}"));
    let mut rows = Rows::default();
    let header: [&[u8]; 2] = [b"\xEF\xBB\xBFrecord_id", b"ras1"];
    reader
        .record(header, 1, &mut rows)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(reader.key_names(), ["record_id"]);
    // A line given one short (as the csv crate gives it after CRLF) is
    // taken as the end of the record before.
    reader
        .record([&b"r1"[..], b"4"], 1, &mut rows)
        .unwrap_or_else(|e| panic!("{e}"));
    reader
        .record([&b"r2"[..], b"5"], 2, &mut rows)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows.lines, [2, 3]);
}

#[test]
fn a_refused_record_handed_over_again_keeps_its_line() {
    // A command-line tool that blanks a refused answer and hands the same
    // record over again under the same line.
    let ras = Instrument::builtin("ras").unwrap_or_else(|e| panic!("{e}"));
    let options = ReadOptions::from_json(r#"{"id_column": "id", "missing_columns": "missing"}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut reader = CsvRows::new(&ras, CsvFormat::Csv, &options).unwrap_or_else(|e| panic!("{e}"));
    let mut rows = Rows::default();
    reader
        .record([&b"id"[..], b"ras1"], 1, &mut rows)
        .unwrap_or_else(|e| panic!("{e}"));
    let e = reader.record([&b"a"[..], b"0"], 2, &mut rows).err();
    assert_eq!(e.and_then(|e| e.at.line), Some(2));
    reader
        .record([&b"a"[..], b""], 2, &mut rows)
        .unwrap_or_else(|e| panic!("{e}"));
    reader
        .record([&b"b"[..], b"3"], 3, &mut rows)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows.lines, [2, 3]);
    assert_eq!(rows.keys, ["a", "b"]);
}
