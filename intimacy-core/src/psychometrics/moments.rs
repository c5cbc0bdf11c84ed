//! One pass over a block: sums, sums of squares and cross-products (with
//! pairwise counts), the row-mean total's moments and the answer tallies.
//!
//! Rows answering every item go to a dense accumulator (one count, one sum
//! per item, a k × k product matrix). Rows with a gap go, under pairwise
//! deletion, to pairwise accumulators (a count, the two sums and the product
//! per pair); under listwise deletion they only feed the tallies. Values are
//! shifted by a per-item constant before they are summed so that the
//! one-pass variance formulas do not cancel; every statistic is invariant to
//! those shifts.
//!
//! Large blocks are cut into a number of parts that depends only on the
//! block's shape, the parts are accumulated (on several threads with the
//! `parallel` feature) and merged in order, so the result is the same on
//! every machine.

use super::error::{Deletion, MAX_ANALYSED_VALUE, ReliabilityError};
use crate::block::{Block, BlockData, Layout};
use crate::numeric::{count_f64, exact_i64};

/// Distinct answers tallied per item before the item's tally gives up.
pub(crate) const MAX_CATEGORIES: usize = 20;

/// Rows per part below which a block is not split.
const PART_ROWS: usize = 32_768;
/// At most this many parts.
const MAX_PARTS: usize = 16;
/// Bytes of accumulators all parts together may hold.
const PART_BUDGET: usize = 64 << 20;

/// How cells are turned into the values that are summed.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    /// Items.
    pub k: usize,
    /// Listwise or pairwise.
    pub deletion: Deletion,
    /// `lo + hi` for reversed items, 0 for the others.
    pub add: Vec<f64>,
    /// −1 for reversed items, 1 for the others.
    pub sign: Vec<f64>,
    /// Declared lower bound per item (−∞ when none).
    pub lo: Vec<f64>,
    /// Declared upper bound per item (+∞ when none).
    pub hi: Vec<f64>,
    /// Subtracted from each (keyed) value before summing.
    pub shift: Vec<f64>,
    /// Subtracted from each row's total before summing.
    pub shift_t: f64,
    /// Per item, the answer counted in the first slot of its direct tally.
    pub tally_base: Vec<f64>,
}

/// Whole-number answers within this many of an item's base are counted by
/// index; others by search.
const DIRECT: usize = 64;
/// [`DIRECT`] as the signed type a cell is compared in.
const DIRECT_I64: i64 = 64;

/// Distinct answers of one item and how often each was given.
#[derive(Debug, Clone)]
pub(crate) struct Tally {
    /// `direct[i]` counts the answer `base + i`.
    base: f64,
    direct: [u64; DIRECT],
    /// Other answers.
    values: [f64; MAX_CATEGORIES],
    counts: [u64; MAX_CATEGORIES],
    len: usize,
    /// More than [`MAX_CATEGORIES`] distinct other answers.
    lost: bool,
}

impl Tally {
    fn new(base: f64) -> Tally {
        Tally {
            base,
            direct: [0; DIRECT],
            values: [0.0; MAX_CATEGORIES],
            counts: [0; MAX_CATEGORIES],
            len: 0,
            lost: false,
        }
    }

    #[inline]
    fn add(&mut self, v: f64) {
        let d = v - self.base;
        let direct = exact_i64(d)
            .filter(|i| (0..DIRECT_I64).contains(i))
            .and_then(|i| usize::try_from(i).ok());
        if let Some(i) = direct {
            self.direct[i] += 1;
        } else {
            self.add_other(v, 1);
        }
    }

    #[cold]
    fn add_other(&mut self, v: f64, count: u64) {
        if self.lost {
            return;
        }
        for (value, c) in self.values[..self.len].iter().zip(&mut self.counts) {
            if *value == v {
                *c += count;
                return;
            }
        }
        if self.len == MAX_CATEGORIES {
            self.lost = true;
            return;
        }
        self.values[self.len] = v;
        self.counts[self.len] = count;
        self.len += 1;
    }

    fn merge(&mut self, other: &Tally) {
        // Parts of one block share each item's base.
        for (a, b) in self.direct.iter_mut().zip(&other.direct) {
            *a += b;
        }
        self.lost |= other.lost;
        for (v, c) in other.values[..other.len].iter().zip(&other.counts) {
            self.add_other(*v, *c);
        }
    }

    /// More than [`MAX_CATEGORIES`] distinct answers.
    pub fn overflow(&self) -> bool {
        self.lost || self.direct.iter().filter(|&&c| c > 0).count() + self.len > MAX_CATEGORIES
    }

    /// The (value, count) pairs, unordered.
    pub fn entries(&self) -> impl Iterator<Item = (f64, u64)> + '_ {
        let base = self.base;
        self.direct
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(move |(i, c)| (base + count_f64(i), *c))
            .chain(
                self.values[..self.len]
                    .iter()
                    .copied()
                    .zip(self.counts[..self.len].iter().copied()),
            )
    }
}

/// The accumulated moments of a block (or of a part of it).
#[derive(Debug, Clone)]
pub(crate) struct Moments {
    pub k: usize,
    /// Rows seen.
    pub rows: usize,
    /// Rows with at least one answer.
    pub any: usize,
    /// Rows answering every item.
    pub complete: usize,
    /// Complete rows: Σx per item.
    pub c_sum: Vec<f64>,
    /// Complete rows: Σ x_i x_j, k × k.
    pub c_prod: Vec<f64>,
    /// Complete rows: Σt, Σt² of the total.
    pub c_t: f64,
    pub c_tt: f64,
    /// Complete rows: Σ t x_j per item.
    pub c_tx: Vec<f64>,
    /// Incomplete rows, pair (i, j), i ≤ j at `i * k + j`: rows answering both.
    pub p_n: Vec<u64>,
    /// Incomplete rows: Σ x_i over rows answering i and j, at `i * k + j` (both halves).
    pub p_sum: Vec<f64>,
    /// Incomplete rows: Σ x_i x_j, i ≤ j at `i * k + j`.
    pub p_prod: Vec<f64>,
    /// Incomplete rows answering item j: Σt, Σt², Σ t x_j.
    pub p_t: Vec<f64>,
    pub p_tt: Vec<f64>,
    pub p_tx: Vec<f64>,
    /// Rows whose total is used (any answer under pairwise, complete under listwise): n, Σt, Σt².
    pub t_n: usize,
    pub t_sum: f64,
    pub t_sq: f64,
    /// Every row: answers per item.
    pub answered: Vec<u64>,
    /// Every row: the tallies of the raw answers.
    pub tallies: Vec<Tally>,
}

impl Moments {
    fn new(k: usize, pairwise: bool, bases: &[f64]) -> Moments {
        let kk = if pairwise { k * k } else { 0 };
        let kp = if pairwise { k } else { 0 };
        Moments {
            k,
            rows: 0,
            any: 0,
            complete: 0,
            c_sum: vec![0.0; k],
            c_prod: vec![0.0; k * k],
            c_t: 0.0,
            c_tt: 0.0,
            c_tx: vec![0.0; k],
            p_n: vec![0; kk],
            p_sum: vec![0.0; kk],
            p_prod: vec![0.0; kk],
            p_t: vec![0.0; kp],
            p_tt: vec![0.0; kp],
            p_tx: vec![0.0; kp],
            t_n: 0,
            t_sum: 0.0,
            t_sq: 0.0,
            answered: vec![0; k],
            tallies: bases.iter().map(|&b| Tally::new(b)).collect(),
        }
    }

    fn merge(&mut self, o: &Moments) {
        fn add(a: &mut [f64], b: &[f64]) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        self.rows += o.rows;
        self.any += o.any;
        self.complete += o.complete;
        add(&mut self.c_sum, &o.c_sum);
        add(&mut self.c_prod, &o.c_prod);
        self.c_t += o.c_t;
        self.c_tt += o.c_tt;
        add(&mut self.c_tx, &o.c_tx);
        for (x, y) in self.p_n.iter_mut().zip(&o.p_n) {
            *x += y;
        }
        add(&mut self.p_sum, &o.p_sum);
        add(&mut self.p_prod, &o.p_prod);
        add(&mut self.p_t, &o.p_t);
        add(&mut self.p_tt, &o.p_tt);
        add(&mut self.p_tx, &o.p_tx);
        self.t_n += o.t_n;
        self.t_sum += o.t_sum;
        self.t_sq += o.t_sq;
        for (x, y) in self.answered.iter_mut().zip(&o.answered) {
            *x += y;
        }
        for (t, u) in self.tallies.iter_mut().zip(&o.tallies) {
            t.merge(u);
        }
    }

    /// Accumulator bytes of one part.
    fn bytes(k: usize) -> usize {
        (4 * k * k + 8 * k) * 8 + k * std::mem::size_of::<Tally>()
    }
}

/// Row `r` (NaN for unanswered): borrowed from a row-major f64 block,
/// otherwise read into `buf`.
#[inline]
fn row<'s>(block: &Block<'s>, r: usize, buf: &'s mut [f64]) -> &'s [f64] {
    if let (BlockData::F64(d), Layout::RowMajor) = (block.data, block.layout) {
        let k = block.cols;
        return &d[r * k..(r + 1) * k];
    }
    block.row_into(r, buf);
    buf
}

/// The first answer of each item (NaN for an item without answers).
pub(crate) fn first_answers(block: &Block<'_>) -> Vec<f64> {
    let k = block.cols;
    let mut first = vec![f64::NAN; k];
    let mut raw = vec![0.0; k];
    let mut missing = k;
    for r in 0..block.rows {
        block.row_into(r, &mut raw);
        for (f, &v) in first.iter_mut().zip(&raw) {
            if f.is_nan() && v.is_finite() {
                *f = v;
                missing -= 1;
            }
        }
        if missing == 0 {
            break;
        }
    }
    first
}

/// Accumulate the whole block.
pub(crate) fn accumulate(
    block: &Block<'_>,
    prep: &Prepared,
    names: &[String],
) -> Result<Moments, ReliabilityError> {
    let k = prep.k;
    let by_rows = block.rows / PART_ROWS;
    let by_memory = PART_BUDGET / Moments::bytes(k).max(1);
    let parts = by_rows.min(by_memory).clamp(1, MAX_PARTS);
    let per = block.rows.div_ceil(parts);
    let ranges: Vec<std::ops::Range<usize>> = (0..parts)
        .map(|p| (p * per).min(block.rows)..((p + 1) * per).min(block.rows))
        .collect();

    let threads = if cfg!(feature = "parallel") && parts > 1 {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(parts)
    } else {
        1
    };
    let mut slots: Vec<Option<Result<Moments, ReliabilityError>>> =
        (0..parts).map(|_| None).collect();
    if threads > 1 {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .filter_map(|t| {
                    let ranges = &ranges;
                    // A thread that cannot be started leaves its parts to the loop below.
                    std::thread::Builder::new()
                        .spawn_scoped(s, move || {
                            (t..parts)
                                .step_by(threads)
                                .map(|p| {
                                    (p, accumulate_rows(block, prep, names, ranges[p].clone()))
                                })
                                .collect::<Vec<_>>()
                        })
                        .ok()
                })
                .collect();
            for h in handles {
                if let Ok(done) = h.join() {
                    for (p, m) in done {
                        slots[p] = Some(m);
                    }
                }
            }
        });
    }
    let results = slots
        .into_iter()
        .zip(&ranges)
        .map(|(m, range)| m.unwrap_or_else(|| accumulate_rows(block, prep, names, range.clone())));
    let mut total: Option<Moments> = None;
    for m in results {
        let m = m?;
        match &mut total {
            None => total = Some(m),
            Some(t) => t.merge(&m),
        }
    }
    Ok(total
        .unwrap_or_else(|| Moments::new(k, prep.deletion == Deletion::Pairwise, &prep.tally_base)))
}

#[cold]
fn bad_cell(names: &[String], prep: &Prepared, r: usize, j: usize, v: f64) -> ReliabilityError {
    let item = names.get(j).cloned().unwrap_or_default();
    if !v.is_finite() {
        ReliabilityError::NotFinite {
            row: r,
            column: j,
            item,
            value: v,
        }
    } else if v.abs() > MAX_ANALYSED_VALUE {
        ReliabilityError::TooLarge {
            row: r,
            column: j,
            item,
            value: v,
        }
    } else {
        ReliabilityError::OutOfBounds {
            row: r,
            column: j,
            item,
            value: v,
            min: prep.lo[j],
            max: prep.hi[j],
        }
    }
}

/// Accumulate rows `range` of the block.
fn accumulate_rows(
    block: &Block<'_>,
    prep: &Prepared,
    names: &[String],
    range: std::ops::Range<usize>,
) -> Result<Moments, ReliabilityError> {
    let k = prep.k;
    let pairwise = prep.deletion == Deletion::Pairwise;
    let mut m = Moments::new(k, pairwise, &prep.tally_base);
    let mut buf = vec![0.0; k];
    // Keyed and shifted values; 0 where unanswered.
    let mut x = vec![0.0; k];
    let mut present = vec![0usize; k];
    for r in range {
        let raw = row(block, r, &mut buf);
        m.rows += 1;
        let mut answered = 0usize;
        let mut keyed_sum = 0.0;
        let cells = raw
            .iter()
            .zip(&mut x)
            .zip(prep.lo.iter().zip(&prep.hi))
            .zip(prep.add.iter().zip(&prep.sign).zip(&prep.shift))
            .zip(m.tallies.iter_mut().zip(&mut m.answered));
        for (j, ((((&v, xj), (&lo, &hi)), ((&add, &sign), &shift)), (tally, count))) in
            cells.enumerate()
        {
            if v.is_nan() {
                *xj = 0.0;
                continue;
            }
            if !(v.is_finite() && v >= lo && v <= hi) {
                return Err(bad_cell(names, prep, r, j, v));
            }
            tally.add(v);
            *count += 1;
            let keyed = add + sign * v;
            keyed_sum += keyed;
            *xj = keyed - shift;
            present[answered] = j;
            answered += 1;
        }
        if answered == 0 {
            continue;
        }
        m.any += 1;
        let t = keyed_sum / count_f64(answered) - prep.shift_t;
        if answered == k {
            m.complete += 1;
            m.t_n += 1;
            m.t_sum += t;
            m.t_sq += t * t;
            m.c_t += t;
            m.c_tt += t * t;
            for ((s, tx), &xi) in m.c_sum.iter_mut().zip(&mut m.c_tx).zip(&x) {
                *s += xi;
                *tx += t * xi;
            }
            for (row, &xi) in m.c_prod.chunks_exact_mut(k).zip(&x) {
                for (p, &xj) in row.iter_mut().zip(&x) {
                    *p += xi * xj;
                }
            }
        } else if pairwise {
            m.t_n += 1;
            m.t_sum += t;
            m.t_sq += t * t;
            let present = &present[..answered];
            for (a, &i) in present.iter().enumerate() {
                let xi = x[i];
                m.p_t[i] += t;
                m.p_tt[i] += t * t;
                m.p_tx[i] += t * xi;
                let d = i * k + i;
                m.p_n[d] += 1;
                m.p_sum[d] += xi;
                m.p_prod[d] += xi * xi;
                for &j in &present[a + 1..] {
                    let xj = x[j];
                    let ij = i * k + j;
                    m.p_n[ij] += 1;
                    m.p_sum[ij] += xi;
                    m.p_sum[j * k + i] += xj;
                    m.p_prod[ij] += xi * xj;
                }
            }
        }
    }
    Ok(m)
}
