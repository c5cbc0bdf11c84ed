//! The session (issue 16): the shared session fixtures
//! (`tests/fixtures/sessions/`, also run by pytest and node) and the
//! properties every sequence of calls keeps.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;

use intimacy_core::{
    Flag, Instrument, Report, Responses, ScoreOptions, Session, SessionError, Step, StepKind, score,
};
use proptest::prelude::*;
use serde_json::{Value, json};
use support::contains;

/// A step as the fixtures see it: its JSON, plus `flag_kinds`.
fn step_view(step: &Step) -> Value {
    let mut v = serde_json::to_value(step).unwrap();
    v["flag_kinds"] = step
        .flags
        .iter()
        .map(|f| Value::from(f.kind.key()))
        .collect();
    v
}

/// Scoring the session's answers directly, with the sections entered.
fn direct(session: &Session) -> Report {
    let st = session.state();
    let mut r = Responses::default();
    for (item, value) in &st.answers {
        r.answers.push(item.clone(), Some(*value));
    }
    let options = ScoreOptions {
        opted_in: st
            .sections
            .iter()
            .filter(|(_, d)| *d)
            .map(|(s, _)| s.clone())
            .collect(),
        ..ScoreOptions::default()
    };
    score(session.instrument(), &r, &options).unwrap()
}

fn apply(s: &mut Session, call: &Value, inst: &Instrument) -> Result<(), SessionError> {
    let str_of = |k: &str| call[k].as_str().unwrap_or_default();
    match str_of("call") {
        "answer" => s.answer(str_of("item"), call["value"].as_f64().unwrap()),
        "skip" => s.skip(),
        "back" => s.back(),
        "opt_in" => s.opt_in(str_of("section")),
        "opt_out" => s.opt_out(str_of("section")),
        "acknowledge" => s.acknowledge(),
        "stop" => {
            s.stop();
            Ok(())
        }
        "resume" => {
            *s = Session::from_json(&s.to_json(), inst, ScoreOptions::default())?;
            Ok(())
        }
        "resume_from" => {
            *s = Session::from_json(&call["state"].to_string(), inst, ScoreOptions::default())?;
            Ok(())
        }
        other => panic!("unknown call {other}"),
    }
}

#[test]
fn shared_session_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/sessions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 5);
    for f in files {
        let c: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        let name = c["name"].as_str().unwrap();
        let inst = Instrument::builtin(c["instrument"].as_str().unwrap()).unwrap();
        let options: ScoreOptions =
            serde_json::from_value(c.get("options").cloned().unwrap_or(json!({}))).unwrap();
        let mut s = Session::new(&inst, c["form"].as_str(), options).unwrap();
        for (n, call) in c["calls"].as_array().unwrap().iter().enumerate() {
            let at = format!("{name} call {n}");
            match call["call"].as_str().unwrap() {
                "next" => contains(&step_view(&s.next()), &call["expect"], &at),
                "next_page" => contains(
                    &Value::Array(s.next_page().iter().map(step_view).collect()),
                    &call["expect"],
                    &at,
                ),
                "progress" => contains(
                    &serde_json::to_value(s.progress()).unwrap(),
                    &call["expect"],
                    &at,
                ),
                "finish" => {
                    let report = s.finish().unwrap();
                    assert_eq!(
                        report,
                        direct(&s),
                        "{at}: finish differs from scoring directly"
                    );
                    contains(
                        &serde_json::to_value(&report).unwrap(),
                        &call["expect"],
                        &at,
                    );
                }
                "error" => {
                    let before = s.to_json();
                    let e = apply(&mut s, &call["do"], &inst).expect_err(&at);
                    assert_eq!(
                        s.to_json(),
                        before,
                        "{at}: a refused call changed the session"
                    );
                    let want = &call["expect"];
                    assert_eq!(e.code(), want["code"].as_str().unwrap(), "{at}: {e}");
                    let loc = e.location();
                    if let Some(item) = want.get("item") {
                        assert_eq!(loc.item.as_deref(), item.as_str(), "{at}");
                    }
                    if let Some(v) = want.get("value") {
                        assert_eq!(loc.value, v.as_f64(), "{at}");
                    }
                }
                _ => apply(&mut s, call, &inst).unwrap_or_else(|e| panic!("{at}: {e}")),
            }
        }
    }
}

#[test]
fn the_safety_screen_comes_first_and_every_question_has_its_options() {
    let inst = Instrument::builtin("levels-checkin").unwrap();
    let s = Session::new(&inst, None, ScoreOptions::default()).unwrap();
    let step = s.next();
    assert_eq!(step.kind, StepKind::Question);
    assert_eq!(step.item.as_deref(), Some("screen-fear"));
    assert_eq!(step.text.as_deref(), Some("I feel afraid of my partner."));
    let labels: Vec<_> = step
        .options
        .iter()
        .map(|o| o.label.clone().unwrap())
        .collect();
    assert_eq!(labels, ["Never", "Once or twice", "Sometimes", "Often"]);
    assert_eq!(step.range, Some((0.0, 3.0)));
    assert_eq!(step.progress.total, inst.items.len());
    // A state is small: a few dozen bytes per answer.
    let mut s = s;
    s.answer("screen-fear", 0.0).unwrap();
    assert!(s.to_json().len() < 200, "{}", s.to_json());
}

/// One call of a random sequence.
#[derive(Debug, Clone)]
enum Op {
    /// Answer the current question with the option at this position (or
    /// any item of the session, when `any`).
    Answer {
        pick: u8,
        any: Option<u8>,
    },
    Skip,
    Back,
    OptIn,
    OptOut,
    Acknowledge,
    Stop,
    Resume,
}

/// The safety-family flags of the session's answers.
fn safety_flags(s: &Session) -> Vec<Flag> {
    let mut flags = s.finish().unwrap().flags;
    flags.retain(|f| f.kind.is_safety_family());
    flags
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (any::<u8>(), proptest::option::weighted(0.2, any::<u8>()))
            .prop_map(|(pick, any)| Op::Answer { pick, any }),
        2 => Just(Op::Skip),
        1 => Just(Op::Back),
        1 => Just(Op::OptIn),
        1 => Just(Op::OptOut),
        2 => Just(Op::Acknowledge),
        1 => Just(Op::Stop),
        1 => Just(Op::Resume),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Any sequence of calls leaves a state that resumes to the same place,
    /// whose report equals scoring its answers directly; an answer that
    /// raises the safety or consent flag is followed by the support step;
    /// a refused call changes nothing.
    #[test]
    fn any_sequence_resumes_exactly_and_finishes_as_direct_scoring(
        ops in proptest::collection::vec(op(), 1..60),
        short in any::<bool>(),
    ) {
        let inst = Instrument::builtin("levels-checkin").unwrap();
        let form = short.then_some("short");
        let mut s = Session::new(&inst, form, ScoreOptions::default()).unwrap();
        for op in ops {
            let before = s.to_json();
            let step = s.next();
            let result = match op {
                Op::Answer { pick, any } => {
                    let item = match any {
                        Some(k) => {
                            let items = &s.instrument().items;
                            Some(items[usize::from(k) % items.len()].id.clone())
                        }
                        None => step.item.clone(),
                    };
                    match item {
                        Some(item) => {
                            let it = s.instrument().item(&item).unwrap();
                            let rs = s.instrument().response_scale_of(it).unwrap();
                            let values = rs.option_values(100).unwrap();
                            let v = values[usize::from(pick) % values.len()];
                            let before_flags = safety_flags(&s);
                            let r = s.answer(&item, v);
                            if r.is_ok() && !s.state().stopped {
                                // A flag that is new, more serious, or rests
                                // on an answer it did not rest on before.
                                let grown = safety_flags(&s).into_iter().any(|f| {
                                    !before_flags.iter().any(|g| {
                                        g.kind == f.kind
                                            && g.severity >= f.severity
                                            && f.evidence.iter().all(|e| g.evidence.contains(e))
                                    })
                                });
                                if grown {
                                    prop_assert_eq!(s.next().kind, StepKind::Support);
                                }
                            }
                            r
                        }
                        None => Ok(()),
                    }
                }
                Op::Skip => s.skip(),
                Op::Back => s.back(),
                Op::OptIn => s.opt_in("physical"),
                Op::OptOut => s.opt_out("physical"),
                Op::Acknowledge => s.acknowledge(),
                Op::Stop => { s.stop(); Ok(()) }
                Op::Resume => {
                    s = Session::from_json(&s.to_json(), &inst, ScoreOptions::default()).unwrap();
                    Ok(())
                }
            };
            if result.is_err() {
                prop_assert_eq!(s.to_json(), before);
            }
            let resumed = Session::from_json(&s.to_json(), &inst, ScoreOptions::default()).unwrap();
            prop_assert_eq!(resumed.next(), s.next());
            // A page starts with the next step, and holds questions of one
            // section, in order, none answered or skipped.
            let page = s.next_page();
            prop_assert_eq!(&page[0], &s.next());
            for w in page.windows(2) {
                prop_assert_eq!(w[1].kind, StepKind::Question);
                prop_assert_eq!(&w[1].section, &w[0].section);
                prop_assert!(w[1].position > w[0].position);
            }
            for q in &page[1..] {
                let id = q.item.as_deref().unwrap();
                prop_assert!(!s.state().answers.iter().any(|(x, _)| x == id));
                prop_assert!(!s.state().skipped.iter().any(|x| x == id));
            }
            prop_assert_eq!(resumed.to_json(), s.to_json());
            prop_assert_eq!(s.finish().unwrap(), direct(&s));
        }
    }
}

#[test]
fn hostile_states_are_refused_with_a_reason() {
    let inst = Instrument::builtin("levels-checkin").unwrap();
    let o = ScoreOptions::default;
    for (text, code) in [
        ("", "bad-state"),
        ("[]", "bad-state"),
        (r#"{"format":1}"#, "bad-state"),
        (
            r#"{"format":1,"instrument":"levels-checkin","instrument_version":"2","locale":"en","answers":[["screen-fear",0],["screen-fear",1]]}"#,
            "bad-state",
        ),
        (
            r#"{"format":1,"instrument":"levels-checkin","instrument_version":"2","locale":"en","answers":[["nope",0]]}"#,
            "unknown-item",
        ),
        (
            r#"{"format":1,"instrument":"levels-checkin","instrument_version":"2","locale":"en","answers":[],"trail":["rm -rf"]}"#,
            "bad-state",
        ),
        (
            r#"{"format":1,"instrument":"levels-checkin","instrument_version":"2","locale":"x!","answers":[]}"#,
            "bad-state",
        ),
        (
            r#"{"format":1,"instrument":"levels-checkin","instrument_version":"2","form":"long","locale":"en","answers":[]}"#,
            "invalid-option",
        ),
        (
            r#"{"format":1,"instrument":"levels-checkin","instrument_version":"2","locale":"en","answers":[],"sections":[["screen",true]]}"#,
            "bad-state",
        ),
        (
            r#"{"format":1,"instrument":"levels-checkin","instrument_version":"1","locale":"en","answers":[]}"#,
            "different-instrument",
        ),
        (
            r#"{"format":1,"instrument":"levels-checkin","instrument_version":"2","locale":"en","answers":[],"extra":1}"#,
            "bad-state",
        ),
        // Going on from a support step the trail never showed.
        (
            r#"{"format":1,"instrument":"levels-checkin","instrument_version":"2","locale":"en","answers":[["screen-fear",2]],"acknowledged":[{"flag":"safety","severity":"referral","evidence":[["screen-fear",2]]}]}"#,
            "bad-state",
        ),
        // The pre-release form (a bare flag kind) is refused, not read as
        // covering every later answer.
        (
            r#"{"format":1,"instrument":"levels-checkin","instrument_version":"2","locale":"en","answers":[["screen-fear",2]],"trail":["item:screen-fear","support:safety"],"acknowledged":["safety"]}"#,
            "bad-state",
        ),
        // A flag with no support step, and evidence naming no item.
        (
            r#"{"format":1,"instrument":"levels-checkin","instrument_version":"2","locale":"en","answers":[],"trail":["support:safety"],"acknowledged":[{"flag":"unhealthy-sign","severity":"notice"}]}"#,
            "bad-state",
        ),
        (
            r#"{"format":1,"instrument":"levels-checkin","instrument_version":"2","locale":"en","answers":[],"trail":["support:safety"],"acknowledged":[{"flag":"safety","severity":"notice","evidence":[["nope",1]]}]}"#,
            "bad-state",
        ),
    ] {
        let e = Session::from_json(text, &inst, o()).expect_err(text);
        assert_eq!(e.code(), code, "{text}: {e}");
    }
}
