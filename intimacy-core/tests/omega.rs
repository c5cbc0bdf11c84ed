//! Omega (one-factor minres) against psych (R) and properties that must
//! hold for every input.
//!
//! `tests/reference/omega.json` holds data sets generated with a fixed seed
//! and psych 2.2.9's `omega(x, nfactors = 1)` and `fa(r, 1, fm = "minres")`
//! on them (`tests/reference/omega.R` makes it).
//!
//! Tolerances, and why:
//! - psych finds the minres uniquenesses with optim's L-BFGS-B at its
//!   default tolerance, which stops once a step lowers the criterion by less
//!   than about 2e-9 in absolute terms. Its loadings are therefore those of
//!   the exact minimum only to a few 1e-7 on the reference data (the file
//!   records the largest difference, 4.8e-7), and its omegas to about 1e-7.
//!   psych's own numbers are checked to `PSYCH_TOL` = 2e-6.
//! - The same minimum solved to machine precision in R (coordinate descent,
//!   independent of the Newton iteration used here), with omega total and
//!   omega_h from psych's formulas, is stored as `exact` and checked to
//!   `TOL` = 1e-8 (absolute, relative above 1), as the reliability analysis
//!   is.

use intimacy_core::{
    Block, BlockData, Deletion, Layout, Omega, OmegaError, OmegaOptions, ReliabilityError,
    ReliabilityOptions, omega, reliability,
};
use proptest::prelude::*;
use serde_json::Value;

const TOL: f64 = 1e-8;
const PSYCH_TOL: f64 = 2e-6;

fn close(got: f64, want: f64, tol: f64) -> bool {
    (got - want).abs() <= tol * want.abs().max(1.0)
}

#[track_caller]
fn check(case: &str, what: &str, got: f64, want: &Value, tol: f64) {
    let want = num(want);
    assert!(
        close(got, want, tol),
        "{case}: {what}: got {got:.17}, want {want:.17} (tolerance {tol:e})"
    );
}

#[track_caller]
fn check_all(case: &str, what: &str, got: &[f64], want: &Value, tol: f64) {
    let want = want.as_array().expect("array");
    assert_eq!(got.len(), want.len(), "{case}: {what}: length");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        check(case, &format!("{what}[{i}]"), *g, w, tol);
    }
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
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/reference/omega.json");
    let text = std::fs::read_to_string(path).expect("tests/reference/omega.json");
    serde_json::from_str(&text).expect("valid JSON")
}

struct Case {
    name: String,
    data: Vec<f64>,
    rows: usize,
    cols: usize,
    options: OmegaOptions,
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
    let options = OmegaOptions {
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

fn block(data: &[f64], rows: usize, cols: usize) -> Block<'_> {
    Block {
        data: BlockData::F64(data),
        rows,
        cols,
        layout: Layout::RowMajor,
    }
}

fn run(c: &Case) -> Omega {
    omega(&block(&c.data, c.rows, c.cols), &c.options).unwrap_or_else(|e| panic!("{}: {e}", c.name))
}

#[test]
fn matches_psych() {
    let r = reference();
    let cases = r["cases"].as_array().unwrap();
    assert!(cases.len() >= 3);
    for c in cases {
        let case = case(c);
        let w = run(&case);
        let name = case.name.as_str();
        let (psych, exact) = (&c["psych"], &c["exact"]);
        let loadings: Vec<f64> = w.loadings.iter().map(|l| l.1).collect();
        let u2: Vec<f64> = w.uniquenesses.iter().map(|u| u.1).collect();

        // The exact minimum, to 1e-8.
        check_all(name, "loadings", &loadings, &exact["loadings"], TOL);
        check_all(name, "uniquenesses", &u2, &exact["uniquenesses"], TOL);
        check(
            name,
            "omega_total",
            w.omega_total,
            &exact["omega_total"],
            TOL,
        );
        check(name, "omega_h", w.omega_h, &exact["omega_h"], TOL);

        // psych's own numbers, to its optimiser's tolerance.
        check(
            name,
            "psych omega.tot",
            w.omega_total,
            &psych["omega_total"],
            PSYCH_TOL,
        );
        check(
            name,
            "psych omega_h",
            w.omega_h,
            &psych["omega_h"],
            PSYCH_TOL,
        );
        check_all(
            name,
            "psych fa loadings",
            &loadings,
            &psych["fa_loadings"],
            PSYCH_TOL,
        );
        check_all(
            name,
            "psych fa uniquenesses",
            &u2,
            &psych["fa_uniquenesses"],
            PSYCH_TOL,
        );
        // omega's Schmid–Leiman table shows the flipped (absolute) loadings.
        let abs: Vec<f64> = loadings.iter().map(|l| l.abs()).collect();
        check_all(
            name,
            "psych omega g loadings",
            &abs,
            &psych["loadings"],
            PSYCH_TOL,
        );
        assert!(num(&exact["max_psych_loading_error"]) < PSYCH_TOL / 2.0);

        assert_eq!(w.flipped, strings(&psych["flipped"]), "{name}: flipped");
        assert_eq!(
            w.n as u64,
            psych["n_obs"].as_u64().unwrap(),
            "{name}: n_obs"
        );
        assert_eq!(w.n_items, case.cols, "{name}: items");
        assert!(w.heywood.is_empty() && w.zero_variance.is_empty());
        assert_eq!(w.method, "one-factor minres");
    }
}

#[test]
fn agrees_with_reliability_on_the_data_handling() {
    let r = reference();
    for c in r["cases"].as_array().unwrap() {
        let case = case(c);
        let w = run(&case);
        let o = &case.options;
        let rel = reliability(
            &block(&case.data, case.rows, case.cols),
            &ReliabilityOptions {
                reverse: o.reverse.clone(),
                bounds: o.bounds.clone(),
                missing: o.missing,
                item_names: o.item_names.clone(),
            },
        )
        .unwrap();
        assert_eq!(
            (w.n, w.n_complete, w.n_pairwise_min, w.rows),
            (rel.n, rel.n_complete, rel.n_pairwise_min, rel.rows),
            "{}",
            case.name
        );
    }
}

#[test]
fn missing_item_reversal_shows_as_a_flip() {
    let r = reference();
    let c = &r["cases"][0];
    let mut case = case(c);
    let base = run(&case);
    // Undo the declared reversal of q2: psych's flipping (and ours) turns it
    // back, so omega total is unchanged and q2 is reported.
    case.options
        .reverse
        .retain(|j| *j != intimacy_core::ItemRef::Index(1));
    let w = run(&case);
    assert_eq!(w.flipped, ["q2"]);
    assert!(w.notes.iter().any(|n| n.contains("q2")));
    assert!((w.omega_total - base.omega_total).abs() < 1e-10);
    assert!((w.omega_h - base.omega_h).abs() < 1e-10);
    assert!((w.loadings[1].1 + base.loadings[1].1).abs() < 1e-10);
}

#[test]
fn byte_blocks_and_layouts_agree() {
    let r = reference();
    let case = case(&r["cases"][0]);
    let w = run(&case);
    let (rows, cols) = (case.rows, case.cols);
    let mut bytes = vec![0u8; rows * cols];
    for i in 0..rows {
        for j in 0..cols {
            let v = case.data[i * cols + j];
            bytes[j * rows + i] = if v.is_nan() { 255 } else { answer_u8(v) };
        }
    }
    let b = Block {
        data: BlockData::U8 {
            data: &bytes,
            missing: 255,
        },
        rows,
        cols,
        layout: Layout::ColumnMajor,
    };
    let v = omega(&b, &case.options).unwrap();
    assert!((v.omega_total - w.omega_total).abs() < 1e-12);
    for (a, b) in v.loadings.iter().zip(&w.loadings) {
        assert_eq!(a.0, b.0);
        assert!((a.1 - b.1).abs() < 1e-12);
    }
}

#[test]
fn errors() {
    let data = [1.0, 2.0, 2.0, 3.0, 3.0, 1.0];
    let two = omega(&block(&data, 3, 2), &OmegaOptions::default());
    assert!(matches!(
        two,
        Err(OmegaError::TooFewItems { usable: 2, .. })
    ));
    assert_eq!(two.unwrap_err().code(), "too-few-items");

    let data = [1.0, 2.0, 3.0, 2.0, 3.0, 1.0, 3.0, 1.0, 2.0];
    let e = omega(
        &block(&data, 3, 3),
        &OmegaOptions {
            reverse: vec![1.into()],
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(matches!(
        e,
        OmegaError::Data(ReliabilityError::ReverseWithoutBounds { index: 1, .. })
    ));
    assert_eq!(e.code(), "reverse-without-bounds");

    let e = omega(&block(&data, 4, 3), &OmegaOptions::default()).unwrap_err();
    assert_eq!(e.code(), "shape");

    // A constant item leaves two: too few for a one-factor model.
    let data = [1.0, 2.0, 5.0, 2.0, 3.0, 5.0, 3.0, 1.0, 5.0];
    let e = omega(&block(&data, 3, 3), &OmegaOptions::default()).unwrap_err();
    assert!(
        matches!(&e, OmegaError::TooFewItems { usable: 2, excluded, .. } if excluded == &["V3"])
    );

    // Items 1 and 3 are never answered together.
    let n = f64::NAN;
    let data = [
        1.0, 2.0, n, //
        2.0, 3.0, n, //
        3.0, 3.0, n, //
        n, 1.0, 2.0, //
        n, 2.0, 3.0, //
        n, 4.0, 1.0,
    ];
    let e = omega(&block(&data, 6, 3), &OmegaOptions::default()).unwrap_err();
    assert!(matches!(&e, OmegaError::UndefinedCorrelation { pairs } if pairs == &["V1/V3"]));
}

#[test]
fn serialises() {
    let r = reference();
    let w = run(&case(&r["cases"][1]));
    let json = serde_json::to_value(&w).unwrap();
    assert_eq!(json["method"], "one-factor minres");
    assert_eq!(json["flipped"][0], "q7");
    let back: Omega = serde_json::from_value(json).unwrap();
    assert_eq!(back, w);
}

/// A tiny deterministic generator (SplitMix64) for simulated data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn uniform(&mut self) -> f64 {
        // 53 random bits: exact in f64, as is 2^53.
        #[allow(clippy::cast_precision_loss, reason = "below 2^53: exact")]
        let (bits, scale) = ((self.next() >> 11) as f64, (1u64 << 53) as f64);
        (bits + 0.5) / scale
    }

    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// `rows × loadings.len()` answers 1–5 from a one-factor model.
fn simulate(seed: u64, rows: usize, loadings: &[f64]) -> Vec<f64> {
    let mut rng = Rng(seed);
    let mut data = Vec::with_capacity(rows * loadings.len());
    for _ in 0..rows {
        let f = rng.normal();
        for &l in loadings {
            let z = l * f + (1.0 - l * l).sqrt() * rng.normal();
            data.push((3.0 + 1.2 * z).round().clamp(1.0, 5.0));
        }
    }
    data
}

/// Whether every correlation of the complete block is ≥ 0.
fn positive_manifold(data: &[f64], rows: usize, cols: usize) -> bool {
    let n = f64::from(u32::try_from(rows).unwrap());
    let mean: Vec<f64> = (0..cols)
        .map(|j| (0..rows).map(|i| data[i * cols + j]).sum::<f64>() / n)
        .collect();
    (0..cols).all(|a| {
        (a + 1..cols).all(|b| {
            (0..rows)
                .map(|i| (data[i * cols + a] - mean[a]) * (data[i * cols + b] - mean[b]))
                .sum::<f64>()
                >= 0.0
        })
    })
}

fn likert_blocks() -> impl Strategy<Value = (Vec<f64>, usize, usize)> {
    (0usize..40, 0usize..8).prop_flat_map(|(rows, cols)| {
        (
            prop::collection::vec(
                prop_oneof![8 => (1u8..=5).prop_map(f64::from), 2 => Just(f64::NAN)],
                rows * cols,
            ),
            Just(rows),
            Just(cols),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// For positive-manifold data omega total lies in [0, 1] (below 1 unless
    /// a communality reaches psych's bound), and permuting the items
    /// permutes the loadings and changes neither omega.
    #[test]
    fn bounded_and_permutation_invariant(
        seed in any::<u64>(),
        rows in 30usize..300,
        loadings in prop::collection::vec(0.3f64..0.85, 3..9),
        rotate in 0usize..8,
    ) {
        let k = loadings.len();
        let data = simulate(seed, rows, &loadings);
        prop_assume!(positive_manifold(&data, rows, k));
        let names: Vec<String> = (0..k).map(|j| format!("i{j}")).collect();
        let options = OmegaOptions { item_names: names.clone(), ..Default::default() };
        let w = match omega(&block(&data, rows, k), &options) {
            Ok(w) => w,
            // A simulated item may come out constant, leaving too few.
            Err(OmegaError::TooFewItems { .. }) => return Ok(()),
            Err(e) => return Err(TestCaseError::fail(e.to_string())),
        };
        prop_assert!(w.omega_total >= 0.0, "{}", w.omega_total);
        prop_assert!(w.omega_h >= 0.0, "{}", w.omega_h);
        if w.heywood.is_empty() {
            prop_assert!(w.omega_total <= 1.0, "{}", w.omega_total);
        }
        prop_assert!(w.flipped.is_empty());

        // Columns reversed in order and rotated.
        let perm: Vec<usize> = (0..k).map(|j| (k - 1 - j + rotate) % k).collect();
        let permuted: Vec<f64> = (0..rows)
            .flat_map(|i| perm.iter().map(move |&j| (i, j)))
            .map(|(i, j)| data[i * k + j])
            .collect();
        let options = OmegaOptions {
            item_names: perm.iter().map(|&j| names[j].clone()).collect(),
            ..Default::default()
        };
        let p = omega(&block(&permuted, rows, k), &options).unwrap();
        prop_assert!((p.omega_total - w.omega_total).abs() <= 1e-10);
        prop_assert!((p.omega_h - w.omega_h).abs() <= 1e-10);
        for (name, l) in &p.loadings {
            let (_, m) = w.loadings.iter().find(|x| &x.0 == name).unwrap();
            prop_assert!((l - m).abs() <= 1e-8, "{name}: {l} vs {m}");
        }
    }

    /// Any block of answers and missing cells gives a result or an error,
    /// never a panic; a result's loadings and omegas are finite.
    #[test]
    fn never_panics((data, rows, cols) in likert_blocks(), listwise in any::<bool>(), rev in 0usize..8) {
        let options = OmegaOptions {
            reverse: if cols > 0 { vec![(rev % cols).into()] } else { vec![] },
            bounds: Some(vec![(1.0, 5.0)]),
            missing: if listwise { Deletion::Listwise } else { Deletion::Pairwise },
            ..Default::default()
        };
        if let Ok(w) = omega(&block(&data, rows, cols), &options) {
            prop_assert!(w.loadings.iter().all(|l| l.1.is_finite()));
            prop_assert!(w.omega_total.is_finite() || w.notes.iter().any(|n| n.contains("undefined")));
            prop_assert_eq!(w.loadings.len(), w.n_items);
        }
    }
}

/// A whole answer 0..=255 of the reference data as a byte cell.
fn answer_u8(v: f64) -> u8 {
    (0..=u8::MAX)
        .find(|&b| f64::from(b) == v)
        .expect("a whole answer from 0 to 255")
}
