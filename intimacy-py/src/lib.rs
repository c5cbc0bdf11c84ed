//! Python bindings of `intimacy-core`: the native module `intimacy._core`.
//!
//! Conversion and error mapping only; the typed Python face (dataclasses,
//! exceptions, pandas helpers) lives in `python/intimacy/`.

use std::path::PathBuf;

use intimacy_core::psychometrics::{OmegaFit, omega_factors};
use intimacy_core::{
    Chart, Instrument, InstrumentError, KeysOptions, ScoreOptions, Scorer, StageRef,
};
use numpy::PyArrayMethods as _;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyTuple};

mod arrow;
mod convert;
mod errors;
mod io;

use errors::to_py;

/// The library version.
#[pyfunction]
fn version() -> &'static str {
    intimacy_core::VERSION
}

/// The frameworks as JSON (parsed into dataclasses by `intimacy.frameworks()`).
#[pyfunction]
fn frameworks_json() -> String {
    convert::json(intimacy_core::frameworks())
}

/// The whole catalogue as JSON.
#[pyfunction]
fn catalogue_json() -> String {
    convert::json(intimacy_core::catalogue())
}

/// Counterparts of a stage in another framework, as JSON.
#[pyfunction]
fn counterparts_json(framework: &str, stage: &str, to: &str) -> String {
    convert::json(&intimacy_core::catalogue().counterparts(&StageRef::new(framework, stage), to))
}

/// The names `Instrument.builtin` accepts.
#[pyfunction]
fn builtin_instruments() -> Vec<&'static str> {
    intimacy_core::builtin_instruments()
}

/// The registry of built-in instruments (status, licence, citation, facts), as JSON.
#[pyfunction]
fn registry_json() -> String {
    convert::json(&intimacy_core::registry())
}

/// The project's drawing of the IOS response options (SVG).
#[pyfunction]
fn ios_svg() -> &'static str {
    intimacy_core::ios_svg()
}

/// The locales of the built-in messages.
#[pyfunction]
fn locales() -> Vec<&'static str> {
    intimacy_core::locales()
}

/// The built-in locales with their review status, as JSON.
#[pyfunction]
fn locale_info_json() -> String {
    convert::json(&intimacy_core::locale_info())
}

/// The English messages a built-in locale lacks.
#[pyfunction]
fn missing_messages(locale: &str) -> Option<Vec<String>> {
    intimacy_core::missing_messages(locale)
}

/// Add an app's translation of the library's messages; its locale info as JSON.
#[pyfunction]
fn add_messages(text: &str) -> PyResult<String> {
    intimacy_core::add_messages(text)
        .map(|i| convert::json(&i))
        .map_err(to_py)
}

/// A locale's messages as a file (a translator's template), as JSON.
#[pyfunction]
fn messages_file_json(locale: &str) -> PyResult<String> {
    intimacy_core::messages_file(locale)
        .map(|f| convert::json(&f))
        .map_err(to_py)
}

/// The words of the `<intimacy-checkin>` element in a locale, as JSON.
#[pyfunction]
fn checkin_texts_json(locale: &str) -> PyResult<String> {
    intimacy_core::checkin_texts(locale)
        .map(|t| convert::json(&t))
        .map_err(to_py)
}

/// The private data-frame columns of every built-in instrument.
#[pyfunction]
fn builtin_private_frame_columns() -> Vec<String> {
    intimacy_core::builtin_private_frame_columns()
}

/// The JSON Schema of the instrument format, as JSON.
#[pyfunction]
fn instrument_schema_json() -> String {
    convert::json(&intimacy_core::Instrument::json_schema())
}

/// A validated instrument (the native half of `intimacy.Instrument`).
#[pyclass(module = "intimacy._core", name = "NativeInstrument", frozen)]
#[derive(Debug)]
struct NativeInstrument {
    inner: intimacy_core::Instrument,
    scorers: intimacy_core::ScorerCache,
}

fn wrap(r: Result<intimacy_core::Instrument, InstrumentError>) -> PyResult<NativeInstrument> {
    r.map(|inner| NativeInstrument {
        inner,
        scorers: intimacy_core::ScorerCache::default(),
    })
    .map_err(to_py)
}

impl NativeInstrument {
    fn scorer(&self, options: &ScoreOptions) -> PyResult<Scorer> {
        self.scorers.scorer(&self.inner, options).map_err(to_py)
    }
}

#[pymethods]
impl NativeInstrument {
    #[staticmethod]
    fn builtin(name: &str) -> PyResult<Self> {
        wrap(intimacy_core::Instrument::builtin(name))
    }

    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        wrap(intimacy_core::Instrument::from_json(text))
    }

    #[staticmethod]
    fn from_toml(text: &str) -> PyResult<Self> {
        wrap(intimacy_core::Instrument::from_toml(text))
    }

    /// Read a `.json` or `.toml` file (by extension; JSON otherwise).
    #[staticmethod]
    fn from_file(path: PathBuf) -> PyResult<Self> {
        let text = std::fs::read_to_string(&path)?;
        match path.extension() {
            Some(e) if e.eq_ignore_ascii_case("toml") => Self::from_toml(&text),
            _ => Self::from_json(&text),
        }
    }

    /// An instrument from scoring keys; `options` holds the core's
    /// `KeysOptions` (id, bounds, aggregation, min_answered).
    #[staticmethod]
    fn from_keys(keys: &Bound<'_, PyAny>, options: &Bound<'_, PyAny>) -> PyResult<Self> {
        let keys = read_keys(keys)?;
        let options = convert::options::<KeysOptions>(options)?;
        wrap(Instrument::from_keys(keys, &options))
    }

    fn with_form(&self, form: &str) -> PyResult<Self> {
        wrap(self.inner.with_form(form))
    }

    fn with_translation(&self, text: &str) -> PyResult<Self> {
        wrap(self.inner.with_translation(text))
    }

    fn missing_translations(&self, locale: &str) -> Vec<String> {
        self.inner.missing_translations(locale)
    }

    fn translation_file_json(&self, locale: &str) -> PyResult<String> {
        self.inner
            .translation_file(locale)
            .map(|f| convert::json(&f))
            .map_err(to_py)
    }

    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    #[getter]
    fn version(&self) -> &str {
        &self.inner.version
    }

    #[getter]
    fn title(&self) -> &str {
        &self.inner.title
    }

    /// The reliability of scale `scale` over `array` (one column per item of
    /// the instrument, in order), keyed as the instrument keys it, as JSON;
    /// `options` gives `missing` only. The GIL is released while computing.
    #[pyo3(signature = (array, scale, options, missing_code=None))]
    fn scale_reliability_json(
        &self,
        py: Python<'_>,
        array: &Bound<'_, PyAny>,
        scale: &str,
        options: &Bound<'_, PyAny>,
        missing_code: Option<i64>,
    ) -> PyResult<String> {
        let options = convert::options::<intimacy_core::ReliabilityOptions>(options)?;
        let missing = intimacy_core::scale_reliability_deletion(&options).map_err(to_py)?;
        let result = convert::with_block(array, missing_code, |block| {
            py.detach(|| intimacy_core::scale_reliability(&self.inner, scale, &block, missing))
        })?;
        result.map(|r| convert::json(&r)).map_err(to_py)
    }

    /// Options of `change` with the key's published criteria of reliable change, as JSON.
    fn change_options_json(&self) -> String {
        convert::json(&self.inner.change_options())
    }

    /// The key's facts and item listing, as JSON (`[facts, item_listing]`).
    fn facts_json(&self) -> String {
        convert::json(&(&self.inner.facts, &self.inner.item_listing))
    }

    /// The registry status (the weakest of the key's facts, or `authored`).
    #[getter]
    fn status(&self) -> String {
        convert::json(&self.inner.status())
            .trim_matches('"')
            .to_owned()
    }

    /// Score one respondent: `answers` maps item ids to numbers or None;
    /// `options` maps the scoring options' names to values.
    fn score(
        &self,
        py: Python<'_>,
        answers: &Bound<'_, PyAny>,
        options: &Bound<'_, PyAny>,
    ) -> PyResult<NativeReport> {
        let options = convert::options::<ScoreOptions>(options)?;
        let responses = convert::responses(answers)?;
        let scorer = self.scorer(&options)?;
        let report = py.detach(|| scorer.score(&responses)).map_err(to_py)?;
        Ok(NativeReport { inner: report })
    }

    /// Score a 2-D numpy array (rows = respondents, columns = items):
    /// float64 (NaN = unanswered), uint8 or int16 codes (`missing_code` =
    /// unanswered), C- or Fortran-ordered, read without copying; the GIL is
    /// released while scoring. Returns (columns, problems).
    #[pyo3(signature = (array, columns, options, missing_code=None))]
    fn score_array<'py>(
        &self,
        py: Python<'py>,
        array: &Bound<'py, PyAny>,
        columns: Option<Vec<String>>,
        options: &Bound<'_, PyAny>,
        missing_code: Option<i64>,
    ) -> PyResult<(Bound<'py, PyDict>, Bound<'py, PyList>)> {
        let options = convert::options::<ScoreOptions>(options)?;
        let scorer = self.scorer(&options)?;
        let names: Option<Vec<&str>> = columns
            .as_ref()
            .map(|c| c.iter().map(String::as_str).collect());
        let out = convert::with_block(array, missing_code, |block| {
            py.detach(|| scorer.score_batch(&block, names.as_deref()))
        })?
        .map_err(to_py)?;
        convert::batch_to_py(py, out)
    }

    /// Score columns given one by one, in the instrument's item order: each
    /// a 1-D contiguous float64 array (NaN = unanswered; a frame's column,
    /// read where it lies) or None (no column: unanswered). Returns
    /// (columns, problems) as `score_array`, a problem's column being the
    /// item's index.
    fn score_columns<'py>(
        &self,
        py: Python<'py>,
        columns: Vec<Option<numpy::PyReadonlyArray1<'py, f64>>>,
        rows: usize,
        options: &Bound<'_, PyAny>,
    ) -> PyResult<(Bound<'py, PyDict>, Bound<'py, PyList>)> {
        let options = convert::options::<ScoreOptions>(options)?;
        let scorer = self.scorer(&options)?;
        let absent = if columns.iter().any(Option::is_none) {
            vec![f64::NAN; rows]
        } else {
            Vec::new()
        };
        let slices = columns
            .iter()
            .map(|c| match c {
                Some(a) => a.as_slice().map_err(|_| {
                    errors::argument("a column must be a contiguous 1-D float64 array")
                }),
                None => Ok(absent.as_slice()),
            })
            .collect::<PyResult<Vec<&[f64]>>>()?;
        score_slices(py, &scorer, &slices, rows)
    }

    /// Score a frame read through its Arrow C stream (`__arrow_c_stream__`):
    /// the core matches its column names to the items (`extra_ok`,
    /// `missing_ok` as in `match_columns`). Returns (columns, problems,
    /// plan): a problem's column is the item's index, `plan[i]` the
    /// position of item i's column in the stream.
    fn score_arrow<'py>(
        &self,
        py: Python<'py>,
        frame: &Bound<'py, PyAny>,
        extra_ok: bool,
        missing_ok: bool,
        options: &Bound<'_, PyAny>,
    ) -> PyResult<Scored<'py>> {
        let table = arrow::ArrowFrame::read(frame)?;
        let names: Vec<&str> = table.names().iter().map(String::as_str).collect();
        let plan = intimacy_core::match_columns(&self.inner, &names, extra_ok, missing_ok)
            .map_err(to_py)?;
        let chunks = table.item_chunks(&plan)?;
        let rows = table.rows()?;
        let options = convert::options::<ScoreOptions>(options)?;
        let scorer = self.scorer(&options)?;
        // Converted columns go to a numpy buffer: numpy asks for huge pages
        // for large arrays, far fewer page faults than small pages.
        let floats = arrow::Floats::plan(&chunks, rows);
        let buffer = numpy::PyArray1::<f64>::zeros(py, floats.buffer_cells(), false);
        let mut cells = buffer.readwrite();
        let cells = cells
            .as_slice_mut()
            .map_err(|e| errors::argument(e.to_string()))?;
        py.detach(|| floats.fill(&chunks, cells));
        let slices = floats.columns(cells);
        let (cols, problems) = score_slices(py, &scorer, &slices, rows)?;
        Ok((cols, problems, plan))
    }

    fn items_json(&self) -> String {
        convert::json(&self.inner.items)
    }

    fn scales_json(&self) -> String {
        convert::json(&self.inner.scales)
    }

    /// For each item, the position of its column among `names` (None:
    /// no column, unanswered); the core decides what is an error.
    fn match_columns(
        &self,
        names: Vec<String>,
        extra_ok: bool,
        missing_ok: bool,
    ) -> PyResult<Vec<Option<usize>>> {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        intimacy_core::match_columns(&self.inner, &names, extra_ok, missing_ok).map_err(to_py)
    }

    fn private_ids(&self) -> Vec<String> {
        self.inner.private_ids()
    }

    fn private_frame_columns(&self) -> Vec<String> {
        self.inner.private_frame_columns()
    }

    fn response_scales_json(&self) -> String {
        convert::json(&self.inner.response_scales)
    }

    /// The response scale an item uses (its own or the default), as JSON; "null" when none.
    fn response_scale_of_json(&self, item: &str) -> PyResult<String> {
        let it = self.inner.item(item).ok_or_else(|| {
            pyo3::exceptions::PyKeyError::new_err(format!(
                "no item {item:?} in instrument {:?}",
                self.inner.id
            ))
        })?;
        Ok(convert::json(&self.inner.response_scale_of(it)))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<NativeInstrument>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }
}

/// A scored report (the native half of `intimacy.Report`).
#[pyclass(module = "intimacy._core", name = "NativeReport", frozen)]
#[derive(Debug)]
struct NativeReport {
    inner: intimacy_core::Report,
}

#[pymethods]
impl NativeReport {
    fn to_json(&self) -> String {
        convert::json(&self.inner)
    }

    /// The chart as SVG, or None when the report has nothing to draw.
    fn to_svg(&self, chart: &str) -> PyResult<Option<String>> {
        let chart = Chart::parse(chart).map_err(crate::errors::argument)?;
        Ok(self.inner.to_svg(chart))
    }
}

/// A running check-in session (the core's `Session`).
#[pyclass(module = "intimacy._core", name = "NativeSession")]
#[derive(Debug)]
struct NativeSession {
    inner: intimacy_core::Session,
}

#[pymethods]
impl NativeSession {
    #[new]
    #[pyo3(signature = (instrument, form, options))]
    fn new(
        instrument: PyRef<'_, NativeInstrument>,
        form: Option<&str>,
        options: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let options = convert::options::<ScoreOptions>(options)?;
        intimacy_core::Session::new(&instrument.inner, form, options)
            .map(|inner| NativeSession { inner })
            .map_err(to_py)
    }

    /// Resume a saved state with its instrument and the same options.
    #[staticmethod]
    fn from_json(
        text: &str,
        instrument: PyRef<'_, NativeInstrument>,
        options: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let options = convert::options::<ScoreOptions>(options)?;
        intimacy_core::Session::from_json(text, &instrument.inner, options)
            .map(|inner| NativeSession { inner })
            .map_err(to_py)
    }

    /// The next step, as JSON.
    fn next_json(&self) -> String {
        convert::json(&self.inner.next())
    }

    /// The questions of the next page, as JSON.
    fn next_page_json(&self) -> String {
        convert::json(&self.inner.next_page())
    }

    /// Answer an item (a number; anything else is refused by the core).
    fn answer(&mut self, item: &str, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let answer = convert::answer(value);
        self.inner.answer_given(item, answer).map_err(to_py)
    }

    fn skip(&mut self) -> PyResult<()> {
        self.inner.skip().map_err(to_py)
    }

    fn back(&mut self) -> PyResult<()> {
        self.inner.back().map_err(to_py)
    }

    fn opt_in(&mut self, section: &str) -> PyResult<()> {
        self.inner.opt_in(section).map_err(to_py)
    }

    fn opt_out(&mut self, section: &str) -> PyResult<()> {
        self.inner.opt_out(section).map_err(to_py)
    }

    fn acknowledge(&mut self) -> PyResult<()> {
        self.inner.acknowledge().map_err(to_py)
    }

    fn stop(&mut self) {
        self.inner.stop();
    }

    /// Progress, as JSON.
    fn progress_json(&self) -> String {
        convert::json(&self.inner.progress())
    }

    /// The saved state, as JSON.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The report of the answers given.
    fn finish(&self) -> PyResult<NativeReport> {
        self.inner
            .finish()
            .map(|inner| NativeReport { inner })
            .map_err(to_py)
    }
}

/// Batch columns, problems, and for each item its column's position.
type Scored<'py> = (Bound<'py, PyDict>, Bound<'py, PyList>, Vec<Option<usize>>);

/// Score columns of `rows` cells each, in item order, with the GIL released.
fn score_slices<'py>(
    py: Python<'py>,
    scorer: &Scorer,
    columns: &[&[f64]],
    rows: usize,
) -> PyResult<(Bound<'py, PyDict>, Bound<'py, PyList>)> {
    let block = intimacy_core::Block {
        data: intimacy_core::BlockData::Columns(columns),
        rows,
        cols: columns.len(),
        layout: intimacy_core::Layout::ColumnMajor,
    };
    let out = py
        .detach(|| scorer.score_batch(&block, None))
        .map_err(to_py)?;
    convert::batch_to_py(py, out)
}

fn read_keys(keys: &Bound<'_, PyAny>) -> PyResult<Vec<(String, Vec<String>)>> {
    let dict = keys.cast::<PyDict>().map_err(|_| {
        crate::errors::argument(
            "keys must be a dict mapping scale names to lists of item names, e.g. {\"warmth\": [\"q1\", \"-q2\"]}",
        )
    })?;
    let mut out = Vec::with_capacity(dict.len());
    for (k, v) in dict.iter() {
        let scale: String = k.extract().map_err(|_| {
            crate::errors::argument(format!("keys: scale name {k} must be a string"))
        })?;
        if v.is_instance_of::<pyo3::types::PyString>()
            || !(v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>())
        {
            return Err(crate::errors::argument(format!(
                "keys[{scale:?}] must be a list of item names"
            )));
        }
        let mut items = Vec::new();
        for (j, m) in v.try_iter()?.enumerate() {
            let m = m?;
            items.push(m.extract::<String>().map_err(|_| {
                crate::errors::argument(format!(
                    "keys[{scale:?}][{j}] must be a string (an item name, '-' in front to reverse), got {m}"
                ))
            })?);
        }
        out.push((scale, items));
    }
    Ok(out)
}

/// The reliable change between two scores, as JSON.
#[pyfunction]
#[pyo3(signature = (before, after, sd, reliability, higher_is_better=true, critical=1.96))]
fn reliable_change_json(
    before: f64,
    after: f64,
    sd: f64,
    reliability: f64,
    higher_is_better: bool,
    critical: f64,
) -> PyResult<String> {
    intimacy_core::reliable_change_with(before, after, sd, reliability, higher_is_better, critical)
        .map(|c| convert::json(&c))
        .map_err(to_py)
}

/// Change across waves of reports, as JSON; `options` holds `norms` and `critical`.
#[pyfunction]
fn change_json(
    reports: Vec<PyRef<'_, NativeReport>>,
    options: &Bound<'_, PyAny>,
) -> PyResult<String> {
    let options = convert::options::<intimacy_core::ChangeOptions>(options)?;
    let waves: Vec<&intimacy_core::Report> = reports.iter().map(|r| &r.inner).collect();
    intimacy_core::change(&waves, &options)
        .map(|c| convert::json(&c))
        .map_err(to_py)
}

/// Two partners' reports compared, as JSON.
#[pyfunction]
fn couple_json(
    instrument: PyRef<'_, NativeInstrument>,
    a: PyRef<'_, NativeReport>,
    b: PyRef<'_, NativeReport>,
) -> PyResult<String> {
    intimacy_core::couple(&instrument.inner, &a.inner, &b.inner)
        .map(|c| convert::json(&c))
        .map_err(to_py)
}

/// A couple report's model chart (the report as JSON, from `CoupleReport.to_dict`).
#[pyfunction]
fn couple_svg(couple: &str, chart: &str) -> PyResult<Option<String>> {
    let chart = Chart::parse(chart).map_err(crate::errors::argument)?;
    let report: intimacy_core::CoupleReport = serde_json::from_str(couple)
        .map_err(|e| crate::errors::argument(format!("not a couple report: {e}")))?;
    Ok(report.to_svg(chart))
}

/// The sample medians of a model's parts over reports, as JSON.
#[pyfunction]
fn model_cuts_json(framework: &str, reports: Vec<PyRef<'_, NativeReport>>) -> PyResult<String> {
    intimacy_core::model_cuts(framework, reports.iter().map(|r| &r.inner))
        .map(|c| convert::json(&c))
        .map_err(to_py)
}

/// Agreement between partners across couples, as JSON.
#[pyfunction]
fn dyadic_agreement_json(a: Vec<f64>, b: Vec<f64>) -> PyResult<String> {
    intimacy_core::dyadic_agreement(&a, &b)
        .map(|c| convert::json(&c))
        .map_err(to_py)
}

/// Reliability of a block of items (a 2-D numpy array), as JSON; the GIL is
/// released while computing.
#[pyfunction]
#[pyo3(signature = (array, options, missing_code=None))]
fn reliability_json(
    py: Python<'_>,
    array: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
    missing_code: Option<i64>,
) -> PyResult<String> {
    let options = convert::options::<intimacy_core::ReliabilityOptions>(options)?;
    let result = convert::with_block(array, missing_code, |block| {
        py.detach(|| intimacy_core::reliability(&block, &options))
    })?;
    result.map(|r| convert::json(&r)).map_err(to_py)
}

/// McDonald's omega of a block of items: whether it is hierarchical, and
/// its JSON. The core reads `nfactors` (1: one factor; more: hierarchical);
/// the GIL is released while computing.
#[pyfunction]
#[pyo3(signature = (array, options, nfactors, missing_code=None))]
fn omega_json(
    py: Python<'_>,
    array: &Bound<'_, PyAny>,
    options: &Bound<'_, PyAny>,
    nfactors: &Bound<'_, PyAny>,
    missing_code: Option<i64>,
) -> PyResult<(bool, String)> {
    let options = convert::options::<intimacy_core::ReliabilityOptions>(options)?;
    // A count is a whole number that is not a bool (conversion only).
    let count = nfactors.extract::<usize>().ok();
    let nfactors = count
        .filter(|_| !nfactors.is_instance_of::<PyBool>())
        .ok_or_else(|| {
            errors::argument(format!(
                "nfactors must be a whole number of at least 1, got {nfactors:?}"
            ))
        })?;
    let result = convert::with_block(array, missing_code, |block| {
        py.detach(|| omega_factors(&block, &options, nfactors))
    })?;
    match result.map_err(to_py)? {
        OmegaFit::OneFactor(o) => Ok((false, convert::json(&o))),
        OmegaFit::Hierarchical(h) => Ok((true, convert::json(&h))),
    }
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(frameworks_json, m)?)?;
    m.add_function(wrap_pyfunction!(catalogue_json, m)?)?;
    m.add_function(wrap_pyfunction!(counterparts_json, m)?)?;
    m.add_function(wrap_pyfunction!(builtin_instruments, m)?)?;
    m.add_function(wrap_pyfunction!(registry_json, m)?)?;
    m.add_function(wrap_pyfunction!(ios_svg, m)?)?;
    m.add_function(wrap_pyfunction!(couple_svg, m)?)?;
    m.add_function(wrap_pyfunction!(model_cuts_json, m)?)?;
    m.add_function(wrap_pyfunction!(instrument_schema_json, m)?)?;
    m.add_function(wrap_pyfunction!(locales, m)?)?;
    m.add_function(wrap_pyfunction!(checkin_texts_json, m)?)?;
    m.add_function(wrap_pyfunction!(locale_info_json, m)?)?;
    m.add_function(wrap_pyfunction!(missing_messages, m)?)?;
    m.add_function(wrap_pyfunction!(add_messages, m)?)?;
    m.add_function(wrap_pyfunction!(messages_file_json, m)?)?;
    m.add_function(wrap_pyfunction!(builtin_private_frame_columns, m)?)?;
    m.add_class::<NativeInstrument>()?;
    m.add_class::<NativeReport>()?;
    m.add_class::<NativeSession>()?;
    m.add_function(wrap_pyfunction!(reliable_change_json, m)?)?;
    m.add_function(wrap_pyfunction!(change_json, m)?)?;
    m.add_function(wrap_pyfunction!(couple_json, m)?)?;
    m.add_function(wrap_pyfunction!(dyadic_agreement_json, m)?)?;
    m.add_function(wrap_pyfunction!(reliability_json, m)?)?;
    m.add_function(wrap_pyfunction!(omega_json, m)?)?;
    m.add_function(wrap_pyfunction!(io::read_csv_rows, m)?)?;
    m.add_function(wrap_pyfunction!(io::from_surveyjs_rows, m)?)?;
    m.add_function(wrap_pyfunction!(io::read_jspsych_rows, m)?)?;
    m.add_function(wrap_pyfunction!(io::to_surveyjs_json, m)?)?;
    m.add_function(wrap_pyfunction!(io::redcap_dictionary, m)?)?;
    Ok(())
}
