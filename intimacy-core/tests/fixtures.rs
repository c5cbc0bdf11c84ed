//! The shared fixtures in `tests/fixtures/`, which pytest and node run too.
//!
//! Set `INTIMACY_UPDATE_FIXTURES=1` to rewrite the generated expectation
//! files (`frameworks.json`, `builtin-instruments.json`) from the current
//! content, then review the diff.

use std::path::{Path, PathBuf};

use intimacy_core::{Instrument, InstrumentError};
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn check_generated(name: &str, actual: Value) {
    let path = fixtures().join(name);
    if std::env::var_os("INTIMACY_UPDATE_FIXTURES").is_some() {
        let text = serde_json::to_string_pretty(&actual).unwrap() + "\n";
        std::fs::write(&path, text).unwrap();
        return;
    }
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with INTIMACY_UPDATE_FIXTURES=1)",
            path.display()
        )
    });
    let expected: Value = serde_json::from_str(&text).unwrap();
    assert!(
        expected == actual,
        "{name} is out of date with the content: run INTIMACY_UPDATE_FIXTURES=1 cargo test and review the diff"
    );
}

#[test]
fn frameworks_fixture_matches_the_content() {
    check_generated(
        "frameworks.json",
        serde_json::to_value(intimacy_core::frameworks()).unwrap(),
    );
}

#[test]
fn builtin_instruments_fixture_matches() {
    let mut all = serde_json::Map::new();
    for name in intimacy_core::builtin_instruments() {
        let inst = Instrument::builtin(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        all.insert(name.to_owned(), serde_json::to_value(&inst).unwrap());
    }
    check_generated("builtin-instruments.json", Value::Object(all));
}

fn load(case: &Value) -> Result<Instrument, InstrumentError> {
    let format = case["format"].as_str().unwrap();
    let text = match &case["text"] {
        Value::String(s) => s.clone(),
        _ => serde_json::to_string(&case["instrument"]).unwrap(),
    };
    match format {
        "json" => Instrument::from_json(&text),
        "toml" => Instrument::from_toml(&text),
        other => panic!("unknown format {other}"),
    }
}

#[test]
fn invalid_instruments_report_every_expected_problem_with_its_path() {
    let dir = fixtures().join("invalid-instruments");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 15,
        "the catalogue holds {} cases",
        files.len()
    );
    for file in files {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let err = match load(&case) {
            Ok(_) => panic!("{name}: loaded without error"),
            Err(e) => e,
        };
        let mut got: Vec<(String, String)> = err
            .problems()
            .iter()
            .map(|p| (p.path.clone(), p.code.as_str().to_owned()))
            .collect();
        let mut want: Vec<(String, String)> = case["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["path"].as_str().unwrap().to_owned(),
                    p["code"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{name}: {err}");
        for p in err.problems() {
            assert!(!p.message.is_empty(), "{name}: empty message");
        }
        assert!(!err.to_string().is_empty());
    }
}

#[test]
fn committed_json_schema_matches_the_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/instrument.schema.json");
    let actual = Instrument::json_schema();
    if std::env::var_os("INTIMACY_UPDATE_FIXTURES").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, serde_json::to_string_pretty(&actual).unwrap() + "\n").unwrap();
        return;
    }
    let committed: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(
        committed == actual,
        "schema/instrument.schema.json is stale: run INTIMACY_UPDATE_FIXTURES=1 cargo test"
    );
}
