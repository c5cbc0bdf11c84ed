//! Scoring a respondents × items block into columns.

use serde::{Deserialize, Serialize};

use super::build::Scorer;
use super::compiled::Compiled;
use super::kernel::{Kernel, Sink};
use super::row::{Rules, Scratch};
use super::{InvalidPolicy, ScoreError, ScoreOptions};
use crate::instrument::Instrument;

/// How the cells of a block are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// Row after row (C order, numpy's default): cell (r, c) at `r * cols + c`.
    RowMajor,
    /// Column after column (Fortran order, pandas' blocks): cell (r, c) at `c * rows + r`.
    ColumnMajor,
}

/// The cells of a block.
#[derive(Debug, Clone, Copy)]
pub enum BlockData<'a> {
    /// Floating point answers; NaN is unanswered.
    F64(&'a [f64]),
    /// Small integer codes with a sentinel for unanswered.
    U8 {
        /// The cells.
        data: &'a [u8],
        /// The code meaning "unanswered".
        missing: u8,
    },
    /// Integer codes with a sentinel for unanswered.
    I16 {
        /// The cells.
        data: &'a [i16],
        /// The code meaning "unanswered".
        missing: i16,
    },
}

impl BlockData<'_> {
    fn len(&self) -> usize {
        match self {
            BlockData::F64(d) => d.len(),
            BlockData::U8 { data, .. } => data.len(),
            BlockData::I16 { data, .. } => data.len(),
        }
    }
}

/// A respondents × items block of answers.
#[derive(Debug, Clone, Copy)]
pub struct Block<'a> {
    /// The cells.
    pub data: BlockData<'a>,
    /// Respondents.
    pub rows: usize,
    /// Items (columns).
    pub cols: usize,
    /// Row- or column-major.
    pub layout: Layout,
}

/// One scale's output columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScaleColumn {
    /// The scale's id.
    pub id: String,
    /// The score by the scale's aggregation; NaN when not scored.
    pub score: Vec<f64>,
    /// Items answered.
    pub answered: Vec<u32>,
}

/// One framework's placement columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlacementColumn {
    /// The framework's key.
    pub framework: String,
    /// Whether it is derived through the crosswalk.
    pub derived: bool,
    /// Consecutive level per row (0 when level 1 is not reached).
    pub consecutive: Vec<u8>,
    /// Peak level per row.
    pub peak: Vec<u8>,
}

/// One flag column: whether the flag is raised (0/1), or a count. Only the
/// flags the instrument can raise get a column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlagColumn {
    /// `safety`, `seek-help`, `pacing`, `rushing`, `unhealthy-sign`, `fading`
    /// (0/1, raised as in a report), or `seek-help-count`, `unhealthy-sign-count`,
    /// `fading-count` (how many present).
    pub name: String,
    /// One value per row.
    pub values: Vec<u8>,
}

/// A cell treated as missing because it was invalid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellProblem {
    /// 0-based row.
    pub row: usize,
    /// 0-based column.
    pub column: usize,
    /// The item id.
    pub item: String,
    /// The value (may be infinite).
    pub value: f64,
    /// What was wrong.
    pub message: String,
}

/// The output of [`score_batch`]: one entry per input row in every column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchScores {
    /// Rows scored (always the number of input rows).
    pub rows: usize,
    /// Per scale: score and answered count.
    pub scales: Vec<ScaleColumn>,
    /// Per framework: consecutive and peak level.
    pub placements: Vec<PlacementColumn>,
    /// Flags.
    pub flags: Vec<FlagColumn>,
    /// Invalid cells that were treated as missing.
    pub problems: Vec<CellProblem>,
}

const FLAG_NAMES: [&str; 9] = [
    "safety",
    "seek-help",
    "pacing",
    "rushing",
    "unhealthy-sign",
    "fading",
    "seek-help-count",
    "unhealthy-sign-count",
    "fading-count",
];

impl BatchScores {
    fn empty(c: &Compiled, r: &Rules, rows: usize) -> BatchScores {
        BatchScores {
            rows,
            scales: c
                .scales
                .iter()
                .map(|s| ScaleColumn {
                    id: s.id.clone(),
                    score: Vec::with_capacity(rows),
                    answered: Vec::with_capacity(rows),
                })
                .collect(),
            placements: c
                .frameworks
                .iter()
                .map(|f| PlacementColumn {
                    framework: f.key.clone(),
                    derived: f.via.is_some(),
                    consecutive: Vec::with_capacity(rows),
                    peak: Vec::with_capacity(rows),
                })
                .collect(),
            flags: r
                .flag_columns
                .iter()
                .map(|&i| FlagColumn {
                    name: FLAG_NAMES[i].into(),
                    values: Vec::with_capacity(rows),
                })
                .collect(),
            problems: Vec::new(),
        }
    }

    fn append(&mut self, mut other: BatchScores) {
        for (a, b) in self.scales.iter_mut().zip(&mut other.scales) {
            a.score.append(&mut b.score);
            a.answered.append(&mut b.answered);
        }
        for (a, b) in self.placements.iter_mut().zip(&mut other.placements) {
            a.consecutive.append(&mut b.consecutive);
            a.peak.append(&mut b.peak);
        }
        for (a, b) in self.flags.iter_mut().zip(&mut other.flags) {
            a.values.append(&mut b.values);
        }
        self.problems.append(&mut other.problems);
    }

    /// The column of a scale.
    pub fn scale(&self, id: &str) -> Option<&ScaleColumn> {
        self.scales.iter().find(|s| s.id == id)
    }

    /// A flag column by name.
    pub fn flag(&self, name: &str) -> Option<&FlagColumn> {
        self.flags.iter().find(|f| f.name == name)
    }

    /// The placement columns of a framework.
    pub fn placement(&self, framework: &str) -> Option<&PlacementColumn> {
        self.placements.iter().find(|p| p.framework == framework)
    }
}

/// Score a block of respondents.
///
/// `columns` names the item of each column; `None` means the instrument's
/// items in order. Every instrument item needs a column. Invalid cells are
/// treated as missing and listed in [`BatchScores::problems`] unless
/// `options.invalid` is [`InvalidPolicy::Error`]. The output always has one
/// entry per input row.
///
/// ```
/// use intimacy_core::{Block, BlockData, Instrument, KeysOptions, Layout, ScoreOptions, score_batch};
/// let inst = Instrument::from_keys([("s", vec!["a", "-b"])],
///     &KeysOptions { bounds: Some((1.0, 5.0)), ..Default::default() }).unwrap();
/// let data = [5.0, 1.0, 3.0, f64::NAN];
/// let block = Block { data: BlockData::F64(&data), rows: 2, cols: 2, layout: Layout::RowMajor };
/// let out = score_batch(&inst, &block, None, &ScoreOptions::default()).unwrap();
/// assert_eq!(out.scale("s").unwrap().score[0], 5.0);      // b = 1 reversed is 5
/// assert!(out.scale("s").unwrap().score[1].is_nan());      // all items required
/// ```
pub fn score_batch(
    instrument: &Instrument,
    block: &Block<'_>,
    columns: Option<&[&str]>,
    options: &ScoreOptions,
) -> Result<BatchScores, ScoreError> {
    Scorer::new(instrument, options)?.score_batch(block, columns)
}

impl Scorer {
    /// Score a block of respondents (see [`score_batch`]).
    pub fn score_batch(
        &self,
        block: &Block<'_>,
        columns: Option<&[&str]>,
    ) -> Result<BatchScores, ScoreError> {
        let c = self.compiled();
        let inst = self.instrument();
        let expected = block
            .rows
            .checked_mul(block.cols)
            .ok_or_else(|| ScoreError::Shape {
                message: format!("{} rows × {} columns overflows", block.rows, block.cols),
            })?;
        if block.data.len() != expected {
            return Err(ScoreError::Shape {
                message: format!(
                    "the block holds {} cells but {} rows × {} columns need {expected}",
                    block.data.len(),
                    block.rows,
                    block.cols
                ),
            });
        }
        let map = column_map(inst, c, block.cols, columns)?;
        let strict = self.options().invalid == Some(InvalidPolicy::Error);

        let threads = if cfg!(feature = "parallel") && block.rows >= 4096 {
            std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .min(block.rows / 2048)
        } else {
            1
        };
        if threads <= 1 {
            return score_rows(inst, c, self.rules(), block, &map, 0..block.rows, strict);
        }
        let per = block.rows.div_ceil(threads);
        let parts: Vec<Result<BatchScores, ScoreError>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let range = (t * per).min(block.rows)..((t + 1) * per).min(block.rows);
                    let map = &map;
                    s.spawn(move || score_rows(inst, c, self.rules(), block, map, range, strict))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(ScoreError::Shape {
                            message: "a scoring thread failed".into(),
                        })
                    })
                })
                .collect()
        });
        let mut out = BatchScores::empty(c, self.rules(), block.rows);
        for p in parts {
            out.append(p?);
        }
        Ok(out)
    }
}

/// For each column, the item index it holds.
fn column_map(
    inst: &Instrument,
    c: &Compiled,
    cols: usize,
    columns: Option<&[&str]>,
) -> Result<Vec<usize>, ScoreError> {
    let Some(names) = columns else {
        if cols != c.items.len() {
            return Err(ScoreError::Shape {
                message: format!(
                    "the block has {cols} columns but instrument {:?} has {} items; pass the column names to match them",
                    inst.id,
                    c.items.len()
                ),
            });
        }
        return Ok((0..cols).collect());
    };
    if names.len() != cols {
        return Err(ScoreError::Shape {
            message: format!("{} column names for a block of {cols} columns", names.len()),
        });
    }
    let mut seen = vec![false; c.items.len()];
    let mut map = Vec::with_capacity(cols);
    for (j, name) in names.iter().enumerate() {
        let Some(&i) = c.index.get(*name) else {
            return Err(ScoreError::UnknownItem {
                row: None,
                item: (*name).to_owned(),
                instrument: inst.id.clone(),
            });
        };
        if seen[i] {
            return Err(ScoreError::Shape {
                message: format!("column {j} repeats item {name:?}"),
            });
        }
        seen[i] = true;
        map.push(i);
    }
    let absent: Vec<&str> = c
        .items
        .iter()
        .zip(&seen)
        .filter(|(_, s)| !**s)
        .map(|(it, _)| it.id.as_str())
        .collect();
    if !absent.is_empty() {
        return Err(ScoreError::Shape {
            message: format!(
                "no column for {} item(s) of instrument {:?}: {}",
                absent.len(),
                inst.id,
                absent.join(", ")
            ),
        });
    }
    Ok(map)
}

#[inline]
fn cell(block: &Block<'_>, r: usize, j: usize) -> f64 {
    let at = match block.layout {
        Layout::RowMajor => r * block.cols + j,
        Layout::ColumnMajor => j * block.rows + r,
    };
    match block.data {
        BlockData::F64(d) => d[at],
        BlockData::U8 { data, missing } => {
            let v = data[at];
            if v == missing { f64::NAN } else { f64::from(v) }
        }
        BlockData::I16 { data, missing } => {
            let v = data[at];
            if v == missing { f64::NAN } else { f64::from(v) }
        }
    }
}

fn score_rows(
    inst: &Instrument,
    c: &Compiled,
    rules: &Rules,
    block: &Block<'_>,
    map: &[usize],
    rows: std::ops::Range<usize>,
    strict: bool,
) -> Result<BatchScores, ScoreError> {
    let n = rows.len();
    let mut out = BatchScores::empty(c, rules, n);
    for s in &mut out.scales {
        // Zeroed allocations are lazy; every row is written below.
        s.score = vec![0.0; n];
        s.answered = vec![0; n];
    }
    for p in &mut out.placements {
        p.consecutive.resize(n, 0);
        p.peak.resize(n, 0);
    }
    for f in &mut out.flags {
        f.values.resize(n, 0);
    }
    let mut scratch = Scratch::new(c);
    let start = rows.start;
    if let Some(k) = Kernel::new(c, rules, map) {
        // Every row through the fast kernel; the few with a cell that is not
        // allowed are scored again by the general path, which records it.
        let mut bad = Vec::new();
        k.score_rows(
            block,
            rows.clone(),
            Sink {
                scales: &mut out.scales,
                bad: &mut bad,
            },
        );
        for r in bad {
            general_row(
                inst,
                c,
                rules,
                block,
                map,
                r,
                r - start,
                strict,
                &mut scratch,
                &mut out,
            )?;
        }
        return Ok(out);
    }
    for r in rows {
        general_row(
            inst,
            c,
            rules,
            block,
            map,
            r,
            r - start,
            strict,
            &mut scratch,
            &mut out,
        )?;
    }
    Ok(out)
}

/// Score row `r` of the block by the general path into output row `o`.
#[allow(
    clippy::too_many_arguments,
    reason = "an internal step of score_rows, called from one place"
)]
fn general_row(
    inst: &Instrument,
    c: &Compiled,
    rules: &Rules,
    block: &Block<'_>,
    map: &[usize],
    r: usize,
    o: usize,
    strict: bool,
    scratch: &mut Scratch,
    out: &mut BatchScores,
) -> Result<(), ScoreError> {
    for (j, &i) in map.iter().enumerate() {
        let x = cell(block, r, j);
        let item = &c.items[i];
        scratch.values[i] = if x.is_nan() || item.allows(x) {
            x
        } else {
            let message = super::invalid_reason(inst, i, x)
                .unwrap_or_else(|| "not an allowed answer".to_owned());
            if strict {
                return Err(ScoreError::InvalidAnswer {
                    row: Some(r),
                    item: item.id.clone(),
                    value: x,
                    reason: message,
                });
            }
            out.problems.push(CellProblem {
                row: r,
                column: j,
                item: item.id.clone(),
                value: x,
                message,
            });
            f64::NAN
        };
    }
    scratch.compute(c, rules);
    for (si, col) in out.scales.iter_mut().enumerate() {
        let st = &scratch.scales[si];
        col.score[o] = st.score(c.scales[si].aggregation);
        col.answered[o] = st.answered;
    }
    for (fi, col) in out.placements.iter_mut().enumerate() {
        let l = scratch.levels[fi];
        col.consecutive[o] = l.consecutive as u8;
        col.peak[o] = l.peak as u8;
    }
    let f = scratch.flags;
    let values = [
        f.safety as u8,
        (!rules.seek_help_targets.is_empty() && f.seek_help as usize >= rules.seek_help_min) as u8,
        f.pacing as u8,
        f.rushing as u8,
        (f.unhealthy > 0) as u8,
        (!rules.fading_targets.is_empty() && f.fading as usize >= rules.fading_min) as u8,
        f.seek_help,
        f.unhealthy,
        f.fading,
    ];
    for (col, &i) in out.flags.iter_mut().zip(&rules.flag_columns) {
        col.values[o] = values[i];
    }
    Ok(())
}

/// Empty score columns of `rows` rows, one per scale (for the kernel's tests).
#[cfg(test)]
pub(crate) fn test_columns(c: &Compiled, rows: usize) -> Vec<ScaleColumn> {
    c.scales
        .iter()
        .map(|s| ScaleColumn {
            id: s.id.clone(),
            score: vec![0.0; rows],
            answered: vec![0; rows],
        })
        .collect()
}
