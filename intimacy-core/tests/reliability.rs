//! Reliability analysis against psych (R) and properties that must hold for
//! every input.
//!
//! `tests/reference/reliability.json` holds data sets generated with a fixed
//! seed and psych 2.2.9's results on them (`tests/reference/reliability.R`
//! makes it). Every number is checked to 1e-8 (absolute, relative above 1).
//!
//! Departures from psych, each checked below where it shows:
//! - N of the standard error (ase) and both 95 % intervals: under pairwise
//!   deletion we use the smallest number of rows behind any covariance
//!   (`n_pairwise_min`); psych uses every row of the data, also rows that
//!   answered little or nothing. The reference stores psych's formulas
//!   evaluated with our N (`ours`), and psych's own values where the two N
//!   agree (complete data, listwise deletion).
//! - Reversal: by the declared bounds (`min + max − x`); psych reverses by
//!   the smallest and largest answer observed anywhere in the data. The
//!   reference data show both extremes so the two agree, except the case
//!   `declared-bounds-differ`, which documents the difference (reversed item
//!   means shift by the difference of the two sums; the total's mean and,
//!   with missing answers, raw.r move with them; nothing built on
//!   covariances changes).
//! - Items without variance are reported in `zero_variance`, left out of
//!   the alpha and still counted in the total as answered (psych drops them
//!   with a warning and adds the first row's value to every total; the two
//!   agree on complete data).
//! - Listwise deletion: the reference runs psych on the complete rows
//!   (psych's `use = "complete"` would still take item means, sds and the
//!   total from every row); response frequencies always describe every row.
//! - Two items: alpha-if-dropped (a single item) is NaN; psych prints
//!   ratios of the two items' (co)variances there.
//! - Feldt's interval uses the exact F quantile; R's `qf` approximates it by
//!   a chi-square one above 4e5 denominator degrees of freedom (N above
//!   ~57 000 with 8 items), which no reference case reaches.
//! - psych's `scoreItems` (impute = "none"): alpha and G6 (from
//!   covariances, our `g6_raw`) match always; its av.r is
//!   alpha / (k − alpha (k − 1)), checked from our alpha; its item.cor is
//!   computed from the pairwise covariances, equal to our raw.r only on
//!   complete data, where it is checked.

use intimacy_core::{
    Block, BlockData, Deletion, Layout, Reliability, ReliabilityError, ReliabilityOptions,
    reliability,
};
use proptest::prelude::*;
use serde_json::Value;

const TOL: f64 = 1e-8;

fn close(got: f64, want: f64) -> bool {
    if want.is_nan() {
        return got.is_nan();
    }
    (got - want).abs() <= TOL * want.abs().max(1.0)
}

#[track_caller]
fn check(case: &str, what: &str, got: f64, want: &Value) {
    let want = num(want);
    assert!(
        close(got, want),
        "{case}: {what}: got {got:.17}, psych {want:.17}"
    );
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn reference() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/reference/reliability.json"
    );
    let text = std::fs::read_to_string(path).expect("tests/reference/reliability.json");
    serde_json::from_str(&text).expect("valid JSON")
}

struct Case {
    name: String,
    data: Vec<f64>,
    rows: usize,
    cols: usize,
    options: ReliabilityOptions,
}

fn case(c: &Value) -> Case {
    let rows = usize::try_from(c["rows"].as_u64().unwrap()).unwrap();
    let cols = usize::try_from(c["cols"].as_u64().unwrap()).unwrap();
    let data: Vec<f64> = c["data"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row.as_array().unwrap().iter().map(num))
        .collect();
    assert_eq!(data.len(), rows * cols);
    let bounds = c["bounds"].as_array().unwrap();
    let options = ReliabilityOptions {
        reverse: c["reverse"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| usize::try_from(v.as_u64().unwrap()).unwrap().into())
            .collect(),
        bounds: Some(vec![(num(&bounds[0]), num(&bounds[1]))]),
        missing: match c["deletion"].as_str() {
            Some("listwise") => Deletion::Listwise,
            _ => Deletion::Pairwise,
        },
        item_names: strings(&c["item_names"]),
    };
    Case {
        name: c["name"].as_str().unwrap().to_owned(),
        data,
        rows,
        cols,
        options,
    }
}

fn run(c: &Case) -> Reliability {
    let block = Block {
        data: BlockData::F64(&c.data),
        rows: c.rows,
        cols: c.cols,
        layout: Layout::RowMajor,
    };
    reliability(&block, &c.options).unwrap_or_else(|e| panic!("{}: {e}", c.name))
}

#[test]
#[allow(
    clippy::too_many_lines,
    reason = "one pass over the reference cases, each statistic checked in turn; clearer whole"
)]
fn matches_psych_alpha() {
    let reference = reference();
    let cases = reference["cases"].as_array().unwrap();
    assert!(cases.len() >= 6);
    for c in cases {
        let input = case(c);
        let name = input.name.as_str();
        let r = run(&input);
        let p = &c["psych"];
        let ours = &c["ours"];
        // Reversal by declared bounds differs from psych's observed bounds here.
        let bounds_differ = name == "declared-bounds-differ";
        // psych's N (every row) and ours (smallest pair count) agree.
        let same_n = num(&p["nsub"]) == num(&ours["n_pairwise_min"]);

        assert_eq!(r.zero_variance, strings(&p["zero_variance"]), "{name}");
        assert_eq!(count_f64(r.n_items), num(&p["nvar"]), "{name}");
        assert_eq!(
            count_f64(r.n_pairwise_min),
            num(&ours["n_pairwise_min"]),
            "{name}"
        );

        check(name, "alpha", r.alpha, &p["raw_alpha"]);
        check(name, "std_alpha", r.std_alpha, &p["std_alpha"]);
        check(name, "g6", r.g6, &p["g6"]);
        check(name, "average_r", r.average_r, &p["average_r"]);
        check(name, "signal_noise", r.signal_noise, &p["signal_noise"]);
        check(name, "median_r", r.median_r, &p["median_r"]);
        check(name, "var_r", r.var_r, &p["var_r"]);
        if bounds_differ {
            assert!(!close(r.mean, num(&p["mean"])), "{name}: total mean");
        } else {
            check(name, "mean", r.mean, &p["mean"]);
            check(name, "sd", r.sd, &p["sd"]);
        }

        // Standard error and intervals: psych's formulas with our N.
        check(name, "ase", r.ase, &ours["ase"]);
        check(name, "feldt lower", r.feldt_ci[0], &ours["feldt"][0]);
        check(name, "feldt upper", r.feldt_ci[1], &ours["feldt"][1]);
        check(
            name,
            "duhachek lower",
            r.duhachek_ci[0],
            &ours["duhachek"][0],
        );
        check(
            name,
            "duhachek upper",
            r.duhachek_ci[1],
            &ours["duhachek"][1],
        );
        if same_n {
            check(name, "psych ase", r.ase, &p["ase"]);
            check(name, "psych feldt lower", r.feldt_ci[0], &p["feldt"][0]);
            check(name, "psych feldt upper", r.feldt_ci[1], &p["feldt"][1]);
            check(
                name,
                "psych duhachek lower",
                r.duhachek_ci[0],
                &p["duhachek"][0],
            );
            check(
                name,
                "psych duhachek upper",
                r.duhachek_ci[1],
                &p["duhachek"][1],
            );
        } else {
            // Fewer rows behind the covariances: a wider interval than psych's.
            assert!(r.ase > num(&p["ase"]), "{name}");
        }

        // Alpha if an item is dropped.
        let drop = &p["alpha_drop"];
        for (i, item) in strings(&drop["name"]).iter().enumerate() {
            let d = r
                .alpha_if_dropped
                .iter()
                .find(|d| &d.name == item)
                .unwrap_or_else(|| panic!("{name}: no dropped stats for {item}"));
            let what = |s: &str| format!("alpha_drop[{item}].{s}");
            check(name, &what("alpha"), d.alpha, &drop["alpha"][i]);
            check(name, &what("std_alpha"), d.std_alpha, &drop["std_alpha"][i]);
            check(name, &what("g6"), d.g6, &drop["g6"][i]);
            check(name, &what("average_r"), d.average_r, &drop["average_r"][i]);
            check(
                name,
                &what("signal_noise"),
                d.signal_noise,
                &drop["signal_noise"][i],
            );
            check(name, &what("var_r"), d.var_r, &drop["var_r"][i]);
            check(name, &what("median_r"), d.median_r, &drop["median_r"][i]);
            check(name, &what("ase"), d.ase, &ours["drop_ase"][i]);
            if same_n {
                check(name, &what("psych ase"), d.ase, &drop["ase"][i]);
            }
        }

        // Item statistics.
        let st = &p["item_stats"];
        for (i, item) in strings(&st["name"]).iter().enumerate() {
            let j = input
                .options
                .item_names
                .iter()
                .position(|n| n == item)
                .unwrap();
            let s = &r.items[j];
            assert_eq!(&s.name, item);
            let what = |f: &str| format!("item_stats[{item}].{f}");
            assert_eq!(count_f64(s.n), num(&st["n"][i]), "{name}: {}", what("n"));
            check(name, &what("std_r"), s.std_r, &st["std_r"][i]);
            check(name, &what("r_cor"), s.r_cor, &st["r_cor"][i]);
            check(name, &what("r_drop"), s.r_drop, &st["r_drop"][i]);
            check(name, &what("sd"), s.sd, &st["sd"][i]);
            if bounds_differ {
                // Declared 1 + 5 against psych's observed 1 + 4.
                let offset = if s.reversed { 1.0 } else { 0.0 };
                check(name, &what("mean"), s.mean - offset, &st["mean"][i]);
            } else {
                check(name, &what("raw_r"), s.raw_r, &st["raw_r"][i]);
                check(name, &what("mean"), s.mean, &st["mean"][i]);
            }
        }
        for z in &r.zero_variance {
            let s = r.items.iter().find(|s| &s.name == z).unwrap();
            assert!(
                s.raw_r.is_nan() && s.r_drop.is_nan() && s.sd == 0.0,
                "{name}"
            );
        }

        // Response frequencies.
        for f in c["psych"]["response_freq"].as_array().unwrap() {
            let item = f["name"].as_str().unwrap();
            let ours = r.frequencies.iter().find(|x| x.name == item).unwrap();
            check(
                name,
                &format!("freq[{item}].missing"),
                ours.missing,
                &f["missing"],
            );
            let values = f["values"].as_array().unwrap();
            for (v, share) in values.iter().zip(f["shares"].as_array().unwrap()) {
                let got = ours
                    .categories
                    .iter()
                    .find(|c| c.0 == num(v))
                    .map_or(0.0, |c| c.1);
                check(name, &format!("freq[{item}][{v}]"), got, share);
            }
            let extra: f64 = ours
                .categories
                .iter()
                .filter(|c| !values.iter().any(|v| num(v) == c.0))
                .map(|c| c.1)
                .sum();
            assert_eq!(extra, 0.0, "{name}: {item} has answers psych did not see");
        }

        // scoreItems.
        let s = &c["score_items"];
        check(name, "scoreItems alpha", r.alpha, &s["alpha"]);
        check(name, "scoreItems G6", r.g6_raw, &s["g6"]);
        let k = count_f64(r.n_items);
        let av_r = r.alpha / (k - r.alpha * (k - 1.0));
        check(name, "scoreItems av.r", av_r, &s["av_r"]);
        let complete = r.n_complete == r.n;
        if complete && !bounds_differ {
            let kept: Vec<_> = r.items.iter().filter(|s| !s.sd.eq(&0.0)).collect();
            for (i, it) in kept.iter().enumerate() {
                let sign = if it.reversed { -1.0 } else { 1.0 };
                check(
                    name,
                    &format!("scoreItems item.cor[{}]", it.name),
                    sign * it.raw_r,
                    &s["item_cor"][i],
                );
            }
        }
    }
}

fn block(data: &[f64], rows: usize, cols: usize) -> Block<'_> {
    Block {
        data: BlockData::F64(data),
        rows,
        cols,
        layout: Layout::RowMajor,
    }
}

fn likert() -> (Vec<f64>, usize, usize) {
    let reference = reference();
    let c = case(&reference["cases"][0]);
    (c.data, c.rows, c.cols)
}

fn to_column_major(data: &[f64], rows: usize, cols: usize) -> Vec<f64> {
    let mut out = vec![0.0; data.len()];
    for r in 0..rows {
        for c in 0..cols {
            out[c * rows + r] = data[r * cols + c];
        }
    }
    out
}

#[test]
fn layouts_and_cell_types_agree() {
    let (data, rows, cols) = likert();
    let options = ReliabilityOptions {
        reverse: vec![2.into(), 5.into()],
        bounds: Some(vec![(1.0, 5.0)]),
        ..Default::default()
    };
    let want = reliability(&block(&data, rows, cols), &options).unwrap();
    let cm = to_column_major(&data, rows, cols);
    let column_major = Block {
        data: BlockData::F64(&cm),
        rows,
        cols,
        layout: Layout::ColumnMajor,
    };
    assert_eq!(reliability(&column_major, &options).unwrap(), want);
    let codes: Vec<u8> = data
        .iter()
        .map(|&v| if v.is_nan() { 255 } else { cell_u8(v) })
        .collect();
    let u8_block = Block {
        data: BlockData::U8 {
            data: &codes,
            missing: 255,
        },
        rows,
        cols,
        layout: Layout::RowMajor,
    };
    assert_eq!(reliability(&u8_block, &options).unwrap(), want);
    let wide: Vec<i16> = to_column_major(&data, rows, cols)
        .iter()
        .map(|&v| if v.is_nan() { -1 } else { cell_i16(v) })
        .collect();
    let i16_block = Block {
        data: BlockData::I16 {
            data: &wide,
            missing: -1,
        },
        rows,
        cols,
        layout: Layout::ColumnMajor,
    };
    assert_eq!(reliability(&i16_block, &options).unwrap(), want);
}

/// Alpha by the textbook formula with two-pass variances, complete data.
fn naive_alpha(data: &[f64], rows: usize, cols: usize) -> f64 {
    let col = |j: usize| (0..rows).map(move |r| data[r * cols + j]);
    let var = |v: Vec<f64>| {
        let m = v.iter().sum::<f64>() / count_f64(v.len());
        v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (count_f64(v.len()) - 1.0)
    };
    let items: f64 = (0..cols).map(|j| var(col(j).collect())).sum();
    let totals: Vec<f64> = (0..rows)
        .map(|r| data[r * cols..(r + 1) * cols].iter().sum())
        .collect();
    let k = count_f64(cols);
    k / (k - 1.0) * (1.0 - items / var(totals))
}

#[test]
fn large_blocks_split_into_parts_agree_with_the_formula() {
    // 200 000 rows: several parts (and threads with the parallel feature).
    let (rows, cols) = (200_000, 6);
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let data: Vec<f64> = (0..rows)
        .flat_map(|_| {
            let f = count64_f64(next() % 5);
            (0..cols)
                .map(|_| (f + count64_f64(next() % 3) - 1.0).clamp(0.0, 4.0) + 1.0)
                .collect::<Vec<_>>()
        })
        .collect();
    let r = reliability(&block(&data, rows, cols), &ReliabilityOptions::default()).unwrap();
    let want = naive_alpha(&data, rows, cols);
    assert!((r.alpha - want).abs() < 1e-12, "{} vs {want}", r.alpha);
    assert_eq!(r.n, rows);
    assert_eq!(r.n_pairwise_min, rows);
    // The same analysis row by row in column-major order.
    let cm = to_column_major(&data, rows, cols);
    let column_major = Block {
        data: BlockData::F64(&cm),
        rows,
        cols,
        layout: Layout::ColumnMajor,
    };
    let again = reliability(&column_major, &ReliabilityOptions::default()).unwrap();
    assert_eq!(again, r);
}

#[test]
#[allow(
    clippy::too_many_lines,
    reason = "a table of bad inputs and the error each gives; clearer whole"
)]
fn errors_name_what_is_wrong() {
    let data = [1.0, 2.0, 3.0, 2.0, 3.0, 4.0, 3.0, 3.0, 5.0];
    let ok = block(&data, 3, 3);
    let err = |b: &Block<'_>, o: ReliabilityOptions| reliability(b, &o).unwrap_err();

    assert!(matches!(
        err(&block(&data, 2, 3), Default::default()),
        ReliabilityError::Shape {
            cells: 9,
            rows: 2,
            cols: 3
        }
    ));
    assert!(matches!(
        err(&block(&data, usize::MAX, 3), Default::default()),
        ReliabilityError::Shape { .. }
    ));
    assert!(matches!(
        err(&block(&data, 9, 1), Default::default()),
        ReliabilityError::TooFewItems { usable: 1, .. }
    ));
    let wide = vec![1.0; 2 * 1001];
    assert!(matches!(
        err(&block(&wide, 2, 1001), Default::default()),
        ReliabilityError::TooManyItems { cols: 1001, .. }
    ));
    let constant = [1.0, 2.0, 1.0, 3.0, 1.0, 4.0];
    let e = err(&block(&constant, 3, 2), Default::default());
    assert!(
        matches!(&e, ReliabilityError::TooFewItems { usable: 1, excluded, .. } if excluded == &["V1"]),
        "{e}"
    );
    assert!(matches!(
        err(&block(&data[..3], 1, 3), Default::default()),
        ReliabilityError::TooFewRows { usable: 1, .. }
    ));
    let holes = [1.0, f64::NAN, 2.0, 3.0, f64::NAN, 4.0];
    assert!(matches!(
        err(
            &block(&holes, 3, 2),
            ReliabilityOptions {
                missing: Deletion::Listwise,
                ..Default::default()
            }
        ),
        ReliabilityError::TooFewRows {
            usable: 1,
            deletion: Deletion::Listwise,
            ..
        }
    ));
    assert!(matches!(
        err(
            &ok,
            ReliabilityOptions {
                item_names: vec!["a".into()],
                ..Default::default()
            }
        ),
        ReliabilityError::ItemNames { names: 1, cols: 3 }
    ));
    let bounded = |reverse: Vec<usize>| ReliabilityOptions {
        reverse: reverse.into_iter().map(Into::into).collect(),
        bounds: Some(vec![(1.0, 5.0)]),
        ..Default::default()
    };
    assert!(matches!(
        err(&ok, bounded(vec![3])),
        ReliabilityError::ReverseOutOfRange { index: 3, cols: 3 }
    ));
    assert!(matches!(
        err(&ok, bounded(vec![1, 1])),
        ReliabilityError::ReverseRepeated { index: 1, .. }
    ));
    let e = err(
        &ok,
        ReliabilityOptions {
            reverse: vec![2.into()],
            item_names: vec!["a".into(), "b".into(), "c".into()],
            ..Default::default()
        },
    );
    assert!(matches!(&e, ReliabilityError::ReverseWithoutBounds { index: 2, item } if item == "c"));
    assert!(e.to_string().contains("\"c\""), "{e}");
    assert!(matches!(
        err(
            &ok,
            ReliabilityOptions {
                bounds: Some(vec![(1.0, 5.0), (1.0, 5.0)]),
                ..Default::default()
            }
        ),
        ReliabilityError::BoundsLength { given: 2, cols: 3 }
    ));
    for (lo, hi) in [
        (5.0, 1.0),
        (1.0, 1.0),
        (f64::NAN, 5.0),
        (1.0, f64::INFINITY),
    ] {
        assert!(matches!(
            err(
                &ok,
                ReliabilityOptions {
                    bounds: Some(vec![(lo, hi)]),
                    ..Default::default()
                }
            ),
            ReliabilityError::InvalidBounds { index: 0, .. }
        ));
    }
    let mut bad = data;
    bad[4] = f64::INFINITY;
    let e = err(&block(&bad, 3, 3), Default::default());
    assert!(
        matches!(
            e,
            ReliabilityError::NotFinite {
                row: 1,
                column: 1,
                ..
            }
        ),
        "{e}"
    );
    let e = err(
        &block(&data, 3, 3),
        ReliabilityOptions {
            bounds: Some(vec![(1.0, 4.0)]),
            ..Default::default()
        },
    );
    assert!(
        matches!(
            e,
            ReliabilityError::OutOfBounds {
                row: 2,
                column: 2,
                value: 5.0,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn edge_cases_give_nan_or_notes_not_panics() {
    // Two items: alpha defined, alpha without one of them is not.
    let two = [1.0, 2.0, 2.0, 2.0, 3.0, 4.0, 4.0, 5.0];
    let r = reliability(&block(&two, 4, 2), &Default::default()).unwrap();
    assert!(r.alpha.is_finite());
    assert!(r.alpha_if_dropped.iter().all(|d| d.alpha.is_nan()));
    assert!(r.items.iter().all(|i| i.r_drop.is_finite()));

    // An all-missing column is left out and reported.
    let n = f64::NAN;
    let gap = [1.0, 2.0, n, 2.0, 2.0, n, 3.0, 4.0, n, 4.0, 5.0, n];
    let r = reliability(&block(&gap, 4, 3), &Default::default()).unwrap();
    assert_eq!(r.zero_variance, ["V3"]);
    assert_eq!(r.n_items, 2);
    assert_eq!(r.frequencies[2].missing, 1.0);

    // Two items that never share a row: undefined covariance, NaN alpha, a note.
    let apart = [1.0, n, 2.0, 3.0, n, 3.0, n, 2.0, 4.0, n, 5.0, 1.0];
    let r = reliability(&block(&apart, 4, 3), &Default::default()).unwrap();
    assert!(r.n_pairwise_min < 2);
    assert!(r.alpha.is_nan());
    assert!(r.notes.iter().any(|n| n.contains("fewer than 2 rows")));

    // A miskeyed item is pointed out.
    let miskeyed = [1.0, 1.0, 5.0, 2.0, 2.0, 4.0, 3.0, 3.0, 3.0, 4.0, 5.0, 1.0];
    let r = reliability(&block(&miskeyed, 4, 3), &Default::default()).unwrap();
    assert!(r.notes.iter().any(|n| n.contains("V3")), "{:?}", r.notes);

    // Duplicate items: a singular correlation matrix, pseudo-inverse as psych.
    let dup = [1.0, 1.0, 2.0, 2.0, 2.0, 3.0, 3.0, 3.0, 3.0, 4.0, 4.0, 5.0];
    let r = reliability(&block(&dup, 4, 3), &Default::default()).unwrap();
    assert!(r.alpha.is_finite() && r.g6.is_finite());
    assert!(r.notes.iter().any(|n| n.contains("positive definite")));

    // Many distinct answers: no frequency table, a note.
    let many: Vec<f64> = (0..60).map(|i| f64::from(i) * 0.37 % 7.0).collect();
    let r = reliability(&block(&many, 30, 2), &Default::default()).unwrap();
    assert!(r.frequencies[0].categories.is_empty());
    assert!(r.notes.iter().any(|n| n.contains("distinct answers")));

    // Serialises (NaN as null).
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["items"][0]["raw_r"].is_number());
}

/// Small Likert blocks with holes: (data, rows, cols).
fn likert_blocks(min_cols: usize) -> impl Strategy<Value = (Vec<f64>, usize, usize)> {
    (3usize..40, min_cols..7).prop_flat_map(|(rows, cols)| {
        (
            prop::collection::vec(
                prop_oneof![9 => (1u8..=5).prop_map(f64::from), 1 => Just(f64::NAN)],
                rows * cols,
            ),
            Just(rows),
            Just(cols),
        )
    })
}

fn same(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Adding a constant to every answer (and to the bounds) changes no
    /// statistic but the means.
    #[test]
    fn alpha_is_unchanged_by_a_constant((data, rows, cols) in likert_blocks(2), half in -6i32..20, rev in 0usize..6) {
        let options = |lo: f64, hi: f64| ReliabilityOptions {
            reverse: vec![(rev % cols).into()],
            bounds: Some(vec![(lo, hi)]),
            ..Default::default()
        };
        // Half-integers keep the arithmetic exact, so degenerate blocks
        // (an item constant over some rows) stay degenerate after the shift.
        let shift = f64::from(half) / 2.0;
        let shifted: Vec<f64> = data.iter().map(|v| v + shift).collect();
        let a = reliability(&block(&data, rows, cols), &options(1.0, 5.0));
        let b = reliability(&block(&shifted, rows, cols), &options(1.0 + shift, 5.0 + shift));
        match (a, b) {
            (Ok(a), Ok(b)) => {
                // Items summing to a constant make the total's variance zero
                // and alpha ±∞ (or huge, after rounding): nothing to compare.
                prop_assume!(a.alpha.abs() < 1e3 && b.alpha.abs() < 1e3);
                for (x, y) in [
                    (a.alpha, b.alpha), (a.std_alpha, b.std_alpha), (a.g6, b.g6),
                    (a.average_r, b.average_r), (a.ase.powi(2), b.ase.powi(2)), (a.sd, b.sd),
                    (a.feldt_ci[0], b.feldt_ci[0]), (a.mean + shift, b.mean),
                ] {
                    prop_assert!(same(x, y), "{x} vs {y}");
                }
                for (x, y) in a.items.iter().zip(&b.items) {
                    prop_assert!(same(x.raw_r, y.raw_r) && same(x.r_drop, y.r_drop));
                    prop_assert!(same(x.mean + shift, y.mean));
                }
                prop_assert_eq!(a.zero_variance, b.zero_variance);
            }
            (Err(a), Err(b)) => prop_assert_eq!(
                std::mem::discriminant(&a),
                std::mem::discriminant(&b)
            ),
            (a, b) => prop_assert!(false, "{a:?} vs {b:?}"),
        }
    }

    /// Alpha if item i is dropped equals the analysis of the block without
    /// column i (pairwise: every remaining covariance is unchanged).
    #[test]
    fn alpha_if_dropped_is_alpha_without_the_column((data, rows, cols) in likert_blocks(4), drop in 0usize..6, rev in 0usize..6) {
        let drop = drop % cols;
        let rev = rev % cols;
        let names: Vec<String> = (0..cols).map(|j| format!("i{j}")).collect();
        let full = ReliabilityOptions {
            reverse: vec![rev.into()],
            bounds: Some(vec![(1.0, 5.0)]),
            item_names: names.clone(),
            ..Default::default()
        };
        let Ok(a) = reliability(&block(&data, rows, cols), &full) else { return Ok(()) };
        prop_assume!(a.n_items > 3 && !a.zero_variance.contains(&names[drop]));
        let rest: Vec<f64> = data
            .chunks(cols)
            .flat_map(|row| row.iter().enumerate().filter(|(j, _)| *j != drop).map(|(_, v)| *v))
            .collect();
        let without = ReliabilityOptions {
            reverse: if rev == drop { vec![] } else { vec![(if rev > drop { rev - 1 } else { rev }).into()] },
            bounds: Some(vec![(1.0, 5.0)]),
            item_names: names.iter().enumerate().filter(|(j, _)| *j != drop).map(|(_, n)| n.clone()).collect(),
            ..Default::default()
        };
        let b = reliability(&block(&rest, rows, cols - 1), &without).unwrap();
        let d = &a.alpha_if_dropped[drop];
        for (x, y) in [
            (d.alpha, b.alpha), (d.std_alpha, b.std_alpha), (d.g6, b.g6),
            (d.average_r, b.average_r), (d.signal_noise, b.signal_noise),
            (d.var_r, b.var_r), (d.median_r, b.median_r),
        ] {
            prop_assert!(same(x, y), "{x} vs {y}");
        }
        // The N of the standard error is the full set's smallest pair count.
        if a.n_pairwise_min == b.n_pairwise_min {
            prop_assert!(same(d.ase, b.ase));
        }
    }

    /// Garbage in: an error or a result, never a panic.
    #[test]
    fn garbage_gives_errors_not_panics(
        cells in prop::collection::vec(
            prop_oneof![
                4 => (-3i32..8).prop_map(f64::from),
                1 => Just(f64::NAN),
                1 => Just(f64::INFINITY),
                1 => Just(f64::NEG_INFINITY),
                1 => any::<f64>(),
                1 => Just(1e300),
            ],
            0..60,
        ),
        rows in 0usize..15,
        cols in 0usize..7,
        reverse in prop::collection::vec(0usize..8, 0..3),
        bounds in prop::option::of(prop::collection::vec((-2.0f64..3.0, 0.0f64..9.0), 0..8)),
        listwise in any::<bool>(),
        kind in 0u8..4,
        names in 0usize..8,
    ) {
        let options = ReliabilityOptions {
            reverse: reverse.into_iter().map(Into::into).collect(),
            bounds,
            missing: if listwise { Deletion::Listwise } else { Deletion::Pairwise },
            item_names: (0..names).map(|j| format!("n{j}")).collect(),
        };
        let codes: Vec<u8> = cells.iter().map(|&v| cell_u8(v)).collect();
        let wide: Vec<i16> = cells.iter().map(|&v| cell_i16(v)).collect();
        let data = match kind {
            0 => BlockData::F64(&cells),
            1 => BlockData::U8 { data: &codes, missing: 0 },
            2 => BlockData::I16 { data: &wide, missing: -1 },
            _ => BlockData::F64(&cells),
        };
        let layout = if kind == 3 { Layout::ColumnMajor } else { Layout::RowMajor };
        for rows in [rows, cells.len().checked_div(cols).unwrap_or(0)] {
            let b = Block { data, rows, cols, layout };
            if let Ok(r) = reliability(&b, &options) {
                prop_assert_eq!(r.items.len(), cols);
                prop_assert!(r.n >= 2 && r.n_items >= 2);
                let _ = serde_json::to_string(&r).unwrap();
            }
        }
    }
}

/// A count as `f64`: exact below 2^53, far above any count here.
#[allow(clippy::cast_precision_loss, reason = "exact below 2^53")]
fn count_f64(n: usize) -> f64 {
    n as f64
}

/// A 64-bit count as `f64`, exact for the same reason.
#[allow(clippy::cast_precision_loss, reason = "exact below 2^53")]
fn count64_f64(n: u64) -> f64 {
    n as f64
}

/// A cell as a byte, the way a host converts it (Rust's saturating cast).
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "the saturating cast is the conversion under test"
)]
fn cell_u8(v: f64) -> u8 {
    v as u8
}

/// A cell as an `i16`, the way a host converts it (Rust's saturating cast).
#[allow(
    clippy::cast_possible_truncation,
    reason = "the saturating cast is the conversion under test"
)]
fn cell_i16(v: f64) -> i16 {
    v as i16
}
