//! Internal consistency of one scale: Cronbach's alpha and its companions,
//! computed as psych's `alpha` computes them.

use serde::{Deserialize, Serialize};

pub use super::error::{Deletion, MAX_ANALYSED_VALUE, ReliabilityError};
use super::fdist::f_quantile;
use super::moments::{self, MAX_CATEGORIES, Moments, Prepared};
use super::smc;
use crate::block::Block;
use crate::numeric::{count_f64, count64_f64, saturating_usize};

/// An item of a block, by its 0-based column or by its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum ItemRef {
    /// A 0-based column.
    Index(usize),
    /// A name from [`ReliabilityOptions::item_names`] (or `V1`, `V2`, ...).
    Name(String),
}

impl From<usize> for ItemRef {
    fn from(i: usize) -> Self {
        ItemRef::Index(i)
    }
}

impl From<&str> for ItemRef {
    fn from(name: &str) -> Self {
        ItemRef::Name(name.to_owned())
    }
}

/// What [`reliability`] is asked to do: plain data, read the same way in
/// every language (`ReliabilityOptions::from_json`; camelCase `itemNames`
/// too).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReliabilityOptions {
    /// The reversed (negatively keyed) items, by column or by name. Each is
    /// reversed as `min + max − x` with its declared bounds, so
    /// [`bounds`](Self::bounds) is required when any item is reversed.
    pub reverse: Vec<ItemRef>,
    /// Declared response bounds `(min, max)`: one pair for every item, or
    /// one pair per column. When given, every answer must lie within its
    /// item's bounds. In JSON, `[1, 5]` or `[[1, 5], [0, 4], ...]`.
    #[serde(deserialize_with = "one_or_many_bounds")]
    #[schemars(with = "Option<OneOrManyBounds>")]
    pub bounds: Option<Vec<(f64, f64)>>,
    /// Pairwise (the default, as psych) or listwise deletion.
    pub missing: Deletion,
    /// Column names; empty means `V1`, `V2`, ... (as R names unnamed columns).
    #[serde(alias = "itemNames")]
    pub item_names: Vec<String>,
}

/// How bounds are written: `[min, max]` for every item, or one pair per item.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
enum OneOrManyBounds {
    /// The same bounds for every item.
    One((f64, f64)),
    /// One pair per item, in column order.
    Many(Vec<(f64, f64)>),
}

/// `[min, max]` for every item, or one pair per item.
fn one_or_many_bounds<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<(f64, f64)>>, D::Error> {
    Ok(match Option::<OneOrManyBounds>::deserialize(d)? {
        None => None,
        Some(OneOrManyBounds::One(pair)) => Some(vec![pair]),
        Some(OneOrManyBounds::Many(pairs)) => Some(pairs),
    })
}

impl ReliabilityOptions {
    /// Options from JSON (unknown options are errors, with their path).
    ///
    /// ```
    /// use intimacy_core::{ItemRef, ReliabilityOptions};
    /// let o = ReliabilityOptions::from_json(r#"{"reverse": [2, "q4"], "bounds": [1, 5]}"#).unwrap();
    /// assert_eq!(o.reverse, vec![ItemRef::Index(2), ItemRef::Name("q4".into())]);
    /// assert_eq!(o.bounds, Some(vec![(1.0, 5.0)]));
    /// ```
    pub fn from_json(text: &str) -> Result<Self, crate::ScoreError> {
        crate::request::Request::read_json(text)
    }
}

/// One item's statistics (psych's `item.stats`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ItemStats {
    /// The item's name.
    pub name: String,
    /// Whether it was reversed.
    pub reversed: bool,
    /// Correlation of the (keyed) item with the total score, the mean of
    /// each row's answered keyed items (psych's `raw.r`).
    pub raw_r: f64,
    /// Item–total correlation from the correlation matrix, as if the items
    /// were standardised (`std.r`).
    pub std_r: f64,
    /// Item–total correlation corrected for overlap and unreliability, with
    /// the item's SMC in place of its own correlation (`r.cor`).
    pub r_cor: f64,
    /// Correlation of the item with the total of the other items, from the
    /// covariances (`r.drop`).
    pub r_drop: f64,
    /// Mean of the (keyed) item.
    pub mean: f64,
    /// Standard deviation (n − 1).
    pub sd: f64,
    /// Answers used.
    pub n: usize,
}

/// The scale's statistics with one item left out (psych's `alpha.drop`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DroppedStats {
    /// The item left out.
    pub name: String,
    /// Raw alpha without it.
    pub alpha: f64,
    /// Standardised alpha without it.
    pub std_alpha: f64,
    /// Guttman's lambda 6 without it.
    pub g6: f64,
    /// Average inter-item correlation without it.
    pub average_r: f64,
    /// Signal/noise ratio without it.
    pub signal_noise: f64,
    /// Duhachek–Iacobucci standard error of alpha without it.
    pub ase: f64,
    /// Variance of the inter-item correlations without it.
    pub var_r: f64,
    /// Median inter-item correlation without it.
    pub median_r: f64,
}

/// How often each answer was given to one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Frequencies {
    /// The item's name.
    pub name: String,
    /// `(answer, share of the item's answers)`, ascending by answer, over the
    /// answers seen in any item (so shares may be 0). The answers are the raw
    /// ones, before reversal. Empty when the item has more than 20 distinct
    /// answers (see the notes).
    pub categories: Vec<(f64, f64)>,
    /// Share of rows that did not answer the item.
    pub missing: f64,
}

/// The reliability analysis of one scale.
///
/// Statistics that cannot be computed (a correlation of an item without
/// variance, a covariance of two items that share fewer than 2 rows, ...)
/// are NaN, which serialises as `null` in JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Reliability {
    /// Cronbach's alpha from the covariances (`raw_alpha`).
    pub alpha: f64,
    /// Alpha from the correlations (`std.alpha`).
    pub std_alpha: f64,
    /// Guttman's lambda 6 from the correlations, with squared multiple
    /// correlations (`G6(smc)` of psych's `alpha`).
    pub g6: f64,
    /// Guttman's lambda 6 from the covariances (the `G6` of psych's
    /// `scoreItems`).
    pub g6_raw: f64,
    /// Average inter-item correlation.
    pub average_r: f64,
    /// Median inter-item correlation.
    pub median_r: f64,
    /// Variance of the inter-item correlations.
    pub var_r: f64,
    /// Signal/noise ratio, `k r̄ / (1 − r̄)`.
    pub signal_noise: f64,
    /// Duhachek–Iacobucci asymptotic standard error of alpha, with
    /// N = [`n_pairwise_min`](Self::n_pairwise_min).
    pub ase: f64,
    /// Feldt's 95 % interval, with N = [`n_pairwise_min`](Self::n_pairwise_min).
    pub feldt_ci: [f64; 2],
    /// Duhachek's 95 % interval, `alpha ± 1.96 ase`.
    pub duhachek_ci: [f64; 2],
    /// The deletion used.
    pub deletion: Deletion,
    /// Rows in the block.
    pub rows: usize,
    /// Rows used: with at least one answer (pairwise), or answering every
    /// item (listwise).
    pub n: usize,
    /// Rows answering every item.
    pub n_complete: usize,
    /// The smallest number of rows behind any covariance of the analysed
    /// items: the N of the standard error and the intervals.
    pub n_pairwise_min: usize,
    /// Items in the alpha (columns less those without variance).
    pub n_items: usize,
    /// Mean of the total score (each used row's mean of its answered keyed
    /// items).
    pub mean: f64,
    /// Standard deviation of the total score.
    pub sd: f64,
    /// Per column, in column order.
    pub items: Vec<ItemStats>,
    /// Per column, in column order: the statistics without it (for an item
    /// left out for zero variance, the scale's own).
    pub alpha_if_dropped: Vec<DroppedStats>,
    /// Per column, in column order.
    pub frequencies: Vec<Frequencies>,
    /// Items left out of the alpha because their variance is zero or
    /// undefined (fewer than 2 answers). Their answers still count in the
    /// total score.
    pub zero_variance: Vec<String>,
    /// What a reader should know: deletion, N, items left out, items that
    /// look miskeyed.
    pub notes: Vec<String>,
}

/// The most items one analysis takes: its memory grows with the square of
/// the items, its time with the cube.
pub const MAX_ITEMS: usize = 1000;

/// The Duhachek interval's normal quantile, as psych prints it.
const Z_975: f64 = 1.96;

/// Statistics of a set of items from its covariance and correlation matrices.
#[derive(Debug, Clone, Copy)]
struct SetStats {
    alpha: f64,
    std_alpha: f64,
    g6: f64,
    g6_raw: f64,
    average_r: f64,
    signal_noise: f64,
    /// n × ase², the Duhachek–Iacobucci Q.
    q: f64,
    var_r: f64,
    median_r: f64,
}

impl SetStats {
    const NAN: SetStats = SetStats {
        alpha: f64::NAN,
        std_alpha: f64::NAN,
        g6: f64::NAN,
        g6_raw: f64::NAN,
        average_r: f64::NAN,
        signal_noise: f64::NAN,
        q: f64::NAN,
        var_r: f64::NAN,
        median_r: f64::NAN,
    };
}

/// psych's `alpha.1` on the items `keep` of the m × m matrices `c` and `r`
/// (row-major), with the SMCs of that subset.
fn set_stats(c: &[f64], r: &[f64], m: usize, keep: &[usize], smcs: &[f64]) -> SetStats {
    let n = count_f64(keep.len());
    let (mut total, mut trace, mut sq, mut row_sq, mut sum_r) = (0.0, 0.0, 0.0, 0.0, 0.0);
    let mut off = Vec::with_capacity(keep.len() * keep.len().saturating_sub(1) / 2);
    let mut smc_var = 0.0;
    for (ai, &a) in keep.iter().enumerate() {
        let mut row = 0.0;
        for (bi, &b) in keep.iter().enumerate() {
            let v = c[a * m + b];
            row += v;
            sq += v * v;
            sum_r += r[a * m + b];
            if bi < ai {
                off.push(r[a * m + b]);
            }
        }
        total += row;
        row_sq += row * row;
        trace += c[a * m + a];
        smc_var += smcs[ai] * c[a * m + a];
    }
    let sum_smc: f64 = smcs.iter().sum();
    let ratio = n / (n - 1.0);
    // A total without variance (items whose covariances cancel) leaves these
    // undefined: NaN, as the docs promise, not ±∞ (R's psych gives -Inf).
    let defined = |x: f64, denominator: f64| {
        if denominator > 0.0 && x.is_finite() {
            x
        } else {
            f64::NAN
        }
    };
    let alpha = defined((1.0 - trace / total) * ratio, total);
    let std_alpha = defined((1.0 - n / sum_r) * ratio, sum_r);
    let g6 = defined(1.0 - (n - sum_smc) / sum_r, sum_r);
    let g6_raw = defined((total - trace + smc_var) / total, total);
    let average_r = (sum_r - n) / (n * (n - 1.0));
    let signal_noise = n * average_r / (1.0 - average_r);
    let (plus, minus) = (total * (sq + trace * trace), 2.0 * trace * row_sq);
    let mut bracket = plus - minus;
    // Perfectly correlated items make Q zero, up to rounding of either sign.
    if bracket < 0.0 && -bracket <= 1e-12 * (plus.abs() + minus.abs()) {
        bracket = 0.0;
    }
    let q = (2.0 * n * n / ((n - 1.0) * (n - 1.0) * total.powi(3))) * bracket;
    off.retain(|v| !v.is_nan());
    SetStats {
        alpha,
        std_alpha,
        g6,
        g6_raw,
        average_r,
        signal_noise,
        q,
        var_r: sample_variance(&off),
        median_r: median(&mut off),
    }
}

fn sample_variance(v: &[f64]) -> f64 {
    if v.len() < 2 {
        return f64::NAN;
    }
    let n = count_f64(v.len());
    let mean = v.iter().sum::<f64>() / n;
    v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0)
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let h = v.len() / 2;
    if v.len() % 2 == 1 {
        v[h]
    } else {
        (v[h - 1] + v[h]) / 2.0
    }
}

/// Pearson correlation from raw sums.
pub(super) fn correlation(n: f64, sx: f64, sy: f64, sxx: f64, syy: f64, sxy: f64) -> f64 {
    if n < 2.0 {
        return f64::NAN;
    }
    let cxy = sxy - sx * sy / n;
    let cxx = sxx - sx * sx / n;
    let cyy = syy - sy * sy / n;
    // A variable constant over these rows, up to rounding: undefined.
    if cxx <= 64.0 * f64::EPSILON * sxx || cyy <= 64.0 * f64::EPSILON * syy {
        return f64::NAN;
    }
    cxy / (cxx * cyy).sqrt()
}

/// Feldt's interval, psych's `alpha.ci`.
fn feldt(alpha: f64, n: f64, k: f64) -> [f64; 2] {
    let d1 = n - 1.0;
    let d2 = (n - 1.0) * (k - 1.0);
    [
        1.0 - (1.0 - alpha) * f_quantile(0.975, d1, d2),
        1.0 - (1.0 - alpha) * f_quantile(0.025, d1, d2),
    ]
}

/// Sums over the rows behind item `i` and pair `(i, j)`.
pub(super) struct Sums<'a> {
    pub(super) m: &'a Moments,
    pub(super) pairwise: bool,
}

impl Sums<'_> {
    /// (n, Σx_i, Σx_j, Σx_i x_j) over the rows answering both.
    pub(super) fn pair(&self, i: usize, j: usize) -> (f64, f64, f64, f64) {
        let m = self.m;
        let k = m.k;
        let ij = i * k + j;
        let mut out = (count_f64(m.complete), m.c_sum[i], m.c_sum[j], m.c_prod[ij]);
        if self.pairwise {
            let tri = i.min(j) * k + i.max(j);
            out.0 += count64_f64(m.p_n[tri]);
            out.1 += m.p_sum[ij];
            out.2 += m.p_sum[j * k + i];
            out.3 += m.p_prod[tri];
        }
        out
    }

    fn count(&self, i: usize, j: usize) -> usize {
        let m = self.m;
        let mut n = m.complete;
        if self.pairwise {
            // At most the block's rows, so it fits; saturate rather than panic.
            let pairwise = m.p_n[i.min(j) * m.k + i.max(j)];
            n = n.saturating_add(usize::try_from(pairwise).unwrap_or(usize::MAX));
        }
        n
    }

    /// (Σt, Σt², Σ t x_i) over the rows answering i.
    fn total(&self, i: usize) -> (f64, f64, f64) {
        let m = self.m;
        let mut out = (m.c_t, m.c_tt, m.c_tx[i]);
        if self.pairwise {
            out.0 += m.p_t[i];
            out.1 += m.p_tt[i];
            out.2 += m.p_tx[i];
        }
        out
    }
}

fn covariance((n, si, sj, sp): (f64, f64, f64, f64)) -> f64 {
    if n < 2.0 {
        return f64::NAN;
    }
    (sp - si * sj / n) / (n - 1.0)
}

/// Reliability of the scale formed by the columns of `block`.
///
/// Follows psych's `alpha` (version 2.2.9) to within rounding, with these
/// differences: reversed items are reversed within their *declared* bounds
/// (psych uses the smallest and largest answer observed anywhere in the
/// data); under pairwise deletion the N of the standard error and of both
/// intervals is [`Reliability::n_pairwise_min`] (psych uses every row of
/// the data); items without variance are reported in
/// [`Reliability::zero_variance`] and their answers count in the total score
/// as answered (psych adds the first row's value); with two items the
/// alpha-if-dropped statistics (of a single item) are NaN; and Feldt's
/// interval uses the exact F quantile where R's `qf` switches to a
/// chi-square approximation (more than 4·10⁵ denominator degrees of
/// freedom).
///
/// The block is read once (plus a look at its first rows); everything comes
/// from the sums, sums of squares and cross-products accumulated in that
/// pass. NaN (or the block's missing code) is an unanswered cell; an
/// infinite answer, or one outside declared bounds, is an error. At most
/// [`MAX_ITEMS`] columns.
///
/// ```
/// use intimacy_core::{Block, BlockData, Layout, ReliabilityOptions, reliability};
/// // Three items; the third is worded the other way round.
/// let data = [
///     4.0, 5.0, 2.0,
///     2.0, 2.0, 4.0,
///     3.0, 4.0, 3.0,
///     5.0, 4.0, 1.0,
///     1.0, 2.0, 5.0,
/// ];
/// let block = Block { data: BlockData::F64(&data), rows: 5, cols: 3, layout: Layout::RowMajor };
/// let options = ReliabilityOptions {
///     reverse: vec![2.into()],
///     bounds: Some(vec![(1.0, 5.0)]),
///     ..Default::default()
/// };
/// let r = reliability(&block, &options).unwrap();
/// assert!(r.alpha > 0.9);
/// assert_eq!(r.items[2].mean, 3.0); // 6 − the mean answer 3.0
/// assert_eq!(r.n, 5);
/// ```
pub fn reliability(
    block: &Block<'_>,
    options: &ReliabilityOptions,
) -> Result<Reliability, ReliabilityError> {
    check_shape(block, 2, |k| ReliabilityError::TooFewItems {
        usable: k,
        columns: k,
        excluded: Vec::new(),
    })?;
    let k = block.cols;
    let Pass {
        names,
        prep,
        mom,
        pairwise,
        n: n_used,
    } = one_pass(block, options)?;
    let sums = Sums { m: &mom, pairwise };
    let single = ItemMoments::of(&sums, &prep.shift);
    let keep: Vec<usize> = (0..k).filter(|&j| single.var[j] > 0.0).collect();
    let zero_variance: Vec<String> = (0..k)
        .filter(|j| !keep.contains(j))
        .map(|j| names[j].clone())
        .collect();
    if keep.len() < 2 {
        return Err(ReliabilityError::TooFewItems {
            usable: keep.len(),
            columns: k,
            excluded: zero_variance,
        });
    }
    let mat = Matrices::of(&sums, &keep, &single.var, &names);
    let m = mat.m;
    let mf = count_f64(m);

    let full_inv = smc::pinv(&mat.r, m);
    let smc_all: Vec<f64> = match &full_inv {
        Some(p) => (0..m)
            .map(|a| smc::smc_from_diag(p.inv[a * m + a]))
            .collect(),
        None => vec![f64::NAN; m],
    };
    let all: Vec<usize> = (0..m).collect();
    let stats = set_stats(&mat.c, &mat.r, m, &all, &smc_all);
    let n_ci = count_f64(mat.n_min);
    let ase = (stats.q / n_ci).sqrt();
    let dropped = dropped_stats(&mat, &keep, k, stats, full_inv.as_ref());
    let items = item_stats(&mat, &keep, &smc_all, &single, &prep.sign, &names, &sums);
    let (mean, sd) = total_score(&mom, prep.shift_t);
    let frequencies = frequencies(&mom, &names);
    let notes = Notes {
        deletion: prep.deletion,
        mom: &mom,
        mat: &mat,
        zero_variance: &zero_variance,
        not_positive_definite: full_inv.is_some_and(|p| !p.positive_definite),
        items: &items,
        frequencies: &frequencies,
    }
    .write();

    Ok(Reliability {
        alpha: stats.alpha,
        std_alpha: stats.std_alpha,
        g6: stats.g6,
        g6_raw: stats.g6_raw,
        average_r: stats.average_r,
        median_r: stats.median_r,
        var_r: stats.var_r,
        signal_noise: stats.signal_noise,
        ase,
        feldt_ci: feldt(stats.alpha, n_ci, mf),
        duhachek_ci: [stats.alpha - Z_975 * ase, stats.alpha + Z_975 * ase],
        deletion: prep.deletion,
        rows: block.rows,
        n: n_used,
        n_complete: mom.complete,
        n_pairwise_min: mat.n_min,
        n_items: m,
        mean,
        sd,
        alpha_if_dropped: dropped_rows(&dropped, &names, n_ci),
        items,
        frequencies,
        zero_variance,
        notes,
    })
}

/// The block's cells match its shape, and it has `min` (else `too_few`
/// of its column count) to [`MAX_ITEMS`] columns: the first check of
/// reliability and of the omegas.
pub(super) fn check_shape<E: From<ReliabilityError>>(
    block: &Block<'_>,
    min: usize,
    too_few: impl FnOnce(usize) -> E,
) -> Result<(), E> {
    let k = block.cols;
    let cells = block.data.len();
    if !block.fits() {
        return Err(ReliabilityError::Shape {
            cells,
            rows: block.rows,
            cols: k,
        }
        .into());
    }
    if k < min {
        return Err(too_few(k));
    }
    if k > MAX_ITEMS {
        return Err(ReliabilityError::TooManyItems {
            cols: k,
            max: MAX_ITEMS,
        }
        .into());
    }
    Ok(())
}

/// What reliability and the omegas share before their statistics: the
/// items named, reversal and bounds prepared, and the one pass over the
/// block.
pub(super) struct Pass {
    pub names: Vec<String>,
    pub prep: Prepared,
    pub mom: Moments,
    pub pairwise: bool,
    /// Rows used: those with any answer (pairwise) or every answer
    /// (listwise); at least 2.
    pub n: usize,
}

/// The [`Pass`] over a block whose shape [`check_shape`] accepted.
pub(super) fn one_pass(
    block: &Block<'_>,
    options: &ReliabilityOptions,
) -> Result<Pass, ReliabilityError> {
    let names = item_names(options, block.cols)?;
    let prep = prepare(block, options, &names)?;
    let pairwise = prep.deletion == Deletion::Pairwise;
    let mom = moments::accumulate(block, &prep, &names)?;
    let n = if pairwise { mom.any } else { mom.complete };
    if n < 2 {
        return Err(ReliabilityError::TooFewRows {
            usable: n,
            rows: block.rows,
            deletion: prep.deletion,
        });
    }
    Ok(Pass {
        names,
        prep,
        mom,
        pairwise,
        n,
    })
}

/// The items' names: the options' (one per column) or V1, V2, ...
pub(super) fn item_names(
    options: &ReliabilityOptions,
    k: usize,
) -> Result<Vec<String>, ReliabilityError> {
    if options.item_names.is_empty() {
        Ok((1..=k).map(|j| format!("V{j}")).collect())
    } else if options.item_names.len() == k {
        Ok(options.item_names.clone())
    } else {
        Err(ReliabilityError::ItemNames {
            names: options.item_names.len(),
            cols: k,
        })
    }
}

/// Each item's n, mean and variance, over the rows answering it.
struct ItemMoments {
    n: Vec<usize>,
    mean: Vec<f64>,
    /// 0 for a constant item, NaN with fewer than 2 answers.
    var: Vec<f64>,
}

impl ItemMoments {
    /// `shift` holds each item's shift (one per column).
    fn of(sums: &Sums<'_>, shift: &[f64]) -> ItemMoments {
        let k = shift.len();
        let mut out = ItemMoments {
            n: vec![0usize; k],
            mean: vec![f64::NAN; k],
            var: vec![f64::NAN; k],
        };
        for (j, &shift) in shift.iter().enumerate() {
            let (n, s, _, sq) = sums.pair(j, j);
            // A row count, exact in f64 (see count_f64).
            out.n[j] = saturating_usize(n);
            if n >= 1.0 {
                out.mean[j] = shift + s / n;
            }
            if n >= 2.0 {
                let v = (sq - s * s / n) / (n - 1.0);
                // A constant column gives 0 exactly for whole-number data; allow
                // for rounding with fractional answers.
                let tiny = 64.0 * f64::EPSILON * (sq / n);
                out.var[j] = if v <= tiny { 0.0 } else { v };
            }
        }
        out
    }
}

/// Covariances and correlations of the analysed items (m × m, row-major).
struct Matrices {
    m: usize,
    c: Vec<f64>,
    r: Vec<f64>,
    /// The fewest rows behind any covariance.
    n_min: usize,
    /// "a/b" for the item pairs sharing fewer than 2 rows.
    sparse_pairs: Vec<String>,
}

impl Matrices {
    fn of(sums: &Sums<'_>, keep: &[usize], item_var: &[f64], names: &[String]) -> Matrices {
        let m = keep.len();
        let mut c = vec![0.0; m * m];
        let mut n_min = usize::MAX;
        let mut sparse_pairs = Vec::new();
        for (a, &i) in keep.iter().enumerate() {
            c[a * m + a] = item_var[i];
            for (b, &j) in keep.iter().enumerate().skip(a + 1) {
                let n_ij = sums.count(i, j);
                n_min = n_min.min(n_ij);
                if n_ij < 2 {
                    sparse_pairs.push(format!("{}/{}", names[i], names[j]));
                }
                let v = covariance(sums.pair(i, j));
                c[a * m + b] = v;
                c[b * m + a] = v;
            }
        }
        let inv_sd: Vec<f64> = (0..m).map(|a| (1.0 / c[a * m + a]).sqrt()).collect();
        let mut r = vec![0.0; m * m];
        for a in 0..m {
            for b in 0..m {
                r[a * m + b] = if a == b {
                    1.0
                } else {
                    inv_sd[a] * c[a * m + b] * inv_sd[b]
                };
            }
        }
        Matrices {
            m,
            c,
            r,
            n_min,
            sparse_pairs,
        }
    }
}

/// The set statistics without each item, one per column (`stats`, the
/// whole set's, for the items left out of the analysis).
fn dropped_stats(
    mat: &Matrices,
    keep: &[usize],
    k: usize,
    stats: SetStats,
    full_inv: Option<&smc::Inverse>,
) -> Vec<SetStats> {
    let m = mat.m;
    let smc_drop = smc::smc_dropped(&mat.r, m, full_inv);
    let mut dropped = vec![stats; k];
    for (a, &i) in keep.iter().enumerate() {
        dropped[i] = if m > 2 {
            let rest: Vec<usize> = (0..m).filter(|&b| b != a).collect();
            set_stats(&mat.c, &mat.r, m, &rest, &smc_drop[a])
        } else {
            SetStats::NAN
        };
    }
    dropped
}

/// Per item: its moments, and for the analysed items its correlations with
/// the total (raw, standardised, corrected, and with the rest of the scale).
fn item_stats(
    mat: &Matrices,
    keep: &[usize],
    smc_all: &[f64],
    single: &ItemMoments,
    sign: &[f64],
    names: &[String],
    sums: &Sums<'_>,
) -> Vec<ItemStats> {
    let (m, c, r) = (mat.m, &mat.c, &mat.r);
    let col_r: Vec<f64> = (0..m).map(|a| r[a * m..(a + 1) * m].iter().sum()).collect();
    let col_c: Vec<f64> = (0..m).map(|a| c[a * m..(a + 1) * m].iter().sum()).collect();
    let sum_r: f64 = col_r.iter().sum();
    let sum_c: f64 = col_c.iter().sum();
    let sum_smc: f64 = smc_all.iter().sum();
    let sum_rc = sum_r - count_f64(m) + sum_smc;
    let mut items: Vec<ItemStats> = (0..names.len())
        .map(|j| ItemStats {
            name: names[j].clone(),
            reversed: sign[j] < 0.0,
            raw_r: f64::NAN,
            std_r: f64::NAN,
            r_cor: f64::NAN,
            r_drop: f64::NAN,
            mean: single.mean[j],
            sd: single.var[j].sqrt(),
            n: single.n[j],
        })
        .collect();
    for (a, &i) in keep.iter().enumerate() {
        let it = &mut items[i];
        it.std_r = col_r[a] / sum_r.sqrt();
        it.r_cor = (col_r[a] - 1.0 + smc_all[a]) / sum_rc.sqrt();
        let cii = c[a * m + a];
        let rest = sum_c - 2.0 * col_c[a] + cii;
        it.r_drop = (col_c[a] - cii) / (cii * rest).sqrt();
        let (n, sx, _, sxx) = sums.pair(i, i);
        let (st, stt, stx) = sums.total(i);
        it.raw_r = correlation(n, st, sx, stt, sxx, stx);
    }
    items
}

/// Mean and standard deviation of the total score.
fn total_score(mom: &Moments, shift_t: f64) -> (f64, f64) {
    let tn = count_f64(mom.t_n);
    let mean = shift_t + mom.t_sum / tn;
    let sd = if mom.t_n >= 2 {
        ((mom.t_sq - mom.t_sum * mom.t_sum / tn) / (tn - 1.0))
            .max(0.0)
            .sqrt()
    } else {
        f64::NAN
    };
    (mean, sd)
}

/// The alpha-if-dropped table, named, with each row's standard error.
fn dropped_rows(dropped: &[SetStats], names: &[String], n_ci: f64) -> Vec<DroppedStats> {
    dropped
        .iter()
        .enumerate()
        .map(|(j, s)| DroppedStats {
            name: names[j].clone(),
            alpha: s.alpha,
            std_alpha: s.std_alpha,
            g6: s.g6,
            average_r: s.average_r,
            signal_noise: s.signal_noise,
            ase: (s.q / n_ci).sqrt(),
            var_r: s.var_r,
            median_r: s.median_r,
        })
        .collect()
}

/// What the notes of a result are written from.
struct Notes<'a> {
    deletion: Deletion,
    mom: &'a Moments,
    mat: &'a Matrices,
    zero_variance: &'a [String],
    not_positive_definite: bool,
    items: &'a [ItemStats],
    frequencies: &'a [Frequencies],
}

impl Notes<'_> {
    /// The notes, in order: rows used, items and pairs left out, the
    /// matrix, keying, two items, untabulated frequencies.
    fn write(&self) -> Vec<String> {
        let mut notes = self.rows_used();
        if !self.zero_variance.is_empty() {
            notes.push(format!(
                "left out of alpha for zero or undefined variance: {}; their answers still count in the total score",
                self.zero_variance.join(", ")
            ));
        }
        if !self.mat.sparse_pairs.is_empty() {
            notes.push(format!(
                "item pair(s) sharing fewer than 2 rows, so their covariance and the statistics built on it are undefined: {}",
                self.mat.sparse_pairs.join(", ")
            ));
        }
        if self.not_positive_definite {
            notes.push(
                "the correlation matrix is not positive definite; SMCs (lambda 6, r.cor) come from its pseudo-inverse, as in psych".into(),
            );
        }
        let negative: Vec<String> = self
            .items
            .iter()
            .filter(|it| it.r_drop < 0.0)
            .map(|it| format!("{} (r.drop {:.2})", it.name, it.r_drop))
            .collect();
        if !negative.is_empty() {
            notes.push(format!(
                "correlating negatively with the rest of the scale; check their keying: {}",
                negative.join(", ")
            ));
        }
        if self.mat.m == 2 {
            notes.push(
                "with two items, alpha without one of them (a single item) is undefined".into(),
            );
        }
        let overflow: Vec<&str> = self
            .frequencies
            .iter()
            .zip(&self.mom.tallies)
            .filter(|(_, t)| t.overflow())
            .map(|(f, _)| f.name.as_str())
            .collect();
        if !overflow.is_empty() {
            notes.push(format!(
                "more than {MAX_CATEGORIES} distinct answers, frequencies not tabulated: {}",
                overflow.join(", ")
            ));
        }
        notes
    }

    /// Which rows the deletion left out, and the rows answering nothing.
    fn rows_used(&self) -> Vec<String> {
        let (mom, n_min) = (self.mom, self.mat.n_min);
        let mut notes = Vec::new();
        match self.deletion {
            Deletion::Pairwise if mom.complete < mom.rows => notes.push(format!(
                "pairwise deletion: {} of {} rows answer every item; each covariance uses the rows answering both items, and the standard error and intervals use the smallest such count, N = {n_min}",
                mom.complete, mom.rows
            )),
            Deletion::Listwise if mom.complete < mom.rows => notes.push(format!(
                "listwise deletion: {} of {} rows left out for a missing answer; N = {}",
                mom.rows - mom.complete,
                mom.rows,
                mom.complete
            )),
            _ => {}
        }
        if self.deletion == Deletion::Pairwise && mom.any < mom.rows {
            notes.push(format!(
                "{} row(s) answer no item and are not used",
                mom.rows - mom.any
            ));
        }
        notes
    }
}

/// Check the options and set up reversal, bounds and shifts.
pub(super) fn prepare(
    block: &Block<'_>,
    options: &ReliabilityOptions,
    names: &[String],
) -> Result<Prepared, ReliabilityError> {
    let k = block.cols;
    let bounds: Vec<Option<(f64, f64)>> = match &options.bounds {
        None => vec![None; k],
        Some(b) => {
            for (index, &(min, max)) in b.iter().enumerate() {
                // Beyond ±MAX_ANALYSED_VALUE a reversed answer (min + max − x)
                // and its square would overflow (fuzz observation O1).
                let within = |x: f64| x.abs() <= MAX_ANALYSED_VALUE;
                if !(within(min) && within(max) && min < max) {
                    return Err(ReliabilityError::InvalidBounds { index, min, max });
                }
            }
            match b.len() {
                1 => vec![Some(b[0]); k],
                n if n == k => b.iter().copied().map(Some).collect(),
                n => return Err(ReliabilityError::BoundsLength { given: n, cols: k }),
            }
        }
    };
    let mut sign = vec![1.0; k];
    let mut add = vec![0.0; k];
    for r in &options.reverse {
        let index = match r {
            ItemRef::Index(i) => *i,
            ItemRef::Name(n) => names.iter().position(|x| x == n).ok_or_else(|| {
                ReliabilityError::ReverseUnknownItem {
                    item: n.clone(),
                    names: names.to_vec(),
                }
            })?,
        };
        if index >= k {
            return Err(ReliabilityError::ReverseOutOfRange { index, cols: k });
        }
        if sign[index] < 0.0 {
            return Err(ReliabilityError::ReverseRepeated {
                index,
                item: names[index].clone(),
            });
        }
        let Some((lo, hi)) = bounds[index] else {
            return Err(ReliabilityError::ReverseWithoutBounds {
                index,
                item: names[index].clone(),
            });
        };
        sign[index] = -1.0;
        add[index] = lo + hi;
    }
    // Without declared bounds, answers are still held within
    // ±MAX_ANALYSED_VALUE, past which their squares would overflow.
    let lo = bounds
        .iter()
        .map(|b| b.map_or(-MAX_ANALYSED_VALUE, |b| b.0.max(-MAX_ANALYSED_VALUE)))
        .collect();
    let hi = bounds
        .iter()
        .map(|b| b.map_or(MAX_ANALYSED_VALUE, |b| b.1.min(MAX_ANALYSED_VALUE)))
        .collect();
    let first = moments::first_answers(block);
    // Shifts: each item's first keyed answer; the total's: their mean.
    let shift: Vec<f64> = first
        .iter()
        .zip(add.iter().zip(&sign))
        .map(|(&v, (&a, &s))| if v.is_finite() { a + s * v } else { 0.0 })
        .collect();
    let found: Vec<f64> = shift
        .iter()
        .zip(&first)
        .filter(|(_, f)| f.is_finite())
        .map(|(s, _)| *s)
        .collect();
    let shift_t = if found.is_empty() {
        0.0
    } else {
        found.iter().sum::<f64>() / count_f64(found.len())
    };
    // Direct tallies centred on each item's first answer.
    let tally_base = first
        .iter()
        .map(|&v| if v.is_finite() { v.floor() - 32.0 } else { 0.0 })
        .collect();
    Ok(Prepared {
        k,
        deletion: options.missing,
        add,
        sign,
        lo,
        hi,
        shift,
        shift_t,
        tally_base,
    })
}

/// Response frequencies over every row, psych's `response.frequencies`.
fn frequencies(mom: &Moments, names: &[String]) -> Vec<Frequencies> {
    let mut values: Vec<f64> = mom
        .tallies
        .iter()
        .filter(|t| !t.overflow())
        .flat_map(|t| t.entries().map(|(v, _)| v))
        .collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    let rows = count_f64(mom.rows);
    mom.tallies
        .iter()
        .zip(&mom.answered)
        .zip(names)
        .map(|((t, &answered), name)| {
            let categories = if t.overflow() {
                Vec::new()
            } else {
                let given = count64_f64(answered);
                values
                    .iter()
                    .map(|&v| {
                        let count = t.entries().find(|e| e.0 == v).map_or(0, |e| e.1);
                        (v, count64_f64(count) / given)
                    })
                    .collect()
            };
            Frequencies {
                name: name.clone(),
                categories,
                missing: 1.0 - count64_f64(answered) / rows,
            }
        })
        .collect()
}

impl crate::request::Request for ReliabilityOptions {}
