//! A respondents × items block of answers, as every batch entry point takes
//! it (scoring, reliability, omega): its cell types, its layouts, and the one
//! way a cell is read.

use serde::{Deserialize, Serialize};

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
    /// The number of cells.
    pub fn len(&self) -> usize {
        match self {
            BlockData::F64(d) => d.len(),
            BlockData::U8 { data, .. } => data.len(),
            BlockData::I16 { data, .. } => data.len(),
        }
    }

    /// Whether there are no cells.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
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

impl Block<'_> {
    /// The index of cell (row `r`, column `j`) in the data.
    #[inline]
    pub fn index(&self, r: usize, j: usize) -> usize {
        match self.layout {
            Layout::RowMajor => r * self.cols + j,
            Layout::ColumnMajor => j * self.rows + r,
        }
    }

    /// Cell (row `r`, column `j`) as a number; NaN when unanswered (NaN in a
    /// float block, the missing code in an integer one).
    ///
    /// ```
    /// use intimacy_core::{Block, BlockData, Layout};
    /// let codes = [1u8, 255, 3, 4];
    /// let b = Block { data: BlockData::U8 { data: &codes, missing: 255 }, rows: 2, cols: 2, layout: Layout::ColumnMajor };
    /// assert_eq!(b.cell(0, 1), 3.0);
    /// assert!(b.cell(1, 0).is_nan());
    /// ```
    #[inline]
    pub fn cell(&self, r: usize, j: usize) -> f64 {
        let at = self.index(r, j);
        match self.data {
            BlockData::F64(d) => d[at],
            BlockData::U8 { data, missing } => match data[at] {
                v if v == missing => f64::NAN,
                v => f64::from(v),
            },
            BlockData::I16 { data, missing } => match data[at] {
                v if v == missing => f64::NAN,
                v => f64::from(v),
            },
        }
    }

    /// Row `r` read into `out` (one cell per column; NaN when unanswered).
    #[inline]
    pub fn row_into(&self, r: usize, out: &mut [f64]) {
        // The cell type is matched once per row, not once per cell.
        match (self.data, self.layout) {
            (BlockData::F64(d), Layout::RowMajor) => {
                out.copy_from_slice(&d[r * self.cols..(r + 1) * self.cols]);
            }
            (BlockData::F64(d), _) => {
                for (j, x) in out.iter_mut().enumerate() {
                    *x = d[self.index(r, j)];
                }
            }
            (BlockData::U8 { data, missing }, _) => {
                for (j, x) in out.iter_mut().enumerate() {
                    let v = data[self.index(r, j)];
                    *x = if v == missing { f64::NAN } else { f64::from(v) };
                }
            }
            (BlockData::I16 { data, missing }, _) => {
                for (j, x) in out.iter_mut().enumerate() {
                    let v = data[self.index(r, j)];
                    *x = if v == missing { f64::NAN } else { f64::from(v) };
                }
            }
        }
    }
}
