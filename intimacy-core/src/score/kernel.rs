//! The bridge to `intimacy-kernel`, the vectorised batch kernel: a kernel
//! prepared from a compiled instrument, and blocks handed over as they are.
//! Plain research instruments only (no opt-in sections, no targets, so no
//! placements or flags); anything else keeps the general path.

use intimacy_kernel::{Cells, ColSpec, Kernel, Policy, ScaleSpec};

use super::MissingPolicy;
use super::compiled::Compiled;
use super::row::Rules;
use crate::block::{Block, BlockData, Layout};
use crate::instrument::Aggregation;

pub(crate) use intimacy_kernel::Sink;

/// The kernel for `c` with block column `j` holding item `map[j]`, or `None`
/// when the instrument needs the general path.
pub(crate) fn prepare(c: &Compiled, r: &Rules, map: &[usize]) -> Option<Kernel> {
    if !c.sections.is_empty()
        || !c.targets.is_empty()
        || !c.alerts.is_empty()
        || c.items.iter().any(|i| i.na_code.is_some())
    {
        return None;
    }
    let mut cols = Vec::with_capacity(map.len());
    let mut col_of = vec![usize::MAX; c.items.len()];
    for (j, &i) in map.iter().enumerate() {
        let it = c.items.get(i)?;
        *col_of.get_mut(i)? = j;
        let whole = match it.step {
            None => false,
            Some(1.0) if it.lo == it.lo.trunc() => true,
            Some(_) => return None,
        };
        // An item without declared bounds takes any finite answer: its
        // range is the finite doubles, so ±∞ fails the kernel's range check
        // as it fails the general path's (fuzz finding F7).
        cols.push(ColSpec {
            lo: it.lo.max(f64::MIN),
            hi: it.hi.min(f64::MAX),
            reverse: it.reverse,
            whole,
        });
    }
    // Person-mean imputation across items of different ranges goes through
    // percent of maximum, which only the general path does.
    if r.missing == MissingPolicy::PersonMean && c.scales.iter().any(|s| !s.uniform) {
        return None;
    }
    let scales = c
        .scales
        .iter()
        .map(|s| {
            let n = s.items.len();
            Some(ScaleSpec {
                cols: s
                    .items
                    .iter()
                    .map(|&i| col_of.get(i).copied().filter(|&j| j != usize::MAX))
                    .collect::<Option<_>>()?,
                weights: Some(s.items.iter().map(|&i| c.items[i].weight).collect()),
                mean: s.aggregation == Aggregation::Mean,
                required: match r.missing {
                    MissingPolicy::RequireAll => n,
                    _ => Compiled::required(r.min_answered.or(s.min_answered), n),
                },
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let policy = match r.missing {
        MissingPolicy::RequireAll | MissingPolicy::Available => Policy::Available,
        MissingPolicy::Prorate => Policy::Prorate,
        MissingPolicy::PersonMean => Policy::PersonMean,
    };
    Kernel::new(&cols, &scales, policy)
}

/// The block as the kernel takes it (no copy).
pub(crate) fn block<'a>(b: &Block<'a>) -> intimacy_kernel::Block<'a> {
    intimacy_kernel::Block {
        cells: match b.data {
            BlockData::F64(d) => Cells::F64(d),
            BlockData::U8 { data, missing } => Cells::U8(data, missing),
            BlockData::I16 { data, missing } => Cells::I16(data, missing),
            BlockData::Columns(c) => Cells::Columns(c),
        },
        rows: b.rows,
        cols: b.cols,
        column_major: b.layout == Layout::ColumnMajor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::{count_f64, count64_f64};
    use crate::score::batch::ScaleColumn;
    use crate::{Instrument, KeysOptions, MinAnswered, ScoreOptions};
    use intimacy_kernel::Isa;

    /// Score every row of `block` into `cols`.
    fn score_into(k: &Kernel, block: &Block<'_>, cols: &mut [ScaleColumn], bad: &mut Vec<usize>) {
        let (mut scores, mut answered): (Vec<&mut [f64]>, Vec<&mut [u32]>) = cols
            .iter_mut()
            .map(|c| (c.score.as_mut_slice(), c.answered.as_mut_slice()))
            .unzip();
        k.score_rows(
            &super::block(block),
            0..block.rows,
            Sink {
                scores: &mut scores,
                answered: &mut answered,
                bad,
            },
        );
    }

    /// Every implementation gives the same bits as the plain one.
    #[test]
    #[allow(
        clippy::too_many_lines,
        reason = "one fixture checked through every implementation; clearer whole"
    )]
    fn implementations_agree() {
        let inst = Instrument::from_keys(
            [
                ("a", vec!["i0", "-i1", "i2", "i3", "-i4"]),
                ("b", vec!["i5", "i6", "-i7"]),
            ],
            &KeysOptions {
                bounds: Some((1.0, 5.0)),
                min_answered: Some(MinAnswered::Count(2)),
                ..Default::default()
            },
        )
        .expect("valid keys");
        let mut weighted = inst.clone();
        for (k, it) in weighted.items.iter_mut().enumerate() {
            it.weight = 0.5 + count_f64(k) / 4.0;
        }
        let (rows, cols) = (23, 8);
        let mut s = 7u64;
        let data: Vec<f64> = (0..rows * cols)
            .map(|_| {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                match (s >> 33) % 9 {
                    0 => f64::NAN,
                    1 => 2.5,
                    2 => 9.0,
                    v => count64_f64(v - 2),
                }
            })
            .collect();
        for inst in [&inst, &weighted] {
            for missing in [
                MissingPolicy::RequireAll,
                MissingPolicy::Available,
                MissingPolicy::Prorate,
                MissingPolicy::PersonMean,
            ] {
                let options = ScoreOptions {
                    missing,
                    ..Default::default()
                };
                let scorer = crate::Scorer::new(inst, &options).expect("options");
                let c = scorer.compiled();
                let map: Vec<usize> = (0..cols).collect();
                let run = |isa: Isa| {
                    let k = prepare(c, scorer.rules(), &map)
                        .expect("a plain instrument")
                        .with_isa(isa);
                    let mut out = crate::score::batch::test_columns(c, rows);
                    let mut bad = Vec::new();
                    let block = Block {
                        data: BlockData::F64(&data),
                        rows,
                        cols,
                        layout: Layout::RowMajor,
                    };
                    score_into(&k, &block, &mut out, &mut bad);
                    // Column-major cells take the other way into the tile.
                    let mut t = vec![0.0; data.len()];
                    for r in 0..rows {
                        for j in 0..cols {
                            t[j * rows + r] = data[r * cols + j];
                        }
                    }
                    let mut out2 = crate::score::batch::test_columns(c, rows);
                    let mut bad2 = Vec::new();
                    let block = Block {
                        data: BlockData::F64(&t),
                        layout: Layout::ColumnMajor,
                        ..block
                    };
                    score_into(&k, &block, &mut out2, &mut bad2);
                    assert_eq!(bad, bad2);
                    for (a, b) in out.iter().zip(&out2) {
                        assert!(
                            a.score
                                .iter()
                                .zip(&b.score)
                                .all(|(x, y)| x.to_bits() == y.to_bits())
                        );
                        assert_eq!(a.answered, b.answered);
                    }
                    let bits: Vec<(Vec<u64>, Vec<u32>)> = out
                        .iter()
                        .map(|c| {
                            (
                                c.score.iter().map(|x| x.to_bits()).collect(),
                                c.answered.clone(),
                            )
                        })
                        .collect();
                    (bits, bad)
                };
                let plain = run(Isa::Portable);
                assert!(!plain.1.is_empty(), "some rows hold invalid cells");
                assert!(
                    plain
                        .0
                        .iter()
                        .any(|(s, _)| s.iter().any(|&b| !f64::from_bits(b).is_nan()))
                );
                assert_eq!(run(Isa::detect()), plain, "{missing:?}");
            }
        }
    }
}
