//! Properties of scoring that must hold for every input.

use intimacy_core::{
    Block, BlockData, Instrument, KeysOptions, Layout, MinAnswered, MissingPolicy, Responses,
    ScoreOptions, ScoreStatus, score, score_batch,
};
use proptest::prelude::*;

/// An instrument of `scales` scales of `per` items on `lo..=hi`, every third item reversed.
fn keyed(scales: usize, per: usize, lo: f64, hi: f64, min: Option<MinAnswered>) -> Instrument {
    let keys: Vec<(String, Vec<String>)> = (0..scales)
        .map(|s| {
            let items = (0..per)
                .map(|i| {
                    let id = format!("s{s}i{i}");
                    if i % 3 == 2 { format!("-{id}") } else { id }
                })
                .collect();
            (format!("scale{s}"), items)
        })
        .collect();
    Instrument::from_keys(
        keys,
        &KeysOptions {
            bounds: Some((lo, hi)),
            min_answered: min,
            ..Default::default()
        },
    )
    .unwrap()
}

/// The items of the built-in check-in.
const CHECKIN_ITEMS: usize = 89;

fn policies() -> impl Strategy<Value = MissingPolicy> {
    prop_oneof![
        Just(MissingPolicy::RequireAll),
        Just(MissingPolicy::Available),
        Just(MissingPolicy::Prorate),
        Just(MissingPolicy::PersonMean),
    ]
}

/// Answers on lo..=hi (whole numbers) or missing.
fn answers(n: usize, lo: i32, hi: i32) -> impl Strategy<Value = Vec<Option<i32>>> {
    proptest::collection::vec(proptest::option::weighted(0.8, lo..=hi), n)
}

fn responses(inst: &Instrument, values: &[Option<i32>]) -> Responses {
    let mut r = Responses::default();
    for (item, v) in inst.items.iter().zip(values) {
        r.answers.push(item.id.clone(), v.map(f64::from));
    }
    r
}

fn row_major(values: &[Vec<Option<i32>>]) -> Vec<f64> {
    values
        .iter()
        .flat_map(|row| row.iter().map(|v| v.map_or(f64::NAN, f64::from)))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn reverse_keying_is_an_involution_within_declared_bounds(lo in -10i32..10, span in 1i32..10, k in 0i32..10) {
        let inst = keyed(1, 3, f64::from(lo), f64::from(lo + span), None);
        let rs = inst.response_scale("bounds").unwrap();
        let x = f64::from(lo + k.min(span));
        prop_assert_eq!(rs.reverse(rs.reverse(x)), x);
        prop_assert!(rs.reverse(x) >= rs.min && rs.reverse(x) <= rs.max);
    }

    #[test]
    fn every_score_lies_within_its_bounds(
        lo in 0i32..3, span in 1i32..7, policy in policies(),
        values in answers(12, 0, 9),
    ) {
        let hi = lo + span;
        let inst = keyed(3, 4, f64::from(lo), f64::from(hi), Some(MinAnswered::Count(1)));
        let values: Vec<Option<i32>> = values.into_iter().map(|v| v.map(|x| lo + x % (span + 1))).collect();
        let opts = ScoreOptions { missing: policy, ..Default::default() };
        let report = score(&inst, &responses(&inst, &values), &opts).unwrap();
        for (_, s) in report.scales.iter() {
            if let Some(m) = s.mean {
                prop_assert!(m >= f64::from(lo) - 1e-9 && m <= f64::from(hi) + 1e-9, "mean {m}");
            }
            if let Some(t) = s.total {
                prop_assert!(t >= 4.0 * f64::from(lo.min(0)) - 1e-9 && t <= 4.0 * f64::from(hi) + 1e-9, "total {t}");
            }
            if let Some(p) = s.percent {
                prop_assert!((-1e-9..=100.0 + 1e-9).contains(&p), "percent {p}");
            }
        }
    }

    #[test]
    fn raising_a_non_reversed_answer_never_lowers_its_scale(
        values in answers(8, 1, 5), which in 0usize..8, policy in policies(),
    ) {
        let inst = keyed(1, 8, 1.0, 5.0, Some(MinAnswered::Count(1)));
        prop_assume!(!inst.items[which].reverse);
        let opts = ScoreOptions { missing: policy, ..Default::default() };
        let mut raised = values.clone();
        prop_assume!(values[which].is_some_and(|v| v < 5));
        let before = values[which].unwrap_or(1);
        raised[which] = Some(before + 1);
        let a = score(&inst, &responses(&inst, &values), &opts).unwrap();
        let b = score(&inst, &responses(&inst, &raised), &opts).unwrap();
        let (sa, sb) = (&a.scales["scale0"], &b.scales["scale0"]);
        if let (Some(x), Some(y)) = (sa.mean, sb.mean) {
            prop_assert!(y >= x - 1e-12, "mean {x} -> {y}");
        }
        if let (Some(x), Some(y)) = (sa.total, sb.total) {
            prop_assert!(y >= x - 1e-12, "total {x} -> {y}");
        }
    }

    #[test]
    fn batch_equals_single_for_every_row(
        rows in proptest::collection::vec(answers(CHECKIN_ITEMS, 0, 9), 1..6), policy in policies(),
        column_major in any::<bool>(),
    ) {
        let inst = Instrument::builtin("levels-checkin").unwrap();
        assert_eq!(inst.items.len(), CHECKIN_ITEMS);
        // Clamp every answer into its item's own scale; 9 stays where it means "does not apply".
        let fit = |i: usize, v: Option<i32>| {
            let rs = inst.response_scale_of(&inst.items[i]).unwrap();
            v.map(|x| if rs.is_not_applicable(f64::from(x)) { x } else { clamp_answer(f64::from(x), rs.min, rs.max) })
        };
        let rows: Vec<Vec<Option<i32>>> = rows.into_iter().map(|r| r.into_iter().enumerate().map(|(i, v)| fit(i, v)).collect()).collect();
        let opts = ScoreOptions { missing: policy, ..Default::default() };
        let n = rows.len();
        let mut data = row_major(&rows);
        let layout = if column_major {
            let mut t = vec![0.0; data.len()];
            for r in 0..n { for c in 0..CHECKIN_ITEMS { t[c * n + r] = data[r * CHECKIN_ITEMS + c]; } }
            data = t;
            Layout::ColumnMajor
        } else { Layout::RowMajor };
        let block = Block { data: BlockData::F64(&data), rows: n, cols: CHECKIN_ITEMS, layout };
        let out = score_batch(&inst, &block, None, &opts).unwrap();
        prop_assert_eq!(out.rows, n);
        for (r, row) in rows.iter().enumerate() {
            let report = score(&inst, &responses(&inst, row), &opts).unwrap();
            for (id, s) in report.scales.iter() {
                let b = out.scale(id).unwrap().score[r];
                match s.score {
                    Some(x) => prop_assert!((x - b).abs() < 1e-12),
                    None => prop_assert!(b.is_nan()),
                }
            }
            for (fw, p) in report.placements.iter() {
                let col = out.placement(fw).unwrap();
                prop_assert_eq!((u32::from(col.consecutive[r]), u32::from(col.peak[r])), (p.consecutive, p.peak));
            }
            for kind in ["safety", "consent", "seek-help", "pacing", "rushing", "unhealthy-sign", "fading"] {
                let raised = report.flags.iter().any(|f| f.kind.key() == kind);
                prop_assert_eq!(out.flag(kind).is_some_and(|f| f.values[r] == 1), raised, "{}", kind);
            }
            for kind in ["safety", "consent"] {
                let severity = report.flags.iter().find(|f| f.kind.key() == kind).map_or(0, |f| f.severity as u8 + 1);
                prop_assert_eq!(out.flag(&format!("{kind}-severity")).unwrap().values[r], severity, "{}", kind);
            }
        }
    }

    #[test]
    fn fast_batch_path_equals_single_scoring(
        rows in proptest::collection::vec(proptest::collection::vec(prop_oneof![
            4 => (1i32..=5).prop_map(f64::from), 1 => Just(f64::NAN), 1 => Just(7.0), 1 => Just(2.5),
        ], 12), 1..40),
        policy in policies(), weights in proptest::collection::vec(0.0f64..3.0, 12), min in 1u32..5,
    ) {
        // Integer steps, weights and reversals: the research-instrument shape the fast path serves.
        let mut inst = keyed(3, 4, 1.0, 5.0, Some(MinAnswered::Count(min)));
        inst.response_scales[0].continuous = false;
        // Half the cases keep unit weights (the single-pass path), half weigh items.
        if weights[0] >= 1.5 {
            for (item, w) in inst.items.iter_mut().zip(&weights) { item.weight = *w; }
        }
        let opts = ScoreOptions { missing: policy, invalid: Some(intimacy_core::InvalidPolicy::Missing), ..Default::default() };
        let data: Vec<f64> = rows.iter().flatten().copied().collect();
        let block = Block { data: BlockData::F64(&data), rows: rows.len(), cols: 12, layout: Layout::RowMajor };
        let out = score_batch(&inst, &block, None, &opts).unwrap();
        for (r, row) in rows.iter().enumerate() {
            let mut answers = Responses::default();
            for (item, x) in inst.items.iter().zip(row) {
                answers.answers.push(item.id.clone(), (!x.is_nan()).then_some(*x));
            }
            let report = score(&inst, &answers, &opts).unwrap();
            for (id, s) in report.scales.iter() {
                let b = out.scale(id).unwrap().score[r];
                match s.score {
                    Some(x) => prop_assert!((x - b).abs() <= 1e-12 * x.abs().max(1.0), "{} {} vs {}", id, x, b),
                    None => prop_assert!(b.is_nan(), "{} none vs {}", id, b),
                }
                prop_assert_eq!(out.scale(id).unwrap().answered[r] as usize, s.answered);
            }
        }
        let bad = data.iter().filter(|x| **x == 7.0 || **x == 2.5).count();
        prop_assert_eq!(out.problems.len(), bad);
        // Column-major input gives the same columns.
        let n = rows.len();
        let mut t = vec![0.0; data.len()];
        for r in 0..n { for c in 0..12 { t[c * n + r] = data[r * 12 + c]; } }
        let cm = Block { data: BlockData::F64(&t), rows: n, cols: 12, layout: Layout::ColumnMajor };
        let out2 = score_batch(&inst, &cm, None, &opts).unwrap();
        for (a, b) in out.scales.iter().zip(&out2.scales) {
            for (x, y) in a.score.iter().zip(&b.score) {
                prop_assert!(x == y || (x.is_nan() && y.is_nan()));
            }
        }
    }

    #[test]
    fn permuting_rows_permutes_outputs(rows in proptest::collection::vec(answers(12, 1, 5), 2..12), seed in any::<u64>()) {
        let inst = keyed(3, 4, 1.0, 5.0, Some(MinAnswered::Fraction(0.5)));
        let n = rows.len();
        let mut perm: Vec<usize> = (0..n).collect();
        // A deterministic shuffle from the seed.
        let mut s = seed;
        for i in (1..n).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            perm.swap(i, (s >> 33) as usize % (i + 1));
        }
        let permuted: Vec<Vec<Option<i32>>> = perm.iter().map(|&p| rows[p].clone()).collect();
        let score_all = |rows: &[Vec<Option<i32>>]| {
            let data = row_major(rows);
            let block = Block { data: BlockData::F64(&data), rows: rows.len(), cols: 12, layout: Layout::RowMajor };
            score_batch(&inst, &block, None, &ScoreOptions::default()).unwrap()
        };
        let (a, b) = (score_all(&rows), score_all(&permuted));
        for s in 0..3 {
            for (i, &p) in perm.iter().enumerate() {
                let (x, y) = (a.scales[s].score[p], b.scales[s].score[i]);
                prop_assert!(x == y || (x.is_nan() && y.is_nan()));
                prop_assert_eq!(a.scales[s].answered[p], b.scales[s].answered[i]);
            }
        }
    }

    #[test]
    fn minimum_answered_is_exact_at_the_boundary(per in 2usize..10, k in 1usize..10) {
        let k = k.min(per);
        let inst = keyed(1, per, 1.0, 5.0, Some(MinAnswered::Count(u32::try_from(k).unwrap())));
        let answered = |m: usize| {
            let values: Vec<Option<i32>> = (0..per).map(|i| (i < m).then_some(3)).collect();
            score(&inst, &responses(&inst, &values), &ScoreOptions::default()).unwrap().scales["scale0"].status
        };
        prop_assert_eq!(answered(k), ScoreStatus::Scored);
        prop_assert_eq!(answered(k - 1), ScoreStatus::TooFewAnswered);
        // The same boundary through a fraction: k/per of the items, rounded up.
        let frac = Instrument::from_keys(
            [("s", (0..per).map(|i| format!("i{i}")).collect::<Vec<_>>())],
            &KeysOptions { bounds: Some((1.0, 5.0)), min_answered: Some(MinAnswered::Fraction(f64::from(u32::try_from(k).unwrap()) / f64::from(u32::try_from(per).unwrap()))), ..Default::default() },
        ).unwrap();
        let status = |m: usize| {
            let mut r = Responses::default();
            for i in 0..per { r.answers.push(format!("i{i}"), (i < m).then_some(3.0)); }
            score(&frac, &r, &ScoreOptions::default()).unwrap().scales["s"].status
        };
        prop_assert_eq!(status(k), ScoreStatus::Scored);
        prop_assert_eq!(status(k - 1), ScoreStatus::TooFewAnswered);
    }

    #[test]
    fn output_rows_equal_input_rows_for_any_input(
        cells in proptest::collection::vec(prop_oneof![
            any::<f64>(), Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY), -3.0..9.0f64, Just(2.5)
        ], 0..240),
    ) {
        let inst = keyed(2, 6, 1.0, 5.0, Some(MinAnswered::Count(2)));
        let rows = cells.len() / 12;
        let data = &cells[..rows * 12];
        let block = Block { data: BlockData::F64(data), rows, cols: 12, layout: Layout::RowMajor };
        let out = score_batch(&inst, &block, None, &ScoreOptions::default()).unwrap();
        prop_assert_eq!(out.rows, rows);
        for s in &out.scales {
            prop_assert_eq!(s.score.len(), rows);
            prop_assert_eq!(s.answered.len(), rows);
        }
        for f in &out.flags { prop_assert_eq!(f.values.len(), rows); }
        // Keys-built instruments accept any value within the bounds (continuous).
        let bad = data.iter().filter(|x| !(x.is_nan() || (1.0..=5.0).contains(*x))).count();
        prop_assert_eq!(out.problems.len(), bad);
        // A wrong shape is an error, never a panic.
        let short = Block { data: BlockData::F64(data), rows: rows + 1, cols: 12, layout: Layout::RowMajor };
        prop_assert!(score_batch(&inst, &short, None, &ScoreOptions::default()).is_err());
    }

    #[test]
    fn small_integer_codes_score_like_floats(values in proptest::collection::vec(answers(12, 1, 5), 1..8)) {
        let inst = keyed(3, 4, 1.0, 5.0, Some(MinAnswered::Count(2)));
        let n = values.len();
        let f = row_major(&values);
        let u: Vec<u8> = values.iter().flatten().map(|v| v.map_or(255, |x| u8::try_from(x).unwrap())).collect();
        let i: Vec<i16> = values.iter().flatten().map(|v| v.map_or(-1, |x| i16::try_from(x).unwrap())).collect();
        let run = |data| score_batch(&inst, &Block { data, rows: n, cols: 12, layout: Layout::RowMajor }, None, &ScoreOptions::default()).unwrap();
        let (a, b, c) = (run(BlockData::F64(&f)), run(BlockData::U8 { data: &u, missing: 255 }), run(BlockData::I16 { data: &i, missing: -1 }));
        for s in 0..3 {
            for r in 0..n {
                let (x, y, z) = (a.scales[s].score[r], b.scales[s].score[r], c.scales[s].score[r]);
                prop_assert!((x == y && y == z) || (x.is_nan() && y.is_nan() && z.is_nan()));
            }
        }
    }
}

/// `x` clamped into `lo..=hi`, the whole bounds of a built-in scale, as an
/// answer.
#[allow(
    clippy::cast_possible_truncation,
    reason = "whole bounds of a built-in scale: the clamped answer is a small whole number"
)]
fn clamp_answer(x: f64, lo: f64, hi: f64) -> i32 {
    x.clamp(lo, hi) as i32
}
