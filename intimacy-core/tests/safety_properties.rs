//! Safety properties that must hold for every respondent of the check-in
//! (full and short form, any answers, any opt-in): safety mode never suggests
//! anything done together and starts with support for the person; a couple's
//! joint report never carries anything private; a derived placement never
//! claims a stage its linked measured stages contradict.

use intimacy_core::{
    Instrument, PracticeCategory, Report, Responses, ScoreOptions, StageRef, catalogue, couple,
    score,
};
use proptest::prelude::*;

/// Answers to every item: a value within its response scale (its "does not
/// apply" code included), or unanswered. `picks` are raw choices, mapped
/// into each item's own scale.
fn answers(inst: &Instrument, picks: &[Option<u8>]) -> Responses {
    let mut r = Responses::default();
    for (item, pick) in inst.items.iter().zip(picks) {
        let rs = inst.response_scale_of(item).unwrap();
        let value = pick.map(|p| {
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "a built-in scale spans a few whole steps, well within u8"
            )]
            let steps = (rs.max - rs.min) as u8 + 1;
            let na = rs.not_applicable.as_ref().map(|l| l.value);
            match na {
                Some(code) if p % (steps + 1) == steps => code,
                _ => rs.min + f64::from(p % steps),
            }
        });
        r.answers.push(item.id.clone(), value);
    }
    r
}

fn picks() -> impl Strategy<Value = Vec<Option<u8>>> {
    // Skewed towards calm answers for the safety items is not needed: any
    // answer is possible, and the properties hold for all of them.
    proptest::collection::vec(proptest::option::weighted(0.85, any::<u8>()), 89)
}

fn report(form: &str, picks: &[Option<u8>], opted: bool) -> (Instrument, Report) {
    let inst = Instrument::builtin(form).unwrap();
    let options = ScoreOptions {
        opted_in: if opted {
            vec!["physical".into()]
        } else {
            Vec::new()
        },
        ..ScoreOptions::default()
    };
    let r = score(&inst, &answers(&inst, picks), &options).unwrap();
    (inst, r)
}

const FORMS: [&str; 2] = ["levels-checkin", "levels-checkin-short"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn safety_mode_never_suggests_couple_work(picks in picks(), opted in any::<bool>(), short in any::<bool>()) {
        let (_, r) = report(FORMS[usize::from(short)], &picks, opted);
        let raised = r.flags.iter().any(|f| f.kind.is_safety_family());
        prop_assert_eq!(r.safety_mode, raised);
        if raised {
            for rec in &r.recommendations {
                prop_assert!(!rec.together && rec.category != PracticeCategory::Couple, "{}", rec.practice);
            }
            if let Some(first) = r.recommendations.first() {
                prop_assert!(matches!(first.category, PracticeCategory::Individual | PracticeCategory::Safety), "{}", first.practice);
            }
            // Patterns that can be fear responses are not given as the person's.
            for f in &r.flags {
                prop_assert!(f.target.as_deref() != Some("sign:codependency") && f.target.as_deref() != Some("sign:avoiding-deep-conversations"));
            }
        }
        prop_assert!(!r.resources.message.is_empty() && !r.resources.emergency.is_empty());
    }

    #[test]
    fn a_joint_report_holds_nothing_private(a in picks(), b in picks(), oa in any::<bool>(), ob in any::<bool>(), short in any::<bool>()) {
        let form = FORMS[usize::from(short)];
        let (inst, ra) = report(form, &a, oa);
        let (_, rb) = report(form, &b, ob);
        let joint = serde_json::to_string(&couple(&inst, &ra, &rb).unwrap()).unwrap();
        for id in inst.private_ids() {
            prop_assert!(!joint.contains(&format!("\"{id}\"")), "{} in the joint report", id);
        }
        for word in ["safety", "consent", "flags", "evidence", "resources"] {
            prop_assert!(!joint.contains(word), "{} in the joint report", word);
        }
    }

    #[test]
    fn derived_placements_never_contradict_measured_ones(picks in picks(), opted in any::<bool>(), short in any::<bool>()) {
        let (_, r) = report(FORMS[usize::from(short)], &picks, opted);
        let cat = catalogue();
        for p in r.placements.values().filter(|p| p.derived) {
            let via = &r.placements[p.via.as_deref().unwrap()];
            for st in p.stages.iter().filter(|s| s.reached == Some(true)) {
                for c in cat.counterparts(&StageRef::new(&p.framework, &st.key), &via.framework) {
                    let measured = via.stages.iter().find(|m| m.key == c.stage.stage).unwrap();
                    prop_assert!(measured.reached != Some(false),
                        "{} {} reached while {} {} is not", p.framework, st.key, via.framework, measured.key);
                }
            }
        }
    }
}

/// An instrument of one's own that measures safety without declaring alerts
/// keeps the built-in rules, and no option weakens them.
#[test]
fn no_option_weakens_the_safety_flag_of_an_instrument_without_alerts() {
    let inst = Instrument::from_json(
        r#"{"id": "own", "version": "1", "title": "Own", "licence": "MIT",
            "verification": {"status": "authored"},
            "response_scales": [{"id": "f", "min": 0, "max": 4}, {"id": "a", "min": 1, "max": 5}],
            "items": [
              {"id": "unsafe", "response_scale": "f", "measures": ["seek-help:not-emotionally-safe"]},
              {"id": "safe", "response_scale": "a", "measures": ["safety"]}
            ]}"#,
    )
    .unwrap();
    let lax = ScoreOptions::from_json(
        r#"{"sign_threshold": 100, "flags": {"seek_help": false, "unhealthy_signs": false}}"#,
    )
    .unwrap();
    for (answers, raised) in [
        (&[("unsafe", 2.0), ("safe", 5.0)][..], true), // "sometimes" not safe: half the scale
        (&[("unsafe", 1.0), ("safe", 5.0)][..], false),
        (&[("unsafe", 0.0), ("safe", 2.0)][..], true), // below half of the safety item
        (&[("unsafe", 0.0), ("safe", 3.0)][..], false),
    ] {
        let r = score(&inst, &Responses::from_pairs(answers.iter().copied()), &lax).unwrap();
        assert_eq!(r.safety_mode, raised, "{answers:?}");
        assert_eq!(
            r.flags.iter().any(|f| f.kind.key() == "safety"),
            raised,
            "{answers:?}"
        );
    }
}
