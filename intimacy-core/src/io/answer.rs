//! One answer given as a JSON value (SurveyJS data, jsPsych responses): read
//! as a number through the value maps and missing codes, then checked
//! against the item's declared response scale. Shared by the JSON adapters.

use std::collections::HashMap;

use serde_json::Value;

use super::{ColumnUse, ImportLog, ReadError, ReadOptions, ReadProblem};
use crate::instrument::{Instrument, ResponseScale};
use crate::ordered::OrderedMap;

/// The value as written in the input, for messages: a string without its
/// quotes, anything else as JSON text.
pub(super) fn as_written(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The value map an item's texts go through: its own, else the global one.
pub(super) fn value_map<'o>(options: &'o ReadOptions, item: &str) -> Option<&'o OrderedMap<f64>> {
    options
        .item_values
        .get(item)
        .or((!options.values.is_empty()).then_some(&options.values))
}

/// A number read from one answer, and whether a value map gave it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Number {
    pub value: f64,
    pub recoded: bool,
}

/// One answer as a number: `None` when unanswered (null, an empty text, a
/// missing code); a text goes through the value map, else must be a number.
/// The result is not yet checked against the scale (see [`check_scale`]).
pub(super) fn read_number(
    v: &Value,
    map: Option<&OrderedMap<f64>>,
    missing: &[String],
) -> Result<Option<Number>, (ReadProblem, String)> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => {
            if missing.iter().any(|m| *m == n.to_string()) {
                return Ok(None);
            }
            match n.as_f64() {
                Some(x) if x.is_finite() => Ok(Some(Number {
                    value: x,
                    recoded: false,
                })),
                _ => Err((
                    ReadProblem::InvalidValue,
                    "the number is out of range".to_owned(),
                )),
            }
        }
        Value::String(s) => {
            let text = s.trim();
            if text.is_empty() || missing.iter().any(|m| m == text) {
                return Ok(None);
            }
            if let Some(&code) = map.and_then(|m| m.get(text)) {
                return Ok(Some(Number {
                    value: code,
                    recoded: true,
                }));
            }
            match text.parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(Some(Number {
                    value: x,
                    recoded: false,
                })),
                _ => Err((
                    ReadProblem::UnmappedValue,
                    format!(
                        "{text:?} is not a number and has no entry in the value map (option values or item_values)"
                    ),
                )),
            }
        }
        Value::Bool(_) => Err((
            ReadProblem::InvalidValue,
            "a yes/no answer where the item takes a number (only opt-in gates are yes/no)"
                .to_owned(),
        )),
        Value::Array(_) => Err((
            ReadProblem::InvalidValue,
            "a list of answers where the item takes one number".to_owned(),
        )),
        Value::Object(_) => Err((
            ReadProblem::InvalidValue,
            "an object where the item takes one number".to_owned(),
        )),
    }
}

/// Whether `x` is allowed by `scale` (a value or its "does not apply" code);
/// the message says what the scale takes. `mapped_from` is the text a value
/// map or a label position turned into `x`, for the message.
pub(super) fn check_scale(
    scale: Option<&ResponseScale>,
    x: f64,
    mapped_from: Option<&str>,
) -> Result<(), String> {
    let Some(rs) = scale else {
        return Ok(());
    };
    if rs.allows(x) || rs.is_not_applicable(x) {
        return Ok(());
    }
    let takes = match rs.effective_step() {
        None => format!("any number from {} to {}", rs.min, rs.max),
        Some(step) if step == 1.0 && rs.min == rs.min.trunc() => {
            format!("whole numbers from {} to {}", rs.min, rs.max)
        }
        Some(step) => format!("{} to {} in steps of {step}", rs.min, rs.max),
    };
    let na = rs
        .not_applicable
        .as_ref()
        .map(|n| format!(", or {} for {:?}", n.value, n.label))
        .unwrap_or_default();
    let what = match mapped_from {
        Some(from) => format!("{from} gives {x}, which"),
        None => x.to_string(),
    };
    Err(format!(
        "{what} is not allowed: the declared scale {:?} takes {takes}{na}",
        rs.id
    ))
}

/// Each item's response scale, as [`Instrument::response_scale_of`] finds
/// it (the first scale of its id), through a map of the scale ids: linear
/// time for an instrument of many items and scales.
pub(super) fn item_scales(inst: &Instrument) -> Vec<Option<&ResponseScale>> {
    let mut by_id: HashMap<&str, &ResponseScale> =
        HashMap::with_capacity(inst.response_scales.len());
    for rs in &inst.response_scales {
        by_id.entry(rs.id.as_str()).or_insert(rs);
    }
    inst.items
        .iter()
        .map(|item| {
            item.response_scale
                .as_deref()
                .or(inst.default_response_scale.as_deref())
                .and_then(|id| by_id.get(id).copied())
        })
        .collect()
}

/// Options naming items the instrument does not have are refused.
pub(super) fn check_item_options(
    instrument: &Instrument,
    options: &ReadOptions,
) -> Result<(), ReadError> {
    let named = [
        ("columns", options.columns.keys().collect::<Vec<_>>()),
        ("item_values", options.item_values.keys().collect()),
        (
            "item_likert_values",
            options.item_likert_values.keys().collect(),
        ),
    ];
    for (option, items) in named {
        for item in items {
            if instrument.item(item).is_none() {
                return Err(ReadError::new(
                    ReadProblem::InvalidOption,
                    format!("no item {item:?} in instrument {:?}", instrument.id),
                )
                .for_option(format!("{option}.{item}"))
                .for_item(item));
            }
        }
    }
    let mut seen: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for item in &instrument.items {
        let name = question_name(options, &item.id);
        if let Some(other) = seen.insert(name, &item.id) {
            return Err(ReadError::new(
                ReadProblem::DuplicateColumn,
                format!(
                    "question {name:?} is given for both {other:?} and {:?}",
                    item.id
                ),
            )
            .for_option(format!("columns.{}", item.id))
            .for_item(&item.id));
        }
    }
    Ok(())
}

/// The question name an item's answer is stored under: its entry in the
/// option `columns`, else its own id.
pub(super) fn question_name<'o>(options: &'o ReadOptions, item: &'o str) -> &'o str {
    options.columns.get(item).map_or(item, String::as_str)
}

/// One respondent's answers while they are gathered from one or more
/// objects, with where each came from (to refuse an item answered twice).
#[derive(Debug, Clone)]
pub(super) struct Draft {
    pub values: Vec<f64>,
    /// Per item: the line and the question name its answer came from.
    pub from: Vec<Option<(u64, String)>>,
    /// The opt-in sections entered through a gate, when the source has gates.
    pub opted_in: Option<Vec<String>>,
    /// The line the respondent's first answers came from.
    pub line: u64,
}

impl Draft {
    pub fn new(items: usize, line: u64) -> Self {
        Draft {
            values: vec![f64::NAN; items],
            from: vec![None; items],
            opted_in: None,
            line,
        }
    }
}

/// The per-item record of the log: which question each item was read from,
/// how many answers a value map recoded.
#[derive(Debug, Default)]
pub(super) struct ColumnLog {
    index: Vec<Option<usize>>,
}

impl ColumnLog {
    pub fn new(items: usize) -> Self {
        ColumnLog {
            index: vec![None; items],
        }
    }

    /// Record that `item` was read from `column` (the first name seen stays).
    pub fn used(
        &mut self,
        log: &mut ImportLog,
        item: usize,
        item_id: &str,
        column: &str,
        recoded: bool,
    ) {
        let k = *self.index[item].get_or_insert_with(|| {
            log.columns.push(ColumnUse {
                column: column.to_owned(),
                item: item_id.to_owned(),
                recoded: 0,
            });
            log.columns.len() - 1
        });
        if recoded {
            log.columns[k].recoded += 1;
        }
    }

    /// Fill `items_without_column`: the items no input named.
    pub fn finish(&self, instrument: &Instrument, log: &mut ImportLog) {
        let mut at: HashMap<&str, usize> = HashMap::with_capacity(instrument.items.len());
        for (k, item) in instrument.items.iter().enumerate() {
            at.entry(item.id.as_str()).or_insert(k);
        }
        log.columns
            .sort_by_key(|c| at.get(c.item.as_str()).copied().unwrap_or(usize::MAX));
        for (i, item) in instrument.items.iter().enumerate() {
            if self.index[i].is_none() {
                log.items_without_column.push(item.id.clone());
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a panic is the failure report
mod tests {
    use super::*;
    use serde_json::json;

    fn scale() -> ResponseScale {
        ResponseScale {
            id: "five".into(),
            min: 1.0,
            max: 5.0,
            step: None,
            continuous: false,
            labels: Vec::new(),
            not_applicable: Some(crate::ScaleLabel {
                value: 9.0,
                label: "Does not apply".into(),
            }),
            printed: Vec::new(),
        }
    }

    #[test]
    fn numbers_strings_and_missing_codes() {
        let missing = vec!["-99".to_owned()];
        let read = |v: Value| read_number(&v, None, &missing);
        assert_eq!(read(json!(4)).unwrap().unwrap().value, 4.0);
        assert_eq!(read(json!(" 4 ")).unwrap().unwrap().value, 4.0);
        assert_eq!(read(json!(null)).unwrap(), None);
        assert_eq!(read(json!("")).unwrap(), None);
        assert_eq!(read(json!(-99)).unwrap(), None);
        assert_eq!(read(json!("-99")).unwrap(), None);
        assert_eq!(
            read(json!("Agree")).unwrap_err().0,
            ReadProblem::UnmappedValue
        );
        assert_eq!(read(json!(true)).unwrap_err().0, ReadProblem::InvalidValue);
        assert_eq!(read(json!([1])).unwrap_err().0, ReadProblem::InvalidValue);
    }

    #[test]
    fn texts_go_through_the_value_map() {
        let mut map = OrderedMap::new();
        map.push("Agree", 4.0);
        let n = read_number(&json!("Agree"), Some(&map), &[])
            .unwrap()
            .unwrap();
        assert_eq!((n.value, n.recoded), (4.0, true));
    }

    #[test]
    fn declared_values_are_allowed_by_their_scale() {
        // Found with the io_read target's check that a survey made by
        // to_surveyjs reads back its own choices: codes rounded to nine
        // decimals fell off the scale (0.1234567891234 became 0.123456789,
        // below the minimum; steps of 1e-10 all became 0) and were refused
        // (fuzz/regressions/io_read/r3-surveyjs-choice-rounded-off-scale).
        let mut rs = scale();
        rs.not_applicable = None;
        for (min, max, step) in [
            (0.1234567891234, 1.1234567891234, None),
            (1e-10, 2e-9, Some(1e-10)),
            (0.0, 0.3, Some(0.1)),
            (-0.7, 0.7, Some(0.35)),
            (0.0, 1.0, Some(1.0 / 3.0)),
        ] {
            (rs.min, rs.max, rs.step) = (min, max, step);
            let values = rs.option_values(21).unwrap();
            assert!(values.iter().all(|&x| rs.allows(x)), "{values:?}");
            assert!(values.windows(2).all(|w| w[0] < w[1]), "{values:?}");
        }
        rs.step = Some(0.1);
        (rs.min, rs.max) = (0.0, 0.3);
        assert_eq!(rs.option_values(21).unwrap(), [0.0, 0.1, 0.2, 0.3]);
    }

    #[test]
    fn the_scale_takes_its_values_and_its_not_applicable_code() {
        let rs = scale();
        assert!(check_scale(Some(&rs), 3.0, None).is_ok());
        assert!(check_scale(Some(&rs), 9.0, None).is_ok());
        let m = check_scale(Some(&rs), 0.0, None).unwrap_err();
        assert!(m.contains("whole numbers from 1 to 5"), "{m}");
        assert!(m.contains("9 for \"Does not apply\""), "{m}");
        let m = check_scale(Some(&rs), 6.0, Some("label position 5")).unwrap_err();
        assert!(m.starts_with("label position 5 gives 6"), "{m}");
        assert!(check_scale(None, 1e9, None).is_ok());
    }
}
