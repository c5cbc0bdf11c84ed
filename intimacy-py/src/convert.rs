//! Conversion of core values to Python, and mapping of core errors to the
//! exception classes defined in `intimacy/_errors.py`.

use intimacy_core::{Answer, BatchScores, Block, BlockData, Layout, Responses};
use numpy::{IntoPyArray, PyArray2, PyArrayMethods, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString};

/// A core value as JSON text (parsed on the Python side).
pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Plain data with string keys: serialisation cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

/// Answers from a mapping of item id to a number or None.
pub fn responses(answers: &Bound<'_, PyAny>) -> PyResult<Responses> {
    let dict = answers.cast::<PyDict>().map_err(|_| {
        crate::errors::argument(format!(
            "answers must be a dict mapping item ids to numbers or None, got {}",
            answers
                .get_type()
                .name()
                .map_or_else(|_| "?".into(), |n| n.to_string())
        ))
    })?;
    let mut answers = Vec::with_capacity(dict.len());
    for (k, v) in dict.iter() {
        let item: String = k.extract().map_err(|_| {
            crate::errors::argument(format!("answers: item id {k} must be a string"))
        })?;
        answers.push((item, answer(&v)));
    }
    Responses::from_answers(answers).map_err(crate::errors::to_py)
}

/// One answer as the core reads it: a number, None (unanswered), or what
/// else it is (a boolean or a string is never read as a number).
pub fn answer(v: &Bound<'_, PyAny>) -> Answer {
    if v.is_none() {
        Answer::Unanswered
    } else if v.is_instance_of::<PyBool>() {
        Answer::Other("a boolean")
    } else if v.is_instance_of::<PyString>() {
        Answer::Other("a string")
    } else {
        v.extract::<f64>().map_or(
            Answer::Other("a value that is not a number"),
            Answer::Number,
        )
    }
}

/// Run `f` over a 2-D numpy array viewed as a [`Block`] without copying.
/// Refuses other dtypes and non-contiguous arrays with a TypeError naming
/// them (the Python layer converts before calling).
pub fn with_block<R>(
    array: &Bound<'_, PyAny>,
    missing_code: Option<i64>,
    f: impl FnOnce(Block<'_>) -> R,
) -> PyResult<R> {
    fn layout(shape: &[usize], c: bool, f: bool) -> PyResult<(usize, usize, Layout)> {
        let (rows, cols) = (shape[0], shape[1]);
        if c {
            Ok((rows, cols, Layout::RowMajor))
        } else if f {
            Ok((rows, cols, Layout::ColumnMajor))
        } else {
            Err(crate::errors::argument(
                "the array must be C- or Fortran-contiguous",
            ))
        }
    }
    // One branch per accepted dtype: borrow the array read-only and view its
    // cells as a block (no copy).
    macro_rules! view {
        ($ty:ty, |$data:ident| $cells:expr) => {
            if let Ok(a) = array.cast::<PyArray2<$ty>>() {
                let ro = a
                    .try_readonly()
                    .map_err(|e| crate::errors::argument(e.to_string()))?;
                let (rows, cols, layout) =
                    layout(ro.shape(), ro.is_c_contiguous(), ro.is_fortran_contiguous())?;
                let $data = ro
                    .as_slice()
                    .map_err(|e| crate::errors::argument(e.to_string()))?;
                return Ok(f(Block {
                    data: $cells,
                    rows,
                    cols,
                    layout,
                }));
            }
        };
    }
    // The core checks the missing code against the cells' type.
    #[allow(
        clippy::cast_precision_loss,
        reason = "a Python int as a float rounds to nearest, as Python's float(m) does"
    )]
    let block = intimacy_core::BlockOptions {
        missing_code: missing_code.map(|m| m as f64),
        ..Default::default()
    };
    view!(f64, |data| BlockData::F64(data));
    view!(u8, |data| BlockData::U8 {
        data,
        missing: block.missing_u8().map_err(crate::errors::to_py)?,
    });
    view!(i16, |data| BlockData::I16 {
        data,
        missing: block.missing_i16().map_err(crate::errors::to_py)?,
    });
    Err(crate::errors::argument(
        "expected a 2-D numpy array of float64, uint8 or int16",
    ))
}

/// Batch columns as a dict of numpy arrays (moved, not copied) and the
/// problems as a list of (row, column, item, value, message).
pub fn batch_to_py<'py>(
    py: Python<'py>,
    out: BatchScores,
) -> PyResult<(Bound<'py, PyDict>, Bound<'py, PyList>)> {
    let cols = PyDict::new(py);
    for s in out.scales {
        cols.set_item(&s.id, s.score.into_pyarray(py))?;
        let answered = intimacy_core::answered_frame_name(&s.id);
        cols.set_item(answered, s.answered.into_pyarray(py))?;
    }
    for p in out.placements {
        let [consecutive, peak] = p.frame_names();
        cols.set_item(consecutive, p.consecutive.into_pyarray(py))?;
        cols.set_item(peak, p.peak.into_pyarray(py))?;
    }
    for f in out.flags {
        cols.set_item(f.frame_name(), f.values.into_pyarray(py))?;
    }
    // One Python string per item and per reason, shared by their cells.
    let mut words: std::collections::HashMap<*const u8, Bound<'py, PyString>> = Default::default();
    let mut word = |w: &str| {
        words
            .entry(w.as_ptr())
            .or_insert_with(|| PyString::new(py, w))
            .clone()
    };
    let problems = PyList::empty(py);
    for p in out.problems.iter() {
        problems.append((p.row, p.column, word(p.item), p.value, word(p.message)))?;
    }
    Ok((cols, problems))
}

/// The options of an entry point from a Python dict, with no JSON text:
/// pythonize reads each Python value by its own type into a JSON value
/// (its typed reads would coerce: `"yes"` read as a bool is true), and the
/// core reads and checks the options from that, as it does from JSON text.
pub fn options<T: intimacy_core::Request>(options: &Bound<'_, PyAny>) -> PyResult<T> {
    let mut de = pythonize::Depythonizer::from_object(options);
    let value: serde_json::Value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let option = e.path().to_string();
        crate::errors::to_py(intimacy_core::ScoreError::InvalidOption {
            option: if option == "." { String::new() } else { option },
            message: format!("not plain data: {}", e.inner()),
        })
    })?;
    T::read(value).map_err(crate::errors::to_py)
}

/// A name the core knows (a format, a chart) read from a Python string by
/// the core's own serde names; anything else is an `ArgumentError` naming
/// what was given.
pub fn key<T: serde::de::DeserializeOwned>(value: &Bound<'_, PyAny>, what: &str) -> PyResult<T> {
    let text: String = value
        .extract()
        .map_err(|_| crate::errors::argument(format!("{what} must be a string, got {value}")))?;
    serde_json::from_value(serde_json::Value::String(text))
        .map_err(|e| crate::errors::argument(format!("{what}: {e}")))
}
