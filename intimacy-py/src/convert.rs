//! Conversion of core values to Python, and mapping of core errors to the
//! exception classes defined in `intimacy/_errors.py`.

use intimacy_core::{InstrumentError, Responses, ScoreError};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString};

/// A core value as JSON text (parsed on the Python side).
pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Plain data with string keys: serialisation cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

/// An [`InstrumentError`] as `intimacy.InstrumentError(message, code, problems)`,
/// problems as `(path, code, message)` tuples.
pub fn instrument_error(py: Python<'_>, e: InstrumentError) -> PyErr {
    let message = e.to_string();
    let build = || -> PyResult<PyErr> {
        let problems = PyList::empty(py);
        for p in e.problems() {
            problems.append((p.path, p.code.as_str(), p.message))?;
        }
        let class = py.import("intimacy._errors")?.getattr("InstrumentError")?;
        let exc = class.call1((message.clone(), e.code(), problems))?;
        Ok(PyErr::from_value(exc))
    };
    // If the Python package is not importable (the native module used on its
    // own), fall back to a plain ValueError with the same message.
    build().unwrap_or_else(|_| PyValueError::new_err(message.clone()))
}

/// A `ScoreError` as `intimacy.ResponseError(message, row, item, value, code)`
/// for answers, or `intimacy.OptionsError(message, option)` for options.
pub fn score_error(py: Python<'_>, e: ScoreError) -> PyErr {
    let message = e.to_string();
    let build = || -> PyResult<PyErr> {
        let errors = py.import("intimacy._errors")?;
        let exc = match &e {
            ScoreError::InvalidOption { option, .. } => errors
                .getattr("OptionsError")?
                .call1((message.clone(), option.clone()))?,
            ScoreError::UnknownSection { section, .. } => errors
                .getattr("OptionsError")?
                .call1((message.clone(), format!("opted_in: {section}")))?,
            _ => {
                let (row, item, value) = e.location();
                errors.getattr("ResponseError")?.call1((
                    message.clone(),
                    row,
                    item,
                    value,
                    e.code(),
                ))?
            }
        };
        Ok(PyErr::from_value(exc))
    };
    build().unwrap_or_else(|_| PyValueError::new_err(message.clone()))
}

/// Answers from a mapping of item id to a number or None.
pub fn responses(answers: &Bound<'_, PyAny>) -> PyResult<Responses> {
    let dict = answers.cast::<PyDict>().map_err(|_| {
        PyTypeError::new_err(format!(
            "answers must be a dict mapping item ids to numbers or None, got {}",
            answers
                .get_type()
                .name()
                .map_or_else(|_| "?".into(), |n| n.to_string())
        ))
    })?;
    let mut out = Responses::default();
    for (k, v) in dict.iter() {
        let item: String = k
            .extract()
            .map_err(|_| PyTypeError::new_err(format!("answers: item id {k} must be a string")))?;
        let value = if v.is_none() {
            None
        } else if v.is_instance_of::<PyBool>() || v.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(format!(
                "answers[{item:?}] must be a number or None, got {}",
                v.repr().map_or_else(|_| "?".into(), |r| r.to_string())
            )));
        } else {
            Some(v.extract::<f64>().map_err(|_| {
                PyTypeError::new_err(format!(
                    "answers[{item:?}] must be a number or None, got {}",
                    v.repr().map_or_else(|_| "?".into(), |r| r.to_string())
                ))
            })?)
        };
        out.answers.push(item, value);
    }
    Ok(out)
}
