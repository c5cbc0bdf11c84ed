//! Instruments of 200 k items, built from JSON and from scoring keys, and a
//! batch over all of them with many invalid cells (issue 12, "linear time").
//! These check results only, never time: building, validating and scoring
//! such instruments once took minutes, and now take well under a second in
//! a release build (see `benches/benches/construction.rs`).
use intimacy_core::{
    Block, BlockData, Instrument, InvalidPolicy, KeysOptions, Layout, MinAnswered, ProblemCode,
    Responses, ScaleLabel, ScoreOptions, Scorer, score,
};

const ITEMS: usize = 200_000;
const SCALES: usize = 4;
const PER: usize = ITEMS / SCALES;

/// Item `i` of scale `s`; every third item is reversed.
fn id(s: usize, i: usize) -> String {
    format!("s{s}_{i}")
}

fn reversed(i: usize) -> bool {
    i % 3 == 2
}

fn keys() -> Vec<(String, Vec<String>)> {
    (0..SCALES)
        .map(|s| {
            let members = (0..PER)
                .map(|i| {
                    if reversed(i) {
                        format!("-{}", id(s, i))
                    } else {
                        id(s, i)
                    }
                })
                .collect();
            (format!("scale{s}"), members)
        })
        .collect()
}

/// The same items and scales as JSON, on a 1-5 scale in whole steps.
fn json(extra_items: &str, extra_members: &str) -> String {
    let mut items = Vec::with_capacity(ITEMS);
    let mut scales = Vec::with_capacity(SCALES);
    for s in 0..SCALES {
        let mut members = Vec::with_capacity(PER);
        for i in 0..PER {
            let reverse = if reversed(i) {
                r#","reverse":true"#
            } else {
                ""
            };
            items.push(format!(r#"{{"id":"{}"{reverse}}}"#, id(s, i)));
            members.push(format!(r#""{}""#, id(s, i)));
        }
        if s == SCALES - 1 {
            members.push(extra_members.to_owned());
            members.retain(|m| !m.is_empty());
        }
        scales.push(format!(
            r#"{{"id":"scale{s}","items":[{}],"min_answered":{{"fraction":0.5}}}}"#,
            members.join(",")
        ));
    }
    items.push(extra_items.to_owned());
    items.retain(|i| !i.is_empty());
    format!(
        r#"{{"id":"large","version":"1","title":"Large","licence":"MIT","verification":{{"status":"authored"}},"default_response_scale":"agree","response_scales":[{{"id":"agree","min":1,"max":5}}],"items":[{}],"scales":[{}]}}"#,
        items.join(","),
        scales.join(",")
    )
}

#[test]
fn builds_200k_items_from_json_and_from_keys() {
    let from_json = Instrument::from_json(&json("", "")).expect("valid instrument");
    let from_keys = Instrument::from_keys(
        keys(),
        &KeysOptions {
            bounds: Some((1.0, 5.0)),
            min_answered: Some(MinAnswered::Fraction(0.5)),
            ..Default::default()
        },
    )
    .expect("valid keys");
    for inst in [&from_json, &from_keys] {
        assert_eq!(inst.items.len(), ITEMS);
        assert_eq!(inst.scales.len(), SCALES);
        assert!(inst.scales.iter().all(|s| s.items.len() == PER));
        assert!(inst.problems().is_empty());
    }
    // The same items, in the same order, keyed the same way.
    assert!(
        from_json
            .items
            .iter()
            .zip(&from_keys.items)
            .all(|(a, b)| a.id == b.id && a.reverse == b.reverse)
    );
    assert_eq!(from_keys.items[ITEMS - 1].id, id(SCALES - 1, PER - 1));
    assert_eq!(
        from_keys.item(&id(2, 5)).map(|i| i.reverse),
        Some(reversed(5))
    );
}

#[test]
fn problems_of_a_large_instrument_keep_their_order() {
    // A repeated item at the end, and a scale naming an unknown item and
    // one item twice.
    let text = json(
        &format!(r#"{{"id":"{}"}}"#, id(0, 7)),
        &format!(r#""nowhere","{}""#, id(3, 0)),
    );
    let Err(e) = Instrument::from_json(&text) else {
        panic!("invalid instrument accepted");
    };
    let found: Vec<(String, ProblemCode)> =
        e.problems().into_iter().map(|p| (p.path, p.code)).collect();
    assert_eq!(
        found,
        [
            (format!("items[{ITEMS}].id"), ProblemCode::DuplicateId),
            (
                format!("scales[3].items[{PER}]"),
                ProblemCode::UnknownReference
            ),
            (
                format!("scales[3].items[{}]", PER + 1),
                ProblemCode::DuplicateId
            ),
        ]
        .map(|(p, c)| (p.to_owned(), c))
    );

    // An item keyed reversed in one scale and not in another.
    let mut k = keys();
    k[3].1.push(format!("-{}", id(0, 0)));
    let Err(e) = Instrument::from_keys(k, &KeysOptions::default()) else {
        panic!("conflicting keys accepted");
    };
    let problems = e.problems();
    assert_eq!(problems[0].path, format!("keys.scale3[{PER}]"));
    assert_eq!(problems[0].code, ProblemCode::DuplicateId);
    assert!(problems[0].message.contains("keys.scale0[0]"));
}

#[test]
fn batch_over_200k_items_records_every_invalid_cell() {
    let inst = Instrument::from_json(&json("", "")).expect("valid instrument");
    let scorer = Scorer::new(&inst, &ScoreOptions::default()).expect("options");
    let rows = 4;
    // Row 0: all 3. Row 1: all 5. Row 2: every other cell 9 (out of range),
    // the rest 4. Row 3: every cell 2.5 (off the steps).
    let mut data = Vec::with_capacity(rows * ITEMS);
    data.extend(std::iter::repeat_n(3.0, ITEMS));
    data.extend(std::iter::repeat_n(5.0, ITEMS));
    data.extend((0..ITEMS).map(|j| if j % 2 == 0 { 9.0 } else { 4.0 }));
    data.extend(std::iter::repeat_n(2.5, ITEMS));
    let block = Block {
        data: BlockData::F64(&data),
        rows,
        cols: ITEMS,
        layout: Layout::RowMajor,
    };
    let out = scorer.score_batch(&block, None).expect("scores");
    assert_eq!(out.rows, rows);
    let invalid = ITEMS / 2 + ITEMS;
    assert_eq!(out.problems.len(), invalid);

    // Per scale of PER items: reversed ones are those with i % 3 == 2.
    let small = |n: usize| f64::from(u32::try_from(n).unwrap());
    let n_rev = small((0..PER).filter(|&i| reversed(i)).count());
    let n = small(PER);
    for s in &out.scales {
        assert_eq!(s.score.len(), rows);
        assert_eq!(s.score[0], 3.0);
        assert!((s.score[1] - (5.0 * (n - n_rev) + n_rev) / n).abs() < 1e-9);
        // Row 2: the odd columns answered 4; the even ones are missing.
        assert_eq!(s.answered[2] as usize, PER / 2);
        assert!(!s.score[2].is_nan());
        assert_eq!(s.answered[3], 0);
        assert!(s.score[3].is_nan());
    }

    // In row order, then column order, with the words a single report uses.
    assert!(
        out.problems
            .iter()
            .zip(out.problems.iter().skip(1))
            .all(|(a, b)| (a.row, a.column) < (b.row, b.column))
    );
    let first = out.problems.get(0).expect("a problem");
    assert_eq!((first.row, first.column, first.value), (2, 0, 9.0));
    assert_eq!(first.item, inst.items[0].id);
    assert_eq!(
        first.message,
        r#"outside the response scale "agree" (1 to 5)"#
    );
    let last = out.problems.get(invalid - 1).expect("a problem");
    assert_eq!((last.row, last.column, last.value), (3, ITEMS - 1, 2.5));
    assert_eq!(
        last.message,
        r#"not one of the values of response scale "agree" (steps of 1 from 1 to 5)"#
    );
}

/// A batch's problems say what a single respondent's report says of the
/// same answers, on any kind of response scale. (Not tried: a whole-step
/// answer a hair off its step, such as 3.0000000001, which a batch refuses
/// as "not an allowed answer" and a single report accepts.)
#[test]
fn batch_problems_match_single_reports() {
    let mut inst = Instrument::from_keys(
        [("a", vec!["whole", "half", "slider", "na"])],
        &KeysOptions {
            bounds: Some((1.0, 5.0)),
            min_answered: Some(MinAnswered::Count(1)),
            ..Default::default()
        },
    )
    .expect("valid keys");
    let mut scale = |id: &str, step: Option<f64>, continuous: bool, na: Option<f64>| {
        let mut rs = inst.response_scales[0].clone();
        rs.id = id.into();
        rs.step = step;
        rs.continuous = continuous;
        rs.not_applicable = na.map(|value| ScaleLabel {
            value,
            label: "does not apply".into(),
        });
        inst.response_scales.push(rs);
    };
    scale("whole", None, false, None);
    scale("half", Some(0.5), false, None);
    scale("slider", None, true, None);
    scale("na", None, false, Some(9.0));
    for it in &mut inst.items {
        it.response_scale = Some(it.id.clone());
    }
    let inst = Instrument::from_json(&inst.to_json()).expect("valid instrument");
    let values = [
        0.0,
        0.5,
        1.25,
        2.5,
        3.0,
        5.5,
        9.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    let cols = inst.items.len();
    let data: Vec<f64> = values
        .iter()
        .flat_map(|&x| std::iter::repeat_n(x, cols))
        .collect();
    let block = Block {
        data: BlockData::F64(&data),
        rows: values.len(),
        cols,
        layout: Layout::RowMajor,
    };
    let out = Scorer::new(&inst, &ScoreOptions::default())
        .and_then(|s| s.score_batch(&block, None))
        .expect("scores");
    let options = ScoreOptions {
        invalid: Some(InvalidPolicy::Missing),
        ..Default::default()
    };
    let mut expected = Vec::new();
    for (r, &x) in values.iter().enumerate() {
        let answers = Responses::from_pairs(inst.items.iter().map(|i| (i.id.clone(), x)));
        let report = score(&inst, &answers, &options).expect("report");
        for p in report.problems {
            let column = inst
                .items
                .iter()
                .position(|i| i.id == p.item)
                .expect("item");
            let reason = p
                .message
                .split_once(" is not allowed: ")
                .map(|(_, reason)| reason.to_owned())
                .expect("a reason");
            expected.push((r, column, p.item, reason));
        }
    }
    let found: Vec<(usize, usize, String, String)> = out
        .problems
        .iter()
        .map(|p| (p.row, p.column, p.item.to_owned(), p.message.to_owned()))
        .collect();
    assert!(found.len() > values.len(), "invalid cells of every kind");
    assert_eq!(found, expected);
}
