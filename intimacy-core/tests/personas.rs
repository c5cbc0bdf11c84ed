//! The persona fixtures (`tests/fixtures/personas/`, written by
//! `make_personas.py` beside them; also run by pytest and node): realistic
//! respondents of the check-in, each with the flags that must and must not
//! appear and what must never be recommended. Every report carries
//! resources; a report in safety mode recommends nothing done together and
//! puts individual or safety support first; a couple's joint report holds
//! nothing private.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use intimacy_core::{
    FlagKind, Instrument, PracticeCategory, Report, Responses, ScoreOptions, couple, score,
};
use serde_json::Value;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/personas")
}

fn cases() -> Vec<(String, Value)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            (
                name,
                serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap(),
            )
        })
        .collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().map(|x| x.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

fn scored(inst: &Instrument, answers: &Value, options: &Value) -> Report {
    let answers: Responses = serde_json::from_value(answers.clone()).unwrap();
    let options = ScoreOptions::from_json(&options.to_string()).unwrap();
    score(inst, &answers, &options).unwrap()
}

/// What every report must satisfy, and what this persona's case asks.
fn check(name: &str, report: &Report, case: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    let kinds: Vec<&str> = report.flags.iter().map(|f| f.kind.key()).collect();
    for k in strings(&case["must_flag"]) {
        if !kinds.contains(&k.as_str()) {
            errors.push(format!("{name}: flag {k} missing (flags: {kinds:?})"));
        }
    }
    for k in strings(&case["must_not_flag"]) {
        if kinds.contains(&k.as_str()) {
            errors.push(format!("{name}: flag {k} must not appear"));
        }
    }
    if let Some(m) = case["safety_mode"].as_bool() {
        if report.safety_mode != m {
            errors.push(format!("{name}: safety_mode {}", report.safety_mode));
        }
    }
    if let Some(sev) = case["severity"].as_object() {
        for (k, want) in sev {
            let got = report.flags.iter().find(|f| f.kind.key() == k);
            if got.map(|f| f.severity.key()) != want.as_str() {
                errors.push(format!(
                    "{name}: {k} severity {:?}, expected {want}",
                    got.map(|f| f.severity)
                ));
            }
        }
    }
    let recs: Vec<&str> = report
        .recommendations
        .iter()
        .map(|r| r.practice.as_str())
        .collect();
    for c in strings(&case["must_not_recommend_categories"]) {
        if let Some(r) = report
            .recommendations
            .iter()
            .find(|r| r.category.key() == c)
        {
            errors.push(format!("{name}: recommends {} of category {c}", r.practice));
        }
    }
    for p in strings(&case["must_not_recommend"]) {
        if recs.contains(&p.as_str()) {
            errors.push(format!("{name}: recommends {p}"));
        }
    }
    if let Some(first) = case["first_recommendation"].as_str() {
        if recs.first() != Some(&first) {
            errors.push(format!(
                "{name}: first recommendation {recs:?}, expected {first}"
            ));
        }
    }
    if let Some(m) = case["summary_contains"].as_object() {
        for (fw, text) in m {
            let s = &report.placements[fw.as_str()].summary;
            if !s.contains(text.as_str().unwrap()) {
                errors.push(format!("{name}: {fw} summary {s:?}"));
            }
        }
    }
    // Every report, flagged or not.
    if report.resources.message.is_empty() || report.resources.emergency.is_empty() {
        errors.push(format!("{name}: no resources"));
    }
    let safety = report.flags.iter().any(|f| f.kind.is_safety_family());
    if safety != report.safety_mode {
        errors.push(format!("{name}: safety_mode does not follow the flags"));
    }
    if report.safety_mode {
        if let Some(r) = report
            .recommendations
            .iter()
            .find(|r| r.together || r.category == PracticeCategory::Couple)
        {
            errors.push(format!("{name}: safety mode recommends {}", r.practice));
        }
        if let Some(r) = report.recommendations.first() {
            if !matches!(
                r.category,
                PracticeCategory::Safety | PracticeCategory::Individual
            ) {
                errors.push(format!("{name}: safety mode starts with {}", r.practice));
            }
        }
    }
    errors
}

#[test]
fn personas() {
    let cases = cases();
    assert!(cases.len() >= 20, "only {} personas", cases.len());
    let mut errors = Vec::new();
    for (name, case) in &cases {
        let inst = Instrument::builtin(case["instrument"].as_str().unwrap()).unwrap();
        let report = scored(&inst, &case["answers"], &case["options"]);
        errors.extend(check(name, &report, case));
        if let Some(partner) = case.get("partner") {
            let other = scored(&inst, &partner["answers"], &partner["options"]);
            errors.extend(check(&format!("{name} (partner)"), &other, partner));
            let joint = serde_json::to_string(&couple(&inst, &report, &other).unwrap()).unwrap();
            for id in inst.private_ids() {
                if joint.contains(&format!("\"{id}\"")) {
                    errors.push(format!("{name}: the joint report carries {id}"));
                }
            }
            for word in ["consent", "safety_mode", "resources"] {
                if joint.contains(word) {
                    errors.push(format!("{name}: the joint report mentions {word}"));
                }
            }
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// Every flag kind is shown raisable, on each form, by some persona.
#[test]
fn every_flag_is_raisable_on_every_form() {
    let cases = cases();
    for form in ["levels-checkin", "levels-checkin-short"] {
        let raised: BTreeSet<String> = cases
            .iter()
            .filter(|(_, c)| c["instrument"] == form)
            .flat_map(|(_, c)| strings(&c["must_flag"]))
            .collect();
        for kind in FlagKind::ALL {
            assert!(
                raised.contains(kind.key()),
                "no persona shows {} raised on {form}",
                kind.key()
            );
        }
    }
}
