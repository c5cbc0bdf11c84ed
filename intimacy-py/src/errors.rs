//! Every core error as its exception class of `intimacy/_errors.py`, in one
//! place: the class by the error's kind, `code` and the `Location` fields as
//! attributes (`path` is `option` on an `OptionsError`), and, for an
//! instrument, its problems. The module is imported once.

use intimacy_core::{LibraryError, Location};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule};

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// An exception of class `class` with `message`, `code` and the location
/// as keywords (an `OptionsError` names its `option`, the others their
/// `path`), and an instrument's problems as `(path, code, message)`.
fn raise(
    py: Python<'_>,
    class: &str,
    message: String,
    code: &str,
    at: &Location,
    problems: Vec<(String, &'static str, String)>,
) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let module =
            ERRORS.get_or_try_init(py, || py.import("intimacy._errors").map(Bound::unbind))?;
        let kwargs = pythonize::pythonize(py, at)?.cast_into::<PyDict>()?;
        if class == "OptionsError"
            && let Some(path) = kwargs.get_item("path")?
        {
            kwargs.del_item("path")?;
            kwargs.set_item("option", path)?;
        }
        kwargs.set_item("code", code)?;
        kwargs.set_item("problems", problems)?;
        let exc = module
            .bind(py)
            .getattr(class)?
            .call((message.clone(),), Some(&kwargs))?;
        Ok(PyErr::from_value(exc))
    };
    // Without the Python package (the native module on its own): a plain
    // ValueError with the same message.
    build().unwrap_or_else(|_| PyValueError::new_err(message))
}

/// Any of the library's errors, converted by `?` through
/// `PyErr::from(Error::from(e))`.
#[derive(Debug)]
pub struct Error(Box<dyn LibraryError>);

impl<E: LibraryError> From<E> for Error {
    fn from(e: E) -> Self {
        Error(Box::new(e))
    }
}

impl From<Error> for PyErr {
    fn from(Error(e): Error) -> PyErr {
        let problems = e
            .problems()
            .into_iter()
            .map(|p| (p.path, p.code.as_str(), p.message))
            .collect();
        Python::attach(|py| {
            raise(
                py,
                e.class(),
                e.to_string(),
                e.code(),
                &e.location(),
                problems,
            )
        })
    }
}

/// A core error as its Python exception.
pub fn to_py(e: impl Into<Error>) -> PyErr {
    PyErr::from(e.into())
}

/// A wrong argument (type, shape or value of an argument that is not an
/// option): `intimacy.ArgumentError`, code `invalid-argument`, a `TypeError`
/// and a `ValueError` too.
pub fn argument(message: impl Into<String>) -> PyErr {
    Python::attach(|py| {
        raise(
            py,
            "ArgumentError",
            message.into(),
            "invalid-argument",
            &Location::default(),
            Vec::new(),
        )
    })
}
