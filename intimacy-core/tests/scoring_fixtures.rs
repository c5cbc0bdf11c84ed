//! The shared scoring fixtures in `tests/fixtures/scoring/` (also run by pytest
//! and node). Each case gives an instrument (a built-in name or an inline
//! definition), answers and options, and either `expect` (a subset of the
//! report's JSON, numbers compared to 1e-9, plus the derived lists
//! `flag_kinds` and `recommendation_keys`) or `expect_error` (`code`, and
//! `item`/`value` when given). Every case is also scored as a one-row batch,
//! which must agree with the report.

use std::path::{Path, PathBuf};

use intimacy_core::{
    Block, BlockData, Instrument, Layout, Report, Responses, ScoreOptions, score, score_batch,
};
use serde_json::Value;

fn dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name)
}

/// The cases of fixture folder `name`, sorted.
fn cases(name: &str) -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir(name))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// `expected` is contained in `actual`: objects by key, arrays element-wise
/// with equal length, numbers within 1e-9.
fn contains(actual: &Value, expected: &Value, path: &str) -> Result<(), String> {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            for (k, ev) in e {
                let av = a.get(k).ok_or_else(|| format!("{path}.{k}: missing"))?;
                contains(av, ev, &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        (Value::Array(a), Value::Array(e)) => {
            if a.len() != e.len() {
                return Err(format!(
                    "{path}: {} elements, expected {}: {a:?}",
                    a.len(),
                    e.len()
                ));
            }
            for (i, (av, ev)) in a.iter().zip(e).enumerate() {
                contains(av, ev, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (Value::Number(a), Value::Number(e)) => {
            let (a, e) = (a.as_f64().unwrap(), e.as_f64().unwrap());
            if (a - e).abs() <= 1e-9 * e.abs().max(1.0) {
                Ok(())
            } else {
                Err(format!("{path}: {a}, expected {e}"))
            }
        }
        (a, e) if a == e => Ok(()),
        (a, e) => Err(format!("{path}: {a}, expected {e}")),
    }
}

fn instrument(case: &Value) -> Instrument {
    match &case["instrument"] {
        Value::String(name) => Instrument::builtin(name).unwrap(),
        v => Instrument::from_json(&v.to_string()).unwrap(),
    }
}

fn view(report: &Report) -> Value {
    let mut v = serde_json::to_value(report).unwrap();
    let kinds: Vec<Value> = report
        .flags
        .iter()
        .map(|f| Value::from(f.kind.key()))
        .collect();
    let recs: Vec<Value> = report
        .recommendations
        .iter()
        .map(|r| Value::from(r.practice.clone()))
        .collect();
    v["flag_kinds"] = Value::from(kinds);
    v["recommendation_keys"] = Value::from(recs);
    v
}

fn check_batch_agrees(
    inst: &Instrument,
    answers: &Responses,
    options: &ScoreOptions,
    report: &Report,
    name: &str,
) {
    let ids: Vec<&str> = inst.items.iter().map(|i| i.id.as_str()).collect();
    let mut row = vec![f64::NAN; ids.len()];
    for (id, v) in answers.answers.iter() {
        if let (Some(j), Some(x)) = (ids.iter().position(|i| *i == id), v) {
            row[j] = *x;
        }
    }
    let block = Block {
        data: BlockData::F64(&row),
        rows: 1,
        cols: ids.len(),
        layout: Layout::RowMajor,
    };
    let mut opts = options.clone();
    opts.invalid = Some(intimacy_core::InvalidPolicy::Missing);
    let out = score_batch(inst, &block, None, &opts).unwrap();
    assert_eq!(out.rows, 1);
    for (id, s) in report.scales.iter() {
        let b = out.scale(id).unwrap().score[0];
        match s.score {
            Some(x) => assert!((x - b).abs() < 1e-12, "{name}: batch {id} {b} != {x}"),
            None => assert!(b.is_nan(), "{name}: batch {id} {b}, report none"),
        }
        assert_eq!(
            out.scale(id).unwrap().answered[0] as usize,
            s.answered,
            "{name}: {id}"
        );
    }
    for (fw, p) in report.placements.iter() {
        let col = out.placement(fw).unwrap();
        assert_eq!(
            (u32::from(col.consecutive[0]), u32::from(col.peak[0])),
            (p.consecutive, p.peak),
            "{name}: {fw}"
        );
    }
    for kind in [
        "safety",
        "consent",
        "seek-help",
        "pacing",
        "rushing",
        "unhealthy-sign",
        "fading",
    ] {
        let raised = report.flags.iter().any(|f| f.kind.key() == kind);
        assert_eq!(
            out.flag(kind).is_some_and(|f| f.values[0] == 1),
            raised,
            "{name}: flag {kind}"
        );
    }
}

#[test]
fn scoring_fixtures() {
    let files = cases("scoring");
    assert!(files.len() >= 25, "only {} scoring fixtures", files.len());
    run(files);
}

/// The hand-worked respondent of each published key in
/// `tests/fixtures/keys/` (same format), and one for every key there is.
#[cfg(feature = "published-keys")]
#[test]
fn key_fixtures() {
    let files = cases("keys");
    let covered: std::collections::HashSet<String> = files
        .iter()
        .map(|f| {
            let case: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
            case["instrument"].as_str().unwrap().to_owned()
        })
        .collect();
    for entry in intimacy_core::registry() {
        if entry.status != intimacy_core::KeyStatus::Authored {
            assert!(
                covered.contains(&entry.name),
                "no hand-worked case for {}",
                entry.name
            );
        }
    }
    run(files);
}

fn run(files: Vec<PathBuf>) {
    let mut failures = Vec::new();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let inst = instrument(&case);
        let answers: Responses = serde_json::from_value(case["answers"].clone()).unwrap();
        let options = ScoreOptions::from_json(
            &case
                .get("options")
                .cloned()
                .unwrap_or(Value::Object(Default::default()))
                .to_string(),
        )
        .unwrap_or_else(|e| panic!("{name}: options: {e}"));
        let result = score(&inst, &answers, &options);
        if let Some(err) = case.get("expect_error") {
            let e = match result {
                Ok(_) => panic!("{name}: scored without error"),
                Err(e) => e,
            };
            assert_eq!(e.code(), err["code"].as_str().unwrap(), "{name}: {e}");
            let at = e.location();
            if let Some(i) = err.get("item") {
                assert_eq!(at.item.as_deref(), i.as_str(), "{name}");
            }
            if let Some(v) = err.get("value") {
                assert_eq!(at.value, v.as_f64(), "{name}");
            }
            continue;
        }
        let report = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        if let Err(msg) = contains(&view(&report), &case["expect"], "") {
            failures.push(format!("{name}: {msg}"));
            continue;
        }
        check_batch_agrees(&inst, &answers, &options, &report, &name);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
