//! Scoring a respondents × items block into columns.

use serde::{Deserialize, Serialize};

pub use crate::block::{Block, BlockData, Layout};

use super::build::Scorer;
use super::cells::{Cell, CellProblems};
use super::compiled::Compiled;
use super::kernel::{self, Sink};
use super::row::{Rules, Scratch};
use super::{InvalidPolicy, ScoreError, ScoreOptions};
use crate::instrument::Instrument;

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

/// One flag column: whether the flag is raised (0/1), a severity, or a
/// count. Only the flags the instrument can raise get a column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlagColumn {
    /// `safety`, `consent`, `seek-help`, `pacing`, `rushing`, `unhealthy-sign`,
    /// `fading` (0/1, raised as in a report); `safety-severity`,
    /// `consent-severity` (0 none, 1 notice, 2 concern, 3 referral); or
    /// `seek-help-count`, `unhealthy-sign-count`, `fading-count` (how many
    /// present; unhealthy signs as flagged in the report).
    pub name: String,
    /// One value per row.
    pub values: Vec<u8>,
}

impl FlagColumn {
    /// The column's name in a flat table of scores (a data frame): a count
    /// as `count:<flag>`, anything else as `flag:<name>`.
    ///
    /// ```
    /// use intimacy_core::FlagColumn;
    /// let col = |name: &str| FlagColumn { name: name.into(), values: Vec::new() };
    /// assert_eq!(col("safety-severity").frame_name(), "flag:safety-severity");
    /// assert_eq!(col("fading-count").frame_name(), "count:fading");
    /// ```
    pub fn frame_name(&self) -> String {
        frame_name(&self.name)
    }
}

/// The flat (data-frame) name of a flag column named `name`.
pub(crate) fn frame_name(name: &str) -> String {
    match name.strip_suffix("-count") {
        Some(base) => format!("count:{base}"),
        None => format!("flag:{name}"),
    }
}

/// The most columns a block may have (about 4.3 billion, as invalid cells
/// record their column in 32 bits).
pub const MAX_COLUMNS: usize = u32::MAX as usize;

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
    /// Invalid cells that were treated as missing, in row order.
    pub problems: CellProblems,
}

const FLAG_NAMES: [&str; 12] = [
    "safety",
    "consent",
    "seek-help",
    "pacing",
    "rushing",
    "unhealthy-sign",
    "fading",
    "safety-severity",
    "consent-severity",
    "seek-help-count",
    "unhealthy-sign-count",
    "fading-count",
];

/// The flag columns that are private to a respondent (the safety family):
/// a joint (couple) output never carries them. Researchers' own batch output
/// keeps every column.
pub const PRIVATE_FLAG_COLUMNS: &[&str] =
    &["safety", "consent", "safety-severity", "consent-severity"];

/// [`PRIVATE_FLAG_COLUMNS`] by their flat (data-frame) names.
///
/// ```
/// assert!(intimacy_core::private_frame_columns().contains(&"flag:safety".to_owned()));
/// ```
pub fn private_frame_columns() -> Vec<String> {
    PRIVATE_FLAG_COLUMNS.iter().map(|n| frame_name(n)).collect()
}

/// The flat (data-frame) name of a scale's answered-count column:
/// `<scale>:answered` (its score column is named by the scale's id).
pub fn answered_frame_name(scale: &str) -> String {
    format!("{scale}:answered")
}

impl PlacementColumn {
    /// The flat (data-frame) names of the consecutive and peak columns:
    /// `<framework>:consecutive`, `<framework>:peak`.
    pub fn frame_names(&self) -> [String; 2] {
        [
            format!("{}:consecutive", self.framework),
            format!("{}:peak", self.framework),
        ]
    }
}

impl Instrument {
    /// The columns of this instrument's data and scores in a flat table
    /// that are private to a respondent, so a joint (pairwise) table of two
    /// partners never carries them: the private items and scales
    /// ([`Instrument::private_ids`], sorted), the private scales' answered
    /// counts, and the safety-family flag columns
    /// ([`private_frame_columns`]).
    ///
    /// ```
    /// let checkin = intimacy_core::Instrument::builtin("levels-checkin").unwrap();
    /// let private = checkin.private_frame_columns();
    /// for c in ["safety", "seek-help", "seek-help:answered", "flag:safety"] {
    ///     assert!(private.iter().any(|p| p == c), "{c}");
    /// }
    /// ```
    pub fn private_frame_columns(&self) -> Vec<String> {
        let mut ids = self.private_ids();
        ids.sort();
        ids.dedup();
        let answered: Vec<String> = ids
            .iter()
            .filter(|id| self.scale(id).is_some())
            .map(|id| answered_frame_name(id))
            .collect();
        ids.extend(answered);
        ids.extend(private_frame_columns());
        ids
    }
}

/// [`Instrument::private_frame_columns`] of every built-in instrument
/// together (sorted, once each): what a joint table leaves out when it is
/// not told which instrument its columns come from.
pub fn builtin_private_frame_columns() -> Vec<String> {
    let mut all: Vec<String> = crate::instrument::builtin_instruments()
        .into_iter()
        .filter_map(|n| Instrument::builtin(n).ok())
        .flat_map(|i| i.private_frame_columns())
        .collect();
    all.sort();
    all.dedup();
    all
}

/// A severity as a column value: 0 none, 1 notice, 2 concern, 3 referral.
fn severity_code(s: Option<crate::report::Severity>) -> u8 {
    use crate::report::Severity;
    match s {
        None => 0,
        Some(Severity::Notice) => 1,
        Some(Severity::Concern) => 2,
        Some(Severity::Referral) => 3,
    }
}

impl BatchScores {
    fn empty(c: &Compiled, r: &Rules) -> BatchScores {
        BatchScores {
            rows: 0,
            scales: c
                .scales
                .iter()
                .map(|s| ScaleColumn {
                    id: s.id.clone(),
                    score: Vec::new(),
                    answered: Vec::new(),
                })
                .collect(),
            placements: c
                .frameworks
                .iter()
                .map(|f| PlacementColumn {
                    framework: f.key.clone(),
                    derived: f.via.is_some(),
                    consecutive: Vec::new(),
                    peak: Vec::new(),
                })
                .collect(),
            flags: r
                .flag_columns
                .iter()
                .map(|&i| FlagColumn {
                    name: FLAG_NAMES[i].into(),
                    values: Vec::new(),
                })
                .collect(),
            problems: CellProblems::default(),
        }
    }

    /// Make the columns those of `c`, each `rows` long, keeping their memory
    /// where the shape already fits.
    fn reshape(&mut self, c: &Compiled, r: &Rules, rows: usize) -> Result<(), ScoreError> {
        let fresh = BatchScores::empty(c, r);
        let same = self.scales.len() == fresh.scales.len()
            && self
                .scales
                .iter()
                .zip(&fresh.scales)
                .all(|(a, b)| a.id == b.id)
            && self.placements.len() == fresh.placements.len()
            && self
                .placements
                .iter()
                .zip(&fresh.placements)
                .all(|(a, b)| a.framework == b.framework && a.derived == b.derived)
            && self.flags.len() == fresh.flags.len()
            && self
                .flags
                .iter()
                .zip(&fresh.flags)
                .all(|(a, b)| a.name == b.name);
        if !same {
            *self = fresh;
        }
        self.rows = rows;
        self.problems.clear();
        // Fresh columns are zeroed lazily; every row is written by scoring.
        for s in &mut self.scales {
            fit(&mut s.score, rows, 0.0)?;
            fit(&mut s.answered, rows, 0)?;
        }
        for p in &mut self.placements {
            fit(&mut p.consecutive, rows, 0)?;
            fit(&mut p.peak, rows, 0)?;
        }
        for f in &mut self.flags {
            fit(&mut f.values, rows, 0)?;
        }
        Ok(())
    }

    /// The columns cut into runs of `per` rows, one view per run.
    fn views(&mut self, per: usize) -> Vec<View<'_>> {
        let n = self.rows.div_ceil(per);
        let mut views: Vec<View<'_>> = (0..n).map(|_| View::default()).collect();
        for s in &mut self.scales {
            for (v, chunk) in views.iter_mut().zip(s.score.chunks_mut(per)) {
                v.scores.push(chunk);
            }
            for (v, chunk) in views.iter_mut().zip(s.answered.chunks_mut(per)) {
                v.answered.push(chunk);
            }
        }
        for p in &mut self.placements {
            for (v, chunk) in views.iter_mut().zip(p.consecutive.chunks_mut(per)) {
                v.consecutive.push(chunk);
            }
            for (v, chunk) in views.iter_mut().zip(p.peak.chunks_mut(per)) {
                v.peak.push(chunk);
            }
        }
        for f in &mut self.flags {
            for (v, chunk) in views.iter_mut().zip(f.values.chunks_mut(per)) {
                v.flags.push(chunk);
            }
        }
        for (t, v) in views.iter_mut().enumerate() {
            v.rows = (self.rows - t * per).min(per);
        }
        views
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
        let mut out = BatchScores::empty(self.compiled(), self.rules());
        self.score_batch_into(block, columns, &mut out)?;
        Ok(out)
    }

    /// [`Scorer::score_batch`] into the columns of an earlier result, reusing
    /// their memory: for scoring a stream of blocks (chunks of a file, the
    /// partitions of a data frame) without allocating and faulting in fresh
    /// output columns for each. `out` may come from any instrument; it is
    /// reshaped as needed, and on success holds exactly what `score_batch`
    /// would return. On error its contents are unspecified.
    ///
    /// ```
    /// use intimacy_core::{Block, BlockData, Instrument, KeysOptions, Layout, ScoreOptions, Scorer};
    /// let inst = Instrument::from_keys([("s", vec!["a", "-b"])],
    ///     &KeysOptions { bounds: Some((1.0, 5.0)), ..Default::default() }).unwrap();
    /// let scorer = Scorer::new(&inst, &ScoreOptions::default()).unwrap();
    /// let mut out = scorer.score_batch(&Block { data: BlockData::F64(&[]), rows: 0, cols: 2, layout: Layout::RowMajor }, None).unwrap();
    /// for chunk in [[5.0, 1.0, 4.0, 2.0], [3.0, 3.0, 1.0, 5.0]] {
    ///     let block = Block { data: BlockData::F64(&chunk), rows: 2, cols: 2, layout: Layout::RowMajor };
    ///     scorer.score_batch_into(&block, None, &mut out).unwrap();
    ///     assert_eq!(out.rows, 2);
    /// }
    /// assert_eq!(out.scales[0].score, vec![3.0, 1.0]);
    /// ```
    pub fn score_batch_into(
        &self,
        block: &Block<'_>,
        columns: Option<&[&str]>,
        out: &mut BatchScores,
    ) -> Result<(), ScoreError> {
        let c = self.compiled();
        let inst = self.instrument();
        check_shape(block)?;
        let map = column_map(inst, c, block.cols, columns)?;
        let strict = self.options().invalid == Some(InvalidPolicy::Error);
        out.reshape(c, self.rules(), block.rows)?;

        let threads = if cfg!(feature = "parallel") && block.rows >= 4096 {
            std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .min(block.rows / 2048)
        } else {
            1
        };
        let per = block.rows.div_ceil(threads.max(1)).max(1);
        // The problems' memory of an earlier result goes to the first run.
        let mut kept = std::mem::take(&mut out.problems.cells);
        let views = out.views(per);
        let ctx = Ctx {
            inst,
            c,
            rules: self.rules(),
            block,
            map: &map,
            strict,
        };
        let problems: Vec<Result<Vec<Cell>, ScoreError>> = if views.len() <= 1 {
            views
                .into_iter()
                .enumerate()
                .map(|(t, v)| ctx.score_rows(t * per, v, std::mem::take(&mut kept)))
                .collect()
        } else {
            std::thread::scope(|s| {
                let handles: Vec<_> = views
                    .into_iter()
                    .enumerate()
                    .map(|(t, v)| {
                        let ctx = &ctx;
                        let buf = std::mem::take(&mut kept);
                        s.spawn(move || ctx.score_rows(t * per, v, buf))
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join().unwrap_or_else(|_| {
                            Err(ScoreError::Internal {
                                message: "a scoring thread panicked".into(),
                            })
                        })
                    })
                    .collect()
            })
        };
        // Each run's problems in row order; the first list is taken as it
        // is (not copied: an all-invalid block has a problem per cell).
        for p in problems {
            let mut p = p?;
            if out.problems.is_empty() {
                out.problems.cells = p;
            } else {
                out.problems.cells.append(&mut p);
            }
        }
        out.problems.name(inst, c, &map);
        Ok(())
    }
}

/// The block's cells fit its shape ([`Block::fits`]), and it has at most
/// [`MAX_COLUMNS`] columns; else a shape error saying what does not fit.
fn check_shape(block: &Block<'_>) -> Result<(), ScoreError> {
    let expected = block
        .rows
        .checked_mul(block.cols)
        .ok_or_else(|| ScoreError::Shape {
            message: format!("{} rows × {} columns overflows", block.rows, block.cols),
        })?;
    if let BlockData::Columns(columns) = block.data {
        if columns.len() != block.cols {
            return Err(ScoreError::Shape {
                message: format!(
                    "the block has {} columns but {} were given",
                    block.cols,
                    columns.len()
                ),
            });
        }
        if let Some((j, c)) = columns
            .iter()
            .enumerate()
            .find(|(_, c)| c.len() != block.rows)
        {
            return Err(ScoreError::Shape {
                message: format!(
                    "column {j} holds {} cells but the block has {} rows",
                    c.len(),
                    block.rows
                ),
            });
        }
    } else if block.data.len() != expected {
        return Err(ScoreError::Shape {
            message: format!(
                "the block holds {} cells but {} rows × {} columns need {expected}",
                block.data.len(),
                block.rows,
                block.cols
            ),
        });
    }
    if block.cols > MAX_COLUMNS {
        return Err(ScoreError::Shape {
            message: format!(
                "the block has {} columns; at most {MAX_COLUMNS} are scored",
                block.cols
            ),
        });
    }
    debug_assert!(block.fits());
    Ok(())
}

/// For each item of `instrument`, the position of its column among `names`
/// (the columns of a data frame): `None` for an item without a column when
/// `missing_ok`, else an error naming the items. Columns that are not items
/// are an error unless `extra_ok`; a name given twice is an error.
///
/// ```
/// use intimacy_core::{Instrument, KeysOptions, match_columns};
/// let inst = Instrument::from_keys([("s", vec!["a", "b"])], &KeysOptions::default()).unwrap();
/// assert_eq!(match_columns(&inst, &["b", "id", "a"], true, false).unwrap(), vec![Some(2), Some(0)]);
/// assert_eq!(match_columns(&inst, &["a"], false, true).unwrap(), vec![Some(0), None]);
/// assert_eq!(match_columns(&inst, &["a", "id"], false, true).unwrap_err().code(), "shape");
/// ```
pub fn match_columns(
    instrument: &Instrument,
    names: &[&str],
    extra_ok: bool,
    missing_ok: bool,
) -> Result<Vec<Option<usize>>, ScoreError> {
    let mut seen = std::collections::HashMap::with_capacity(names.len());
    for (j, n) in names.iter().enumerate() {
        if seen.insert(*n, j).is_some() {
            return Err(ScoreError::Shape {
                message: format!("column {n:?} appears more than once"),
            });
        }
    }
    let known: std::collections::HashSet<&str> =
        instrument.items.iter().map(|i| i.id.as_str()).collect();
    let extra: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !known.contains(n))
        .collect();
    if !extra.is_empty() && !extra_ok {
        return Err(ScoreError::Shape {
            message: format!(
                "{} column(s) are not items of {:?}: {}",
                extra.len(),
                instrument.id,
                extra
                    .iter()
                    .take(10)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    let plan: Vec<Option<usize>> = instrument
        .items
        .iter()
        .map(|i| seen.get(i.id.as_str()).copied())
        .collect();
    let absent: Vec<&str> = instrument
        .items
        .iter()
        .zip(&plan)
        .filter(|(_, p)| p.is_none())
        .map(|(i, _)| i.id.as_str())
        .collect();
    if !absent.is_empty() && !missing_ok {
        return Err(ScoreError::Shape {
            message: format!(
                "{} item(s) of {:?} have no column: {}",
                absent.len(),
                instrument.id,
                absent
                    .iter()
                    .take(10)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    Ok(plan)
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

/// A column of `rows` values, cut or extended in place; memory it must grow
/// into is reserved first, so that a failure is `out-of-memory`, never an
/// abort of the process (or of the wasm instance).
fn fit<T: Copy>(v: &mut Vec<T>, rows: usize, zero: T) -> Result<(), ScoreError> {
    if rows > v.capacity() {
        *v = Vec::new();
        v.try_reserve_exact(rows)
            .map_err(|_| ScoreError::OutOfMemory {
                bytes: rows.saturating_mul(std::mem::size_of::<T>()),
            })?;
    }
    v.resize(rows, zero);
    Ok(())
}

/// The rows of the output columns one scoring run writes: output row `o` is
/// block row `start + o`.
#[derive(Debug, Default)]
struct View<'a> {
    rows: usize,
    scores: Vec<&'a mut [f64]>,
    answered: Vec<&'a mut [u32]>,
    consecutive: Vec<&'a mut [u8]>,
    peak: Vec<&'a mut [u8]>,
    flags: Vec<&'a mut [u8]>,
}

/// What every scoring run of one call shares.
struct Ctx<'a> {
    inst: &'a Instrument,
    c: &'a Compiled,
    rules: &'a Rules,
    block: &'a Block<'a>,
    map: &'a [usize],
    strict: bool,
}

impl Ctx<'_> {
    /// Score block rows `start..start + out.rows` into `out`; returns the
    /// invalid cells found, in row order, in `problems` (emptied first, its
    /// memory reused).
    fn score_rows(
        &self,
        start: usize,
        mut out: View<'_>,
        mut problems: Vec<Cell>,
    ) -> Result<Vec<Cell>, ScoreError> {
        let rows = start..start + out.rows;
        problems.clear();
        if let Some(k) = kernel::prepare(self.c, self.rules, self.map) {
            // Every row through the fast kernel, which treats a cell that is
            // not allowed as missing, as the general path does, and names
            // the rows holding one; their cells are then recorded.
            let mut bad = Vec::new();
            k.score_rows(
                &kernel::block(self.block),
                rows,
                Sink {
                    scores: &mut out.scores,
                    answered: &mut out.answered,
                    bad: &mut bad,
                },
            );
            for r in bad {
                for j in 0..self.map.len() {
                    self.check(r, j, &mut problems)?;
                }
            }
        } else {
            let mut scratch = Scratch::new(self.c);
            for r in rows {
                self.general_row(r, r - start, &mut scratch, &mut out, &mut problems)?;
            }
        }
        Ok(problems)
    }

    /// Cell `j` of block row `r` as an answer: the value, or NaN (missing)
    /// when it is not allowed, recorded in `problems` (or an error when
    /// invalid cells are errors).
    fn check(&self, r: usize, j: usize, problems: &mut Vec<Cell>) -> Result<f64, ScoreError> {
        let (c, i) = (self.c, self.map[j]);
        let x = self.block.cell(r, j);
        let item = &c.items[i];
        if x.is_nan() || item.allows(x) || item.na_code == Some(x) {
            return Ok(x);
        }
        let reason = c.refusal(self.inst, i, x);
        if self.strict {
            return Err(ScoreError::InvalidAnswer {
                row: Some(r),
                item: item.id.clone(),
                value: x,
                reason: Compiled::reason_words(self.inst, reason),
            });
        }
        // The list can outgrow the block (24 bytes per cell of one byte):
        // its memory is asked for, so a refusal is `out-of-memory`.
        if problems.len() == problems.capacity() {
            let more = problems.len().max(1024);
            problems
                .try_reserve(more)
                .map_err(|_| ScoreError::OutOfMemory {
                    bytes: (problems.len() + more).saturating_mul(std::mem::size_of::<Cell>()),
                })?;
        }
        problems.push(Cell {
            row: r,
            // `score_batch_into` refuses more than `MAX_COLUMNS` columns.
            column: u32::try_from(j).unwrap_or(u32::MAX),
            value: x,
            reason,
        });
        Ok(f64::NAN)
    }

    /// Score row `r` of the block by the general path into output row `o`.
    fn general_row(
        &self,
        r: usize,
        o: usize,
        scratch: &mut Scratch,
        out: &mut View<'_>,
        problems: &mut Vec<Cell>,
    ) -> Result<(), ScoreError> {
        let (c, rules) = (self.c, self.rules);
        for (j, &i) in self.map.iter().enumerate() {
            let x = self.check(r, j, problems)?;
            scratch.set(c, i, x);
        }
        scratch.compute(c, rules);
        for (si, (score, answered)) in out
            .scores
            .iter_mut()
            .zip(out.answered.iter_mut())
            .enumerate()
        {
            let st = &scratch.scales[si];
            score[o] = st.score(c.scales[si].aggregation);
            answered[o] = st.answered;
        }
        for (fi, (cons, peak)) in out
            .consecutive
            .iter_mut()
            .zip(out.peak.iter_mut())
            .enumerate()
        {
            // Levels are 1..=stages of a built-in framework (the catalogue's
            // tests check it), far below 255.
            let l = scratch.levels[fi];
            cons[o] = u8::try_from(l.consecutive).unwrap_or(u8::MAX);
            peak[o] = u8::try_from(l.peak).unwrap_or(u8::MAX);
        }
        let f = scratch.flags;
        let values = [
            u8::from(f.safety.is_some()),
            u8::from(f.consent.is_some()),
            u8::from(f.seek_help_raised),
            u8::from(f.pacing),
            u8::from(f.rushing),
            u8::from(f.unhealthy > 0),
            u8::from(f.fading_raised),
            severity_code(f.safety),
            severity_code(f.consent),
            f.seek_help,
            f.unhealthy,
            f.fading,
        ];
        for (col, &i) in out.flags.iter_mut().zip(&rules.flag_columns) {
            col[o] = values[i];
        }
        Ok(())
    }
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

#[cfg(test)]
mod fit_tests {
    use super::*;

    #[test]
    fn output_memory_that_cannot_be_had_is_an_error_not_an_abort() {
        let mut v: Vec<f64> = Vec::new();
        let e = fit(&mut v, usize::MAX / 4, 0.0).err();
        assert!(matches!(e, Some(ScoreError::OutOfMemory { .. })), "{e:?}");
        assert_eq!(e.map(|e| e.code()), Some("out-of-memory"));
        // And memory that can be had is zeroed to the length asked.
        assert!(fit(&mut v, 3, 1.5).is_ok());
        assert_eq!(v, vec![1.5; 3]);
    }
}
