//! The classic models of closeness (issue 15): their data, the checks that
//! hold the data to its shape, the links an instrument makes to them, and
//! the readings a report gives (`Report::models`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;

use intimacy_core::model::{Direction, FrameworkFamily, FrameworkShape, TransitionKind};
use intimacy_core::{
    Instrument, ModelRule, Report, Responses, ScoreOptions, Target, catalogue, framework,
    frameworks, model_cuts, score,
};
use proptest::prelude::*;

const CLASSIC: [(&str, FrameworkShape); 8] = [
    ("knapp", FrameworkShape::TwoPhase),
    ("social-penetration", FrameworkShape::Linear),
    ("powell", FrameworkShape::Linear),
    ("levinger", FrameworkShape::Linear),
    ("reis-shaver", FrameworkShape::Process),
    ("sternberg", FrameworkShape::Components),
    ("sound-relationship-house", FrameworkShape::Layered),
    ("attachment", FrameworkShape::Axes),
];

#[test]
fn eleven_frameworks_with_the_contract_keys_and_shapes() {
    let all = frameworks();
    assert!(all.len() >= 10, "{}", all.len());
    for (key, shape) in CLASSIC {
        let f = framework(key).unwrap_or_else(|| panic!("no framework {key}"));
        assert_eq!(f.shape, shape, "{key}");
        assert_eq!(f.family, FrameworkFamily::Classic, "{key}");
    }
    // The article frameworks come first and keep their order.
    let keys: Vec<&str> = all.iter().take(3).map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["seven-levels", "five-levels", "four-stages"]);
}

/// A source that names an original work: authors and a year.
fn original(key: &str) -> bool {
    catalogue()
        .sources
        .iter()
        .any(|s| s.key == key && s.authors.is_some() && s.year.is_some())
}

#[test]
fn every_stage_of_every_classic_model_is_cited_summarised_and_shaped() {
    for (key, _) in CLASSIC {
        let f = framework(key).unwrap();
        assert!(f.sources.iter().any(|s| original(s)), "{key}");
        assert!(!f.principles.is_empty(), "{key}");
        for s in &f.stages {
            let at = format!("{key}/{}", s.key);
            assert!(s.summary.split_whitespace().count() >= 6, "{at}: summary");
            assert!(!s.features.is_empty(), "{at}: features");
            assert!(
                s.sources.iter().any(|k| original(k)),
                "{at}: no original work"
            );
        }
        let has = |k: TransitionKind| f.transitions.iter().any(|t| t.kind == k);
        match f.shape {
            FrameworkShape::TwoPhase => {
                for s in &f.stages {
                    assert!(
                        s.phase.is_some() && s.direction.is_some(),
                        "{key}/{}",
                        s.key
                    );
                    let m = f.stage(s.mirror.as_deref().unwrap()).unwrap();
                    assert_eq!(m.mirror.as_deref(), Some(s.key.as_str()));
                    assert_ne!(m.phase, s.phase);
                }
                assert!(has(TransitionKind::Skip) && has(TransitionKind::Revisit));
                assert!(has(TransitionKind::Reverse));
            }
            FrameworkShape::Process => assert!(has(TransitionKind::Loop), "{key}"),
            FrameworkShape::Components | FrameworkShape::Axes => {
                let t = f.typology.as_ref().unwrap();
                assert_eq!(t.types.len(), 1 << f.stages.len(), "{key}");
                for ty in &t.types {
                    assert!(ty.sources.iter().any(|k| original(k)), "{key}.{}", ty.key);
                }
            }
            FrameworkShape::Layered => assert!(!f.supports.is_empty(), "{key}"),
            _ => {}
        }
    }
    // Linear models with decline mark it, and the ending stage is last.
    for key in ["levinger", "social-penetration"] {
        let f = framework(key).unwrap();
        assert!(
            f.stages
                .iter()
                .any(|s| matches!(s.direction, Some(Direction::Decline | Direction::Ending))),
            "{key}"
        );
    }
    let attachment = framework("attachment").unwrap();
    assert!(attachment.typology.as_ref().unwrap().on_request);
    assert!(
        !framework("sternberg")
            .unwrap()
            .typology
            .as_ref()
            .unwrap()
            .on_request
    );
    let srh = framework("sound-relationship-house").unwrap();
    assert!(srh.note.as_deref().unwrap().contains("Gottman"));
    let powell = framework("powell").unwrap();
    assert_eq!(powell.stages[0].author_label.as_deref(), Some("Level 5"));
}

#[test]
fn the_checks_catch_a_broken_model() {
    let base = catalogue().clone();
    let knapp = base
        .frameworks
        .iter()
        .position(|f| f.key == "knapp")
        .unwrap();
    let sternberg = base
        .frameworks
        .iter()
        .position(|f| f.key == "sternberg")
        .unwrap();
    assert_eq!(base.problems(), Vec::<String>::new());
    let mut cases: Vec<(intimacy_core::Catalogue, &str)> = Vec::new();

    let mut c = base.clone();
    c.frameworks[knapp].stages[0].phase = None;
    cases.push((c, "one of two phases"));

    let mut c = base.clone();
    c.frameworks[knapp].stages[0].mirror = Some("avoiding".into());
    cases.push((c, "does not point back"));

    let mut c = base.clone();
    let last = c.frameworks[knapp].stages.len() - 1;
    c.frameworks[knapp].stages[last].evidence = vec![Target::Fading("alone-together".into())];
    cases.push((c, "an ending stage takes no evidence"));

    let mut c = base.clone();
    c.frameworks[knapp]
        .transitions
        .retain(|t| t.kind != TransitionKind::Reverse);
    cases.push((c, "reverse transition"));

    let mut c = base.clone();
    c.frameworks[sternberg]
        .typology
        .as_mut()
        .unwrap()
        .types
        .pop();
    cases.push((c, "every combination of high parts"));

    let mut c = base.clone();
    c.frameworks[sternberg].typology.as_mut().unwrap().types[1].high = vec!["warmth".into()];
    cases.push((c, "unknown part"));

    let mut c = base.clone();
    for s in &mut c.sources {
        if s.key == "sternberg-1986" {
            s.year = None;
        }
    }
    cases.push((c, "cites no original work"));

    for (c, want) in cases {
        let p = c.problems();
        assert!(p.iter().any(|x| x.contains(want)), "{want}: {p:?}");
    }
}

#[test]
fn crosswalk_links_to_classic_models_are_authored_and_reach_an_article_framework() {
    let c = catalogue();
    let family = |k: &str| framework(k).unwrap().family;
    let mut classic_links = 0;
    for l in &c.crosswalk.links {
        let (fa, fb) = (family(&l.a.framework), family(&l.b.framework));
        if fa == FrameworkFamily::Classic || fb == FrameworkFamily::Classic {
            classic_links += 1;
            assert_ne!(fa, fb, "{} - {}: two classic models", l.a, l.b);
            assert_eq!(l.basis, intimacy_core::model::Basis::Authored);
            assert!(l.note.as_deref().is_some_and(|n| !n.trim().is_empty()));
        }
    }
    assert!(classic_links >= 20, "{classic_links}");
    // Powell's levels sit close to the five levels they likely gave rise to.
    let to_five = c.counterparts(
        &intimacy_core::StageRef::new("powell", "feelings"),
        "five-levels",
    );
    assert!(!to_five.is_empty());
    // A link between two article frameworks never passes through a classic model.
    for f in c
        .frameworks
        .iter()
        .filter(|f| f.family == FrameworkFamily::Article)
    {
        for s in &f.stages {
            for to in ["seven-levels", "five-levels", "four-stages"] {
                for cp in c.counterparts(&intimacy_core::StageRef::new(&f.key, &s.key), to) {
                    if let Some(via) = cp.via {
                        assert_eq!(family(&via), FrameworkFamily::Article, "{via}");
                    }
                }
            }
        }
    }
}

fn with_link(link: serde_json::Value) -> Result<Instrument, intimacy_core::InstrumentError> {
    let mut v: serde_json::Value = serde_json::from_str(
        &serde_json::to_string(&Instrument::builtin("tls-15").unwrap()).unwrap(),
    )
    .unwrap();
    v["models"] = serde_json::json!([link]);
    v["facts"] = serde_json::json!([]);
    Instrument::from_json(&v.to_string())
}

#[test]
fn an_instruments_model_links_are_checked() {
    let ok = serde_json::json!({"framework": "sternberg", "parts": {"intimacy": "intimacy", "passion": "passion", "commitment": "commitment"}});
    with_link(ok).unwrap();
    for (link, code, path) in [
        (
            serde_json::json!({"framework": "sternberg", "parts": {"intimacy": "intimacy", "passion": "passion"}}),
            "missing-field",
            "models[0].parts",
        ),
        (
            serde_json::json!({"framework": "sternberg", "parts": {"intimacy": "intimacy", "passion": "passion", "commitment": "devotion"}}),
            "unknown-reference",
            "models[0].parts.commitment",
        ),
        (
            serde_json::json!({"framework": "sternberg", "parts": {"intimacy": "intimacy", "passion": "passion", "commitment": "commitment", "warmth": "intimacy"}}),
            "unknown-reference",
            "models[0].parts.warmth",
        ),
        (
            serde_json::json!({"framework": "knapp", "parts": {}}),
            "invalid-rule",
            "models[0].framework",
        ),
        (
            serde_json::json!({"framework": "romance", "parts": {}}),
            "unknown-reference",
            "models[0].framework",
        ),
    ] {
        let e = with_link(link).unwrap_err();
        let problems = e.problems();
        assert!(
            problems
                .iter()
                .any(|p| p.code.as_str() == code && p.path == path),
            "{code} at {path}: {problems:?}"
        );
    }
}

fn tls(i: f64, p: f64, c: f64, options: &ScoreOptions) -> Report {
    let inst = Instrument::builtin("tls-15").unwrap();
    let mut r = Responses::default();
    for (n, item) in inst.items.iter().enumerate() {
        let v = match n {
            0..5 => i,
            5..10 => p,
            _ => c,
        };
        r.answers.push(item.id.clone(), Some(v));
    }
    score(&inst, &r, options).unwrap()
}

#[test]
fn sternbergs_eight_kinds_follow_the_midpoint_rule() {
    let o = ScoreOptions::default();
    let kinds = [
        ((2.0, 2.0, 2.0), "non-love"),
        ((4.0, 2.0, 2.0), "liking"),
        ((2.0, 4.0, 2.0), "infatuated-love"),
        ((2.0, 2.0, 4.0), "empty-love"),
        ((4.0, 4.0, 2.0), "romantic-love"),
        ((4.0, 2.0, 4.0), "companionate-love"),
        ((2.0, 4.0, 4.0), "fatuous-love"),
        ((4.0, 4.0, 4.0), "consummate-love"),
        // At the midpoint is not above it.
        ((3.0, 3.0, 3.0), "non-love"),
    ];
    for ((i, p, c), want) in kinds {
        let r = tls(i, p, c, &o);
        let m = &r.models.get("sternberg").unwrap();
        assert_eq!(m.typology.as_ref().unwrap().key, want, "{i} {p} {c}");
        assert!(m.summary.contains(&m.rule));
    }
}

#[test]
fn attachment_gives_a_quadrant_only_on_request() {
    let inst = Instrument::builtin("ecr-r").unwrap();
    let answers = Responses::from_pairs(inst.items.iter().map(|i| (i.id.clone(), 6.0)));
    let plain = score(&inst, &answers, &ScoreOptions::default()).unwrap();
    let m = plain.models.get("attachment").unwrap();
    assert!(m.typology.is_none() && m.cut.is_none());
    assert!(
        m.parts
            .iter()
            .all(|p| p.score.is_some() && p.high.is_none())
    );
    let mut o = ScoreOptions::default();
    o.models.insert(
        "attachment".into(),
        ModelRule {
            typology: Some(true),
            ..ModelRule::default()
        },
    );
    let asked = score(&inst, &answers, &o).unwrap();
    let t = asked
        .models
        .get("attachment")
        .unwrap()
        .typology
        .clone()
        .unwrap();
    assert!(t.text.contains("midpoint"), "{}", t.text);
    assert!(t.text.contains("not the person"), "{}", t.text);
}

#[test]
fn sample_medians_cut_at_the_middle_of_the_sample() {
    let o = ScoreOptions::default();
    let reports: Vec<Report> = [
        (1.0, 2.0, 3.0),
        (2.0, 4.0, 5.0),
        (5.0, 5.0, 1.0),
        (4.0, 1.0, 2.0),
    ]
    .iter()
    .map(|&(i, p, c)| tls(i, p, c, &o))
    .collect();
    let cuts = model_cuts("sternberg", &reports).unwrap();
    let want: BTreeMap<String, f64> = [
        ("commitment".to_owned(), 2.5),
        ("intimacy".to_owned(), 3.0),
        ("passion".to_owned(), 3.0),
    ]
    .into_iter()
    .collect();
    assert_eq!(cuts, want);
    assert_eq!(
        model_cuts("sternberg", &reports[..3]).unwrap()["intimacy"],
        2.0
    );
    assert!(model_cuts("knapp", &reports).is_err());
    assert!(model_cuts("attachment", &reports).is_err());
    // Used as sample-median cuts, a report above every median is consummate.
    let mut o = ScoreOptions::default();
    o.models.insert(
        "sternberg".into(),
        ModelRule {
            cut: intimacy_core::CutMethod::SampleMedian,
            cuts,
            ..ModelRule::default()
        },
    );
    let r = tls(4.0, 4.0, 3.0, &o);
    let m = r.models.get("sternberg").unwrap();
    assert_eq!(m.typology.as_ref().unwrap().key, "consummate-love");
    assert!(m.rule.contains("sample median"), "{}", m.rule);
}

#[test]
fn weak_parts_point_to_practices_through_the_crosswalk() {
    let r = tls(2.0, 4.0, 4.0, &ScoreOptions::default());
    let m = r.models.get("sternberg").unwrap();
    assert!(!m.practices.is_empty());
    let c = catalogue();
    for p in &m.practices {
        let practice = c.practices.iter().find(|x| &x.key == p).unwrap();
        assert!(!practice.physical, "{p}");
    }
    let all_high = tls(5.0, 5.0, 5.0, &ScoreOptions::default());
    assert!(
        all_high
            .models
            .get("sternberg")
            .unwrap()
            .practices
            .is_empty()
    );
}

/// Answers to every item of the check-in, within each item's scale or unanswered.
fn checkin(picks: &[Option<u8>]) -> (Instrument, Responses) {
    let inst = Instrument::builtin("levels-checkin").unwrap();
    let mut r = Responses::default();
    for (item, pick) in inst.items.iter().zip(picks) {
        let rs = inst.response_scale_of(item).unwrap();
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a built-in scale spans a few whole steps"
        )]
        let steps = (rs.max - rs.min) as u8 + 1;
        r.answers
            .push(item.id.clone(), pick.map(|p| rs.min + f64::from(p % steps)));
    }
    (inst, r)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A derived reading never claims more than its evidence: Knapp names
    /// only coming-apart stages (never the ending one) whose own evidence is
    /// present, and none in safety mode; social penetration names a stage no
    /// deeper than the disclosure of the levels reached in order.
    #[test]
    fn derived_readings_never_outrun_their_evidence(
        picks in proptest::collection::vec(proptest::option::weighted(0.8, any::<u8>()), 89),
        opted in any::<bool>(),
    ) {
        let (inst, answers) = checkin(&picks);
        let options = ScoreOptions {
            opted_in: if opted { vec!["physical".into()] } else { Vec::new() },
            ..ScoreOptions::default()
        };
        let r = score(&inst, &answers, &options).unwrap();
        let knapp = framework("knapp").unwrap();
        if let Some(m) = r.models.get("knapp") {
            prop_assert!(m.derived);
            if r.safety_mode {
                prop_assert!(m.stages.is_empty());
            }
            for s in &m.stages {
                let stage = knapp.stage(&s.key).unwrap();
                prop_assert_eq!(stage.direction, Some(Direction::Decline));
                prop_assert!(!s.evidence.is_empty());
                for e in &s.evidence {
                    prop_assert!(stage.evidence.iter().any(|t| &t.to_string() == e), "{}", e);
                }
            }
            prop_assert!(m.typology.is_none());
        }
        let sp = framework("social-penetration").unwrap();
        let seven = framework("seven-levels").unwrap();
        let m = r.models.get("social-penetration").unwrap();
        let consecutive = r.placement("seven-levels").unwrap().consecutive;
        let reached_depth = seven
            .stages
            .iter()
            .filter(|s| s.level <= consecutive)
            .filter_map(|s| s.disclosure.map(|d| d.depth))
            .max();
        prop_assert_eq!(m.depth, reached_depth);
        prop_assert!(m.stages.len() <= 1);
        for s in &m.stages {
            let d = sp.stage(&s.key).unwrap().disclosure.unwrap().depth;
            prop_assert!(Some(d) <= m.depth);
        }
    }

    /// No text of a reading names a type without the rule it was read by.
    #[test]
    fn no_type_is_named_without_its_rule(
        i in 1u8..=5, p in 1u8..=5, c in 1u8..=5,
        cut in prop_oneof![Just(None), (1.0f64..5.0, 1.0f64..5.0, 1.0f64..5.0).prop_map(Some)],
    ) {
        let mut o = ScoreOptions::default();
        if let Some((a, b, d)) = cut {
            o.models.insert("sternberg".into(), ModelRule {
                cut: intimacy_core::CutMethod::Values,
                cuts: [("intimacy".to_owned(), a), ("passion".to_owned(), b), ("commitment".to_owned(), d)].into_iter().collect(),
                ..ModelRule::default()
            });
        }
        let r = tls(f64::from(i), f64::from(p), f64::from(c), &o);
        let m = r.models.get("sternberg").unwrap();
        let t = m.typology.as_ref().unwrap();
        prop_assert!(t.text.contains(&m.rule));
        prop_assert!(m.summary.contains(&m.rule));
        let names: Vec<String> = framework("sternberg").unwrap().typology.as_ref().unwrap()
            .types.iter().map(|t| t.name.to_lowercase()).collect();
        for n in names {
            if m.summary.to_lowercase().contains(&n) {
                prop_assert!(m.summary.contains(&m.rule));
            }
        }
    }
}

/// The README's table of the frameworks side by side, from the data.
fn readme_table() -> String {
    let c = catalogue();
    let cite = |keys: &[String]| -> String {
        let mut out: Vec<String> = keys
            .iter()
            .filter_map(|k| c.sources.iter().find(|s| &s.key == k))
            .map(|s| match (&s.authors, s.year) {
                (Some(a), Some(y)) => format!("{} {y}", a.split(',').next().unwrap_or(a).trim()),
                _ => format!("source {}", s.key),
            })
            .collect();
        out.dedup();
        out.join("; ")
    };
    let names = |stages: Vec<&intimacy_core::Stage>| -> Vec<String> {
        stages.iter().map(|s| s.name.to_lowercase()).collect()
    };
    let mut t = String::from(
        "| key | model | shape | describes | parts, in order | in a report | cites |\n|---|---|---|---|---|---|---|\n",
    );
    for f in frameworks() {
        let all: Vec<&intimacy_core::Stage> = f.stages.iter().collect();
        let parts = match f.shape {
            FrameworkShape::TwoPhase => {
                let mut phases: Vec<String> = Vec::new();
                for s in &f.stages {
                    let p = s.phase.clone().unwrap_or_default();
                    if !phases.contains(&p) {
                        phases.push(p);
                    }
                }
                phases
                    .iter()
                    .map(|p| {
                        let st = names(
                            f.stages
                                .iter()
                                .filter(|s| s.phase.as_ref() == Some(p))
                                .collect(),
                        );
                        format!("{}: {}", p.replace('-', " "), st.join(" → "))
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            }
            FrameworkShape::Components | FrameworkShape::Axes => {
                let st = names(all).join(", ");
                match &f.typology {
                    Some(ty) => format!("{st} ({} types)", ty.types.len()),
                    None => st,
                }
            }
            FrameworkShape::Process => format!("{} (a loop)", names(all).join(" → ")),
            _ => {
                let st = names(all).join(" → ");
                if f.supports.is_empty() {
                    st
                } else {
                    let w: Vec<String> = f.supports.iter().map(|s| s.name.to_lowercase()).collect();
                    format!("{st}; walls: {}", w.join(", "))
                }
            }
        };
        let measured: Vec<String> = intimacy_core::builtin_instruments()
            .iter()
            .filter(|n| {
                Instrument::builtin(n)
                    .map(|i| i.model_link(&f.key).is_some())
                    .unwrap_or(false)
            })
            .map(|n| format!("`{n}`"))
            .collect();
        let read = if f.family == FrameworkFamily::Article {
            "placed from stage scores (`placements`)".to_owned()
        } else if !measured.is_empty() {
            format!("`models`, from {}", measured.join(", "))
        } else if intimacy_core::DERIVED_MODELS.contains(&f.key.as_str()) {
            "`models`, derived from the check-in".to_owned()
        } else {
            "reference only".to_owned()
        };
        let shape = serde_json::to_value(f.shape).unwrap();
        let subject = serde_json::to_value(f.subject).unwrap();
        t.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |\n",
            f.key,
            f.name,
            shape.as_str().unwrap(),
            subject.as_str().unwrap().replace('-', " "),
            parts,
            read,
            cite(&f.sources)
        ));
    }
    t
}

#[test]
fn the_readme_table_of_the_models_is_up_to_date() {
    support::check_readme_section("models", &readme_table(), "classic_models");
}
