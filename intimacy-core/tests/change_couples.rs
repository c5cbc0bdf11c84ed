//! Change over time and couples.

mod support;

use intimacy_core::{
    Ahead, BelowCutoff, ChangeClass, ChangeOptions, Instrument, Responses, ScaleNorm, ScoreOptions,
    change, couple, dyadic_agreement, example_respondents, reliable_change, score,
    standard_error_of_measurement,
};
use proptest::prelude::*;

#[test]
fn reliable_change_by_hand() {
    // SEM = 0.6 × √(1 − 0.85) = 0.232379; SE_diff = √2 × SEM = 0.328634; RCI = 1.2 / SE_diff.
    let c = reliable_change(3.0, 4.2, 0.6, 0.85, true).unwrap();
    assert!((c.sem - 0.6 * 0.15f64.sqrt()).abs() < 1e-15);
    assert!((c.se_difference - 0.6 * 0.3f64.sqrt()).abs() < 1e-15);
    assert!((c.rci - 1.2 / (0.6 * 0.3f64.sqrt())).abs() < 1e-12);
    assert_eq!(c.classification, ChangeClass::Improved);
    // Lower is better: the same rise is a deterioration.
    let d = reliable_change(3.0, 4.2, 0.6, 0.85, false).unwrap();
    assert_eq!(d.classification, ChangeClass::Deteriorated);
    // A small change is within measurement error.
    let e = reliable_change(3.0, 3.5, 0.6, 0.85, true).unwrap();
    assert_eq!(e.classification, ChangeClass::NoReliableChange);
    assert!(standard_error_of_measurement(0.0, 0.8).is_err());
    assert!(standard_error_of_measurement(1.0, 1.0).is_err());
    assert!(reliable_change(f64::NAN, 1.0, 1.0, 0.8, true).is_err());
}

proptest! {
    #[test]
    fn rci_changes_sign_with_the_order_of_waves(a in -10.0..10.0f64, b in -10.0..10.0f64, sd in 0.1..5.0f64, r in 0.0..0.99f64) {
        let f = reliable_change(a, b, sd, r, true).unwrap();
        let g = reliable_change(b, a, sd, r, true).unwrap();
        prop_assert_eq!(f.rci, -g.rci);
    }

    #[test]
    fn icc_of_identical_partners_is_one(xs in proptest::collection::vec(0.0..5.0f64, 3..40)) {
        prop_assume!(xs.iter().any(|x| (x - xs[0]).abs() > 1e-6));
        let g = dyadic_agreement(&xs, &xs).unwrap();
        prop_assert!((g.icc_pairwise - 1.0).abs() < 1e-12);
        prop_assert!((g.pearson - 1.0).abs() < 1e-12);
    }
}

#[test]
fn pairwise_icc_by_hand() {
    // Couples (1,2), (3,3), (5,4): double entry x = [1,3,5,2,3,4], y = [2,3,4,1,3,5];
    // both have mean 3; Σ(x−3)(y−3) = 2+0+2+2+0+2 = 8; Σ(x−3)² = 4+0+4+1+0+1 = 10 = Σ(y−3)²; r = 0.8.
    let g = dyadic_agreement(&[1.0, 3.0, 5.0], &[2.0, 3.0, 4.0]).unwrap();
    assert!((g.icc_pairwise - 0.8).abs() < 1e-12);
    assert!((g.pearson - 1.0).abs() < 1e-12);
    assert!(dyadic_agreement(&[1.0, 2.0], &[1.0]).is_err());
    assert!(dyadic_agreement(&[1.0, f64::NAN, 2.0], &[1.0, 2.0, 3.0]).is_err());
}

fn report_of(name: &str) -> intimacy_core::Report {
    let inst = Instrument::builtin("levels-checkin").unwrap();
    let p = example_respondents()
        .into_iter()
        .find(|p| p.respondent == name)
        .unwrap();
    let o = ScoreOptions {
        opted_in: p.opted_in.clone(),
        ..Default::default()
    };
    score(&inst, &p.answers, &o).unwrap()
}

#[test]
fn couples_compare_partners_scale_by_scale_and_level_by_level() {
    let inst = Instrument::builtin("levels-checkin").unwrap();
    let (eli, fay) = (report_of("eli"), report_of("fay"));
    let c = couple(&inst, &eli, &fay).unwrap();
    let seven = c.placements.get("seven-levels").unwrap();
    assert_eq!(seven.shared, seven.a.min(seven.b));
    assert_eq!(seven.ahead.len(), 7);
    for (i, st) in eli.placements["seven-levels"].stages.iter().enumerate() {
        let other = &fay.placements["seven-levels"].stages[i];
        let expect = match (st.reached, other.reached) {
            (Some(true), Some(false)) => Ahead::A,
            (Some(false), Some(true)) => Ahead::B,
            (Some(_), Some(_)) => Ahead::Even,
            _ => Ahead::Unknown,
        };
        assert_eq!(seven.ahead[i], expect);
    }
    let s = c.scales.get("level-surface").unwrap();
    let (a, b) = (s.a.unwrap(), s.b.unwrap());
    assert!((s.difference.unwrap() - (a - b)).abs() < 1e-15);
    assert!((s.couple_mean.unwrap() - (a + b) / 2.0).abs() < 1e-15);
    // Nothing private reaches the joint report: no private scale, no safety flag.
    let json = serde_json::to_string(&c).unwrap();
    for id in inst.private_ids() {
        assert!(!json.contains(&format!("\"{id}\"")), "{id} in {json}");
    }
    assert!(c.scales.get("seek-help").is_none());
}

#[test]
fn cut_offs_apply_to_each_partner() {
    let csi = Instrument::builtin("csi-4").unwrap();
    let answers = |v: [f64; 4]| {
        Responses::from_pairs([
            ("csi1", v[0]),
            ("csi2", v[1]),
            ("csi3", v[2]),
            ("csi4", v[3]),
        ])
    };
    let o = ScoreOptions::default();
    // 6+5+5+5 = 21 and 1+1+1+1 = 4: the couple mean 12.5 is below 13.5, but only B is.
    let a = score(&csi, &answers([6.0, 5.0, 5.0, 5.0]), &o).unwrap();
    let b = score(&csi, &answers([1.0, 1.0, 1.0, 1.0]), &o).unwrap();
    let c = couple(&csi, &a, &b).unwrap();
    let s = c.scales.get("satisfaction").unwrap();
    assert_eq!(s.below_cutoff, Some(BelowCutoff::OnlyB));
    assert_eq!(s.couple_mean, Some(12.5));
    let c2 = couple(&csi, &b, &b).unwrap();
    assert_eq!(
        c2.scales.get("satisfaction").unwrap().below_cutoff,
        Some(BelowCutoff::Both)
    );
    let ras = score(
        &Instrument::builtin("ras").unwrap(),
        &Responses::default(),
        &o,
    )
    .unwrap();
    assert!(couple(&csi, &a, &ras).is_err());
}

#[test]
fn change_across_waves_flags_reliable_decline_and_rising_fading() {
    let inst = Instrument::builtin("levels-checkin").unwrap();
    let o = ScoreOptions::default();
    let mut w1 = Responses::default();
    let mut w2 = Responses::default();
    for it in ["k-emo1", "k-emo2"] {
        w1.answers.push(it, Some(5.0));
        w2.answers.push(it, Some(2.0));
    }
    for (it, x, y) in [
        ("f-disc", 0.0, 3.0),
        ("f-alone", 0.0, 4.0),
        ("f-ask", 3.0, 1.0),
    ] {
        w1.answers.push(it, Some(x));
        w2.answers.push(it, Some(y));
    }
    let (r1, r2) = (
        score(&inst, &w1, &o).unwrap(),
        score(&inst, &w2, &o).unwrap(),
    );
    let mut options = ChangeOptions::default();
    options.norms.push(
        "kind-emotional",
        ScaleNorm {
            sd: 0.8,
            reliability: 0.8,
            higher_is_better: true,
        },
    );
    let c = change(&[&r1, &r2], &options).unwrap();
    let emo = c.scales.get("kind-emotional").unwrap();
    assert_eq!(emo.scores, vec![Some(5.0), Some(2.0)]);
    assert_eq!(
        emo.change.as_ref().unwrap().classification,
        ChangeClass::Deteriorated
    );
    assert_eq!(c.fading_present, vec![Some(0), Some(3)]);
    assert_eq!(c.flags.len(), 1);
    assert!(c.flags[0].message.contains("kind-emotional"));
    // The reverse order: improvement, fading signs falling, no flag.
    let back = change(&[&r2, &r1], &options).unwrap();
    assert!(back.flags.is_empty());
    assert!(change(&[&r1], &options).is_err());
}

/// A couple case's chart equals the committed SVG (rewritten when
/// `INTIMACY_UPDATE_FIXTURES` is set).
fn check_couple_svg(
    pair: &intimacy_core::CoupleReport,
    svg: &serde_json::Value,
    dir: &std::path::Path,
    name: &str,
) {
    let chart = intimacy_core::Chart::parse(svg["chart"].as_str().unwrap()).unwrap();
    let drawn = pair.to_svg(chart).unwrap();
    let path = dir.join(svg["file"].as_str().unwrap());
    if std::env::var_os("INTIMACY_UPDATE_FIXTURES").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &drawn).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        drawn == want,
        "{name}: the chart differs from {}; run INTIMACY_UPDATE_FIXTURES=1 cargo test -p intimacy-core --test change_couples and review the SVG",
        path.display()
    );
}

/// The shared change and couples fixtures (`tests/fixtures/change-couples`),
/// also run by pytest and node: `expect` is a subset of the result's JSON.
#[test]
fn shared_change_and_couples_fixtures() {
    use serde_json::Value;
    use support::contains;
    let answers = |v: &Value| -> Responses { serde_json::from_value(v.clone()).unwrap() };
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/change-couples");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 8);
    for f in files {
        let c: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        let name = c["name"].as_str().unwrap();
        let actual = match c["kind"].as_str().unwrap() {
            "reliable-change" => serde_json::to_value(
                reliable_change(
                    c["before"].as_f64().unwrap(),
                    c["after"].as_f64().unwrap(),
                    c["sd"].as_f64().unwrap(),
                    c["reliability"].as_f64().unwrap(),
                    c["higher_is_better"].as_bool().unwrap(),
                )
                .unwrap(),
            )
            .unwrap(),
            "change" => {
                let inst = Instrument::builtin(c["instrument"].as_str().unwrap()).unwrap();
                let reports: Vec<_> = c["waves"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|w| score(&inst, &answers(w), &ScoreOptions::default()).unwrap())
                    .collect();
                let refs: Vec<_> = reports.iter().collect();
                // A case on a key's published criteria takes them from the key.
                let options: ChangeOptions = if c["key_criteria"] == true {
                    inst.change_options()
                } else {
                    serde_json::from_value(serde_json::json!({ "norms": c["norms"] })).unwrap()
                };
                let out = change(&refs, &options).unwrap();
                let mut v = serde_json::to_value(&out).unwrap();
                v["flag_kinds"] = out
                    .flags
                    .iter()
                    .map(|f| Value::from(f.kind.key()))
                    .collect();
                v
            }
            "couple" => {
                let inst = Instrument::builtin(c["instrument"].as_str().unwrap()).unwrap();
                let o: ScoreOptions = match c.get("options") {
                    Some(v) => serde_json::from_value(v.clone()).unwrap(),
                    None => ScoreOptions::default(),
                };
                let a = score(&inst, &answers(&c["a"]), &o).unwrap();
                let b = score(&inst, &answers(&c["b"]), &o).unwrap();
                let pair = couple(&inst, &a, &b).unwrap();
                if let Some(svg) = c.get("svg") {
                    check_couple_svg(&pair, svg, &dir, name);
                }
                serde_json::to_value(pair).unwrap()
            }
            "agreement" => {
                let v = |k: &str| -> Vec<f64> { serde_json::from_value(c[k].clone()).unwrap() };
                serde_json::to_value(dyadic_agreement(&v("a"), &v("b")).unwrap()).unwrap()
            }
            other => panic!("{name}: unknown kind {other}"),
        };
        contains(&actual, &c["expect"], name);
    }
}
