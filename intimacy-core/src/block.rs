//! A respondents × items block of answers, as every batch entry point takes
//! it (scoring, reliability, omega): its cell types, its layouts, and the one
//! way a cell is read.

use serde::{Deserialize, Serialize};

use crate::numeric::exact_i64;

/// How the cells of a block are laid out.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    #[default]
    /// Row after row (C order, numpy's default): cell (r, c) at `r * cols + c`.
    RowMajor,
    /// Column after column (Fortran order, pandas' blocks): cell (r, c) at `c * rows + r`.
    ColumnMajor,
}

/// How a block of answers passed with an entry point's options is read:
/// which item each column holds, the layout, and the code for "unanswered"
/// in integer cells. Given in the same object as the entry point's own
/// options (`BlockRequest` splits them).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct BlockOptions {
    /// The item id of each column (default: the instrument's items in order).
    pub columns: Option<Vec<String>>,
    /// Row-major (the default) or column-major.
    pub layout: Layout,
    /// The code for "unanswered" in integer cells (default 255 for `u8`,
    /// -1 for `i16`); it must be a whole number the cells' type can hold.
    #[serde(alias = "missingCode")]
    pub missing_code: Option<f64>,
}

impl BlockOptions {
    /// The option names, in both spellings, that belong to the block.
    const KEYS: [&'static str; 4] = ["columns", "layout", "missing_code", "missingCode"];

    /// The missing code of `u8` cells.
    pub fn missing_u8(&self) -> Result<u8, crate::ScoreError> {
        self.missing_code("between 0 and 255", 255, |m| {
            exact_i64(m).and_then(|i| u8::try_from(i).ok())
        })
    }

    /// The missing code of `i16` cells.
    pub fn missing_i16(&self) -> Result<i16, crate::ScoreError> {
        self.missing_code("between -32768 and 32767", -1, |m| {
            exact_i64(m).and_then(|i| i16::try_from(i).ok())
        })
    }

    fn missing_code<T>(
        &self,
        range: &str,
        default: T,
        fit: impl Fn(f64) -> Option<T>,
    ) -> Result<T, crate::ScoreError> {
        match self.missing_code {
            None => Ok(default),
            Some(m) => fit(m).ok_or_else(|| crate::ScoreError::InvalidOption {
                option: "missing_code".into(),
                message: format!("must be a whole number {range} for these cells, got {m}"),
            }),
        }
    }
}

/// An entry point's options and its [`BlockOptions`], given in one object
/// (`{"threshold": 70, "layout": "column-major"}`): the block's keys are
/// taken out and the rest read as `T`, so an unknown key is still an error.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockRequest<T> {
    /// The entry point's own options.
    pub options: T,
    /// How the block is read.
    pub block: BlockOptions,
}

impl<T: crate::Request> BlockRequest<T> {
    /// Both from JSON text.
    ///
    /// ```
    /// use intimacy_core::{BlockRequest, Layout, ScoreOptions};
    /// let r = BlockRequest::<ScoreOptions>::read_json(r#"{"threshold": 70, "layout": "column-major"}"#).unwrap();
    /// assert_eq!((r.options.threshold, r.block.layout), (70.0, Layout::ColumnMajor));
    /// assert!(BlockRequest::<ScoreOptions>::read_json(r#"{"layot": "column-major"}"#).is_err());
    /// ```
    pub fn read_json(text: &str) -> Result<Self, crate::ScoreError> {
        // Split the object's text, each value kept as written, and read each
        // part as text: no JSON value tree (and its code in the WebAssembly
        // build), and one reader per options type.
        let parts: Option<crate::OrderedMap<&serde_json::value::RawValue>> =
            serde_json::from_str(text).map_err(|e| crate::ScoreError::InvalidOption {
                option: String::new(),
                message: crate::request::clean_serde_message(&e.to_string()),
            })?;
        let (mut own, mut block) = (String::from("{"), String::from("{"));
        for (key, value) in parts.iter().flat_map(crate::OrderedMap::iter) {
            let part = if BlockOptions::KEYS.contains(&key) {
                &mut block
            } else {
                &mut own
            };
            if part.len() > 1 {
                part.push(',');
            }
            part.push_str(&serde_json::to_string(key).unwrap_or_default());
            part.push(':');
            part.push_str(value.get());
        }
        own.push('}');
        block.push('}');
        Ok(BlockRequest {
            options: T::read_json(&own)?,
            block: <BlockOptions as crate::Request>::read_json(&block)?,
        })
    }
}

impl crate::Request for BlockOptions {}

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
    /// Floating point answers (NaN unanswered), one slice per column, each
    /// `rows` long: the columns of a data frame, borrowed where they lie in
    /// any order (a frame's item columns picked out of its block, the
    /// columns of an Arrow table). The block's layout does not apply.
    Columns(&'a [&'a [f64]]),
}

impl BlockData<'_> {
    /// The number of cells.
    pub fn len(&self) -> usize {
        match self {
            BlockData::F64(d) => d.len(),
            BlockData::U8 { data, .. } => data.len(),
            BlockData::I16 { data, .. } => data.len(),
            BlockData::Columns(c) => c.iter().map(|c| c.len()).sum(),
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
    /// Whether the cells fit the shape: `rows × cols` of them, and for
    /// [`BlockData::Columns`] `cols` columns of `rows` cells each. Every
    /// entry point checks it first (a cell outside the data would panic).
    ///
    /// ```
    /// use intimacy_core::{Block, BlockData, Layout};
    /// let (a, b) = ([1.0, 2.0], [3.0, 4.0, 5.0]);
    /// let columns = [&a[..], &b[..2]];
    /// let block = Block { data: BlockData::Columns(&columns), rows: 2, cols: 2, layout: Layout::ColumnMajor };
    /// assert!(block.fits());
    /// let uneven = [&a[..1], &b[..]];
    /// assert!(!Block { data: BlockData::Columns(&uneven), ..block }.fits());
    /// ```
    pub fn fits(&self) -> bool {
        match self.data {
            BlockData::Columns(c) => c.len() == self.cols && c.iter().all(|c| c.len() == self.rows),
            data => self.rows.checked_mul(self.cols) == Some(data.len()),
        }
    }

    /// The index of cell (row `r`, column `j`) in the data (of the column's
    /// slice for [`BlockData::Columns`]).
    #[inline]
    pub fn index(&self, r: usize, j: usize) -> usize {
        match (self.data, self.layout) {
            (BlockData::Columns(_), _) => r,
            (_, Layout::RowMajor) => r * self.cols + j,
            (_, Layout::ColumnMajor) => j * self.rows + r,
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
            BlockData::Columns(c) => c[j][at],
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
            (BlockData::Columns(c), _) => {
                for (x, column) in out.iter_mut().zip(c) {
                    *x = column[r];
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
