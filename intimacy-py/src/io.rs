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

/// SurveyJS results (`survey.data`: one object or an array, as JSON text)
/// read into rows; the GIL is released while reading.
#[pyfunction]
pub fn from_surveyjs_rows<'py>(
    py: Python<'py>,
    instrument: &NativeInstrument,
    data: &str,
    options: &Bound<'_, PyAny>,
) -> PyResult<RowsOut<'py>> {
    let options = convert::options::<ReadOptions>(options)?;
    let read = py
        .detach(|| io::from_surveyjs(&instrument.inner, data, &options))
        .map_err(to_py)?;
    rows_out(py, read)
}

/// jsPsych data (`.json()` or `.csv()` output) read into rows, one per
/// participant; the GIL is released while reading.
#[pyfunction]
pub fn read_jspsych_rows<'py>(
    py: Python<'py>,
    instrument: &NativeInstrument,
    data: &[u8],
    options: &Bound<'_, PyAny>,
) -> PyResult<RowsOut<'py>> {
    let options = convert::options::<ReadOptions>(options)?;
    let read = py
        .detach(|| io::read_jspsych(&instrument.inner, data, &options))
        .map_err(to_py)?;
    rows_out(py, read)
}

/// The instrument as a SurveyJS survey definition, as JSON text.
#[pyfunction]
pub fn to_surveyjs_json(instrument: &NativeInstrument) -> String {
    convert::json(&io::to_surveyjs(&instrument.inner))
}

/// An instrument from a REDCap data dictionary, with the log of what was
/// read (fields that are not items, fields left out).
#[pyfunction]
pub fn redcap_dictionary(
    data: &[u8],
    options: &Bound<'_, PyAny>,
) -> PyResult<(NativeInstrument, String)> {
    let options = convert::options::<io::RedcapDictionaryOptions>(options)?;
    let (inner, log) =
        io::instrument_from_redcap_dictionary_with_log(data, &options).map_err(to_py)?;
    Ok((
        NativeInstrument {
            inner,
            scorers: intimacy_core::ScorerCache::default(),
        },
        convert::json(&log),
    ))
}
