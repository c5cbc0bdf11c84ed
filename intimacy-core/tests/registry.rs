//! The registry of published keys: every key's facts agree with the key and
//! carry the sources their status needs; a key whose facts disagree, or
//! claim more than their sources, is refused with the fact's path.
#![cfg(feature = "published-keys")]

mod support;

use intimacy_core::{
    FactStatus, Instrument, InstrumentError, KeyStatus, ProblemCode, builtin_instruments, registry,
};
use serde_json::{Value, json};

fn problems(v: &Value) -> Vec<(String, ProblemCode)> {
    match Instrument::from_json(&v.to_string()) {
        Ok(_) => Vec::new(),
        Err(InstrumentError::Invalid { problems }) => {
            problems.into_iter().map(|p| (p.path, p.code)).collect()
        }
        Err(e) => panic!("not a validation error: {e}"),
    }
}

fn builtin_json(name: &str) -> Value {
    serde_json::from_str(&Instrument::builtin(name).unwrap().to_json()).unwrap()
}

/// The index of the first fact of kind `kind` in the RDAS key.
fn fact_at(v: &Value, kind: &str) -> usize {
    v["facts"]
        .as_array()
        .unwrap()
        .iter()
        .position(|f| f["fact"] == kind)
        .unwrap()
}

#[test]
fn every_builtin_is_listed_with_its_status() {
    let all = registry();
    let names: Vec<&str> = all.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, builtin_instruments());
    for e in &all {
        let inst = Instrument::builtin(&e.name).unwrap();
        assert_eq!(e.status, inst.status(), "{}", e.name);
        assert!(!e.licence.trim().is_empty(), "{}", e.name);
        if e.status == KeyStatus::Authored {
            continue;
        }
        assert!(e.citation.is_some(), "{}: no citation", e.name);
        assert!(!e.facts.is_empty(), "{}: no facts", e.name);
        let weakest = e.facts.iter().map(|f| f.status).min().unwrap();
        assert_eq!(e.status, KeyStatus::from(weakest), "{}", e.name);
        for f in &e.facts {
            // None is verified without a primary source recorded beside it.
            if f.status == FactStatus::Verified {
                assert!(
                    f.sources.iter().any(|s| s.primary),
                    "{}: {}",
                    e.name,
                    f.statement
                );
            }
            if f.status == FactStatus::Secondary {
                assert!(f.sources.len() >= 2, "{}: {}", e.name, f.statement);
            }
        }
    }
    let status = |n: &str| all.iter().find(|e| e.name == n).unwrap().status;
    assert_eq!(status("levels-checkin"), KeyStatus::Authored);
    assert_eq!(status("ecr-r"), KeyStatus::Secondary);
}

#[test]
fn the_published_keys_state_their_reverse_items_subscales_and_ranges() {
    // Every published key declares the facts the key encodes, so that the
    // validation's agreement check has something to hold it to.
    for e in registry() {
        if e.status == KeyStatus::Authored {
            continue;
        }
        let inst = Instrument::builtin(&e.name).unwrap();
        let kinds: Vec<String> = e
            .facts
            .iter()
            .map(|f| {
                serde_json::to_value(f.fact)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        for needed in ["items", "response-range", "reverse-items"] {
            assert!(
                kinds.iter().any(|k| k == needed),
                "{}: no {needed} fact",
                e.name
            );
        }
        for s in &inst.scales {
            let stated = e
                .facts
                .iter()
                .any(|f| f.scale.as_deref() == Some(s.id.as_str()) && f.items.is_some());
            // A one-item scale (the IOS) is its item.
            assert!(
                stated || s.items.len() == 1,
                "{}: scale {} has no subscale fact",
                e.name,
                s.id
            );
        }
        for c in &inst.cutoffs {
            assert!(
                e.facts
                    .iter()
                    .any(|f| f.scale.as_deref() == Some(c.scale.as_str()) && f.value.is_some()),
                "{}: cut-off of {} without a fact",
                e.name,
                c.scale
            );
            assert_eq!(c.bands[0].label, "below cut-off", "{}", e.name);
        }
    }
}

#[test]
fn a_fact_that_disagrees_with_the_key_is_refused() {
    let base = builtin_json("rdas");
    assert!(problems(&base).is_empty());

    let mut v = base.clone();
    let i = fact_at(&v, "subscale");
    v["facts"][i]["items"] = json!(["rdas1", "rdas2", "rdas3", "rdas4", "rdas5", "rdas7"]);
    assert_eq!(
        problems(&v),
        [(format!("facts[{i}].items"), ProblemCode::FactMismatch)]
    );

    let mut v = base.clone();
    v["items"][6]["reverse"] = json!(true); // a key that reverses item 7
    let i = fact_at(&v, "reverse-items");
    assert_eq!(
        problems(&v),
        [(format!("facts[{i}].items"), ProblemCode::FactMismatch)]
    );

    let mut v = base.clone();
    let i = fact_at(&v, "cutoff");
    v["facts"][i]["value"] = json!(47);
    assert_eq!(
        problems(&v),
        [(format!("facts[{i}].value"), ProblemCode::FactMismatch)]
    );

    let mut v = base.clone();
    let i = fact_at(&v, "items");
    v["facts"][i]["count"] = json!(15);
    assert_eq!(
        problems(&v),
        [(format!("facts[{i}].count"), ProblemCode::FactMismatch)]
    );

    let mut v = base.clone();
    let i = fact_at(&v, "response-range");
    v["facts"][i]["max"] = json!(6);
    // One problem for the fact, naming the first items and how many more.
    let err = Instrument::from_json(&v.to_string())
        .unwrap_err()
        .to_string();
    assert_eq!(
        problems(&v),
        [(format!("facts[{i}].items"), ProblemCode::FactMismatch)]
    );
    assert!(
        err.contains("\"rdas1\" 0 to 5") && err.contains("and 8 more"),
        "{err}"
    );

    let mut v = base.clone();
    let i = fact_at(&v, "scoring");
    v["facts"][i]["aggregation"] = json!("mean");
    assert_eq!(
        problems(&v),
        [(format!("facts[{i}].aggregation"), ProblemCode::FactMismatch)]
    );

    let mut v = base;
    let i = fact_at(&v, "subscale");
    v["facts"][i].as_object_mut().unwrap().remove("scale");
    assert_eq!(
        problems(&v),
        [(format!("facts[{i}].scale"), ProblemCode::FactMismatch)]
    );
}

#[test]
fn a_status_needs_its_sources() {
    let base = builtin_json("rdas");
    // Verified without a primary source.
    let mut v = base.clone();
    let i = fact_at(&v, "cutoff");
    for s in v["facts"][i]["sources"].as_array_mut().unwrap() {
        s["primary"] = json!(false);
    }
    assert_eq!(
        problems(&v),
        [(format!("facts[{i}].status"), ProblemCode::FactSource)]
    );
    // Secondary on one source.
    let mut v = base.clone();
    let i = fact_at(&v, "items");
    v["facts"][i]["sources"].as_array_mut().unwrap().truncate(1);
    assert_eq!(
        problems(&v),
        [(format!("facts[{i}].status"), ProblemCode::FactSource)]
    );
    // An instrument marked verified while a fact is not.
    let mut v = base.clone();
    v["verification"]["status"] = json!("verified");
    assert_eq!(
        problems(&v),
        [("verification.status".to_owned(), ProblemCode::FactSource)]
    );
    // Unconfirmed needs nothing, and makes the whole key unconfirmed.
    let mut v = builtin_json("ecr-r");
    assert_eq!(
        Instrument::builtin("ecr-r").unwrap().status(),
        KeyStatus::Secondary
    );
    let i = fact_at(&v, "licence");
    v["facts"][i]["status"] = json!("unconfirmed");
    v["facts"][i]["sources"] = json!([]);
    let inst = Instrument::from_json(&v.to_string()).unwrap();
    assert_eq!(inst.status(), KeyStatus::Unconfirmed);
}

#[test]
fn printed_order_maps_option_positions_to_values() {
    let rdas = Instrument::builtin("rdas").unwrap();
    let of = |item: &str| rdas.response_scale_of(rdas.item(item).unwrap()).unwrap();
    // Items 1-6 print 5 first; item 11 prints 4 first; items 7-10 print 0 first.
    assert_eq!(of("rdas1").value_at_position(1), Some(5.0));
    assert_eq!(of("rdas1").value_at_position(6), Some(0.0));
    assert_eq!(of("rdas11").value_at_position(1), Some(4.0));
    assert_eq!(of("rdas11").value_at_position(6), None);
    assert_eq!(of("rdas7").value_at_position(1), Some(0.0));
    assert_eq!(of("rdas7").value_at_position(0), None);
    // Without a printed order, positions run from the minimum up.
    let ras = Instrument::builtin("ras").unwrap();
    let rs = ras.response_scale_of(ras.item("ras1").unwrap()).unwrap();
    assert_eq!(rs.value_at_position(2), Some(2.0));
    assert_eq!(rs.value_at_position(6), None);

    // Found by the fuzz check that every position maps to an allowed value:
    // a maximum a hair short of the last step gave that step (5 on a 0 to
    // 4.999999999 scale, which refuses 5) as the last option.
    let rs: intimacy_core::ResponseScale =
        serde_json::from_value(json!({"id": "r", "min": 0, "max": 4.999999999})).unwrap();
    assert_eq!(rs.option_values(10).unwrap(), [0.0, 1.0, 2.0, 3.0, 4.0]);
    assert_eq!(rs.value_at_position(6), None);

    // A printed order must list every allowed value once.
    let mut v = builtin_json("rdas");
    v["response_scales"][0]["printed"] = json!([5, 4, 3, 2, 1]);
    assert_eq!(
        problems(&v),
        [(
            "response_scales[0].printed".to_owned(),
            ProblemCode::InvalidLabel
        )]
    );
    v["response_scales"][0]["printed"] = json!([5, 4, 3, 2, 1, 1]);
    assert_eq!(
        problems(&v),
        [(
            "response_scales[0].printed[5]".to_owned(),
            ProblemCode::InvalidLabel
        )]
    );
    v["response_scales"][0]["printed"] = json!([5, 4, 3, 2, 1, 6]);
    assert_eq!(
        problems(&v),
        [(
            "response_scales[0].printed[5]".to_owned(),
            ProblemCode::InvalidLabel
        )]
    );
}

/// The README's registry table, made from the data: one row per built-in
/// instrument (key, title, items, scales, status, licence note).
fn readme_table() -> String {
    let mut out = String::from(
        "| key | instrument | items | scales | status | licence |\n|---|---|---|---|---|---|\n",
    );
    for e in registry() {
        let status = serde_json::to_value(e.status).unwrap();
        // The licence fact's statement where the key has one, else the
        // licence's first sentence.
        let licence = e
            .facts
            .iter()
            .find(|f| serde_json::to_value(f.fact).unwrap() == "licence")
            .map(|f| f.statement.clone())
            .unwrap_or_else(|| match e.licence.split_once(". ") {
                Some((first, _)) => format!("{first}."),
                None => e.licence.clone(),
            });
        let title = e.title.trim_end_matches(" (scoring key)");
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            e.name,
            title.replace('|', "\\|"),
            e.items,
            if e.scales.len() > 8 {
                format!("{} scales", e.scales.len())
            } else {
                e.scales.join(", ")
            },
            status.as_str().unwrap(),
            licence.replace('|', "\\|"),
        ));
    }
    out
}

#[test]
fn the_readme_table_of_the_registry_is_up_to_date() {
    support::check_readme_section("registry", &readme_table(), "registry");
}

#[test]
fn the_ios_drawing_has_seven_pairs_overlapping_more_at_each_step() {
    let svg = intimacy_core::ios_svg();
    let groups: Vec<&str> = svg.split("<g ").skip(1).collect();
    assert_eq!(groups.len(), 7);
    let number = |s: &str, attr: &str| -> f64 {
        let at = s.find(&format!("{attr}=\"")).unwrap() + attr.len() + 2;
        s[at..at + s[at..].find('"').unwrap()].parse().unwrap()
    };
    let mut last = f64::INFINITY;
    for (k, g) in groups.iter().enumerate() {
        assert_eq!(
            number(g, "data-value"),
            f64::from(u8::try_from(k + 1).unwrap())
        );
        assert!(g.contains("role=\"radio\"") && g.contains("aria-label="));
        let circles: Vec<&str> = g.split("<circle ").skip(1).collect();
        assert_eq!(circles.len(), 2);
        let r = number(circles[0], "r");
        let d = number(circles[1], "cx") - number(circles[0], "cx");
        assert!(
            d < last,
            "pair {} does not overlap more than pair {k}",
            k + 1
        );
        // The first pair is apart; every other pair overlaps.
        assert_eq!(d > 2.0 * r, k == 0, "pair {}", k + 1);
        last = d;
    }
}

#[test]
fn facts_are_checked_in_time_proportional_to_the_instrument() {
    // 100,000 items and facts that each name all of them, or none (every
    // item): before the checks were indexed this took minutes.
    let n = 100_000;
    let ids: Vec<String> = (0..n).map(|k| format!("i{k}")).collect();
    let mut facts = vec![
        json!({"fact": "response-range", "statement": "s", "status": "unconfirmed", "min": 1, "max": 6, "items": ids}),
        json!({"fact": "subscale", "statement": "s", "status": "unconfirmed", "scale": "s", "items": ids}),
        json!({"fact": "reverse-items", "statement": "s", "status": "unconfirmed", "items": ids}),
    ];
    facts.extend(std::iter::repeat_n(
        json!({"fact": "response-range", "statement": "s", "status": "unconfirmed", "min": 1, "max": 6}),
        2_000,
    ));
    let v = json!({
        "id": "h", "version": "1", "title": "t", "licence": "x",
        "verification": {"status": "unverified"},
        "response_scales": [{"id": "r", "min": 1, "max": 5}], "default_response_scale": "r",
        "items": ids.iter().map(|id| json!({"id": id})).collect::<Vec<_>>(),
        "scales": [{"id": "s", "items": ids}],
        "facts": facts,
    });
    let found = problems(&v);
    // Each range fact is one problem (not one per item); the subscale agrees;
    // the reverse fact does not (no item is reversed).
    assert_eq!(found.len(), 2_002);
    assert!(found.iter().all(|(_, c)| *c == ProblemCode::FactMismatch));

    // More than MAX_FACTS facts: refused before any is checked.
    let mut v = v;
    v["facts"] = json!(vec![
        json!({"fact": "other", "statement": "s", "status": "unconfirmed"});
        10_001
    ]);
    assert_eq!(problems(&v), [("facts".to_owned(), ProblemCode::TooLarge)]);
}
