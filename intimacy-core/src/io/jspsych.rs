//! jsPsych data: the trials of `jsPsych.data.get().json()` (an array of
//! trial objects) or `.csv()` (one row per trial, each `response` cell
//! holding JSON text), gathered per participant into [`Rows`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::answer::{ColumnLog, Draft, as_written, check_scale, read_number};
use super::surveyjs::{Sink, SurveyReader, add_notes, id_text, is_answer, syntax};
use super::{ImportLog, Imported, ReadError, ReadOptions, ReadProblem, Rows};
use crate::instrument::Instrument;
use crate::numeric::exact_i64;

/// Why an answer was refused: its code, the message, the option to give.
type Refusal = (ReadProblem, String, Option<&'static str>);

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
            let read = if likert {
                self.position(i, v)
                    .map(|hit| match hit {
                        Some((x, k)) => (Some(x), false, Some(format!("label position {k}"))),
                        None => (None, false, None),
                    })
                    .map_err(|(c, m, option)| match option {
                        Some(o) => fail(c, m).for_option(o),
                        None => fail(c, m),
                    })
            } else {
                read_number(v, self.survey.maps[i], &self.options.missing_values)
                    .map(|n| match n {
                        Some(n) if n.recoded => {
                            (Some(n.value), true, Some(format!("{:?}", as_written(v))))
                        }
                        Some(n) => (Some(n.value), false, None),
                        None => (None, false, None),
                    })
                    .map_err(|(c, m)| fail(c, m))
            };
            let (number, recoded, from) = match read {
                Ok(read) => read,
                Err(e) => {
                    super::refuse(self.options, &mut self.log, e, row)?;
                    self.columns.used(&mut self.log, i, &item.id, name, false);
                    continue;
                }
            };
            self.columns.used(&mut self.log, i, &item.id, name, recoded);
            let Some(x) = number else {
                continue;
            };
            if let Err(m) = check_scale(self.survey.scales[i], x, from.as_deref()) {
                super::refuse(
                    self.options,
                    &mut self.log,
                    fail(ReadProblem::InvalidValue, m),
                    row,
                )?;
                continue;
            }
            let draft = &mut self.people[row];
            if let Some((first, q)) = &draft.from[i] {
                return Err(fail(
                    ReadProblem::DuplicateColumn,
                    format!(
                        "item {:?} is answered twice, as {q:?} and again as {name:?}{}",
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
    /// An error names the option to give, when one is missing.
    fn position(&self, i: usize, v: &Value) -> Result<Option<(f64, usize)>, Refusal> {
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
                    .and_then(|rs| rs.option_values(MAX_POSITIONS))
                    .ok_or_else(|| {
                        (
                            ReadProblem::InvalidOption,
                            format!(
                                "likert_declared takes label positions from the item's declared scale, but {:?} has none with separate steps; give likert_values or item_likert_values",
                                item.id
                            ),
                            Some("likert_declared"),
                        )
                    })?;
            (&declared, "the declared scale")
        } else {
            return Err((
                    ReadProblem::InvalidOption,
                    "survey-likert stores the 0-based position of the chosen label, not a value of the item's scale; say what each position is worth: likert_values (one list for every item, e.g. [1, 2, 3, 4, 5]), item_likert_values (a list per item), or likert_declared = true (position 0 is the first option of the item's declared scale as printed (its lowest value unless the scale gives a printed order), 1 the next, ...)".to_owned(),
                    Some("likert_values"),
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
                None,
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
        add_notes(&self.survey, self.gates_seen, "survey response", log);
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

/// The 1-based lines of CSV records, counted from their byte offsets: the
/// csv crate's own line count falls behind in files with CRLF line ends
/// (jsPsych writes them), where a record's offset may also point at the
/// line end before it. A line ends as the csv crate ends a record: with
/// `\n`, `\r\n` or a lone `\r`.
#[derive(Debug)]
struct Lines<'d> {
    data: &'d [u8],
    pos: usize,
    line: u64,
}

impl Lines<'_> {
    fn at(&mut self, byte: u64) -> u64 {
        let mut at = usize::try_from(byte).map_or(self.data.len(), |b| b.min(self.data.len()));
        while at < self.data.len() && matches!(self.data[at], b'\r' | b'\n') {
            at += 1;
        }
        if at < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        let data = self.data;
        let newlines = (self.pos..at)
            .filter(|&k| data[k] == b'\n' || (data[k] == b'\r' && data.get(k + 1) != Some(&b'\n')))
            .count();
        self.line += u64::try_from(newlines).unwrap_or(u64::MAX);
        self.pos = at;
        self.line
    }
}

/// Malformed CSV as a `syntax` error at its line.
fn csv_syntax(e: &csv::Error, lines: &mut Lines<'_>) -> ReadError {
    let mut err = ReadError::new(ReadProblem::Syntax, format!("not well-formed CSV: {e}"));
    err.at.line = e.position().map(|p| lines.at(p.byte()));
    err
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
    let mut lines = Lines {
        data,
        pos: 0,
        line: 1,
    };

    if !csv
        .read_record(&mut record)
        .map_err(|e| csv_syntax(&e, &mut lines))?
    {
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
    while csv
        .read_record(&mut record)
        .map_err(|e| csv_syntax(&e, &mut lines))?
    {
        let line = record.position().map_or(0, |p| lines.at(p.byte()));
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

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a panic is the failure report
mod tests {
    use super::*;
    use serde_json::json;

    fn ras() -> Instrument {
        Instrument::builtin("ras").unwrap()
    }

    fn likert5() -> ReadOptions {
        ReadOptions {
            likert_values: Some(vec![1.0, 2.0, 3.0, 4.0, 5.0]),
            ..ReadOptions::default()
        }
    }

    fn read(text: &str, options: &ReadOptions) -> Result<Imported, ReadError> {
        read_jspsych(&ras(), text.as_bytes(), options)
    }

    #[test]
    fn lines_are_counted_from_bytes_whatever_the_line_ends() {
        for data in [
            "a\r\nb\r\n\r\nc\r\n",
            "a\nb\n\nc\n",
            "a\rb\r\rc\r",
            "a\rb\n\r\nc",
        ] {
            let mut csv = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(data.as_bytes());
            let mut lines = Lines {
                data: data.as_bytes(),
                pos: 0,
                line: 1,
            };
            let mut record = csv::StringRecord::new();
            let mut got = Vec::new();
            while csv.read_record(&mut record).unwrap() {
                got.push(lines.at(record.position().unwrap().byte()));
            }
            assert_eq!(got, vec![1, 2, 4], "{data:?}");
        }
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        // Fuzz finding (io_read): the csv crate ends a record at a lone
        // `\r`, which the line count missed, so two participants came from
        // "line 2" (fuzz/regressions/io_read/r1-jspsych-csv-lone-cr-line).
        let two = "response,trial_type,subject_id\n\"{}\",survey,1\r\"{}\",survey,s\r\n";
        let opts = ReadOptions {
            id_column: Some("subject_id".into()),
            ..ReadOptions::default()
        };
        assert_eq!(read(two, &opts).unwrap().rows.lines, vec![2, 3]);
        let three = format!("{two}\"{{\"\"ras1\"\": 0}}\",survey,t\r");
        let e = read(&three, &opts).unwrap_err();
        assert_eq!((e.code(), e.at.line), ("invalid-value", Some(4)));
    }

    #[test]
    fn responses_are_objects_or_json_text() {
        let obj = |v: Value| response_object(v, "survey-text", 3, "response");
        assert!(obj(json!(null)).unwrap().is_none());
        assert!(obj(json!("  ")).unwrap().is_none());
        assert_eq!(obj(json!("{\"a\": 1}")).unwrap().unwrap()["a"], 1);
        assert_eq!(obj(json!({"a": 1})).unwrap().unwrap()["a"], 1);
        let e = obj(json!("{\"a\": ")).unwrap_err();
        assert_eq!((e.code(), e.at.line), ("syntax", Some(3)));
        assert_eq!(obj(json!([1])).unwrap_err().code(), "layout");
        assert_eq!(obj(json!(4)).unwrap_err().code(), "layout");
    }

    #[test]
    fn empty_input_and_csv_without_jspsych_columns_are_layout_errors() {
        assert_eq!(read(" \n", &likert5()).unwrap_err().code(), "layout");
        assert_eq!(read("a,b\n1,2\n", &likert5()).unwrap_err().code(), "layout");
        assert_eq!(read("{\"a\": 1}", &likert5()).unwrap_err().code(), "layout");
        let e = read("trial_type,response\nsurvey-text\n", &likert5()).unwrap_err();
        assert_eq!((e.code(), e.at.line), ("row-length", Some(2)));
    }

    #[test]
    fn positions_off_the_list_are_refused() {
        for bad in ["5", "2.5", "-1", "\"x\""] {
            let text = format!(
                "[{{\"trial_type\": \"survey-likert\", \"response\": {{\"ras1\": {bad}}}}}]"
            );
            let e = read(&text, &likert5()).unwrap_err();
            assert_eq!(
                (e.code(), e.at.item.as_deref()),
                ("invalid-value", Some("ras1")),
                "{bad}"
            );
        }
        let text = r#"[{"trial_type": "survey-likert", "response": {"ras1": "4"}}]"#;
        assert_eq!(read(text, &likert5()).unwrap().rows.row(0)[0], 5.0);
    }

    #[test]
    fn likert_declared_needs_a_scale_with_steps() {
        let inst = Instrument::from_json(
            &json!({
                "id": "t", "version": "1", "title": "T", "licence": "MIT",
                "verification": {"status": "authored"},
                "response_scales": [{"id": "vas", "min": 0, "max": 10, "continuous": true}],
                "default_response_scale": "vas",
                "items": [{"id": "a"}],
            })
            .to_string(),
        )
        .unwrap();
        let opts = ReadOptions {
            likert_declared: true,
            ..ReadOptions::default()
        };
        let text = r#"[{"trial_type": "survey-likert", "response": {"a": 1}}]"#;
        let e = read_jspsych(&inst, text.as_bytes(), &opts).unwrap_err();
        assert_eq!(
            (e.code(), e.at.option.as_deref()),
            ("invalid-option", Some("likert_declared"))
        );
    }

    #[test]
    fn one_participant_answering_twice_is_told_to_name_questions() {
        let text = r#"[
            {"trial_type": "survey-text", "response": {"ras1": "4"}, "pid": "a"},
            {"trial_type": "survey-text", "response": {"ras1": "5"}, "pid": "a"}
        ]"#;
        let opts = ReadOptions {
            id_column: Some("pid".into()),
            ..ReadOptions::default()
        };
        let e = read(text, &opts).unwrap_err();
        assert_eq!((e.code(), e.at.line), ("duplicate-column", Some(1)));
        assert!(
            e.message.contains("own name") && e.message.contains("trial 0"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_survey_trial_without_its_participant_id_is_refused() {
        let text = r#"[
            {"trial_type": "survey-text", "response": {"ras1": "4"}, "pid": "a"},
            {"trial_type": "survey-text", "response": {"ras2": "5"}}
        ]"#;
        let opts = ReadOptions {
            id_column: Some("pid".into()),
            ..ReadOptions::default()
        };
        let e = read(text, &opts).unwrap_err();
        assert_eq!(
            (e.code(), e.at.line, e.at.column_name.as_deref()),
            ("missing-id", Some(1), Some("pid"))
        );
    }

    #[test]
    fn trials_of_other_plugins_are_left_aside_unread() {
        let text = r#"[{"trial_type": "html-keyboard-response", "response": "{not json"}]"#;
        let read = read(text, &likert5()).unwrap();
        assert!(read.rows.is_empty());
        assert!(
            read.log
                .notes
                .iter()
                .any(|n| n.contains("1 trial(s) of other plugins"))
        );
    }
}
