//! Conversion of core values to Python, and mapping of core errors to the
//! exception classes defined in `intimacy/_errors.py`.

use intimacy_core::InstrumentError;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;

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
