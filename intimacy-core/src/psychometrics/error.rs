//! What the analyses share below their statistics: how rows with unanswered
//! items are used, the largest answer they take, and why an analysis could
//! not be done.

use serde::{Deserialize, Serialize};

/// How rows with unanswered items are used.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Deletion {
    /// Each covariance from the rows answering both of its items, each item's
    /// mean and standard deviation from the rows answering it, the total
    /// score from every row with at least one answer (psych's default,
    /// `use = "pairwise"`).
    #[default]
    Pairwise,
    /// Only rows answering every item are used, for everything except the
    /// response frequencies (which always describe every row).
    Listwise,
}

impl Deletion {
    /// `"pairwise"` or `"listwise"`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl std::fmt::Display for Deletion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The largest answer (in magnitude) a reliability or omega analysis takes:
/// beyond it, sums of squares overflow. Larger answers are a `too-large` error.
pub const MAX_ANALYSED_VALUE: f64 = 1e150;

/// Why a reliability analysis could not be done.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ReliabilityError {
    /// The data do not hold `rows × cols` cells.
    #[error("the block holds {cells} cells, which is not {rows} rows × {cols} columns")]
    Shape {
        /// Cells held.
        cells: usize,
        /// Rows declared.
        rows: usize,
        /// Columns declared.
        cols: usize,
    },
    /// Fewer than 2 items with variance.
    #[error(
        "reliability needs at least 2 items with variance; {usable} of {columns} column(s) usable{}",
        if excluded.is_empty() { String::new() } else { format!(" ({} without variance)", excluded.join(", ")) }
    )]
    TooFewItems {
        /// Items with variance.
        usable: usize,
        /// Columns in the block.
        columns: usize,
        /// Items without variance (or with fewer than 2 answers).
        excluded: Vec<String>,
    },
    /// More items than one analysis takes.
    #[error("{cols} columns; a reliability analysis takes at most {max} items")]
    TooManyItems {
        /// Columns in the block.
        cols: usize,
        /// The most items taken.
        max: usize,
    },
    /// Fewer than 2 usable rows.
    #[error(
        "reliability needs at least 2 rows; {usable} of {rows} row(s) usable under {deletion} deletion"
    )]
    TooFewRows {
        /// Rows usable.
        usable: usize,
        /// Rows in the block.
        rows: usize,
        /// The deletion asked for.
        deletion: Deletion,
    },
    /// The number of item names is not the number of columns.
    #[error("{names} item name(s) for a block of {cols} column(s)")]
    ItemNames {
        /// Names given.
        names: usize,
        /// Columns in the block.
        cols: usize,
    },
    /// A reversed item's index is not a column.
    #[error("reversed item index {index} is out of range for {cols} column(s)")]
    ReverseOutOfRange {
        /// The index given.
        index: usize,
        /// Columns in the block.
        cols: usize,
    },
    /// A reversed item's name is none of the items'.
    #[error("no item named {item:?} to reverse; the items are {}", names.join(", "))]
    ReverseUnknownItem {
        /// The name given.
        item: String,
        /// The items' names.
        names: Vec<String>,
    },
    /// An item is listed as reversed more than once.
    #[error("item {item:?} (column {index}) is listed as reversed more than once")]
    ReverseRepeated {
        /// The column.
        index: usize,
        /// Its name.
        item: String,
    },
    /// An item is reversed but no bounds are declared.
    #[error(
        "item {item:?} (column {index}) is reversed but no bounds are declared to reverse it within"
    )]
    ReverseWithoutBounds {
        /// The column.
        index: usize,
        /// Its name.
        item: String,
    },
    /// The bounds are neither one pair nor one pair per column.
    #[error("{given} bound pair(s) given; give one for all items or one per column ({cols})")]
    BoundsLength {
        /// Pairs given.
        given: usize,
        /// Columns in the block.
        cols: usize,
    },
    /// A bound pair is not finite, lies beyond ±[`MAX_ANALYSED_VALUE`], or its
    /// minimum is not below its maximum.
    #[error("bounds #{index} ({min}, {max}) must be finite, within ±1e150, with min < max")]
    InvalidBounds {
        /// The pair's position in [`ReliabilityOptions::bounds`].
        index: usize,
        /// Its minimum.
        min: f64,
        /// Its maximum.
        max: f64,
    },
    /// An answer is infinite.
    #[error("row {row}, item {item:?} (column {column}): answer {value} is not finite")]
    NotFinite {
        /// 0-based row.
        row: usize,
        /// 0-based column.
        column: usize,
        /// The item's name.
        item: String,
        /// The value.
        value: f64,
    },
    /// An answer is too large to analyse (beyond ±[`MAX_ANALYSED_VALUE`]:
    /// sums of its square would overflow).
    #[error(
        "row {row}, item {item:?} (column {column}): answer {value} is too large to analyse (beyond ±1e150)"
    )]
    TooLarge {
        /// 0-based row.
        row: usize,
        /// 0-based column.
        column: usize,
        /// The item's name.
        item: String,
        /// The value.
        value: f64,
    },
    /// An answer lies outside its item's declared bounds.
    #[error(
        "row {row}, item {item:?} (column {column}): answer {value} is outside the declared bounds {min}–{max}"
    )]
    OutOfBounds {
        /// 0-based row.
        row: usize,
        /// 0-based column.
        column: usize,
        /// The item's name.
        item: String,
        /// The value.
        value: f64,
        /// The item's declared minimum.
        min: f64,
        /// The item's declared maximum.
        max: f64,
    },
    /// The instrument has no scale of this id.
    #[error("instrument {instrument:?} has no scale {scale:?} (its scales: {})", scales.join(", "))]
    UnknownScale {
        /// The instrument.
        instrument: String,
        /// The scale asked for.
        scale: String,
        /// The instrument's scales.
        scales: Vec<String>,
    },
    /// The block does not have one column per item of the instrument.
    #[error(
        "{cols} column(s) where instrument {instrument:?} has {items} items (one column per item, in the instrument's order)"
    )]
    ItemColumns {
        /// The instrument.
        instrument: String,
        /// Columns in the block.
        cols: usize,
        /// The instrument's items.
        items: usize,
    },
}

impl ReliabilityError {
    /// A stable short code for the variant (`"too-few-items"`, `"out-of-bounds"`, ...),
    /// the same in every language.
    pub fn code(&self) -> &'static str {
        match self {
            ReliabilityError::Shape { .. } => "shape",
            ReliabilityError::TooFewItems { .. } => "too-few-items",
            ReliabilityError::TooManyItems { .. } => "too-many-items",
            ReliabilityError::TooFewRows { .. } => "too-few-rows",
            ReliabilityError::ItemNames { .. } => "item-names",
            ReliabilityError::ReverseOutOfRange { .. } => "reverse-out-of-range",
            ReliabilityError::ReverseUnknownItem { .. } => "reverse-unknown-item",
            ReliabilityError::ReverseRepeated { .. } => "reverse-repeated",
            ReliabilityError::ReverseWithoutBounds { .. } => "reverse-without-bounds",
            ReliabilityError::BoundsLength { .. } => "bounds-length",
            ReliabilityError::InvalidBounds { .. } => "invalid-bounds",
            ReliabilityError::NotFinite { .. } => "not-finite",
            ReliabilityError::TooLarge { .. } => "too-large",
            ReliabilityError::OutOfBounds { .. } => "out-of-bounds",
            ReliabilityError::UnknownScale { .. } => "unknown-scale",
            ReliabilityError::ItemColumns { .. } => "item-columns",
        }
    }

    /// The row, column, item and value concerned, where the error has them.
    pub fn location(&self) -> crate::error::Location {
        use crate::error::Location;
        match self {
            ReliabilityError::NotFinite {
                row,
                column,
                item,
                value,
            }
            | ReliabilityError::TooLarge {
                row,
                column,
                item,
                value,
            }
            | ReliabilityError::OutOfBounds {
                row,
                column,
                item,
                value,
                ..
            } => Location {
                row: Some(*row),
                column: Some(*column),
                item: Some(item.clone()),
                value: Some(*value),
                ..Location::default()
            },
            ReliabilityError::ReverseRepeated { index, item }
            | ReliabilityError::ReverseWithoutBounds { index, item } => Location {
                column: Some(*index),
                item: Some(item.clone()),
                ..Location::default()
            },
            _ => Location::default(),
        }
    }
}
