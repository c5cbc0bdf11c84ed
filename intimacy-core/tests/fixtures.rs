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

/// An instrument reads back from its JSON and from the camelCase object form
/// JavaScript's `toObject()` gives (every struct field renamed).
#[test]
fn every_builtin_round_trips_through_both_object_forms() {
    fn camel(v: Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.into_iter()
                    .map(|(k, v)| {
                        let mut out = String::new();
                        let mut up = false;
                        for c in k.chars() {
                            match (c, up) {
                                ('_', _) => up = true,
                                (c, true) => {
                                    out.extend(c.to_uppercase());
                                    up = false;
                                }
                                (c, false) => out.push(c),
                            }
                        }
                        (out, camel(v))
                    })
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.into_iter().map(camel).collect()),
            v => v,
        }
    }
    for name in intimacy_core::builtin_instruments() {
        let inst = Instrument::builtin(name).unwrap();
        assert_eq!(
            Instrument::from_json(&inst.to_json()).unwrap(),
            inst,
            "{name}"
        );
        let object = camel(serde_json::to_value(&inst).unwrap());
        assert!(object.to_string().contains("responseScales"), "{name}");
        assert_eq!(
            Instrument::from_json(&object.to_string()).unwrap(),
            inst,
            "{name}: camelCase form"
        );
    }
}

/// Every range and default the schema documents is the one the validator and
/// the loader apply: values at each documented bound are accepted, values
/// past it refused, and a documented default is what an absent field gets.
#[test]
fn the_schema_documents_the_validators_ranges_and_defaults() {
    let schema = Instrument::json_schema();
    let defs = &schema["$defs"];
    // An instrument of one item `a` on 1-5 in one scale, with `edit` applied.
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut v = serde_json::json!({
            "id": "t", "version": "1", "title": "T", "licence": "MIT",
            "verification": {"status": "authored"},
            "response_scales": [{"id": "r", "min": 1, "max": 5}],
            "default_response_scale": "r",
            "items": [{"id": "a"}, {"id": "b"}],
            "scales": [{"id": "s", "items": ["a", "b"]}]
        });
        edit(&mut v);
        Instrument::from_json(&v.to_string())
    };
    let num = |v: &Value| v.as_f64().unwrap();

    // min_answered: a count from its minimum, a fraction in (0, max].
    let forms = defs["MinAnswered"]["oneOf"].as_array().unwrap();
    let count_min = num(&forms[0]["minimum"]);
    assert_eq!(num(&forms[1]["properties"]["count"]["minimum"]), count_min);
    let fraction = &forms[2]["properties"]["fraction"];
    let (lo, hi) = (
        num(&fraction["exclusiveMinimum"]),
        num(&fraction["maximum"]),
    );
    let set_min = |m: Value| move |v: &mut Value| v["scales"][0]["min_answered"] = m.clone();
    assert!(with(&set_min(serde_json::json!(count_min))).is_ok());
    assert!(with(&set_min(serde_json::json!(count_min - 1.0))).is_err());
    assert!(with(&set_min(serde_json::json!({"count": count_min}))).is_ok());
    assert!(with(&set_min(serde_json::json!({"fraction": hi}))).is_ok());
    assert!(with(&set_min(serde_json::json!({"fraction": hi + 0.5}))).is_err());
    assert!(with(&set_min(serde_json::json!({"fraction": lo}))).is_err());
    assert!(with(&set_min(serde_json::json!({"fraction": lo + 0.01}))).is_ok());

    // An item's weight: its minimum and its default.
    let weight = &defs["Item"]["properties"]["weight"];
    let w_min = num(&weight["minimum"]);
    let set_w = |w: f64| move |v: &mut Value| v["items"][0]["weight"] = serde_json::json!(w);
    assert!(with(&set_w(w_min)).is_ok());
    assert!(with(&set_w(w_min - 0.5)).is_err());
    let w_max = num(&weight["maximum"]);
    assert_eq!(w_max, intimacy_core::MAX_WEIGHT);
    assert!(with(&set_w(w_max)).is_ok());
    assert!(with(&set_w(w_max * 2.0)).is_err());
    assert_eq!(
        with(&|_| {}).unwrap().items[0].weight,
        num(&weight["default"])
    );

    // Report rules: percentages within their documented range.
    for field in ["sign_threshold", "love_language_margin"] {
        let p = &defs["ReportRules"]["properties"][field];
        let (lo, hi) = (num(&p["minimum"]), num(&p["maximum"]));
        let set = |x: f64| move |v: &mut Value| v["report_rules"] = serde_json::json!({ field: x });
        assert!(with(&set(lo)).is_ok() && with(&set(hi)).is_ok(), "{field}");
        assert!(
            with(&set(lo - 1.0)).is_err() && with(&set(hi + 1.0)).is_err(),
            "{field}"
        );
    }
    // The love-language margin's documented default is the one scoring uses.
    let margin = num(&defs["ReportRules"]["properties"]["love_language_margin"]["default"]);
    let inst = with(&|v: &mut Value| {
        v["items"] = serde_json::json!([{"id": "a", "measures": ["love-language:quality-time"]},
                                        {"id": "b", "measures": ["love-language:acts-of-service"]}]);
    })
    .unwrap();
    let r = intimacy_core::score(
        &inst,
        &intimacy_core::Responses::from_pairs([("a", 5.0), ("b", 4.0)]),
        &intimacy_core::ScoreOptions::default(),
    )
    .unwrap();
    assert_eq!(r.love_languages.unwrap().margin, margin);
}
