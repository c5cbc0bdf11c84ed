//! jsPsych data: the trials of `jsPsych.data.get().json()` (an array of
//! trial objects) or `.csv()` (one row per trial, each `response` cell
//! holding JSON text), gathered per participant into [`Rows`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::answer::{ColumnLog, Draft, as_written, check_scale, declared_values, read_number};
use super::surveyjs::{Sink, SurveyReader, add_notes, id_text, is_answer, syntax};
use super::{ImportLog, Imported, ReadError, ReadOptions, ReadProblem, Rows};
use crate::instrument::Instrument;
use crate::numeric::exact_i64;

/// The participant column used when the option `id_column` is not given
/// and the data has it.
const DEFAULT_ID: &str = "participant";

/// The most label positions `likert_declared` takes from a declared scale.
const MAX_POSITIONS: usize = 1000;

/// The plugins whose trials carry survey answers, and how their responses
/// are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plugin {
    /// `survey-likert`: question name → 0-based position of the chosen label.
    Likert,
    /// `survey`: a SurveyJS data object.
    Survey,
    /// `survey-multi-choice`, `survey-text`, `survey-html-form`: question
    /// name → the answer as text or number.
    Flat,
}

/// The plugin of a trial type, when it carries survey answers.
fn plugin(trial_type: &str) -> Option<(Plugin, &'static str)> {
    match trial_type {
        "survey-likert" => Some((Plugin::Likert, "survey-likert")),
        "survey" => Some((Plugin::Survey, "survey")),
        "survey-multi-choice" => Some((Plugin::Flat, "survey-multi-choice")),
        "survey-text" => Some((Plugin::Flat, "survey-text")),
        "survey-html-form" => Some((Plugin::Flat, "survey-html-form")),
        _ => None,
    }
}

/// A trial's response as an object: given as one, or as JSON text (a CSV
/// cell, jsPsych 6's `responses`). Null and empty text are no response.
fn response_object(
    v: Value,
    kind: &str,
    line: u64,
    column: &str,
) -> Result<Option<Map<String, Value>>, ReadError> {
    let not_object = |v: &Value| {
        let mut e = ReadError::new(
            ReadProblem::Layout,
            format!("the response of a {kind} trial is not an object of answers"),
        )
        .at_line(line)
        .with_text(as_written(v));
        e.at.column_name = Some(column.to_owned());
        e
    };
    match v {
        Value::Null => Ok(None),
        Value::Object(m) => Ok(Some(m)),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => match serde_json::from_str::<Value>(&s) {
            Ok(Value::Object(m)) => Ok(Some(m)),
            Ok(Value::Null) => Ok(None),
            Ok(other) => Err(not_object(&other)),
            Err(e) => {
                let mut err = ReadError::new(
                    ReadProblem::Syntax,
                    format!("the response of a {kind} trial is not well-formed JSON: {e}"),
                )
                .at_line(line)
                .with_text(s);
                err.at.column_name = Some(column.to_owned());
                Err(err)
            }
        },
        other => Err(not_object(&other)),
    }
}

/// The trials gathered so far, per participant.
#[derive(Debug)]
struct Gatherer<'a> {
    inst: &'a Instrument,
    options: &'a ReadOptions,
    survey: SurveyReader<'a>,
    /// Lines are CSV lines (else 0-based trial indices).
    csv: bool,
    /// The participant column, when there is one.
    id_column: Option<String>,
    people: Vec<Draft>,
    ids: Vec<String>,
    index: HashMap<String, usize>,
    log: ImportLog,
    columns: ColumnLog,
    ignored: BTreeSet<String>,
    gates_seen: bool,
    /// Survey trials read, per plugin.
    read: BTreeMap<&'static str, u64>,
    /// Trials of other plugins.
    other: u64,
}

impl<'a> Gatherer<'a> {
    fn new(
        inst: &'a Instrument,
        options: &'a ReadOptions,
        csv: bool,
        id_column: Option<String>,
    ) -> Result<Self, ReadError> {
        Ok(Gatherer {
            inst,
            options,
            survey: SurveyReader::new(inst, options)?,
            csv,
            id_column,
            people: Vec::new(),
            ids: Vec::new(),
            index: HashMap::new(),
            log: ImportLog {
                format: "jspsych".into(),
                ..ImportLog::default()
            },
            columns: ColumnLog::new(inst.items.len()),
            ignored: BTreeSet::new(),
            gates_seen: false,
            read: BTreeMap::new(),
            other: 0,
        })
    }

    /// Where a trial is, in words.
    fn place(csv: bool, line: u64) -> String {
        if csv {
            format!("line {line}")
        } else {
            format!("trial {line}")
        }
    }

    /// The end of the message for an item answered twice by one participant.
    fn twice_hint(&self, row: usize) -> impl Fn(u64) -> String + use<> {
        let csv = self.csv;
        let who = self.id_column.as_ref().map(|_| self.ids[row].clone());
        move |first| {
            let at = Gatherer::place(csv, first);
            match &who {
                None => format!(
                    " (first in {at}); all trials are read as one participant: if the data holds several, name their column with the option id_column (e.g. \"subject_id\")"
                ),
                Some(p) => format!(
                    " (first in {at}) for participant {p:?}: give each question its own name (the question's `name` in jsPsych), or map the item to one question with the option columns"
                ),
            }
        }
    }

    /// One trial: its type, its response (unread when the type carries no
    /// survey answers) and its participant id.
    fn trial(
        &mut self,
        line: u64,
        kind: &str,
        response: impl FnOnce() -> (Value, &'static str),
        participant: Option<String>,
    ) -> Result<(), ReadError> {
        let Some((plugin, name)) = plugin(kind) else {
            self.other += 1;
            return Ok(());
        };
        *self.read.entry(name).or_default() += 1;
        let (value, column) = response();
        let Some(obj) = response_object(value, kind, line, column)? else {
            return Ok(());
        };
        let who = match (&self.id_column, participant) {
            (Some(_), Some(p)) => p,
            (Some(col), None) => {
                let mut e = ReadError::new(
                    ReadProblem::MissingId,
                    format!("a {kind} trial has no participant id under {col:?}"),
                )
                .at_line(line);
                e.at.column_name = Some(col.clone());
                return Err(e);
            }
            (None, _) => "1".to_owned(),
        };
        let row = match self.index.get(&who) {
            Some(&r) => r,
            None => {
                self.people.push(Draft::new(self.inst.items.len(), line));
                self.ids.push(who.clone());
                self.index.insert(who, self.people.len() - 1);
                self.people.len() - 1
            }
        };
        let twice = self.twice_hint(row);
        if plugin == Plugin::Survey {
            let mut sink = Sink {
                draft: &mut self.people[row],
                log: &mut self.log,
                columns: &mut self.columns,
                ignored: &mut self.ignored,
                gates_seen: &mut self.gates_seen,
            };
            return self.survey.read(&obj, row, line, &mut sink, &twice);
        }
        self.flat(plugin == Plugin::Likert, &obj, row, line, &twice)
    }

    /// The answers of a `survey-likert` (label positions) or a plain survey
    /// trial (numbers, numeric texts, texts of the value maps).
    fn flat(
        &mut self,
        likert: bool,
        obj: &Map<String, Value>,
        row: usize,
        line: u64,
        twice: &dyn Fn(u64) -> String,
    ) -> Result<(), ReadError> {
        let mut found: Vec<Option<(&Value, &str)>> = vec![None; self.inst.items.len()];
        for (name, v) in obj {
            match self.survey.names.get(name.as_str()) {
                Some(&i) => found[i] = Some((v, name)),
                None => {
                    self.ignored.insert(name.clone());
                }
            }
        }
        for (i, hit) in found.into_iter().enumerate() {
            let Some((v, name)) = hit else {
                continue;
            };
            let item = &self.inst.items[i];
            let fail = |code: ReadProblem, message: String| {
                let mut e = ReadError::new(code, message)
                    .at_row(row, line)
                    .for_item(&item.id)
                    .with_text(as_written(v));
                e.at.column_name = Some(name.to_owned());
                e
            };
            let (number, recoded, from) = if likert {
                match self.position(i, v).map_err(|(c, m)| fail(c, m))? {
                    Some((x, k)) => (Some(x), false, Some(format!("label position {k}"))),
                    None => (None, false, None),
                }
            } else {
                match read_number(v, self.survey.maps[i], &self.options.missing_values)
                    .map_err(|(c, m)| fail(c, m))?
                {
                    Some(n) if n.recoded => {
                        (Some(n.value), true, Some(format!("{:?}", as_written(v))))
                    }
                    Some(n) => (Some(n.value), false, None),
                    None => (None, false, None),
                }
            };
            self.columns.used(&mut self.log, i, &item.id, name, recoded);
            let Some(x) = number else {
                continue;
            };
            check_scale(self.survey.scales[i], x, from.as_deref())
                .map_err(|m| fail(ReadProblem::InvalidValue, m))?;
            let draft = &mut self.people[row];
            if let Some((first, q)) = &draft.from[i] {
                return Err(fail(
                    ReadProblem::DuplicateColumn,
                    format!(
                        "item {:?} is answered twice: under {q:?}, then under {name:?}{}",
                        item.id,
                        twice(*first)
                    ),
                ));
            }
            draft.values[i] = x;
            draft.from[i] = Some((line, name.to_owned()));
        }
        Ok(())
    }

    /// A `survey-likert` answer: the value at the chosen label position, and
    /// the position; `None` when unanswered. The values of the positions
    /// must be stated in the options, never guessed.
    fn position(&self, i: usize, v: &Value) -> Result<Option<(f64, usize)>, (ReadProblem, String)> {
        if !is_answer(v) {
            return Ok(None);
        }
        let item = &self.inst.items[i];
        let declared;
        let (values, source): (&[f64], &str) = if let Some(list) =
            self.options.item_likert_values.get(&item.id)
        {
            (list, "item_likert_values")
        } else if let Some(list) = &self.options.likert_values {
            (list, "likert_values")
        } else if self.options.likert_declared {
            declared = self.survey.scales[i]
                    .and_then(|rs| declared_values(rs, MAX_POSITIONS))
                    .ok_or_else(|| {
                        (
                            ReadProblem::InvalidOption,
                            format!(
                                "likert_declared takes label positions from the item's declared scale, but {:?} has none with separate steps; give likert_values or item_likert_values",
                                item.id
                            ),
                        )
                    })?;
            (&declared, "the declared scale")
        } else {
            return Err((
                    ReadProblem::InvalidOption,
                    "survey-likert stores the 0-based position of the chosen label, not a value of the item's scale; say what each position is worth: likert_values (one list for every item, e.g. [1, 2, 3, 4, 5]), item_likert_values (a list per item), or likert_declared = true (position 0 is the lowest value of the item's declared scale, 1 the next, ...)".to_owned(),
                ));
        };
        let k = match v {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        }
        .and_then(exact_i64)
        .and_then(|k| usize::try_from(k).ok());
        match k.and_then(|k| values.get(k).map(|&x| (x, k))) {
            Some(hit) => Ok(Some(hit)),
            None => Err((
                ReadProblem::InvalidValue,
                format!(
                    "a survey-likert answer is a label position from 0 to {}, as {source} gives {} value(s)",
                    values.len().saturating_sub(1),
                    values.len()
                ),
            )),
        }
    }

    /// The rows and the log.
    fn finish(mut self) -> Imported {
        let key = self.id_column.clone().unwrap_or_else(|| "row".into());
        let mut rows = Rows::new(self.inst, vec![key]);
        for (draft, id) in self.people.into_iter().zip(self.ids) {
            rows.keys.push(id);
            rows.values.extend_from_slice(&draft.values);
            rows.opted_in.push(draft.opted_in);
            rows.lines.push(draft.line);
        }
        let log = &mut self.log;
        log.rows_read = u64::try_from(rows.len()).unwrap_or(u64::MAX);
        log.rows_kept = log.rows_read;
        log.ignored_columns = self.ignored.into_iter().collect();
        self.columns.finish(self.inst, log);
        let read: Vec<String> = self.read.iter().map(|(k, n)| format!("{k} {n}")).collect();
        log.notes.push(if read.is_empty() {
            "no survey trials (survey-likert, survey, survey-multi-choice, survey-text, survey-html-form)".to_owned()
        } else {
            format!("survey trials read: {}", read.join(", "))
        });
        if self.other > 0 {
            log.notes.push(format!(
                "{} trial(s) of other plugins left aside",
                self.other
            ));
        }
        log.notes.push(match &self.id_column {
            Some(c) => format!("participants told apart by the column {c:?}"),
            None => "no participant column (option id_column): all trials read as one participant"
                .to_owned(),
        });
        add_notes(&self.survey, self.gates_seen, log);
        Imported {
            rows,
            log: self.log,
        }
    }
}

/// The participant column: the option's (which must be in the data), else
/// `participant` when the data has it, else none.
fn participant_column(
    options: &ReadOptions,
    present: impl Fn(&str) -> bool,
) -> Result<Option<String>, ReadError> {
    match &options.id_column {
        Some(c) if present(c) => Ok(Some(c.clone())),
        Some(c) => Err(ReadError::new(
            ReadProblem::MissingColumn,
            format!("no trial has the participant column {c:?} (option id_column)"),
        )
        .for_option("id_column")),
        None => Ok(present(DEFAULT_ID).then(|| DEFAULT_ID.to_owned())),
    }
}

/// The JSON form: an array of trial objects; lines are 0-based trial indices.
fn read_json(inst: &Instrument, data: &[u8], options: &ReadOptions) -> Result<Imported, ReadError> {
    let value: Value =
        serde_json::from_slice(data).map_err(|e| syntax(&e, "the jsPsych JSON data"))?;
    let Value::Array(trials) = value else {
        return Err(ReadError::new(
            ReadProblem::Layout,
            "jsPsych JSON data is an array of trials (jsPsych.data.get().json())",
        ));
    };
    let id = participant_column(options, |c| {
        trials
            .iter()
            .any(|t| t.get(c).is_some_and(|v| !v.is_null()))
    })?;
    let mut g = Gatherer::new(inst, options, false, id)?;
    for (k, trial) in trials.into_iter().enumerate() {
        let line = u64::try_from(k).unwrap_or(u64::MAX);
        let Value::Object(mut t) = trial else {
            return Err(
                ReadError::new(ReadProblem::Layout, format!("trial {k} is not an object"))
                    .at_line(line),
            );
        };
        let kind = t
            .get("trial_type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let participant = g.id_column.as_ref().and_then(|c| id_text(t.get(c)));
        g.trial(
            line,
            &kind,
            || match t.remove("response") {
                Some(v) => (v, "response"),
                None => (t.remove("responses").unwrap_or(Value::Null), "responses"),
            },
            participant,
        )?;
    }
    Ok(g.finish())
}

/// The CSV form: one row per trial; lines are 1-based CSV lines.
fn read_csv_trials(
    inst: &Instrument,
    data: &[u8],
    options: &ReadOptions,
) -> Result<Imported, ReadError> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(data);
    let mut record = csv::StringRecord::new();
    let syntax_at = |e: &csv::Error| {
        let mut err = ReadError::new(ReadProblem::Syntax, format!("not well-formed CSV: {e}"));
        err.at.line = e.position().map(csv::Position::line);
        err
    };
    if !csv.read_record(&mut record).map_err(|e| syntax_at(&e))? {
        return Err(ReadError::new(
            ReadProblem::Layout,
            "the jsPsych CSV data is empty",
        ));
    }
    let header: Vec<String> = record.iter().map(str::to_owned).collect();
    let find = |name: &str| header.iter().position(|h| h == name);
    let (Some(kind_at), Some(response_at)) = (
        find("trial_type"),
        find("response").or_else(|| find("responses")),
    ) else {
        return Err(ReadError::new(
            ReadProblem::Layout,
            "no trial_type and response columns: is this jsPsych data (jsPsych.data.get().csv())?",
        )
        .at_line(1));
    };
    let response_column: &'static str = if header[response_at] == "response" {
        "response"
    } else {
        "responses"
    };
    let id = participant_column(options, |c| find(c).is_some())?;
    let id_at = id.as_deref().and_then(find);
    let mut g = Gatherer::new(inst, options, true, id)?;
    while csv.read_record(&mut record).map_err(|e| syntax_at(&e))? {
        let line = record.position().map_or(0, csv::Position::line);
        if record.len() != header.len() {
            return Err(ReadError::new(
                ReadProblem::RowLength,
                format!(
                    "{} cells where the header has {} columns",
                    record.len(),
                    header.len()
                ),
            )
            .at_line(line));
        }
        let cell = |c: usize| record.get(c).unwrap_or("");
        let participant = id_at
            .map(|c| cell(c).trim())
            .filter(|p| !p.is_empty())
            .map(str::to_owned);
        g.trial(
            line,
            cell(kind_at),
            || (Value::String(cell(response_at).to_owned()), response_column),
            participant,
        )?;
    }
    Ok(g.finish())
}

/// Read jsPsych data: JSON (`jsPsych.data.get().json()`, an array of
/// trials) or CSV (`.csv()`, one row per trial with each `response` cell
/// holding JSON text), told apart by the first byte that is not a space.
/// The trials that carry survey answers are read: `survey-likert` (label
/// positions, turned into values by `likert_values`, `item_likert_values`
/// or `likert_declared`, which must be given: a position is never taken for
/// a value), `survey` (SurveyJS data, read as [`super::from_surveyjs`] reads
/// it), and `survey-multi-choice`, `survey-text` and `survey-html-form`
/// (numbers, numeric texts, texts of the value maps). Other trials are left
/// aside. Questions are matched to items by name (`options.columns`, else
/// the item id). Trials are gathered per participant by `options.id_column`
/// (else the column `participant` when the data has one, else all trials
/// are one participant); an item answered twice by one participant is an
/// error. Lines are 1-based CSV lines, or 0-based trial indices in JSON.
///
/// ```
/// use intimacy_core::{Instrument, io::{ReadOptions, read_jspsych}};
/// let ras = Instrument::builtin("ras").unwrap();
/// let data = r#"[{"trial_type": "survey-likert", "response": {"ras1": 4, "ras2": 0}}]"#;
/// let e = read_jspsych(&ras, data.as_bytes(), &ReadOptions::default()).unwrap_err();
/// assert_eq!(e.code(), "invalid-option");
/// let opts = ReadOptions { likert_values: Some(vec![1.0, 2.0, 3.0, 4.0, 5.0]), ..Default::default() };
/// let read = read_jspsych(&ras, data.as_bytes(), &opts).unwrap();
/// assert_eq!(&read.rows.row(0)[..2], &[5.0, 1.0]);
/// ```
pub fn read_jspsych(
    instrument: &Instrument,
    data: &[u8],
    options: &ReadOptions,
) -> Result<Imported, ReadError> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    match data.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'[' | b'{') => read_json(instrument, data, options),
        Some(_) => read_csv_trials(instrument, data, options),
        None => Err(ReadError::new(
            ReadProblem::Layout,
            "the jsPsych data is empty",
        )),
    }
}
