//! The SurveyJS and jsPsych adapters: the shared cases of
//! `tests/fixtures/exports/cases-surveyjs-jspsych.json` (run by every
//! language; the format is in `tests/fixtures/exports/README.md`), a round
//! trip through the survey definition `to_surveyjs` makes, and the
//! definition's coverage of every built-in instrument.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::path::PathBuf;

use intimacy_core::io::{
    Imported, ReadError, ReadOptions, from_surveyjs, read_jspsych, to_surveyjs,
};
use intimacy_core::{Instrument, Responses, ScoreOptions, builtin_instruments, score};
use serde_json::{Map, Value, json};

fn exports() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/exports")
}

fn cases() -> Vec<Value> {
    let text = std::fs::read_to_string(exports().join("cases-surveyjs-jspsych.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn instrument(v: &Value) -> Instrument {
    match v {
        Value::String(name) => Instrument::builtin(name).unwrap(),
        other => Instrument::from_json(&other.to_string()).unwrap(),
    }
}

/// The case's input as bytes: a file, a text, or a JSON value.
fn input(case: &Value) -> Vec<u8> {
    if let Some(path) = case["input"].as_str() {
        return std::fs::read(exports().join(path)).unwrap();
    }
    if let Some(text) = case["input_text"].as_str() {
        return text.as_bytes().to_vec();
    }
    case["input_json"].to_string().into_bytes()
}

fn read(case: &Value) -> Result<Imported, ReadError> {
    let inst = instrument(&case["instrument"]);
    let options = match case.get("options") {
        Some(o) => ReadOptions::from_json(&o.to_string()).unwrap(),
        None => ReadOptions::default(),
    };
    let bytes = input(case);
    match case["reader"].as_str().unwrap() {
        "surveyjs" => from_surveyjs(&inst, std::str::from_utf8(&bytes).unwrap(), &options),
        "jspsych" => read_jspsych(&inst, &bytes, &options),
        other => panic!("unknown reader {other}"),
    }
}

fn check_error(name: &str, e: &ReadError, want: &Map<String, Value>) {
    let at = &e.at;
    for (field, value) in want {
        let got = match field.as_str() {
            "code" => json!(e.code()),
            "line" => json!(at.line),
            "row" => json!(at.row),
            "item" => json!(at.item),
            "column_name" => json!(at.column_name),
            "text" => json!(at.text),
            "option" => json!(at.option),
            "message_contains" => {
                let needle = value.as_str().unwrap();
                assert!(
                    e.message.contains(needle),
                    "{name}: {:?} lacks {needle:?}",
                    e.message
                );
                continue;
            }
            other => panic!("{name}: unknown error field {other}"),
        };
        assert_eq!(&got, value, "{name}: error field {field} ({e})");
    }
}

fn check_rows(name: &str, got: &Imported, want: &Map<String, Value>) {
    let rows = &got.rows;
    if let Some(k) = want.get("key_names") {
        assert_eq!(&json!(rows.key_names), k, "{name}: key_names");
    }
    if let Some(k) = want.get("keys") {
        let keys: Vec<&[String]> = (0..rows.len()).map(|r| rows.key(r)).collect();
        assert_eq!(&json!(keys), k, "{name}: keys");
    }
    if let Some(a) = want.get("answers") {
        let a = a.as_array().unwrap();
        assert_eq!(rows.len(), a.len(), "{name}: rows");
        for (r, expected) in a.iter().enumerate() {
            let mut answered = Map::new();
            for (item, &x) in rows.items.iter().zip(rows.row(r)) {
                if !x.is_nan() {
                    answered.insert(item.clone(), json!(x));
                }
            }
            let expected: Map<String, Value> = expected
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), json!(v.as_f64().unwrap())))
                .collect();
            assert_eq!(answered, expected, "{name}: answers of row {r}");
        }
    }
    if let Some(o) = want.get("opted_in") {
        assert_eq!(&json!(rows.opted_in), o, "{name}: opted_in");
    }
    if let Some(l) = want.get("lines") {
        assert_eq!(&json!(rows.lines), l, "{name}: lines");
    }
}

/// The refused answers with the fields the case gives (each case entry
/// names the fields it checks; `message` is never among them).
fn refused(found: &[intimacy_core::io::RefusedAnswer], want: &Value) -> Value {
    let fields: Vec<String> = want
        .as_array()
        .and_then(|w| w.first())
        .and_then(Value::as_object)
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    found
        .iter()
        .map(|r| {
            let all = serde_json::to_value(r).unwrap();
            Value::Object(fields.iter().map(|f| (f.clone(), all[f].clone())).collect())
        })
        .collect()
}

fn check_log(name: &str, got: &Imported, want: &Map<String, Value>) {
    let log = &got.log;
    for (field, value) in want {
        let actual = match field.as_str() {
            "rows_read" => json!(log.rows_read),
            "rows_kept" => json!(log.rows_kept),
            "dropped" => json!(log.dropped.len()),
            "ignored_columns" => json!(log.ignored_columns),
            "items_without_column" => json!(log.items_without_column),
            "refused" => refused(&log.refused, value),
            "dropped_items" => {
                json!(
                    log.dropped
                        .iter()
                        .map(|d| json!([d.row, d.item]))
                        .collect::<Vec<_>>()
                )
            }
            other => panic!("{name}: unknown log field {other}"),
        };
        assert_eq!(&actual, value, "{name}: log {field} ({:?})", log);
    }
}

#[test]
fn shared_cases() {
    let cases = cases();
    assert!(cases.len() >= 20, "the cases were read");
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        if case["reader"] == "to-surveyjs" {
            let survey = to_surveyjs(&instrument(&case["instrument"]));
            for (pointer, want) in case["expect_contains"].as_object().unwrap() {
                assert_eq!(survey.pointer(pointer), Some(want), "{name}: {pointer}");
            }
            continue;
        }
        match (read(case), case.get("error")) {
            (Err(e), Some(want)) => check_error(name, &e, want.as_object().unwrap()),
            (Err(e), None) => panic!("{name}: unexpected error {e} ({e:?})"),
            (Ok(got), Some(_)) => panic!("{name}: expected an error, read {:?}", got.rows),
            (Ok(got), None) => {
                let want = case["expect"].as_object().unwrap();
                check_rows(name, &got, want);
                if let Some(log) = want.get("log") {
                    check_log(name, &got, log.as_object().unwrap());
                }
            }
        }
    }
}

/// Every question of a SurveyJS definition: (name, element), matrices
/// counted once per row (as the row's value).
fn questions(survey: &Value) -> Vec<(String, Value)> {
    fn walk(elements: &Value, out: &mut Vec<(String, Value)>) {
        for e in elements.as_array().into_iter().flatten() {
            match e["type"].as_str().unwrap() {
                "panel" => walk(&e["elements"], out),
                "matrix" => {
                    for row in e["rows"].as_array().unwrap() {
                        out.push((row["value"].as_str().unwrap().to_owned(), e.clone()));
                    }
                }
                _ => out.push((e["name"].as_str().unwrap().to_owned(), e.clone())),
            }
        }
    }
    let mut out = Vec::new();
    for page in survey["pages"].as_array().unwrap() {
        walk(&page["elements"], &mut out);
    }
    out
}

#[test]
fn every_item_of_every_builtin_appears_once_and_private_ones_are_marked() {
    for name in builtin_instruments() {
        let inst = Instrument::builtin(name).unwrap();
        let survey = to_surveyjs(&inst);
        let found = questions(&survey);
        let mut count: HashMap<&str, usize> = HashMap::new();
        for (q, _) in &found {
            *count.entry(q.as_str()).or_default() += 1;
        }
        for item in &inst.items {
            assert_eq!(count.get(item.id.as_str()), Some(&1), "{name}: {}", item.id);
            let (_, element) = found.iter().find(|(q, _)| *q == item.id).unwrap();
            assert_eq!(
                element.get("intimacyPrivate") == Some(&json!(true)),
                item.private,
                "{name}: privacy mark of {}",
                item.id
            );
            if item.private {
                assert!(
                    element["description"]
                        .as_str()
                        .unwrap()
                        .starts_with("Private")
                );
            }
        }
        let gates = found.len() - inst.items.len();
        let opt_in = inst.sections.iter().filter(|s| s.opt_in).count();
        assert_eq!(gates, opt_in, "{name}: one gate per opt-in section");
        assert_eq!(to_surveyjs(&inst), survey, "{name}: deterministic");
        assert_eq!(
            serde_json::to_string(&to_surveyjs(&inst)).unwrap(),
            serde_json::to_string(&survey).unwrap()
        );
    }
}

/// The answer SurveyJS stores for every question of `survey`: matrix rows
/// nested under the matrix, gates yes, each item's answer from `answer`.
fn survey_data(survey: &Value, answer: &dyn Fn(&str) -> Value) -> Value {
    fn walk(elements: &Value, answer: &dyn Fn(&str) -> Value, data: &mut Map<String, Value>) {
        for e in elements.as_array().into_iter().flatten() {
            let name = e["name"].as_str().unwrap().to_owned();
            match e["type"].as_str().unwrap() {
                "panel" => walk(&e["elements"], answer, data),
                "boolean" => {
                    data.insert(name, json!(true));
                }
                "matrix" => {
                    let rows: Map<String, Value> = e["rows"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|r| {
                            let id = r["value"].as_str().unwrap();
                            (id.to_owned(), answer(id))
                        })
                        .collect();
                    data.insert(name, Value::Object(rows));
                }
                _ => {
                    let value = answer(&name);
                    data.insert(name, value);
                }
            }
        }
    }
    let mut data = Map::new();
    for page in survey["pages"].as_array().unwrap() {
        walk(&page["elements"], answer, &mut data);
    }
    Value::Object(data)
}

#[test]
fn round_trip_through_the_survey_definition() {
    let inst = Instrument::builtin("levels-checkin-short").unwrap();
    let survey = to_surveyjs(&inst);
    // A varied answer for each item, within its declared scale; the first
    // item allowing "does not apply" takes that code.
    let mut direct = Vec::new();
    let mut na_used = false;
    for (k, item) in inst.items.iter().enumerate() {
        let rs = inst.response_scale_of(item).unwrap();
        let x = match &rs.not_applicable {
            Some(na) if !na_used => {
                na_used = true;
                na.value
            }
            _ => rs.min + f64::from(u32::try_from(k).unwrap() % 3).min(rs.max - rs.min),
        };
        direct.push((item.id.clone(), x));
    }
    assert!(na_used);
    let lookup: HashMap<String, f64> = direct.iter().cloned().collect();
    // Numbers as SurveyJS stores them: whole numbers without a fraction
    // (Rust writes 4.0 as "4").
    let data = survey_data(&survey, &|id| {
        serde_json::from_str(&lookup[id].to_string()).unwrap()
    });
    assert!(data.to_string().contains("\"safety\":"), "{data}");
    assert!(!data.to_string().contains(".0"), "{data}");
    let read = from_surveyjs(&inst, &data.to_string(), &ReadOptions::default()).unwrap();
    let rows = &read.rows;
    assert_eq!(rows.len(), 1);
    assert!(read.log.dropped.is_empty());
    assert!(
        read.log.ignored_columns.is_empty(),
        "{:?}",
        read.log.ignored_columns
    );
    let responses = Responses::from_pairs(direct.iter().map(|(k, v)| (k.as_str(), *v)));
    assert_eq!(rows.responses(0), responses);
    assert_eq!(rows.opted_in[0], Some(vec!["physical".to_owned()]));
    let options = ScoreOptions {
        opted_in: rows.opted_in[0].clone().unwrap_or_default(),
        ..ScoreOptions::default()
    };
    let from_rows = score(&inst, &rows.responses(0), &options).unwrap();
    let straight = score(&inst, &responses, &options).unwrap();
    assert_eq!(
        serde_json::to_value(&from_rows).unwrap(),
        serde_json::to_value(&straight).unwrap()
    );
}

#[test]
fn a_skipped_opt_in_section_reads_back_as_not_entered() {
    let inst = Instrument::builtin("levels-checkin-short").unwrap();
    let data = json!({"intimacy-optin-physical": false, "safety": 4});
    let read = from_surveyjs(&inst, &data.to_string(), &ReadOptions::default()).unwrap();
    assert_eq!(read.rows.opted_in, vec![Some(Vec::<String>::new())]);
    let options = ScoreOptions {
        opted_in: read.rows.opted_in[0].clone().unwrap_or_default(),
        ..ScoreOptions::default()
    };
    score(&inst, &read.rows.responses(0), &options).unwrap();
}
