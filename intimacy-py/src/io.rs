//! The survey adapters of `intimacy_core::io` for `intimacy.io`: bytes or
//! JSON text in, the core's rows out as (key names, keys, a 2-D float64
//! array, opted-in sections, the log as JSON). Conversion only: every rule
//! of reading an export is the core's.

use intimacy_core::io::{self, Imported, ReadOptions};
use numpy::{PyArray2, PyArrayMethods};
use pyo3::prelude::*;

use crate::errors::to_py;
use crate::{NativeInstrument, convert};

/// What `intimacy.io` turns into a DataFrame.
type RowsOut<'py> = (
    Vec<String>,
    Vec<String>,
    Bound<'py, PyArray2<f64>>,
    Vec<Option<Vec<String>>>,
    String,
);

fn rows_out(py: Python<'_>, read: Imported) -> PyResult<RowsOut<'_>> {
    let Imported { rows, log } = read;
    let (n, k) = (rows.len(), rows.items.len());
    let values = numpy::PyArray1::from_vec(py, rows.values)
        .reshape([n, k])
        .map_err(|e| crate::errors::argument(e.to_string()))?;
    Ok((
        rows.key_names,
        rows.keys,
        values,
        rows.opted_in,
        convert::json(&log),
    ))
}

/// A CSV export (`format`: "csv", "qualtrics", "redcap") read into rows;
/// the GIL is released while reading.
#[pyfunction]
pub fn read_csv_rows<'py>(
    py: Python<'py>,
    instrument: &NativeInstrument,
    format: &Bound<'_, PyAny>,
    data: &[u8],
    options: &Bound<'_, PyAny>,
) -> PyResult<RowsOut<'py>> {
    let options = convert::options::<ReadOptions>(options)?;
    let format = convert::key::<io::CsvFormat>(format, "format")?;
    let read = py
        .detach(|| io::read_csv(&instrument.inner, format, data, &options))
        .map_err(to_py)?;
    rows_out(py, read)
}
