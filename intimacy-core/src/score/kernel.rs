//! The fast path of `score_batch` for plain research instruments (no opt-in
//! sections, no targets, so no placements or flags): a tight loop over each
//! row that keys and checks every cell, then sums each scale from a small
//! buffer in L1. It computes exactly what `Scratch::scale` computes (the
//! property tests compare the two); rows with an invalid cell go to the
//! general path, which records the problem.

use super::MissingPolicy;
use super::compiled::Compiled;
use super::row::Rules;
use crate::instrument::Aggregation;

/// Per column: how to key and check a cell.
#[derive(Debug, Clone, Copy)]
struct Col {
    lo: f64,
    hi: f64,
    /// keyed = offset + sign × x
    offset: f64,
    sign: f64,
    /// Whole numbers only.
    whole: bool,
}

#[derive(Debug, Clone)]
struct ScaleK {
    cols: Vec<usize>,
    weights: Vec<f64>,
    aggregation: Aggregation,
    required: usize,
    wsum_all: f64,
    n: usize,
}

/// A prepared fast kernel, or `None` when the instrument needs the general path.
#[derive(Debug, Clone)]
pub(crate) struct Kernel {
    cols: Vec<Col>,
    scales: Vec<ScaleK>,
    missing: MissingPolicy,
    /// When every scale is a contiguous run of columns with unit weights:
    /// the runs, and the column bounds as separate arrays (so lanes vectorise).
    runs: Option<Runs>,
}

#[derive(Debug, Clone)]
struct Runs {
    ranges: Vec<(usize, usize)>,
    lo: Vec<f64>,
    hi: Vec<f64>,
    offset: Vec<f64>,
    sign: Vec<f64>,
    /// 1.0 where only whole numbers are allowed.
    whole: Vec<f64>,
    /// (lo, hi, whole numbers only) when every column shares them.
    uniform: Option<(f64, f64, bool)>,
}

/// Key and check cells into `keyed` (0 where not answered) and `ok` (1 where
/// answered). The column specs are tiled over a block of rows, so this is one
/// long branchless loop. Sets `bad[r]` for rows with a present cell that is
/// not allowed.
#[inline(never)]
fn key_cells(
    runs: &Runs,
    cells: &[f64],
    keyed: &mut [f64],
    ok: &mut [f64],
    bad: &mut [bool],
    cols: usize,
) {
    let n = cells
        .len()
        .min(keyed.len())
        .min(ok.len())
        .min(runs.lo.len());
    let (cells, keyed, ok) = (&cells[..n], &mut keyed[..n], &mut ok[..n]);
    let (lo, hi, off, sign, whole) = (
        &runs.lo[..n],
        &runs.hi[..n],
        &runs.offset[..n],
        &runs.sign[..n],
        &runs.whole[..n],
    );
    let mut any_bad = 0u64;
    if let Some((ulo, uhi, uwhole)) = runs.uniform {
        // Every column shares its bounds: three loads a cell fewer.
        for i in 0..n {
            let x = cells[i];
            let k = off[i] + sign[i] * x;
            let on_grid = !uwhole | ((x + ROUND) - ROUND == x);
            let valid = (x >= ulo) & (x <= uhi) & on_grid;
            any_bad |= u64::from(!x.is_nan() & !valid);
            keyed[i] = if valid { k } else { 0.0 };
            ok[i] = f64::from(u8::from(valid));
        }
    } else {
        for i in 0..n {
            // Every value is computed unconditionally and then selected.
            let x = cells[i];
            let k = off[i] + sign[i] * x;
            let on_grid = (whole[i] == 0.0) | ((x + ROUND) - ROUND == x);
            let valid = (x >= lo[i]) & (x <= hi[i]) & on_grid;
            any_bad |= u64::from(!x.is_nan() & !valid);
            keyed[i] = if valid { k } else { 0.0 };
            ok[i] = f64::from(u8::from(valid));
        }
    }
    if any_bad != 0 && cols > 0 {
        for (r, flag) in bad.iter_mut().enumerate() {
            *flag = cells
                .iter()
                .zip(ok.iter())
                .skip(r * cols)
                .take(cols)
                .any(|(x, a)| !x.is_nan() && *a == 0.0);
        }
    }
}

/// Sum two equally long slices, each in four independent lanes (so the adds
/// pipeline and vectorise).
#[inline]
fn lanes_sum2(xs: &[f64], ys: &[f64]) -> (f64, f64) {
    let n = xs.len().min(ys.len());
    let (xs, ys) = (&xs[..n], &ys[..n]);
    let (mut a, mut b) = ([0.0; 4], [0.0; 4]);
    let full = n - n % 4;
    let mut i = 0;
    while i < full {
        for l in 0..4 {
            a[l] += xs[i + l];
            b[l] += ys[i + l];
        }
        i += 4;
    }
    let (mut x, mut y) = ((a[0] + a[1]) + (a[2] + a[3]), (b[0] + b[1]) + (b[2] + b[3]));
    while i < n {
        x += xs[i];
        y += ys[i];
        i += 1;
    }
    (x, y)
}

/// Rows per block of the single-pass path.
const BLOCK_ROWS: usize = 16;

/// 1.5 × 2^52: adding and subtracting it rounds a double to a whole number
/// (for |x| < 2^51) without a libm call, so the check vectorises.
const ROUND: f64 = 6_755_399_441_055_744.0;

impl Kernel {
    pub fn new(c: &Compiled, r: &Rules, map: &[usize]) -> Option<Kernel> {
        if !c.sections.is_empty() || !c.targets.is_empty() {
            return None;
        }
        let mut cols = Vec::with_capacity(map.len());
        let mut col_of = vec![usize::MAX; c.items.len()];
        for (j, &i) in map.iter().enumerate() {
            let it = &c.items[i];
            col_of[i] = j;
            let whole = match it.step {
                None => false,
                Some(1.0) if it.lo == it.lo.trunc() && it.lo.abs() < 1e15 => true,
                Some(_) => return None,
            };
            cols.push(Col {
                lo: it.lo,
                hi: it.hi,
                offset: if it.reverse { it.lo + it.hi } else { 0.0 },
                sign: if it.reverse { -1.0 } else { 1.0 },
                whole,
            });
        }
        let scales: Vec<ScaleK> = c
            .scales
            .iter()
            .map(|s| {
                let n = s.items.len();
                let items = || s.items.iter().map(|&i| &c.items[i]);
                ScaleK {
                    cols: s.items.iter().map(|&i| col_of[i]).collect(),
                    weights: items().map(|it| it.weight).collect(),
                    aggregation: s.aggregation,
                    required: match r.missing {
                        MissingPolicy::RequireAll => n,
                        _ => Compiled::required(r.min_answered.or(s.min_answered), n),
                    }
                    .max(1),
                    wsum_all: items().map(|it| it.weight).sum(),
                    n,
                }
            })
            .collect();
        let runs = scales
            .iter()
            .map(|s: &ScaleK| {
                let contiguous = s.cols.windows(2).all(|w| w[1] == w[0] + 1);
                let unit = s.weights.iter().all(|&w| w == 1.0);
                (contiguous && unit && !s.cols.is_empty())
                    .then(|| (s.cols[0], s.cols[0] + s.cols.len()))
            })
            .collect::<Option<Vec<_>>>()
            .map(|ranges| {
                let tile = |f: &dyn Fn(&Col) -> f64| -> Vec<f64> {
                    (0..BLOCK_ROWS).flat_map(|_| cols.iter().map(f)).collect()
                };
                let first = cols.first().map(|c| (c.lo, c.hi, c.whole));
                let uniform = first.filter(|f| cols.iter().all(|c| (c.lo, c.hi, c.whole) == *f));
                Runs {
                    uniform,
                    ranges,
                    lo: tile(&|c| c.lo),
                    hi: tile(&|c| c.hi),
                    offset: tile(&|c| c.offset),
                    sign: tile(&|c| c.sign),
                    whole: tile(&|c| if c.whole { 1.0 } else { 0.0 }),
                }
            });
        Some(Kernel {
            cols,
            scales,
            missing: r.missing,
            runs,
        })
    }

    /// Whether whole rows can be scored by [`Kernel::row_runs`].
    pub fn has_runs(&self) -> bool {
        self.runs.is_some()
    }

    /// Rows scored per block by [`Kernel::block_runs`].
    pub const BLOCK: usize = BLOCK_ROWS;

    /// Score a block of whole rows (row-major, `rows × cols` cells, every
    /// scale a contiguous run of unit-weight columns): one long branchless
    /// pass keys and checks every cell into `keyed`/`ok` (it vectorises),
    /// then each row's runs are summed. Writes (score, answered) per row and
    /// scale into `out[r * scales + s]`; `bad[r]` is set when a present cell
    /// of row `r` is not allowed (score that row by the general path).
    pub fn block_runs(
        &self,
        cells: &[f64],
        rows: usize,
        keyed: &mut [f64],
        ok: &mut [f64],
        bad: &mut [bool],
        out: &mut [(f64, u32)],
    ) {
        let Some(runs) = &self.runs else { return };
        let cols = self.cols.len();
        let n = (rows * cols).min(cells.len()).min(runs.lo.len());
        key_cells(
            runs,
            &cells[..n],
            &mut keyed[..n],
            &mut ok[..n],
            &mut bad[..rows],
            cols,
        );
        let ns = self.scales.len();
        for r in 0..rows {
            let (kr, or) = (
                &keyed[r * cols..(r + 1) * cols],
                &ok[r * cols..(r + 1) * cols],
            );
            for (si, (s, &(a, b))) in self.scales.iter().zip(&runs.ranges).enumerate() {
                let (k, c) = lanes_sum2(&kr[a..b], &or[a..b]);
                out[r * ns + si] = self.finish(s, c, k, c, k);
            }
        }
    }

    /// A scale's (score, answered) from its sums.
    #[inline]
    fn finish(&self, sc: &ScaleK, answered: f64, wk: f64, wsum: f64, ksum: f64) -> (f64, u32) {
        let n_answered = answered as usize;
        if n_answered < sc.required {
            return (f64::NAN, n_answered as u32);
        }
        let mean = if wsum > 0.0 { wk / wsum } else { f64::NAN };
        let (total, mean) = match self.missing {
            MissingPolicy::RequireAll | MissingPolicy::Available => (wk, mean),
            MissingPolicy::Prorate => (
                if n_answered == sc.n {
                    wk
                } else {
                    mean * sc.wsum_all
                },
                mean,
            ),
            MissingPolicy::PersonMean => {
                let person = ksum / answered;
                let total = wk + (sc.wsum_all - wsum) * person;
                (
                    total,
                    if sc.wsum_all > 0.0 {
                        total / sc.wsum_all
                    } else {
                        f64::NAN
                    },
                )
            }
        };
        let score = match sc.aggregation {
            Aggregation::Mean => mean,
            Aggregation::Sum => total,
        };
        (score, n_answered as u32)
    }

    /// Key and check one row into `keyed`/`ok`. Returns false when a cell is
    /// present but invalid (the row then takes the general path).
    #[inline]
    pub fn load(&self, row: &[f64], keyed: &mut [f64], ok: &mut [f64]) -> bool {
        let mut invalid = false;
        for (((&x, c), k), a) in row
            .iter()
            .zip(&self.cols)
            .zip(keyed.iter_mut())
            .zip(ok.iter_mut())
        {
            let on_grid = !c.whole || (x + ROUND) - ROUND == x;
            let valid = x >= c.lo && x <= c.hi && on_grid;
            invalid |= !valid & !x.is_nan();
            *k = if valid { c.offset + c.sign * x } else { 0.0 };
            *a = if valid { 1.0 } else { 0.0 };
        }
        !invalid
    }

    /// Score scale `s` of a loaded row: (score, answered).
    #[inline]
    pub fn scale(&self, s: usize, keyed: &[f64], ok: &[f64]) -> (f64, u32) {
        let sc = &self.scales[s];
        let (mut answered, mut wk, mut wsum, mut ksum) = (0.0, 0.0, 0.0, 0.0);
        for (m, &j) in sc.cols.iter().enumerate() {
            let a = ok[j];
            let k = keyed[j];
            answered += a;
            ksum += k;
            wk += sc.weights[m] * k;
            wsum += sc.weights[m] * a;
        }
        self.finish(sc, answered, wk, wsum, ksum)
    }
}
