//! Every core error as its exception class of `intimacy/_errors.py`, in one
//! place: the class by the error's kind, `code` and the `Location` fields as
//! attributes (`path` is `option` on an `OptionsError`), and, for an
//! instrument, its problems. The module is imported once.

use intimacy_core::{
    ChangeError, CoupleError, InstrumentError, Location, OmegaError, ReliabilityError, ScoreError,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyModule;

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// An exception of class `class` with `message`, `code` and the location;
/// an `InstrumentError` also gets its problems as `(path, code, message)`.
fn raise(
    py: Python<'_>,
    class: &str,
    message: String,
    code: &str,
    at: &Location,
    problems: Option<Vec<(String, &'static str, String)>>,
) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let module =
            ERRORS.get_or_try_init(py, || py.import("intimacy._errors").map(Bound::unbind))?;
        let class = module.bind(py).getattr(class)?;
        let exc = match problems {
            Some(p) => class.call1((message.clone(), code, p))?,
            None => class.call1((message.clone(),))?,
        };
        exc.setattr("code", code)?;
        if exc.is_instance(&module.bind(py).getattr("OptionsError")?)? {
            exc.setattr("option", at.path.clone().unwrap_or_default())?;
        } else {
            exc.setattr("path", at.path.clone())?;
        }
        exc.setattr("row", at.row)?;
        exc.setattr("column", at.column)?;
        exc.setattr("item", at.item.clone())?;
        exc.setattr("value", at.value)?;
        Ok(PyErr::from_value(exc))
    };
    // Without the Python package (the native module on its own): a plain
    // ValueError with the same message.
    build().unwrap_or_else(|_| PyValueError::new_err(message))
}

/// The library's errors, converted by `?` through `PyErr::from(Error::from(e))`.
#[derive(Debug)]
pub enum Error {
    Instrument(InstrumentError),
    Score(ScoreError),
    Reliability(ReliabilityError),
    Omega(OmegaError),
    Change(ChangeError),
    Couple(CoupleError),
}

macro_rules! from {
    ($($variant:ident($ty:ty)),*) => {
        $(impl From<$ty> for Error {
            fn from(e: $ty) -> Self {
                Error::$variant(e)
            }
        })*
    };
}
from!(
    Instrument(InstrumentError),
    Score(ScoreError),
    Reliability(ReliabilityError),
    Omega(OmegaError),
    Change(ChangeError),
    Couple(CoupleError)
);

impl From<Error> for PyErr {
    fn from(e: Error) -> PyErr {
        Python::attach(|py| match e {
            Error::Instrument(e) => {
                let problems = e
                    .problems()
                    .into_iter()
                    .map(|p| (p.path, p.code.as_str(), p.message))
                    .collect();
                let message = e.to_string();
                raise(
                    py,
                    "InstrumentError",
                    message,
                    e.code(),
                    &e.location(),
                    Some(problems),
                )
            }
            Error::Score(e) => {
                let class = match e {
                    ScoreError::InvalidOption { .. } | ScoreError::UnknownSection { .. } => {
                        "OptionsError"
                    }
                    _ => "ResponseError",
                };
                raise(py, class, e.to_string(), e.code(), &e.location(), None)
            }
            Error::Reliability(e) => raise(
                py,
                "ReliabilityError",
                e.to_string(),
                e.code(),
                &e.location(),
                None,
            ),
            Error::Omega(e) => raise(
                py,
                "ReliabilityError",
                e.to_string(),
                e.code(),
                &e.location(),
                None,
            ),
            Error::Change(e) => raise(
                py,
                "ChangeError",
                e.to_string(),
                e.code(),
                &e.location(),
                None,
            ),
            Error::Couple(e) => raise(
                py,
                "CoupleError",
                e.to_string(),
                e.code(),
                &e.location(),
                None,
            ),
        })
    }
}

/// A core error as its Python exception.
pub fn to_py(e: impl Into<Error>) -> PyErr {
    PyErr::from(e.into())
}
