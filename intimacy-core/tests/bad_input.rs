//! The shared bad-input catalogue (`tests/fixtures/bad-input/cases.json`,
//! written by `make_cases.py` beside it), run in Rust. pytest and node run
//! the same cases and must reach the same outcome: the same error class,
//! code and location, or the same result.

use std::path::PathBuf;

use intimacy_core::{
    Answer, Block, BlockData, BlockRequest, Instrument, KeysOptions, LibraryError,
    ReliabilityOptions, Request, Responses, ScoreOptions,
};
use serde_json::{Map, Value, json};

fn cases() -> Vec<Value> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/bad-input/cases.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("the catalogue")).expect("JSON")
}

/// A number written as a marker (`{"$": "NaN"}`) or plainly.
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::Object(m) => match m.get("$").and_then(Value::as_str) {
            Some("NaN") => Some(f64::NAN),
            Some("Infinity") => Some(f64::INFINITY),
            Some("-Infinity") => Some(f64::NEG_INFINITY),
            Some("-0") => Some(-0.0),
            _ => None,
        },
        _ => None,
    }
}

/// A text written plainly or as `{"$text": [...]}` pieces.
fn text(v: &Value) -> String {
    let Some(pieces) = v.get("$text").and_then(Value::as_array) else {
        return v.as_str().expect("text").to_owned();
    };
    let mut out = String::new();
    for p in pieces {
        if let Some(each) = p.get("each").and_then(Value::as_str) {
            let n = p["count"].as_u64().expect("count");
            let parts: Vec<String> = (0..n)
                .map(|i| each.replace("{i}", &i.to_string()))
                .collect();
            out.push_str(&parts.join(p["sep"].as_str().expect("sep")));
        } else {
            let times = usize::try_from(p[1].as_u64().expect("times")).expect("times");
            out.push_str(&p[0].as_str().expect("piece").repeat(times));
        }
    }
    out
}

/// Options as JSON text, markers written as what JSON can hold nearest:
/// an object naming them (as the bindings pass NaN and infinities).
fn options_text(v: &Value) -> String {
    fn plain(v: &Value) -> Value {
        match v {
            Value::Object(m) if m.contains_key("$") => {
                let n = number(v).expect("marker");
                if n.is_finite() {
                    json!(n)
                } else {
                    json!({"not plain data": n.to_string()})
                }
            }
            Value::Object(m) => {
                Value::Object(m.iter().map(|(k, v)| (k.clone(), plain(v))).collect())
            }
            Value::Array(a) => Value::Array(a.iter().map(plain).collect()),
            other => other.clone(),
        }
    }
    plain(v).to_string()
}

fn error(e: &dyn LibraryError) -> Value {
    let at = e.location();
    let mut m = Map::new();
    m.insert("class".into(), json!(e.class()));
    m.insert("code".into(), json!(e.code()));
    if let Some(p) = at.path {
        m.insert("path".into(), json!(p));
    }
    if let Some(r) = at.row {
        m.insert("row".into(), json!(r));
    }
    if let Some(c) = at.column {
        m.insert("column".into(), json!(c));
    }
    if let Some(i) = at.item {
        m.insert("item".into(), json!(i));
    }
    json!({ "error": m })
}

macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => return error(&e),
        }
    };
}

fn cells<T: Copy>(c: &Value, f: impl Fn(f64) -> T) -> Vec<T> {
    c["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(|v| f(number(v).expect("a number")))
        .collect()
}

/// `f` of the case's block, with its block options.
fn with_block<R>(
    c: &Value,
    block: &intimacy_core::BlockOptions,
    f: impl FnOnce(&Block<'_>) -> R,
) -> Result<R, intimacy_core::ScoreError> {
    let (rows, cols) = (
        usize::try_from(c["rows"].as_u64().unwrap_or(0)).unwrap(),
        usize::try_from(c["cols"].as_u64().unwrap_or(0)).unwrap(),
    );
    let (f64s, u8s, i16s);
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "the cases' cells as the host would convert them: Rust's saturating cast"
    )]
    let data = match c["dtype"].as_str() {
        Some("u8") => {
            u8s = cells(c, |x| x as u8);
            BlockData::U8 {
                data: &u8s,
                missing: block.missing_u8()?,
            }
        }
        Some("i16") => {
            i16s = cells(c, |x| x as i16);
            BlockData::I16 {
                data: &i16s,
                missing: block.missing_i16()?,
            }
        }
        _ => {
            f64s = cells(c, |x| x);
            BlockData::F64(&f64s)
        }
    };
    // As JavaScript passes a flat array: the columns follow from the length.
    let cols = data.len().checked_div(rows).unwrap_or(cols);
    Ok(f(&Block {
        data,
        rows,
        cols,
        layout: block.layout,
    }))
}

fn run(c: &Value) -> Value {
    match c["call"].as_str().expect("call") {
        "instrument" => {
            let inst = tri!(Instrument::from_json(&text(&c["text"])));
            json!({"ok": {"items": inst.items.len()}})
        }
        "score" => {
            let inst = Instrument::builtin(c["instrument"].as_str().expect("instrument"))
                .expect("builtin");
            let options = tri!(ScoreOptions::read_json(&options_text(&c["options"])));
            let answers = c["answers"]
                .as_object()
                .expect("answers")
                .iter()
                .map(|(k, v)| {
                    let a = match v {
                        Value::Null => Answer::Unanswered,
                        Value::String(_) => Answer::Other("a string"),
                        Value::Bool(_) => Answer::Other("a boolean"),
                        Value::Array(_) => Answer::Other("an array"),
                        _ => match number(v) {
                            Some(x) => Answer::Number(x),
                            None => Answer::Other("an object"),
                        },
                    };
                    (k.clone(), a)
                });
            let responses = tri!(Responses::from_answers(answers));
            let report = tri!(intimacy_core::score(&inst, &responses, &options));
            let status: Map<String, Value> = report
                .scales
                .iter()
                .map(|(k, s)| {
                    (
                        k.to_owned(),
                        serde_json::to_value(s.status).expect("status"),
                    )
                })
                .collect();
            json!({"ok": {"status": status}})
        }
        "batch" => {
            let inst = Instrument::builtin(c["instrument"].as_str().expect("instrument"))
                .expect("builtin");
            let request = tri!(BlockRequest::<ScoreOptions>::read_json(&options_text(
                &c["options"]
            )));
            let scorer = tri!(intimacy_core::Scorer::new(&inst, &request.options));
            let names: Option<Vec<&str>> = request
                .block
                .columns
                .as_ref()
                .map(|c| c.iter().map(String::as_str).collect());
            let out = tri!(tri!(with_block(c, &request.block, |b| scorer
                .score_batch(b, names.as_deref()))));
            let first = out
                .problems
                .first()
                .map(|p| json!({"row": p.row, "column": p.column, "item": p.item}));
            json!({"ok": {"rows": out.rows, "problems": out.problems.len(), "first_problem": first}})
        }
        "keys" => {
            let options = tri!(KeysOptions::read_json(&options_text(&c["options"])));
            let keys: Vec<(String, Vec<String>)> = c["keys"]
                .as_object()
                .expect("keys")
                .iter()
                .map(|(k, v)| {
                    let items = v
                        .as_array()
                        .expect("items")
                        .iter()
                        .map(|i| i.as_str().expect("name").to_owned());
                    (k.clone(), items.collect())
                })
                .collect();
            let inst = tri!(Instrument::from_keys(keys, &options));
            json!({"ok": {"items": inst.items.len()}})
        }
        "reliability" => {
            let request = tri!(BlockRequest::<ReliabilityOptions>::read_json(
                &options_text(&c["options"])
            ));
            let r = tri!(tri!(with_block(c, &request.block, |b| {
                intimacy_core::reliability(b, &request.options)
            })));
            json!({"ok": {"zero_variance": r.zero_variance}})
        }
        "reliable_change" => {
            let p: Vec<f64> = c["params"]
                .as_array()
                .expect("params")
                .iter()
                .map(|v| number(v).expect("a number"))
                .collect();
            let r = tri!(intimacy_core::reliable_change(p[0], p[1], p[2], p[3], true));
            json!({"ok": {"classification": r.classification}})
        }
        other => panic!("unknown call {other}"),
    }
}

/// Whether `got` holds every key of `want` with the same value.
fn agrees(want: &Value, got: &Value) -> bool {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => w
            .iter()
            .all(|(k, v)| g.get(k).is_some_and(|gv| agrees(v, gv))),
        _ => want == got,
    }
}

#[test]
fn every_bad_input_gets_its_typed_outcome() {
    let cases = cases();
    let mut ran = 0;
    let mut failures = Vec::new();
    for c in &cases {
        if c.get("only")
            .is_some_and(|o| !o.as_array().expect("only").contains(&json!("rust")))
        {
            continue;
        }
        ran += 1;
        let got = run(c);
        if !agrees(&c["expect"], &got) {
            failures.push(format!(
                "{}: expected {}, got {}",
                c["name"], c["expect"], got
            ));
        }
    }
    println!(
        "bad-input catalogue: {ran} of {} cases run in Rust",
        cases.len()
    );
    assert!(
        ran >= 60,
        "the catalogue must have at least 60 cases here, has {ran}"
    );
    assert!(
        failures.is_empty(),
        "{} case(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
