//! The vectorised batch kernel of `intimacy-core`: scale scores and answered
//! counts of many respondents at once, for plain research instruments (no
//! opt-in sections, no stage targets). `intimacy-core` prepares it from an
//! instrument and falls back to its general path for anything else; this
//! crate knows nothing of instruments. It is a crate of its own so that it can
//! be built for speed while the rest of the WebAssembly package is built for
//! size.
//!
//! Rows are taken eight at a time (four in wasm). Their cells are first
//! gathered into a small column-major tile (one column's rows side by side;
//! row-major `f64` blocks are transposed in registers), whatever the block's
//! layout and cell type. Every later step then works on one column of a tile
//! at once: checking, keying and summing a scale, and finishing its score,
//! are the same operations on each lane, with the column's bounds broadcast,
//! so nothing is reduced across lanes.
//!
//! The steps are written once, over the small `F64x8` vector trait, which has
//! three implementations: AVX2 on x86-64 (chosen at run time), wasm simd128
//! (when the crate is built with it), and plain arrays elsewhere.
//!
//! Each scale is summed over its columns in the order given, and each
//! operation rounds as a plain loop over the answers would (keyed =
//! `lo + hi − x` for reversed items; mean = weighted sum / answered weight),
//! so `intimacy-core` gets its general path's scores bit for bit, except for
//! person-mean imputation (summed in another order). A row with a present cell
//! that is not allowed is reported back for the caller to score itself.

use std::ops::Range;

/// How to key and check one column's cells.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColSpec {
    /// Lowest allowed answer.
    pub lo: f64,
    /// Highest allowed answer.
    pub hi: f64,
    /// Reverse-keyed: keyed as `(lo + hi) − x`.
    pub reverse: bool,
    /// Whole numbers only (else any value in `lo..=hi`).
    pub whole: bool,
}

/// One scale: which columns it sums and how it is scored.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleSpec {
    /// Block columns, in the order they are summed.
    pub cols: Vec<usize>,
    /// A weight per column; `None` when all are 1.
    pub weights: Option<Vec<f64>>,
    /// The score is the (weighted) mean; else the total.
    pub mean: bool,
    /// Answers needed for a score (at least 1 is required regardless).
    pub required: usize,
}

/// What a scale's total and mean are made of when answers are missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// The answered items only.
    Available,
    /// The total of a partly answered scale is its mean × the total weight.
    Prorate,
    /// Missing answers take the mean of the answered ones.
    PersonMean,
}

/// The cells of a block: floats with NaN for unanswered, or small integer
/// codes with a code for unanswered.
#[derive(Debug, Clone, Copy)]
pub enum Cells<'a> {
    /// Floats; NaN is unanswered.
    F64(&'a [f64]),
    /// Codes, and the one meaning unanswered.
    U8(&'a [u8], u8),
    /// Codes, and the one meaning unanswered.
    I16(&'a [i16], i16),
    /// Floats (NaN unanswered), one slice of `rows` cells per column, in
    /// any memory order; the block's `column_major` does not apply.
    Columns(&'a [&'a [f64]]),
}

/// A respondents × columns block.
#[derive(Debug, Clone, Copy)]
pub struct Block<'a> {
    /// The cells, `rows × cols` of them.
    pub cells: Cells<'a>,
    /// Respondents.
    pub rows: usize,
    /// Columns.
    pub cols: usize,
    /// Column after column (else row after row).
    pub column_major: bool,
}

/// Rows per tile: two AVX2 vectors' worth; on wasm, where vectors hold two
/// `f64`s, two vectors (more would spill registers).
#[cfg(not(target_arch = "wasm32"))]
const LANES: usize = 8;
#[cfg(target_arch = "wasm32")]
const LANES: usize = 4;
/// Cells in a block above which rows are prefetched (4 MiB of `f64`).
const PREFETCH_FROM: usize = 1 << 19;
/// How many tiles ahead to prefetch.
const AHEAD: usize = 8;
/// How many tiles ahead each column of a column-major block is prefetched
/// (one cache line per column and tile; 16 measured best on 1M × 40).
const AHEAD_COLUMN: usize = 16;

/// A count of columns or items as `f64`. Exact: every integer below 2^53
/// is an `f64`, and a scale's columns are far fewer (they fit in memory).
#[allow(
    clippy::cast_precision_loss,
    reason = "exact below 2^53, which no column count reaches"
)]
#[inline]
fn count_f64(n: usize) -> f64 {
    n as f64
}

/// Per column: how to key and check a cell.
#[derive(Debug, Clone, Copy)]
struct Col {
    lo: f64,
    hi: f64,
    /// Reversed items are keyed as `offset − x` (offset = lo + hi).
    reverse: bool,
    offset: f64,
    /// Whole numbers only.
    whole: bool,
}

#[derive(Debug, Clone)]
struct ScaleK {
    /// Block columns, in the scale's item order.
    cols: Vec<usize>,
    /// Item weights; `None` when all are 1.
    weights: Option<Vec<f64>>,
    mean: bool,
    /// Items to answer, at least 1.
    required: f64,
    wsum_all: f64,
    n: f64,
}

/// Which implementation of the vector steps runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isa {
    /// Arrays, or wasm simd128 when the crate is built with it.
    Portable,
    /// AVX2 (x86-64, detected at run time).
    #[cfg(target_arch = "x86_64")]
    Avx2,
}

impl Isa {
    /// The best this CPU offers.
    pub fn detect() -> Isa {
        #[cfg(target_arch = "x86_64")]
        if avx2::available() {
            return Isa::Avx2;
        }
        Isa::Portable
    }
}

/// A prepared kernel.
#[derive(Debug, Clone)]
pub struct Kernel {
    cols: Vec<Col>,
    scales: Vec<ScaleK>,
    /// Columns in no scale: checked, not summed.
    loose: Vec<usize>,
    missing: Policy,
    isa: Isa,
}

/// The output columns a kernel writes: output row `o` for block row
/// `rows.start + o`.
#[derive(Debug)]
pub struct Sink<'a, 'b> {
    /// Per scale: scores (NaN when too few answers).
    pub scores: &'a mut [&'b mut [f64]],
    /// Per scale: answered counts.
    pub answered: &'a mut [&'b mut [u32]],
    /// Block rows with a present cell that is not allowed, in order; their
    /// outputs are left for the caller.
    pub bad: &'a mut Vec<usize>,
}

impl Kernel {
    /// A kernel for blocks whose columns are `cols`, scoring `scales`.
    /// `None` when a scale names a column that is not there.
    pub fn new(cols: &[ColSpec], scales: &[ScaleSpec], policy: Policy) -> Option<Kernel> {
        let mut in_scale = vec![false; cols.len()];
        let mut out = Vec::with_capacity(scales.len());
        for s in scales {
            for &j in &s.cols {
                *in_scale.get_mut(j)? = true;
            }
            let weights = s.weights.clone().filter(|w| w.iter().any(|&x| x != 1.0));
            if weights.as_ref().is_some_and(|w| w.len() != s.cols.len()) {
                return None;
            }
            out.push(ScaleK {
                cols: s.cols.clone(),
                wsum_all: weights
                    .as_ref()
                    .map_or(count_f64(s.cols.len()), |w| w.iter().sum()),
                weights,
                mean: s.mean,
                required: count_f64(s.required.max(1)),
                n: count_f64(s.cols.len()),
            });
        }
        Some(Kernel {
            loose: (0..cols.len()).filter(|&j| !in_scale[j]).collect(),
            cols: cols
                .iter()
                .map(|c| Col {
                    lo: c.lo,
                    hi: c.hi,
                    reverse: c.reverse,
                    offset: if c.reverse { c.lo + c.hi } else { 0.0 },
                    whole: c.whole,
                })
                .collect(),
            scales: out,
            missing: policy,
            isa: Isa::detect(),
        })
    }

    /// The same kernel on another implementation (for tests and benchmarks).
    pub fn with_isa(mut self, isa: Isa) -> Kernel {
        self.isa = isa;
        self
    }

    /// Score rows `rows` of `block` into `sink`.
    pub fn score_rows(&self, block: &Block<'_>, rows: Range<usize>, sink: Sink<'_, '_>) {
        match self.isa {
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2 => avx2::score_rows(self, block, rows, sink),
            Isa::Portable => self.rows::<Portable>((), block, rows, sink),
        }
    }

    #[inline(always)]
    fn rows<V: F64x8>(
        &self,
        t: V::Token,
        block: &Block<'_>,
        rows: Range<usize>,
        sink: Sink<'_, '_>,
    ) {
        // The hot loops below index with `while` rather than iterator
        // adapters and closures, which the size-optimised wasm profile leaves
        // as calls.
        let mut tile = vec![[f64::NAN; LANES]; self.cols.len()];
        let ns = self
            .scales
            .len()
            .min(sink.scores.len())
            .min(sink.answered.len());
        let mut r = rows.start;
        while r < rows.end {
            let take = LANES.min(rows.end - r);
            fill_tile::<V>(t, block, r, take, &mut tile);
            let o = r - rows.start;
            let mut bad = V::splat(t, 0.0);
            let mut si = 0;
            while si < ns {
                let s = &self.scales[si];
                let (score, answered) = match &s.weights {
                    None => self.sum_unit::<V>(t, s, &tile, &mut bad),
                    Some(w) => self.sum_weighted::<V>(t, s, w, &tile, &mut bad),
                };
                let (mut sc, mut an) = ([0.0; LANES], [0.0; LANES]);
                score.store(&mut sc);
                answered.store(&mut an);
                let (dst, cnt) = (&mut *sink.scores[si], &mut *sink.answered[si]);
                if o + take <= dst.len() && o + take <= cnt.len() {
                    let mut l = 0;
                    while l < take {
                        dst[o + l] = sc[l];
                        // The counts are integers in the lanes' bits.
                        #[allow(
                            clippy::cast_possible_truncation,
                            reason = "a lane holds a u32 count in its low bits; the cut is the point"
                        )]
                        let count = an[l].to_bits() as u32;
                        cnt[o + l] = count;
                        l += 1;
                    }
                }
                si += 1;
            }
            let mut i = 0;
            while i < self.loose.len() {
                let (_, valid, present) = self.cell::<V>(t, self.loose[i], &tile);
                bad = bad.or(valid.andnot(present));
                i += 1;
            }
            if bad.any() {
                let mut flags = [0.0; LANES];
                bad.store(&mut flags);
                let mut l = 0;
                while l < take {
                    if flags[l].to_bits() != 0 {
                        sink.bad.push(r + l);
                    }
                    l += 1;
                }
            }
            r += take;
        }
    }

    /// Key and check column `j` of the tile: (keyed, mask of answered cells,
    /// mask of present cells), keyed being 0 where not answered. A cell
    /// present but not answered is not allowed.
    #[inline(always)]
    fn cell<V: F64x8>(&self, t: V::Token, j: usize, tile: &[[f64; LANES]]) -> (V, V, V) {
        let zero = V::splat(t, 0.0);
        let (Some(c), Some(cells)) = (self.cols.get(j), tile.get(j)) else {
            return (zero, zero, zero);
        };
        let x = V::load(t, cells);
        // In range and on the grid exactly when clamping (and rounding)
        // leaves the value as it is; never for NaN.
        let clamped = x.max(V::splat(t, c.lo)).min(V::splat(t, c.hi));
        let valid = if c.whole {
            clamped.floor().eq(x)
        } else {
            clamped.eq(x)
        };
        // lo + hi − x for reversed items, rounded once as `Item::keyed`.
        let keyed = if c.reverse {
            V::splat(t, c.offset).sub(x)
        } else {
            x
        };
        (keyed.and(valid), valid, x.eq(x))
    }

    /// Lanes where `answered` (a count of valid cells) falls short of
    /// `present` (a count of present cells): a present cell was not allowed.
    #[inline(always)]
    fn short<V: F64x8>(t: V::Token, answered: V, present: V) -> V {
        answered
            .eq(present)
            .andnot(V::splat(t, f64::from_bits(u64::MAX)))
    }

    #[inline(always)]
    fn sum_unit<V: F64x8>(
        &self,
        t: V::Token,
        s: &ScaleK,
        tile: &[[f64; LANES]],
        bad: &mut V,
    ) -> (V, V) {
        let (mut k, mut a, mut p) = (V::splat(t, 0.0), V::splat(t, 0.0), V::splat(t, 0.0));
        let mut m = 0;
        while m < s.cols.len() {
            let (kj, valid, present) = self.cell::<V>(t, s.cols[m], tile);
            k = k.add(kj);
            a = a.count(valid);
            p = p.count(present);
            m += 1;
        }
        let (af, pf) = (a.count_f64(), p.count_f64());
        *bad = bad.or(Self::short(t, af, pf));
        (self.finish(t, s, af, k, af, k), a)
    }

    #[inline(always)]
    fn sum_weighted<V: F64x8>(
        &self,
        t: V::Token,
        s: &ScaleK,
        weights: &[f64],
        tile: &[[f64; LANES]],
        bad: &mut V,
    ) -> (V, V) {
        let zero = V::splat(t, 0.0);
        let (mut a, mut p, mut wk, mut wsum, mut ksum) = (zero, zero, zero, zero, zero);
        let mut m = 0;
        while m < s.cols.len().min(weights.len()) {
            let (kj, valid, present) = self.cell::<V>(t, s.cols[m], tile);
            let w = V::splat(t, weights[m]);
            m += 1;
            a = a.count(valid);
            p = p.count(present);
            ksum = ksum.add(kj);
            wk = wk.add(w.mul(kj));
            wsum = wsum.add(w.and(valid));
        }
        let (af, pf) = (a.count_f64(), p.count_f64());
        *bad = bad.or(Self::short(t, af, pf));
        (self.finish(t, s, af, wk, wsum, ksum), a)
    }

    /// A scale's (scores, answered counts) from its sums, as `Scratch::scale`.
    #[inline(always)]
    fn finish<V: F64x8>(&self, t: V::Token, s: &ScaleK, answered: V, wk: V, wsum: V, ksum: V) -> V {
        let nan = V::splat(t, f64::NAN);
        let zero = V::splat(t, 0.0);
        let (total, mean) = match self.missing {
            Policy::Available => (wk, mean_of(wk, wsum, zero, nan)),
            Policy::Prorate => {
                let mean = mean_of(wk, wsum, zero, nan);
                let all = answered.eq(V::splat(t, s.n));
                (V::select(all, wk, mean.mul(V::splat(t, s.wsum_all))), mean)
            }
            Policy::PersonMean => {
                let person = ksum.div(answered);
                let all = V::splat(t, s.wsum_all);
                let total = wk.add(all.sub(wsum).mul(person));
                let mean = if s.wsum_all > 0.0 {
                    total.div(all)
                } else {
                    nan
                };
                (total, mean)
            }
        };
        let v = if s.mean { mean } else { total };
        let enough = answered.ge(V::splat(t, s.required));
        V::select(enough, v, nan)
    }
}

/// `num / den` where `den > 0`, else NaN.
#[inline(always)]
fn mean_of<V: F64x8>(num: V, den: V, zero: V, nan: V) -> V {
    V::select(den.gt(zero), num.div(den), nan)
}

/// Gather rows `r..r + take` of the block into a column-major tile of
/// `LANES` lanes; lanes past `take` are unanswered.
#[inline(always)]
fn fill_tile<V: F64x8>(
    t: V::Token,
    block: &Block<'_>,
    r: usize,
    take: usize,
    tile: &mut [[f64; LANES]],
) {
    let cols = block.cols;
    if let (Cells::F64(d), false, LANES) = (block.cells, block.column_major, take) {
        // Whole rows: transpose squares of LANES × LANES cells in registers.
        let Some(cells) = d.get(r * cols..(r + LANES) * cols) else {
            return;
        };
        // Cells a few tiles ahead, so memory keeps up (blocks that fit in
        // cache don't need it).
        if let (true, Some(ahead)) = (
            d.len() > PREFETCH_FROM,
            d.get((r + AHEAD * LANES) * cols..(r + (AHEAD + 1) * LANES) * cols),
        ) {
            V::prefetch(t, ahead);
        }
        // (Plain loops: closures over arrays are not inlined at the
        // size-optimised wasm profile.)
        let squares = cols / LANES;
        let mut g = 0;
        while g < squares {
            let at = g * LANES;
            let mut square = [V::splat(t, f64::NAN); LANES];
            let mut l = 0;
            while l < LANES {
                let from = l * cols + at;
                if let Some(row) = cells
                    .get(from..from + LANES)
                    .and_then(|s| s.try_into().ok())
                {
                    square[l] = V::load(t, row);
                }
                l += 1;
            }
            let columns = V::transpose(square);
            if at + LANES <= tile.len() {
                let mut i = 0;
                while i < LANES {
                    columns[i].store(&mut tile[at + i]);
                    i += 1;
                }
            }
            g += 1;
        }
        let mut j = squares * LANES;
        while j < cols.min(tile.len()) {
            let mut l = 0;
            while l < LANES {
                tile[j][l] = cells.get(l * cols + j).copied().unwrap_or(f64::NAN);
                l += 1;
            }
            j += 1;
        }
        return;
    }
    if fill_columns::<V>(t, block, r, take, tile) {
        return;
    }
    if take < LANES {
        for t in tile.iter_mut() {
            *t = [f64::NAN; LANES];
        }
    }
    macro_rules! fill {
        ($data:expr, $conv:expr) => {
            match block.column_major {
                false => {
                    let cells = &$data[r * cols..(r + take) * cols];
                    for (l, row) in cells.chunks_exact(cols).enumerate() {
                        for (t, &v) in tile.iter_mut().zip(row) {
                            t[l] = $conv(v);
                        }
                    }
                }
                true => {
                    let n = block.rows;
                    for (j, t) in tile.iter_mut().enumerate() {
                        let src = &$data[j * n + r..j * n + r + take];
                        for (t, &v) in t.iter_mut().zip(src) {
                            *t = $conv(v);
                        }
                    }
                }
            }
        };
    }
    match block.cells {
        Cells::F64(d) => fill!(d, |v: f64| v),
        // Filled above.
        Cells::Columns(_) => {}
        Cells::U8(data, missing) => {
            fill!(data, |v: u8| if v == missing {
                f64::NAN
            } else {
                f64::from(v)
            })
        }
        Cells::I16(data, missing) => {
            fill!(data, |v: i16| if v == missing {
                f64::NAN
            } else {
                f64::from(v)
            })
        }
    }
}

/// Gather rows `r..r + take` of a block whose columns lie each in one run
/// of cells (whole tiles of a column-major `f64` block, or any tile of a
/// [`Cells::Columns`] block) into the tile; false (nothing done) for
/// other blocks.
#[inline(always)]
fn fill_columns<V: F64x8>(
    t: V::Token,
    block: &Block<'_>,
    r: usize,
    take: usize,
    tile: &mut [[f64; LANES]],
) -> bool {
    if let (Cells::F64(d), true, LANES) = (block.cells, block.column_major, take) {
        // Column j is cells j·rows.. of the block.
        let rows = block.rows;
        let mut j = 0;
        while j < tile.len() {
            let column = d.get(j * rows..(j + 1) * rows).unwrap_or_default();
            fill_column::<V>(t, column, d.len() > PREFETCH_FROM, r, &mut tile[j]);
            j += 1;
        }
        return true;
    }
    if let Cells::Columns(c) = block.cells {
        let ahead = take == LANES && block.rows.saturating_mul(c.len()) > PREFETCH_FROM;
        let mut j = 0;
        while j < tile.len().min(c.len()) {
            let column = c[j];
            if take == LANES {
                fill_column::<V>(t, column, ahead, r, &mut tile[j]);
            } else {
                let mut l = 0;
                while l < LANES {
                    tile[j][l] = if l < take {
                        column.get(r + l).copied().unwrap_or(f64::NAN)
                    } else {
                        f64::NAN
                    };
                    l += 1;
                }
            }
            j += 1;
        }
        return true;
    }
    false
}

/// Rows `r..r + LANES` of one column (its cells side by side) into its
/// row of the tile, with one load. Each column is a stream of its own, more
/// than the hardware prefetcher follows for a wide block, so in a large
/// block (`ahead`) each is prefetched a few tiles ahead.
#[inline(always)]
fn fill_column<V: F64x8>(
    t: V::Token,
    column: &[f64],
    ahead: bool,
    r: usize,
    tile: &mut [f64; LANES],
) {
    if let Some(cells) = column.get(r..r + LANES).and_then(|s| s.try_into().ok()) {
        V::load(t, cells).store(tile);
    }
    let next = r + AHEAD_COLUMN * LANES;
    if let (true, Some(next)) = (ahead, column.get(next..(next + LANES).min(column.len()))) {
        V::prefetch(t, next);
    }
}

/// Eight `f64` lanes. Masks are values of the same type with every bit of a
/// lane set (true) or clear (false).
///
/// Values are made only from a `Token`, which for a vector implementation
/// that needs CPU features proves they were checked: safe code cannot reach
/// an instruction the CPU lacks.
trait F64x8: Copy {
    /// Proof that this implementation may run here.
    type Token: Copy;
    /// The token this value was made with.
    fn token(self) -> Self::Token;
    fn splat(t: Self::Token, x: f64) -> Self;
    fn load(t: Self::Token, a: &[f64; LANES]) -> Self;
    fn store(self, a: &mut [f64; LANES]);
    fn add(self, o: Self) -> Self;
    fn sub(self, o: Self) -> Self;
    fn mul(self, o: Self) -> Self;
    fn div(self, o: Self) -> Self;
    /// The larger (smaller) lane; either operand when one is NaN.
    fn max(self, o: Self) -> Self;
    fn min(self, o: Self) -> Self;
    fn floor(self) -> Self;
    fn eq(self, o: Self) -> Self;
    fn gt(self, o: Self) -> Self;
    fn ge(self, o: Self) -> Self;
    fn and(self, o: Self) -> Self;
    fn or(self, o: Self) -> Self;
    /// `!self & o`.
    fn andnot(self, o: Self) -> Self;
    /// `a` where `mask`, else `b`.
    fn select(mask: Self, a: Self, b: Self) -> Self;
    /// Rows to columns.
    fn transpose(rows: [Self; LANES]) -> [Self; LANES];
    /// Whether any lane of a mask is set.
    fn any(self) -> bool;
    /// Add 1 to the 64-bit integer count in each lane where `mask` is set
    /// (counts start from `splat(0.0)`, all bits clear).
    fn count(self, mask: Self) -> Self;
    /// The counts as `f64` (exact below 2^52).
    #[inline(always)]
    fn count_f64(self) -> Self {
        // 2^52 + n has n in its low mantissa bits.
        let two52 = Self::splat(self.token(), 4_503_599_627_370_496.0);
        self.or(two52).sub(two52)
    }
    /// Hint that `cells` will be read soon.
    #[inline(always)]
    fn prefetch(_t: Self::Token, _cells: &[f64]) {}
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
type Portable = Scalar;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
type Portable = wasm::Wasm128;

/// Plain arrays: the reference implementation, and the one for targets
/// without a vector one.
#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
#[derive(Debug, Clone, Copy)]
struct Scalar([f64; LANES]);

impl Scalar {
    #[inline(always)]
    fn map2(self, o: Self, f: impl Fn(f64, f64) -> f64) -> Self {
        Scalar(std::array::from_fn(|l| f(self.0[l], o.0[l])))
    }
    #[inline(always)]
    fn bits(self, o: Self, f: impl Fn(u64, u64) -> u64) -> Self {
        self.map2(o, |a, b| f64::from_bits(f(a.to_bits(), b.to_bits())))
    }
    #[inline(always)]
    fn mask(self, o: Self, f: impl Fn(f64, f64) -> bool) -> Self {
        self.map2(o, |a, b| f64::from_bits(if f(a, b) { u64::MAX } else { 0 }))
    }
}

impl F64x8 for Scalar {
    type Token = ();
    #[inline(always)]
    fn token(self) {}
    #[inline(always)]
    fn splat((): (), x: f64) -> Self {
        Scalar([x; LANES])
    }
    #[inline(always)]
    fn load((): (), a: &[f64; LANES]) -> Self {
        Scalar(*a)
    }
    #[inline(always)]
    fn store(self, a: &mut [f64; LANES]) {
        *a = self.0;
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        self.map2(o, |a, b| a + b)
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        self.map2(o, |a, b| a - b)
    }
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        self.map2(o, |a, b| a * b)
    }
    #[inline(always)]
    fn div(self, o: Self) -> Self {
        self.map2(o, |a, b| a / b)
    }
    #[inline(always)]
    fn max(self, o: Self) -> Self {
        self.map2(o, f64::max)
    }
    #[inline(always)]
    fn min(self, o: Self) -> Self {
        self.map2(o, f64::min)
    }
    #[inline(always)]
    fn floor(self) -> Self {
        Scalar(self.0.map(f64::floor))
    }
    #[inline(always)]
    fn eq(self, o: Self) -> Self {
        self.mask(o, |a, b| a == b)
    }
    #[inline(always)]
    fn gt(self, o: Self) -> Self {
        self.mask(o, |a, b| a > b)
    }
    #[inline(always)]
    fn ge(self, o: Self) -> Self {
        self.mask(o, |a, b| a >= b)
    }
    #[inline(always)]
    fn and(self, o: Self) -> Self {
        self.bits(o, |a, b| a & b)
    }
    #[inline(always)]
    fn or(self, o: Self) -> Self {
        self.bits(o, |a, b| a | b)
    }
    #[inline(always)]
    fn andnot(self, o: Self) -> Self {
        self.bits(o, |a, b| !a & b)
    }
    #[inline(always)]
    fn select(mask: Self, a: Self, b: Self) -> Self {
        mask.and(a).or(mask.andnot(b))
    }
    #[inline(always)]
    fn count(self, mask: Self) -> Self {
        self.bits(mask, |a, m| a.wrapping_sub(m))
    }
    #[inline(always)]
    fn any(self) -> bool {
        self.0.iter().any(|x| x.to_bits() != 0)
    }
    #[inline(always)]
    fn transpose(rows: [Self; LANES]) -> [Self; LANES] {
        std::array::from_fn(|c| Scalar(std::array::from_fn(|r| rows[r].0[c])))
    }
}

/// AVX2. The only `unsafe` of the crate is here. Every [`Avx2`] value holds
/// an [`Avx2Token`], which only [`Avx2Token::detect`] makes, after checking
/// the CPU: so no safe code reaches an AVX2 instruction on a CPU without it.
#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
mod avx2 {
    use super::{Block, F64x8, Kernel, LANES, Range, Sink};
    use std::arch::x86_64::*;

    /// Proof that the CPU has AVX2 (its field is private to this module).
    #[derive(Debug, Clone, Copy)]
    pub struct Avx2Token(());

    impl Avx2Token {
        /// A token, when the CPU has AVX2.
        pub fn detect() -> Option<Avx2Token> {
            is_x86_feature_detected!("avx2").then_some(Avx2Token(()))
        }
    }

    pub fn available() -> bool {
        Avx2Token::detect().is_some()
    }

    /// Score rows through the AVX2 build of the generic kernel.
    pub fn score_rows(k: &Kernel, block: &Block<'_>, rows: Range<usize>, sink: Sink<'_, '_>) {
        match Avx2Token::detect() {
            // SAFETY: the token proves the CPU has AVX2, the one feature
            // `rows_avx2` enables.
            Some(t) => unsafe { rows_avx2(t, k, block, rows, sink) },
            None => k.rows::<super::Scalar>((), block, rows, sink),
        }
    }

    #[target_feature(enable = "avx2")]
    unsafe fn rows_avx2(
        t: Avx2Token,
        k: &Kernel,
        block: &Block<'_>,
        rows: Range<usize>,
        sink: Sink<'_, '_>,
    ) {
        k.rows::<Avx2>(t, block, rows, sink)
    }

    /// Lanes 0–3 and 4–7, and the proof that AVX2 may run.
    #[derive(Debug, Clone, Copy)]
    pub struct Avx2(__m256d, __m256d, Avx2Token);

    macro_rules! op2 {
        ($name:ident, $intr:ident) => {
            #[inline(always)]
            fn $name(self, o: Self) -> Self {
                // SAFETY: `self` holds an Avx2Token: the CPU has AVX2.
                unsafe { Avx2($intr(self.0, o.0), $intr(self.1, o.1), self.2) }
            }
        };
    }
    macro_rules! cmp {
        ($name:ident, $pred:ident) => {
            #[inline(always)]
            fn $name(self, o: Self) -> Self {
                // SAFETY: `self` holds an Avx2Token: the CPU has AVX2.
                unsafe {
                    Avx2(
                        _mm256_cmp_pd::<$pred>(self.0, o.0),
                        _mm256_cmp_pd::<$pred>(self.1, o.1),
                        self.2,
                    )
                }
            }
        };
    }

    /// Transpose a 4 × 4 square of rows into columns.
    #[inline(always)]
    fn square(_: Avx2Token, r0: __m256d, r1: __m256d, r2: __m256d, r3: __m256d) -> [__m256d; 4] {
        // SAFETY: the token proves the CPU has AVX2.
        unsafe {
            let t0 = _mm256_unpacklo_pd(r0, r1);
            let t1 = _mm256_unpackhi_pd(r0, r1);
            let t2 = _mm256_unpacklo_pd(r2, r3);
            let t3 = _mm256_unpackhi_pd(r2, r3);
            [
                _mm256_permute2f128_pd::<0x20>(t0, t2),
                _mm256_permute2f128_pd::<0x20>(t1, t3),
                _mm256_permute2f128_pd::<0x31>(t0, t2),
                _mm256_permute2f128_pd::<0x31>(t1, t3),
            ]
        }
    }

    impl F64x8 for Avx2 {
        type Token = Avx2Token;
        #[inline(always)]
        fn token(self) -> Avx2Token {
            self.2
        }
        #[inline(always)]
        fn splat(t: Avx2Token, x: f64) -> Self {
            // SAFETY: the token proves the CPU has AVX2.
            unsafe { Avx2(_mm256_set1_pd(x), _mm256_set1_pd(x), t) }
        }
        #[inline(always)]
        fn load(t: Avx2Token, a: &[f64; LANES]) -> Self {
            // SAFETY: the token proves the CPU has AVX2; both unaligned loads
            // read four f64s within the eight of `a`.
            unsafe {
                Avx2(
                    _mm256_loadu_pd(a.as_ptr()),
                    _mm256_loadu_pd(a.as_ptr().add(4)),
                    t,
                )
            }
        }
        #[inline(always)]
        fn store(self, a: &mut [f64; LANES]) {
            // SAFETY: `self` holds an Avx2Token; both unaligned stores write
            // four f64s within the eight of `a`.
            unsafe {
                _mm256_storeu_pd(a.as_mut_ptr(), self.0);
                _mm256_storeu_pd(a.as_mut_ptr().add(4), self.1);
            }
        }
        op2!(add, _mm256_add_pd);
        op2!(sub, _mm256_sub_pd);
        op2!(mul, _mm256_mul_pd);
        op2!(div, _mm256_div_pd);
        op2!(max, _mm256_max_pd);
        op2!(min, _mm256_min_pd);
        op2!(and, _mm256_and_pd);
        op2!(or, _mm256_or_pd);
        op2!(andnot, _mm256_andnot_pd);
        cmp!(eq, _CMP_EQ_OQ);
        cmp!(gt, _CMP_GT_OQ);
        cmp!(ge, _CMP_GE_OQ);
        #[inline(always)]
        fn floor(self) -> Self {
            const DOWN: i32 = _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC;
            // SAFETY: `self` holds an Avx2Token: the CPU has AVX2.
            unsafe {
                Avx2(
                    _mm256_round_pd::<DOWN>(self.0),
                    _mm256_round_pd::<DOWN>(self.1),
                    self.2,
                )
            }
        }
        #[inline(always)]
        fn select(mask: Self, a: Self, b: Self) -> Self {
            // SAFETY: `mask` holds an Avx2Token: the CPU has AVX2.
            unsafe {
                Avx2(
                    _mm256_blendv_pd(b.0, a.0, mask.0),
                    _mm256_blendv_pd(b.1, a.1, mask.1),
                    mask.2,
                )
            }
        }
        #[inline(always)]
        fn count(self, mask: Self) -> Self {
            // SAFETY: `self` holds an Avx2Token: the CPU has AVX2 (the
            // 64-bit integer subtraction is AVX2's own).
            let sub = |a: __m256d, m: __m256d| unsafe {
                _mm256_castsi256_pd(_mm256_sub_epi64(
                    _mm256_castpd_si256(a),
                    _mm256_castpd_si256(m),
                ))
            };
            Avx2(sub(self.0, mask.0), sub(self.1, mask.1), self.2)
        }
        #[inline(always)]
        fn any(self) -> bool {
            // SAFETY: `self` holds an Avx2Token: the CPU has AVX2.
            unsafe { (_mm256_movemask_pd(self.0) | _mm256_movemask_pd(self.1)) != 0 }
        }
        #[inline(always)]
        fn prefetch(_: Avx2Token, cells: &[f64]) {
            for line in cells.chunks(8) {
                // SAFETY: a prefetch is only a hint (SSE, part of x86_64);
                // it never faults, whatever the address.
                unsafe { _mm_prefetch::<_MM_HINT_T0>(line.as_ptr().cast()) }
            }
        }
        #[inline(always)]
        fn transpose(rows: [Self; LANES]) -> [Self; LANES] {
            // Four 4 × 4 squares: (rows 0–3 | 4–7) × (columns 0–3 | 4–7).
            let [a, b, c, d, e, f, g, h] = rows;
            let t = a.2;
            let top_left = square(t, a.0, b.0, c.0, d.0);
            let bottom_left = square(t, e.0, f.0, g.0, h.0);
            let top_right = square(t, a.1, b.1, c.1, d.1);
            let bottom_right = square(t, e.1, f.1, g.1, h.1);
            std::array::from_fn(|j| {
                if j < 4 {
                    Avx2(top_left[j], bottom_left[j], t)
                } else {
                    Avx2(top_right[j - 4], bottom_right[j - 4], t)
                }
            })
        }
    }
}

/// wasm simd128: two 128-bit vectors. The intrinsics are safe to call here
/// because the crate is built with the feature. (Written out lane by lane:
/// `array::from_fn` and `map` are not inlined at the size-optimised wasm
/// profile.)
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm {
    use super::{F64x8, LANES};
    use std::arch::wasm32::*;

    /// Lanes 0–1 and 2–3.
    #[derive(Debug, Clone, Copy)]
    pub struct Wasm128(v128, v128);

    macro_rules! op2 {
        ($name:ident, $intr:ident) => {
            #[inline(always)]
            fn $name(self, o: Self) -> Self {
                Wasm128($intr(self.0, o.0), $intr(self.1, o.1))
            }
        };
    }

    impl F64x8 for Wasm128 {
        type Token = ();
        #[inline(always)]
        fn token(self) {}
        #[inline(always)]
        fn splat((): (), x: f64) -> Self {
            Wasm128(f64x2_splat(x), f64x2_splat(x))
        }
        #[inline(always)]
        fn load((): (), a: &[f64; LANES]) -> Self {
            Wasm128(f64x2(a[0], a[1]), f64x2(a[2], a[3]))
        }
        #[inline(always)]
        fn store(self, a: &mut [f64; LANES]) {
            *a = [
                f64x2_extract_lane::<0>(self.0),
                f64x2_extract_lane::<1>(self.0),
                f64x2_extract_lane::<0>(self.1),
                f64x2_extract_lane::<1>(self.1),
            ];
        }
        op2!(add, f64x2_add);
        op2!(sub, f64x2_sub);
        op2!(mul, f64x2_mul);
        op2!(div, f64x2_div);
        op2!(max, f64x2_pmax);
        op2!(min, f64x2_pmin);
        op2!(eq, f64x2_eq);
        op2!(gt, f64x2_gt);
        op2!(ge, f64x2_ge);
        op2!(and, v128_and);
        op2!(or, v128_or);
        op2!(count, i64x2_sub);
        #[inline(always)]
        fn any(self) -> bool {
            v128_any_true(self.0) | v128_any_true(self.1)
        }
        #[inline(always)]
        fn andnot(self, o: Self) -> Self {
            Wasm128(v128_andnot(o.0, self.0), v128_andnot(o.1, self.1))
        }
        #[inline(always)]
        fn floor(self) -> Self {
            Wasm128(f64x2_floor(self.0), f64x2_floor(self.1))
        }
        #[inline(always)]
        fn select(mask: Self, a: Self, b: Self) -> Self {
            Wasm128(
                v128_bitselect(a.0, b.0, mask.0),
                v128_bitselect(a.1, b.1, mask.1),
            )
        }
        #[inline(always)]
        fn transpose(rows: [Self; LANES]) -> [Self; LANES] {
            let [a, b, c, d] = rows;
            let lo = |x: v128, y: v128| i64x2_shuffle::<0, 2>(x, y);
            let hi = |x: v128, y: v128| i64x2_shuffle::<1, 3>(x, y);
            [
                Wasm128(lo(a.0, b.0), lo(c.0, d.0)),
                Wasm128(hi(a.0, b.0), hi(c.0, d.0)),
                Wasm128(lo(a.1, b.1), lo(c.1, d.1)),
                Wasm128(hi(a.1, b.1), hi(c.1, d.1)),
            ]
        }
    }
}
