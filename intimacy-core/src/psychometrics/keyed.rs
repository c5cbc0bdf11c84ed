//! The reliability of an instrument's scale, its items keyed as the
//! instrument keys them: the one place that turns an instrument's
//! declarations (reversed items, declared response scales, "does not apply"
//! codes) into [`ReliabilityOptions`], for every language and the command
//! line.

use super::{Deletion, Reliability, ReliabilityError, ReliabilityOptions, reliability};
use crate::block::{Block, BlockData, Layout};
use crate::instrument::{Instrument, Scale};

/// The scale of `id`, or an error listing the instrument's scales.
fn scale_of<'a>(instrument: &'a Instrument, id: &str) -> Result<&'a Scale, ReliabilityError> {
    instrument
        .scale(id)
        .ok_or_else(|| ReliabilityError::UnknownScale {
            instrument: instrument.id.clone(),
            scale: id.to_owned(),
            scales: instrument.scales.iter().map(|s| s.id.clone()).collect(),
        })
}

/// The options [`reliability`] takes for scale `scale` of `instrument`: its
/// items by name (in the scale's order), the reversed ones as the instrument
/// keys them, each item's declared response bounds (reversal is
/// `min + max − x` within them), and `missing`.
///
/// ```
/// use intimacy_core::{Deletion, Instrument, scale_reliability_options};
/// let ras = Instrument::builtin("ras").unwrap();
/// let o = scale_reliability_options(&ras, "satisfaction", Deletion::Pairwise).unwrap();
/// assert_eq!(o.item_names.len(), 7);
/// assert_eq!(o.reverse.len(), 2); // RAS items 4 and 7 are reverse keyed
/// assert_eq!(o.bounds.as_ref().unwrap()[0], (1.0, 5.0));
/// ```
pub fn scale_reliability_options(
    instrument: &Instrument,
    scale: &str,
    missing: Deletion,
) -> Result<ReliabilityOptions, ReliabilityError> {
    let scale = scale_of(instrument, scale)?;
    let items: Vec<_> = scale
        .items
        .iter()
        .filter_map(|id| instrument.item(id))
        .collect();
    let bounds: Option<Vec<(f64, f64)>> = items
        .iter()
        .map(|i| instrument.response_scale_of(i).map(|rs| (rs.min, rs.max)))
        .collect();
    Ok(ReliabilityOptions {
        reverse: items
            .iter()
            .filter(|i| i.reverse)
            .map(|i| i.id.as_str().into())
            .collect(),
        bounds,
        missing,
        item_names: items.iter().map(|i| i.id.clone()).collect(),
    })
}

/// The deletion `options` ask of [`scale_reliability`], from the options a
/// caller gives: the instrument keys the items, so `reverse`, `bounds` or
/// `item_names` given are an `invalid-option` error naming the option
/// (never silently ignored).
///
/// ```
/// use intimacy_core::{Deletion, ReliabilityOptions, scale_reliability_deletion};
/// let o = ReliabilityOptions::from_json(r#"{"missing": "listwise"}"#).unwrap();
/// assert_eq!(scale_reliability_deletion(&o).unwrap(), Deletion::Listwise);
/// let o = ReliabilityOptions::from_json(r#"{"reverse": [0]}"#).unwrap();
/// assert_eq!(scale_reliability_deletion(&o).unwrap_err().code(), "invalid-option");
/// ```
pub fn scale_reliability_deletion(
    options: &ReliabilityOptions,
) -> Result<Deletion, crate::ScoreError> {
    for (option, given) in [
        ("reverse", !options.reverse.is_empty()),
        ("bounds", options.bounds.is_some()),
        ("item_names", !options.item_names.is_empty()),
    ] {
        if given {
            return Err(crate::ScoreError::InvalidOption {
                option: option.into(),
                message: "the instrument keys its items; this is not an option of an instrument's scale reliability".into(),
            });
        }
    }
    Ok(options.missing)
}

/// The reliability of scale `scale` of `instrument` over `block`: one
/// column per item of the instrument, in its order (as scoring takes
/// them), one row per respondent, NaN unanswered. The scale's items are
/// keyed as the instrument keys them ([`scale_reliability_options`]); an
/// answer an item's scale marks "does not apply" is left out as unanswered.
/// Columns in errors count among the scale's items.
///
/// ```
/// use intimacy_core::{Block, BlockData, Deletion, Instrument, Layout, scale_reliability};
/// let ras = Instrument::builtin("ras").unwrap();
/// // Four respondents; items 4 and 7 (reverse keyed) run against the rest.
/// let rows = [
///     5.0, 5.0, 4.0, 1.0, 5.0, 4.0, 2.0,
///     4.0, 4.0, 4.0, 2.0, 4.0, 4.0, 2.0,
///     2.0, 3.0, 2.0, 4.0, 2.0, 3.0, 4.0,
///     1.0, 2.0, 1.0, 5.0, 2.0, 1.0, 5.0,
/// ];
/// let block = Block { data: BlockData::F64(&rows), rows: 4, cols: 7, layout: Layout::RowMajor };
/// let r = scale_reliability(&ras, "satisfaction", &block, Deletion::Pairwise).unwrap();
/// assert!(r.alpha > 0.9);
/// assert!(r.items[3].reversed);
/// ```
pub fn scale_reliability(
    instrument: &Instrument,
    scale: &str,
    block: &Block<'_>,
    missing: Deletion,
) -> Result<Reliability, ReliabilityError> {
    let options = scale_reliability_options(instrument, scale, missing)?;
    if !block.fits() {
        return Err(ReliabilityError::Shape {
            cells: block.data.len(),
            rows: block.rows,
            cols: block.cols,
        });
    }
    if block.cols != instrument.items.len() {
        return Err(ReliabilityError::ItemColumns {
            instrument: instrument.id.clone(),
            cols: block.cols,
            items: instrument.items.len(),
        });
    }
    let columns: Vec<(usize, Option<&crate::ResponseScale>)> = options
        .item_names
        .iter()
        .filter_map(|id| {
            let j = instrument.items.iter().position(|i| i.id == *id)?;
            Some((j, instrument.response_scale_of(&instrument.items[j])))
        })
        .collect();
    let mut cells = Vec::with_capacity(block.rows.saturating_mul(columns.len()));
    for r in 0..block.rows {
        for &(j, rs) in &columns {
            let x = block.cell(r, j);
            let na = rs.is_some_and(|rs| rs.is_not_applicable(x));
            cells.push(if na { f64::NAN } else { x });
        }
    }
    let picked = Block {
        data: BlockData::F64(&cells),
        rows: block.rows,
        cols: columns.len(),
        layout: Layout::RowMajor,
    };
    reliability(&picked, &options)
}
