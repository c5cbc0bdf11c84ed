//! `intimacy reliability`: the core's psych-style reliability of each of the
//! instrument's scales, the items keyed as the instrument keys them.

use std::fmt::Write as _;

use intimacy_core::io::Rows;
use intimacy_core::{
    Block, BlockData, Deletion, Instrument, Layout, Reliability, Scale, scale_reliability,
};
use serde::Serialize;

use crate::cli::ReliabilityArgs;
use crate::diagnostics::{Failure, print};
use crate::read::{self, CsvChunks, Input};

/// One scale's outcome.
#[derive(Debug, Serialize)]
struct Outcome {
    scale: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    reliability: Option<Reliability>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<Refusal>,
}

/// Why a scale has no result.
#[derive(Debug, Serialize)]
struct Refusal {
    code: &'static str,
    message: String,
}

/// Run `intimacy reliability`.
pub fn run(args: &ReliabilityArgs) -> Result<(), Failure> {
    let input = &args.input;
    let instrument = crate::load::instrument(&input.instrument, input.form.as_deref())?;
    let options = crate::load::read_options(input.map.as_deref(), input.id_column.as_deref())?;
    let scales: Vec<&Scale> = match &args.scale {
        Some(id) => vec![instrument.scale(id).ok_or_else(|| {
            Failure::new(format!(
                "--scale: error: instrument {:?} has no scale {id:?} (scales: {})",
                instrument.id,
                instrument
                    .scales
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?],
        None => instrument.scales.iter().collect(),
    };
    let format = read::format_of(input.from, &input.input)?;
    let source = Input::open(&input.input)?;
    let name = source.name.clone();
    let (rows, refused) = match read::csv_format(format) {
        Some(csv) => {
            let hidden = indicatif::ProgressBar::hidden();
            let mut chunks = CsvChunks::new(&instrument, csv, &options, source, hidden)?;
            let mut rows = Rows::default();
            let mut refused = Vec::new();
            chunks.next_chunk(&mut rows, &mut refused, usize::MAX)?;
            chunks.finish()?;
            (rows, refused)
        }
        None => {
            let read = read::read_whole(&instrument, format, &options, source)?;
            (read.rows, read.log.refused)
        }
    };
    // Answers the read option `invalid = "missing"` left out: said, never silent.
    for r in &refused {
        eprintln!(
            "{name}:{}: note: answer {:?} of item {:?} (column {:?}) left out as missing: {}",
            r.line, r.text, r.item, r.column, r.message
        );
    }
    let deletion = if args.listwise {
        Deletion::Listwise
    } else {
        Deletion::Pairwise
    };
    let outcomes: Vec<Outcome> = scales
        .iter()
        .map(|s| of_scale(&instrument, s, &rows, deletion))
        .collect();
    if args.json {
        print(&serde_json::to_string_pretty(&outcomes).unwrap_or_default())?;
    } else {
        print(table(&outcomes, args.scale.is_some()).trim_end())?;
    }
    if outcomes.iter().all(|o| o.reliability.is_none()) {
        return Err(Failure::new("error: no scale could be analysed"));
    }
    Ok(())
}

/// The reliability of `scale` over `rows`, keyed by the core as the
/// instrument keys it.
fn of_scale(inst: &Instrument, scale: &Scale, rows: &Rows, deletion: Deletion) -> Outcome {
    let block = Block {
        data: BlockData::F64(&rows.values),
        rows: rows.len(),
        cols: rows.items.len(),
        layout: Layout::RowMajor,
    };
    match scale_reliability(inst, &scale.id, &block, deletion) {
        Ok(r) => Outcome {
            scale: scale.id.clone(),
            reliability: Some(r),
            error: None,
        },
        Err(e) => Outcome {
            scale: scale.id.clone(),
            reliability: None,
            error: Some(Refusal {
                code: e.code(),
                message: e.to_string(),
            }),
        },
    }
}

/// The outcomes as a text table; with `items`, each item's statistics too.
fn table(outcomes: &[Outcome], items: bool) -> String {
    let width = outcomes
        .iter()
        .map(|o| o.scale.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let mut out = format!(
        "{:<width$} {:>5} {:>8} {:>6} {:>9} {:>6} {:>9} {:>17}\n",
        "scale", "items", "n", "alpha", "std.alpha", "G6", "average_r", "95% CI (Feldt)"
    );
    for o in outcomes {
        match (&o.reliability, &o.error) {
            (Some(r), _) => {
                let _ = writeln!(
                    out,
                    "{:<width$} {:>5} {:>8} {:>6.3} {:>9.3} {:>6.3} {:>9.3} {:>17}",
                    o.scale,
                    r.n_items,
                    r.n,
                    r.alpha,
                    r.std_alpha,
                    r.g6,
                    r.average_r,
                    format!("[{:.3}, {:.3}]", r.feldt_ci[0], r.feldt_ci[1])
                );
            }
            (None, Some(e)) => {
                let _ = writeln!(out, "{:<width$} error[{}]: {}", o.scale, e.code, e.message);
            }
            (None, None) => {}
        }
    }
    for o in outcomes {
        let Some(r) = &o.reliability else { continue };
        if items {
            out.push_str(&item_table(r));
        }
        for note in &r.notes {
            let _ = writeln!(out, "note ({}): {note}", o.scale);
        }
    }
    out
}

/// Each item's statistics and the alpha without it.
fn item_table(r: &Reliability) -> String {
    let width = r
        .items
        .iter()
        .map(|i| i.name.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut out = format!(
        "\n{:<width$} {:>8} {:>8} {:>6} {:>6} {:>6} {:>14}\n",
        "item", "reversed", "n", "mean", "sd", "r.drop", "alpha if drop"
    );
    for (i, d) in r.items.iter().zip(&r.alpha_if_dropped) {
        let _ = writeln!(
            out,
            "{:<width$} {:>8} {:>8} {:>6.2} {:>6.2} {:>6.3} {:>14.3}",
            i.name,
            if i.reversed { "yes" } else { "" },
            i.n,
            i.mean,
            i.sd,
            i.r_drop,
            d.alpha
        );
    }
    out
}
