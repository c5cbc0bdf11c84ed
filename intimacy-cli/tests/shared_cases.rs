//! The shared survey-export cases (tests/fixtures/exports/), which the core,
//! Python and JavaScript run, run here through the `intimacy` binary: the
//! CSV formats streamed, SurveyJS and jsPsych read whole. A case must give
//! the same rows (keys in order), the same log, or the same error at the
//! same place, as a person sees it on the command line.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

use common::{Run, Scratch, csv_rows, fixtures, intimacy};

fn exports(name: &str) -> PathBuf {
    fixtures("exports").join(name)
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// The instrument argument of a case: a built-in name, an inline object
/// written to a file, or a REDCap dictionary read by `redcap-dictionary`.
fn instrument_arg(case: &Value, dir: &Scratch) -> String {
    match (&case["instrument"], &case["dictionary"]) {
        (Value::String(name), _) => name.clone(),
        (Value::Object(_), _) => s(&dir.file("instrument.json", &case["instrument"].to_string())),
        (_, Value::String(dictionary)) => {
            let out = dir.path("dictionary-instrument.json");
            intimacy(&[
                "redcap-dictionary",
                "-q",
                &s(&exports(dictionary)),
                "-o",
                &s(&out),
            ])
            .ok();
            s(&out)
        }
        _ => panic!("case {} names no instrument", case["name"]),
    }
}

/// The input file of a case.
fn input_arg(case: &Value, dir: &Scratch) -> String {
    if let Some(file) = case["input"].as_str() {
        return s(&exports(file));
    }
    if let Some(text) = case["input_text"].as_str() {
        return s(&dir.file("input.txt", text));
    }
    s(&dir.file("input.json", &case["input_json"].to_string()))
}

/// Compare what the run gave with the case's `error`.
fn check_error(name: &str, run: &Run, error: &Value, json_records: bool) {
    assert_eq!(run.code, Some(1), "{name}: expected a failure: {run:?}");
    let text = &run.stderr;
    let code = error["code"].as_str().unwrap_or_default();
    assert!(text.contains(&format!("error[{code}]")), "{name}: {text}");
    if let Some(line) = error["line"].as_u64() {
        let by_line = !json_records || code == "syntax";
        let place = if by_line {
            format!(":{line}")
        } else {
            format!(": record {line}:")
        };
        let head = text.lines().next().unwrap_or_default();
        assert!(head.contains(&place), "{name}: {place:?} in {head}");
    }
    if let Some(column) = error["column_name"].as_str() {
        assert!(
            text.contains(&format!("column {column:?}")),
            "{name}: column {column:?} in {text}"
        );
    }
    if let Some(value) = error["text"].as_str() {
        assert!(
            text.contains(&format!("value as written {value:?}")),
            "{name}: value {value:?} in {text}"
        );
    }
    if let Some(row) = error["row"].as_u64() {
        assert!(
            text.contains(&format!("respondent row {row} ")),
            "{name}: row {row} in {text}"
        );
    }
    if let Some(piece) = error["message_contains"].as_str() {
        assert!(text.contains(piece), "{name}: {piece:?} in {text}");
    }
}

/// Compare the written rows and log with the case's `expect`.
fn check_rows(name: &str, run: &Run, log: &Value, expect: &Value) {
    let rows = csv_rows(&run.stdout);
    let header = &rows[0];
    if let Some(names) = expect["key_names"].as_array() {
        let names: Vec<&str> = names.iter().filter_map(Value::as_str).collect();
        assert_eq!(&header[..names.len()], &names[..], "{name}: key names");
    }
    if let Some(keys) = expect["keys"].as_array() {
        let got: Vec<Vec<String>> = rows[1..]
            .iter()
            .map(|r| r[..keys.first().and_then(Value::as_array).map_or(1, Vec::len)].to_vec())
            .collect();
        let want: Vec<Vec<String>> = keys
            .iter()
            .map(|k| {
                k.as_array()
                    .into_iter()
                    .flatten()
                    .map(|x| x.as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .collect();
        assert_eq!(got, want, "{name}: keys");
    }
    for field in ["answers", "lines", "opted_in"] {
        if let Some(per_row) = expect[field].as_array() {
            assert_eq!(
                rows.len() - 1,
                per_row.len(),
                "{name}: one output row per row"
            );
        }
    }
    check_log(name, log, &expect["log"]);
}

fn check_log(name: &str, log: &Value, expect: &Value) {
    for field in ["format", "rows_read", "rows_kept"] {
        if !expect[field].is_null() {
            assert_eq!(log[field], expect[field], "{name}: log {field}");
        }
    }
    for (field, list) in [("excluded", "excluded"), ("dropped", "dropped")] {
        if let Some(n) = expect[field].as_u64() {
            let got = log[list].as_array().map_or(0, Vec::len);
            assert_eq!(u64::try_from(got).ok(), Some(n), "{name}: log {field}");
        }
    }
    if let Some(want) = expect["ignored_columns"].as_array() {
        let mut got: Vec<&Value> = log["ignored_columns"]
            .as_array()
            .into_iter()
            .flatten()
            .collect();
        got.sort_by_key(|v| v.as_str().unwrap_or_default().to_owned());
        assert_eq!(
            got,
            want.iter().collect::<Vec<_>>(),
            "{name}: ignored columns"
        );
    }
    if !expect["items_without_column"].is_null() {
        assert_eq!(
            log["items_without_column"], expect["items_without_column"],
            "{name}: items without a column"
        );
    }
    if let Some(lines) = expect["excluded_lines"].as_array() {
        let got: Vec<&Value> = log["excluded"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| &e["line"])
            .collect();
        assert_eq!(
            got,
            lines.iter().collect::<Vec<_>>(),
            "{name}: excluded lines"
        );
    }
    if let Some(pieces) = expect["notes_contain"].as_array() {
        let notes = log["notes"].to_string();
        for p in pieces.iter().filter_map(Value::as_str) {
            assert!(notes.contains(p), "{name}: note {p:?} in {notes}");
        }
    }
}

/// Run one reading case through `intimacy score`.
fn score_case(case: &Value, reader: &str, k: usize) {
    let name = case["name"].as_str().unwrap_or_default();
    let dir = Scratch::new(&format!("case-{reader}-{k}"));
    let instrument = instrument_arg(case, &dir);
    let input = input_arg(case, &dir);
    let log = dir.path("log.json");
    let mut args = vec![
        "score".to_owned(),
        "-i".into(),
        instrument,
        "--from".into(),
        reader.into(),
        "--log".into(),
        s(&log),
        input.clone(),
        "-o".into(),
        "-".into(),
        "-q".into(),
    ];
    if case["options"].is_object() {
        args.extend(["--map".into(), case["options"].to_string()]);
    }
    let problems = dir.path("problems.csv");
    if case["options"]["invalid"] == "missing" {
        args.extend(["--problems".into(), s(&problems)]);
    }
    // Chunks of two rows: every case crosses a chunk boundary.
    args.extend(["--chunk-rows".into(), "2".into()]);
    let run = intimacy(&args);
    let json_records = matches!(reader, "surveyjs" | "jspsych")
        && std::fs::read(&input)
            .ok()
            .and_then(|b| b.iter().copied().find(|c| !c.is_ascii_whitespace()))
            .is_some_and(|c| c == b'[' || c == b'{');
    if case["error"].is_object() {
        check_error(name, &run, &case["error"], json_records);
        return;
    }
    let run = run.ok();
    let log: Value = serde_json::from_str(&dir.read("log.json")).expect("the log is JSON");
    check_rows(name, &run, &log, &case["expect"]);
    if let Some(want) = case["expect"]["log"]["refused"].as_array() {
        check_refused(name, &dir.read("problems.csv"), want);
    }
}

/// The problems file lists the refused answers, in order, each under its
/// respondent's keys.
fn check_refused(name: &str, problems: &str, want: &[Value]) {
    let rows = csv_rows(problems);
    let header = &rows[0];
    let at = |field: &str| header.iter().position(|h| h == field).expect(field);
    assert_eq!(rows.len() - 1, want.len(), "{name}: refused answers");
    for (got, w) in rows[1..].iter().zip(want) {
        for (field, column) in [
            ("line", "line"),
            ("column", "column"),
            ("item", "item"),
            ("text", "value"),
            ("code", "code"),
        ] {
            let expected = match &w[field] {
                Value::String(t) => t.clone(),
                other => other.to_string(),
            };
            assert_eq!(got[at(column)], expected, "{name}: refused {field}");
        }
    }
}

/// Run one dictionary case through `intimacy redcap-dictionary`.
fn dictionary_case(case: &Value, k: usize) {
    let name = case["name"].as_str().unwrap_or_default();
    let dir = Scratch::new(&format!("dictionary-{k}"));
    let input = input_arg(case, &dir);
    let mut args = vec!["redcap-dictionary".to_owned(), input, "-q".into()];
    if case["options"].is_object() {
        args.extend(["--options".into(), case["options"].to_string()]);
    }
    let run = intimacy(&args);
    if case["error"].is_object() {
        check_error(name, &run, &case["error"], false);
        return;
    }
    let run = run.ok();
    let inst: Value = serde_json::from_str(&run.stdout).expect("an instrument");
    let expect = &case["expect"];
    if !expect["id"].is_null() {
        assert_eq!(inst["id"], expect["id"], "{name}: id");
    }
    if let Some(items) = expect["items"].as_array() {
        let got: Vec<&Value> = inst["items"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|i| &i["id"])
            .collect();
        assert_eq!(got, items.iter().collect::<Vec<_>>(), "{name}: items");
    }
}

fn cases(file: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(exports(file)).expect("the shared cases");
    serde_json::from_str(&text).expect("a JSON array of cases")
}

#[test]
fn csv_export_cases() {
    let all = cases("cases-csv.json");
    let (mut scored, mut dictionaries) = (0, 0);
    for (k, case) in all.iter().enumerate() {
        match case["reader"].as_str() {
            Some(reader @ ("csv" | "qualtrics" | "redcap")) => {
                score_case(case, reader, k);
                scored += 1;
            }
            Some("redcap-dictionary") => {
                dictionary_case(case, k);
                dictionaries += 1;
            }
            other => panic!("an unknown reader {other:?}"),
        }
    }
    assert!(scored > 20 && dictionaries > 5, "{scored} {dictionaries}");
}

#[test]
fn surveyjs_and_jspsych_cases() {
    let all = cases("cases-surveyjs-jspsych.json");
    let mut run = 0;
    for (k, case) in all.iter().enumerate() {
        match case["reader"].as_str() {
            Some(reader @ ("surveyjs" | "jspsych")) => {
                score_case(case, reader, k);
                run += 1;
            }
            Some("to-surveyjs") => {}
            other => panic!("an unknown reader {other:?}"),
        }
    }
    assert!(run > 20);
}
