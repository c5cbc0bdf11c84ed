//! The shared options fixtures (`tests/fixtures/options/`, written by
//! `make_options.py` beside them; also run by pytest and node): every entry
//! point's options, valid and not, give the same result summary or the same
//! error code and option path in every language.

use std::path::{Path, PathBuf};

use intimacy_core::{
    ChangeOptions, Instrument, KeysOptions, Responses, ScoreError, ScoreOptions, change, score,
};
use serde_json::Value;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/options")
}

/// `expected` is contained in `actual` (objects by key, arrays element-wise,
/// numbers within 1e-9).
fn contains(actual: &Value, expected: &Value, path: &str) -> Result<(), String> {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => e.iter().try_for_each(|(k, ev)| {
            let av = a.get(k).ok_or_else(|| format!("{path}.{k}: missing"))?;
            contains(av, ev, &format!("{path}.{k}"))
        }),
        (Value::Array(a), Value::Array(e)) if a.len() == e.len() => a
            .iter()
            .zip(e)
            .enumerate()
            .try_for_each(|(i, (av, ev))| contains(av, ev, &format!("{path}[{i}]"))),
        (Value::Number(a), Value::Number(e)) => {
            let (a, e) = (a.as_f64().unwrap(), e.as_f64().unwrap());
            ((a - e).abs() <= 1e-9 * e.abs().max(1.0))
                .then_some(())
                .ok_or_else(|| format!("{path}: {a}, expected {e}"))
        }
        (a, e) if a == e => Ok(()),
        (a, e) => Err(format!("{path}: {a}, expected {e}")),
    }
}

fn run(case: &Value) -> Result<Value, ScoreError> {
    let options = case["options"].to_string();
    match case["entry"].as_str().unwrap() {
        "score" => {
            let inst = Instrument::builtin(case["instrument"].as_str().unwrap()).unwrap();
            let answers: Responses = serde_json::from_value(case["answers"].clone()).unwrap();
            let report = score(&inst, &answers, &ScoreOptions::from_json(&options)?)?;
            Ok(serde_json::to_value(report).unwrap())
        }
        "keys" => {
            let keys: Vec<(String, Vec<String>)> = case["keys"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::from_value(v.clone()).unwrap()))
                .collect();
            let inst = Instrument::from_keys(keys, &KeysOptions::from_json(&options)?).unwrap();
            Ok(serde_json::to_value(inst).unwrap())
        }
        "change" => {
            let inst = Instrument::builtin(case["instrument"].as_str().unwrap()).unwrap();
            let waves: Vec<_> = case["waves"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| {
                    let r: Responses = serde_json::from_value(w.clone()).unwrap();
                    score(&inst, &r, &ScoreOptions::default()).unwrap()
                })
                .collect();
            let refs: Vec<_> = waves.iter().collect();
            let out = change(&refs, &ChangeOptions::from_json(&options)?).unwrap();
            Ok(serde_json::to_value(out).unwrap())
        }
        other => panic!("unknown entry {other}"),
    }
}

#[test]
fn options_fixtures() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 25, "only {} options fixtures", files.len());
    let mut failures = Vec::new();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        match (run(&case), case.get("expect_error")) {
            (Ok(v), None) => {
                if let Err(m) = contains(&v, &case["expect"], "") {
                    failures.push(format!("{name}: {m}"));
                }
            }
            (Ok(_), Some(_)) => failures.push(format!("{name}: no error")),
            (Err(e), Some(want)) => {
                let got = (e.code(), e.option().unwrap_or_default());
                let want = (
                    want["code"].as_str().unwrap(),
                    want["option"].as_str().unwrap(),
                );
                if got != want {
                    failures.push(format!("{name}: {got:?}, expected {want:?} ({e})"));
                }
            }
            (Err(e), None) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
