//! SurveyJS: an instrument as a survey definition (the JSON that
//! survey-core's `new Model(json)` takes), and the data a survey stores
//! (`survey.data`, or an array of them) read back as [`Rows`].
//!
//! The definition and the reader share one [`Layout`], so a matrix, a gate
//! or a page that [`to_surveyjs`] writes is read back the same way.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde_json::{Map, Value, json};

use super::answer::{
    ColumnLog, Draft, as_written, check_item_options, check_scale, item_scales, question_name,
    read_number, value_map,
};
use super::{ImportLog, Imported, ReadError, ReadOptions, ReadProblem, Rows};
use crate::instrument::{Instrument, Item, ResponseScale};
use crate::numeric::exact_i64;
use crate::ordered::OrderedMap;

/// The most answers a scale may have to be asked as choices (radio buttons,
/// a matrix); a longer scale is asked as a number field.
const MAX_CHOICES: usize = 21;

/// How one page element asks its items.
#[derive(Debug, Clone)]
enum Element {
    /// One item, alone.
    Single(usize),
    /// Consecutive items sharing a response scale, as rows of one matrix.
    Matrix { name: String, items: Vec<usize> },
}

/// One page: a run of consecutive items of the same section.
#[derive(Debug, Clone)]
struct Page {
    name: String,
    /// The section's position in `Instrument::sections`.
    section: Option<usize>,
    /// For an opt-in section: the gate question, on the section's first page.
    gate: Option<String>,
    /// For an opt-in section: the panel that the gate shows.
    panel: Option<String>,
    elements: Vec<Element>,
}

/// The shape of the survey made for an instrument: its pages, matrices and
/// opt-in gates, with names that no item id takes.
#[derive(Debug, Clone)]
pub(super) struct Layout<'a> {
    pages: Vec<Page>,
    /// Each opt-in section that has items: (section id, gate question name).
    pub gates: Vec<(String, String)>,
    /// Per item: its response scale, and the gate that shows it.
    pub scales: Vec<Option<&'a ResponseScale>>,
    pub item_gate: Vec<Option<usize>>,
}

/// A name from `base` that no item id and no earlier name takes.
fn fresh(taken: &mut HashSet<String>, base: String) -> String {
    let mut name = base;
    while taken.contains(&name) {
        name.push_str("-x");
    }
    taken.insert(name.clone());
    name
}

/// The answers of a scale that can be asked as choices, in order, with the
/// "does not apply" code last; `None` for a continuous or long scale.
fn choices(rs: Option<&ResponseScale>) -> Option<Vec<(f64, Option<&str>)>> {
    let rs = rs?;
    let values = rs.option_values(MAX_CHOICES)?;
    let label = |x: f64| {
        rs.labels
            .iter()
            .find(|l| (l.value - x).abs() < 1e-9)
            .map(|l| l.label.as_str())
    };
    let mut out: Vec<(f64, Option<&str>)> = values.into_iter().map(|x| (x, label(x))).collect();
    if let Some(na) = &rs.not_applicable {
        out.push((na.value, Some(na.label.as_str())));
    }
    Some(out)
}

impl<'a> Layout<'a> {
    /// The layout of `inst`: a page per run of items of one section, a
    /// matrix per run (two or more) of items that share a choice scale and
    /// privacy, a gate and a panel per opt-in section. Sections and scales
    /// are looked up by id through maps, so that an instrument of many items
    /// and sections (a large REDCap dictionary) is laid out in linear time.
    pub fn of(inst: &'a Instrument) -> Layout<'a> {
        let mut taken: HashSet<String> = inst.items.iter().map(|i| i.id.clone()).collect();
        let mut pages: Vec<Page> = Vec::new();
        let mut gates: Vec<(String, String)> = Vec::new();
        let mut gated: HashSet<usize> = HashSet::new();
        let mut section_at: HashMap<&str, usize> = HashMap::with_capacity(inst.sections.len());
        for (k, x) in inst.sections.iter().enumerate() {
            section_at.entry(x.id.as_str()).or_insert(k);
        }
        let section_of = |item: &Item| {
            item.section
                .as_deref()
                .and_then(|s| section_at.get(s).copied())
        };
        let scales = item_scales(inst);
        for (i, item) in inst.items.iter().enumerate() {
            let section = section_of(item);
            let same_page = pages.last().is_some_and(|p| p.section == section)
                && section.is_some() == item.section.is_some();
            if !same_page {
                let name = fresh(&mut taken, format!("intimacy-page-{}", pages.len() + 1));
                let (mut gate, mut panel) = (None, None);
                if let Some(s) = section.filter(|&s| inst.sections[s].opt_in) {
                    let id = &inst.sections[s].id;
                    if gated.insert(s) {
                        let g = fresh(&mut taken, format!("intimacy-optin-{id}"));
                        gates.push((id.clone(), g.clone()));
                        gate = Some(g);
                    }
                    panel = Some(fresh(&mut taken, format!("intimacy-panel-{id}")));
                }
                pages.push(Page {
                    name,
                    section,
                    gate,
                    panel,
                    elements: Vec::new(),
                });
            }
            let Some(page) = pages.last_mut() else {
                continue;
            };
            page.elements.push(Element::Single(i));
        }
        let mut matrices = 0;
        for page in &mut pages {
            page.elements = group(inst, &scales, &page.elements, &mut matrices, &mut taken);
        }
        // The gate question that shows each item, if it sits in an opt-in section.
        let opt_in: HashSet<&str> = inst
            .sections
            .iter()
            .filter(|s| s.opt_in)
            .map(|s| s.id.as_str())
            .collect();
        let mut gate_at: HashMap<&str, usize> = HashMap::with_capacity(gates.len());
        for (k, (section, _)) in gates.iter().enumerate() {
            gate_at.entry(section.as_str()).or_insert(k);
        }
        let item_gate = inst
            .items
            .iter()
            .map(|item| {
                let section = item.section.as_deref()?;
                if !opt_in.contains(section) {
                    return None;
                }
                gate_at.get(section).copied()
            })
            .collect();
        Layout {
            pages,
            gates,
            scales,
            item_gate,
        }
    }
}

/// Runs of two or more single items sharing a choice scale and privacy
/// become matrices.
fn group(
    inst: &Instrument,
    scales: &[Option<&ResponseScale>],
    singles: &[Element],
    matrices: &mut usize,
    taken: &mut HashSet<String>,
) -> Vec<Element> {
    let items: Vec<usize> = singles
        .iter()
        .filter_map(|e| match e {
            Element::Single(i) => Some(*i),
            Element::Matrix { .. } => None,
        })
        .collect();
    let key = |i: usize| {
        let item = &inst.items[i];
        let rs = scales[i];
        choices(rs).map(|_| (rs.map(|r| r.id.as_str()), item.private))
    };
    let mut out = Vec::new();
    let mut start = 0;
    while start < items.len() {
        let k = key(items[start]);
        let mut end = start + 1;
        while k.is_some() && end < items.len() && key(items[end]) == k {
            end += 1;
        }
        if end - start >= 2 {
            *matrices += 1;
            out.push(Element::Matrix {
                name: fresh(taken, format!("intimacy-matrix-{matrices}")),
                items: items[start..end].to_vec(),
            });
        } else {
            out.push(Element::Single(items[start]));
        }
        start = end;
    }
    out
}

/// The message of `key` in the built-in English texts.
fn words(key: &str) -> String {
    crate::messages::messages("en").map_or_else(|| key.to_owned(), |m| m.text(key).to_owned())
}

/// The message of `key` with its placeholders filled.
fn words_with(key: &str, args: &[(&str, &str)]) -> String {
    crate::messages::messages("en").map_or_else(|| key.to_owned(), |m| m.fill(key, args))
}

/// A number as JSON: whole numbers without a fraction (`4`, not `4.0`).
fn num(x: f64) -> Value {
    exact_i64(x).map_or_else(|| Value::from(x), Value::from)
}

/// A number as a choice's text when it has no label.
fn num_text(x: f64) -> String {
    exact_i64(x).map_or_else(|| x.to_string(), |i| i.to_string())
}

/// `[{value, text}]` for SurveyJS choices, columns and rate values.
fn choice_list(list: &[(f64, Option<&str>)]) -> Value {
    Value::Array(
        list.iter()
            .map(|&(x, label)| json!({"value": num(x), "text": label.map_or_else(|| num_text(x), str::to_owned)}))
            .collect(),
    )
}

/// Mark a question as private: a property for the app, a line for the respondent.
fn mark_private(q: &mut Map<String, Value>) {
    q.insert("intimacyPrivate".into(), Value::Bool(true));
    q.insert(
        "description".into(),
        Value::String(words("surveyjs.private")),
    );
}

fn title_of(item: &Item) -> String {
    item.text.clone().unwrap_or_else(|| item.id.clone())
}

/// One item asked alone: a rating when the scale is plain numbers (labels
/// at its ends at most), radio buttons when its answers have labels or a
/// "does not apply" code, a number field when it has too many answers.
fn single(item: &Item, rs: Option<&ResponseScale>) -> Value {
    let mut q = Map::new();
    q.insert("name".into(), Value::String(item.id.clone()));
    q.insert("title".into(), Value::String(title_of(item)));
    match (rs, choices(rs)) {
        (Some(rs), Some(list)) => {
            let plain = rs.not_applicable.is_none()
                && rs
                    .labels
                    .iter()
                    .all(|l| l.value == rs.min || l.value == rs.max);
            if plain {
                q.insert("type".into(), json!("rating"));
                q.insert("rateValues".into(), choice_list(&list));
                for l in &rs.labels {
                    let key = if l.value == rs.min {
                        "minRateDescription"
                    } else {
                        "maxRateDescription"
                    };
                    q.insert(key.into(), Value::String(l.label.clone()));
                }
            } else {
                q.insert("type".into(), json!("radiogroup"));
                q.insert("choices".into(), choice_list(&list));
            }
        }
        (rs, _) => {
            q.insert("type".into(), json!("text"));
            q.insert("inputType".into(), json!("number"));
            if let Some(rs) = rs {
                q.insert("min".into(), num(rs.min));
                q.insert("max".into(), num(rs.max));
                if let Some(step) = rs.effective_step() {
                    q.insert("step".into(), num(step));
                }
            }
        }
    }
    if item.private {
        mark_private(&mut q);
    }
    Value::Object(q)
}

/// Items sharing a choice scale as one matrix: the rows are the item ids.
fn matrix(inst: &Instrument, scale: Option<&ResponseScale>, name: &str, items: &[usize]) -> Value {
    let first = &inst.items[items[0]];
    let list = choices(scale).unwrap_or_default();
    let rows: Vec<Value> = items
        .iter()
        .map(|&i| {
            let item = &inst.items[i];
            json!({"value": item.id, "text": title_of(item)})
        })
        .collect();
    let mut q = Map::new();
    q.insert("type".into(), json!("matrix"));
    q.insert("name".into(), json!(name));
    q.insert(
        "title".into(),
        Value::String(words("surveyjs.matrix-title")),
    );
    q.insert("columns".into(), choice_list(&list));
    q.insert("rows".into(), Value::Array(rows));
    if first.private {
        mark_private(&mut q);
    }
    Value::Object(q)
}

/// One page as SurveyJS JSON: its section's title and description, and for
/// an opt-in section the gate and the panel it shows.
fn page_json(inst: &Instrument, layout: &Layout<'_>, page: &Page) -> Value {
    let gates = &layout.gates;
    let elements: Vec<Value> = page
        .elements
        .iter()
        .map(|e| match e {
            Element::Single(i) => single(&inst.items[*i], layout.scales[*i]),
            Element::Matrix { name, items } => matrix(inst, layout.scales[items[0]], name, items),
        })
        .collect();
    let mut p = Map::new();
    p.insert("name".into(), json!(page.name));
    let section = page.section.map(|s| &inst.sections[s]);
    if let Some(s) = section {
        p.insert("title".into(), json!(s.title));
        if let Some(d) = &s.description {
            p.insert("description".into(), json!(d));
        }
        p.insert("intimacySection".into(), json!(s.id));
    }
    let mut out = Vec::new();
    match (section, &page.panel) {
        (Some(s), Some(panel)) => {
            let gate = gates
                .iter()
                .find(|(id, _)| *id == s.id)
                .map_or("", |(_, g)| g.as_str());
            if page.gate.is_some() {
                out.push(json!({
                    "type": "boolean",
                    "name": gate,
                    "title": words_with("surveyjs.optin-title", &[("section", &s.title)]),
                    "labelTrue": words("surveyjs.optin-yes"),
                    "labelFalse": words("surveyjs.optin-no"),
                    "intimacyOptIn": s.id,
                }));
            }
            out.push(json!({
                "type": "panel",
                "name": panel,
                "visibleIf": format!("{{{gate}}} = true"),
                "elements": elements,
            }));
        }
        _ => out = elements,
    }
    p.insert("elements".into(), Value::Array(out));
    Value::Object(p)
}

/// The instrument as a SurveyJS survey definition: one question per item
/// (its text as the title, else its id), in the instrument's order (so the
/// safety screen comes first), answers with their labels and the
/// "does not apply" code as a further choice. Consecutive items of one
/// section sharing a response scale are rows of one matrix; each opt-in
/// section has a yes/no gate (`intimacy-optin-<section>`) and a panel shown
/// only when it is yes; each section is a page with its title; private items
/// carry `"intimacyPrivate": true` and a line telling the respondent their
/// answer stays private. The same instrument always gives the same JSON.
///
/// SurveyJS drops the keys it does not know when it loads the JSON: the
/// `intimacy*` keys (`intimacyInstrument` on the survey, `intimacySection`
/// on pages, `intimacyPrivate` and `intimacyOptIn` on questions) are not
/// on the model, nor in its `toJSON()`, and are listed in `model.jsonErrors`
/// (nothing is logged), unless the app registers them first, as in
/// `Serializer.addProperty("question", { name: "intimacyPrivate:boolean",
/// visible: false })`. Reading results back needs none of them.
///
/// ```
/// use intimacy_core::{Instrument, io::to_surveyjs};
/// let short = Instrument::builtin("levels-checkin-short").unwrap();
/// let survey = to_surveyjs(&short);
/// let first = &survey["pages"][0];
/// assert_eq!(first["intimacySection"], "screen");
/// assert_eq!(first["elements"][0]["intimacyPrivate"], true);
/// ```
pub fn to_surveyjs(instrument: &Instrument) -> Value {
    let layout = Layout::of(instrument);
    let pages: Vec<Value> = layout
        .pages
        .iter()
        .map(|p| page_json(instrument, &layout, p))
        .collect();
    let mut s = Map::new();
    s.insert("title".into(), json!(instrument.title));
    if let Some(d) = &instrument.description {
        s.insert("description".into(), json!(d));
    }
    s.insert(
        "intimacyInstrument".into(),
        json!({"id": instrument.id, "version": instrument.version}),
    );
    // Answers in a panel that its gate hides are cleared at once, so a
    // respondent who opts out leaves nothing behind.
    s.insert("clearInvisibleValues".into(), json!("onHiddenContainer"));
    s.insert("pages".into(), Value::Array(pages));
    Value::Object(s)
}

/// A gate's state in one data object.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Gate {
    Yes,
    No,
    Unanswered,
}

/// Reads SurveyJS data objects for one instrument: flat answers, matrix
/// rows, gates. Used by [`from_surveyjs`] and by the jsPsych `survey`
/// plugin, whose responses are SurveyJS data.
#[derive(Debug)]
pub(super) struct SurveyReader<'a> {
    inst: &'a Instrument,
    options: &'a ReadOptions,
    /// Question name → item.
    pub names: HashMap<&'a str, usize>,
    gates: Vec<(String, String)>,
    /// The gates' question names.
    gate_names: HashSet<String>,
    /// Per item: the gate that shows it.
    item_gate: Vec<Option<usize>>,
    pub scales: Vec<Option<&'a ResponseScale>>,
    pub maps: Vec<Option<&'a OrderedMap<f64>>>,
}

/// Where the answers read go: the respondent's draft, the log, and the
/// names that were not items.
#[derive(Debug)]
pub(super) struct Sink<'s> {
    pub draft: &'s mut Draft,
    pub log: &'s mut ImportLog,
    pub columns: &'s mut ColumnLog,
    pub ignored: &'s mut BTreeSet<String>,
    /// Whether any data object so far had a gate answered.
    pub gates_seen: &'s mut bool,
}

impl<'a> SurveyReader<'a> {
    /// A reader for `inst`; options naming unknown items are refused.
    pub fn new(inst: &'a Instrument, options: &'a ReadOptions) -> Result<Self, ReadError> {
        check_item_options(inst, options)?;
        let layout = Layout::of(inst);
        let names = inst
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| (question_name(options, &item.id), i))
            .collect();
        Ok(SurveyReader {
            inst,
            options,
            names,
            item_gate: layout.item_gate,
            gate_names: layout.gates.iter().map(|(_, g)| g.clone()).collect(),
            gates: layout.gates,
            scales: layout.scales,
            maps: inst
                .items
                .iter()
                .map(|i| value_map(options, &i.id))
                .collect(),
        })
    }

    /// Whether the survey has opt-in gates.
    pub fn has_gates(&self) -> bool {
        !self.gates.is_empty()
    }

    /// Each gate's state in `obj`.
    fn gate_states(
        &self,
        obj: &Map<String, Value>,
        row: usize,
        line: u64,
    ) -> Result<Vec<Gate>, ReadError> {
        self.gates
            .iter()
            .map(|(_, name)| match obj.get(name) {
                None | Some(Value::Null) => Ok(Gate::Unanswered),
                Some(Value::Bool(b)) => Ok(if *b { Gate::Yes } else { Gate::No }),
                Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Gate::Yes),
                Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(Gate::No),
                Some(v) => {
                    let mut e = ReadError::new(
                        ReadProblem::InvalidValue,
                        format!("the opt-in gate {name:?} takes true or false"),
                    )
                    .at_row(row, line)
                    .with_text(as_written(v));
                    e.at.column_name = Some(name.clone());
                    Err(e)
                }
            })
            .collect()
    }

    /// The answers in `obj` by item (flat keys and matrix rows), each with
    /// its question name; other keys go to `ignored`.
    fn find<'v>(
        &self,
        obj: &'v Map<String, Value>,
        row: usize,
        line: u64,
        ignored: &mut BTreeSet<String>,
    ) -> Result<Vec<Option<(&'v Value, &'v str)>>, ReadError> {
        let mut found: Vec<Option<(&Value, &str)>> = vec![None; self.inst.items.len()];
        // Where each answer was: its matrix, if any, for the message below.
        let mut within: Vec<Option<&str>> = vec![None; self.inst.items.len()];
        let mut put = |i: usize, v: &'v Value, name: &'v str, matrix: Option<&'v str>| {
            let Some((_, first)) = found[i] else {
                found[i] = Some((v, name));
                within[i] = matrix;
                return Ok(());
            };
            let place = |name: &str, matrix: Option<&str>| match matrix {
                Some(m) => format!("row {name:?} of matrix {m:?}"),
                None => format!("{name:?}"),
            };
            let mut e = ReadError::new(
                ReadProblem::DuplicateColumn,
                format!(
                    "item {:?} is answered twice in one data object: as {} and as {}",
                    self.inst.items[i].id,
                    place(first, within[i]),
                    place(name, matrix)
                ),
            )
            .at_row(row, line)
            .for_item(&self.inst.items[i].id);
            e.at.column_name = Some(name.to_owned());
            Err(e)
        };
        for (key, v) in obj {
            if self.options.id_column.as_deref() == Some(key.as_str())
                || self.gate_names.contains(key)
            {
                continue;
            }
            if let Some(&i) = self.names.get(key.as_str()) {
                put(i, v, key, None)?;
            } else if let Value::Object(rows) = v {
                let any = rows.keys().any(|r| self.names.contains_key(r.as_str()));
                for (r, cell) in rows {
                    match self.names.get(r.as_str()) {
                        Some(&i) => put(i, cell, r, Some(key))?,
                        None if any => {
                            ignored.insert(format!("{key}.{r}"));
                        }
                        None => {}
                    }
                }
                if !any {
                    ignored.insert(key.clone());
                }
            } else {
                ignored.insert(key.clone());
            }
        }
        Ok(found)
    }

    /// Read one data object (row `row`, from `line`) into `sink`. Answers
    /// to items behind a gate that is not yes are dropped and logged; each
    /// other answer is mapped and checked against its item's scale.
    /// `twice` ends the message of an item already answered in an earlier
    /// object of the same respondent (given that object's line).
    pub fn read(
        &self,
        obj: &Map<String, Value>,
        row: usize,
        line: u64,
        sink: &mut Sink<'_>,
        twice: &dyn Fn(u64) -> String,
    ) -> Result<(), ReadError> {
        let gates = self.gate_states(obj, row, line)?;
        if gates.iter().any(|g| *g != Gate::Unanswered) {
            *sink.gates_seen = true;
        }
        if self.has_gates() {
            // The sections entered before and now, in the order of their
            // first gates.
            let entered = sink.draft.opted_in.get_or_insert_with(Vec::new);
            let mut chosen: HashSet<String> = entered.drain(..).collect();
            for (k, (section, _)) in self.gates.iter().enumerate() {
                if gates[k] == Gate::Yes {
                    chosen.insert(section.clone());
                }
            }
            for (section, _) in &self.gates {
                if chosen.remove(section) {
                    entered.push(section.clone());
                }
            }
        }
        let found = self.find(obj, row, line, sink.ignored)?;
        for (i, hit) in found.into_iter().enumerate() {
            let Some((v, name)) = hit else {
                continue;
            };
            let item = &self.inst.items[i];
            if let Some(g) = self.item_gate[i].filter(|&g| gates[g] != Gate::Yes) {
                if is_answer(v) {
                    let (_, gate) = &self.gates[g];
                    let why = if gates[g] == Gate::No {
                        "is no"
                    } else {
                        "is not answered"
                    };
                    sink.log.dropped.push(super::DroppedAnswer {
                        row,
                        item: item.id.clone(),
                        reason: format!(
                            "the survey hid this question: its opt-in gate {gate:?} {why} (answer {:?} not scored)",
                            as_written(v)
                        ),
                    });
                }
                continue;
            }
            let fail = |code: ReadProblem, message: String| {
                let mut e = ReadError::new(code, message)
                    .at_row(row, line)
                    .for_item(&item.id)
                    .with_text(as_written(v));
                e.at.column_name = Some(name.to_owned());
                e
            };
            let number = match read_number(v, self.maps[i], &self.options.missing_values) {
                Ok(n) => n,
                Err((code, m)) => {
                    super::refuse(self.options, sink.log, fail(code, m), row)?;
                    sink.columns.used(sink.log, i, &item.id, name, false);
                    continue;
                }
            };
            sink.columns.used(
                sink.log,
                i,
                &item.id,
                name,
                number.is_some_and(|n| n.recoded),
            );
            let Some(n) = number else {
                continue;
            };
            let from = n.recoded.then(|| format!("{:?}", as_written(v)));
            if let Err(m) = check_scale(self.scales[i], n.value, from.as_deref()) {
                super::refuse(
                    self.options,
                    sink.log,
                    fail(ReadProblem::InvalidValue, m),
                    row,
                )?;
                continue;
            }
            if let Some((first_line, first)) = &sink.draft.from[i] {
                return Err(fail(
                    ReadProblem::DuplicateColumn,
                    format!(
                        "item {:?} is answered twice, as {first:?} and again as {name:?}{}",
                        item.id,
                        twice(*first_line)
                    ),
                ));
            }
            sink.draft.values[i] = n.value;
            sink.draft.from[i] = Some((line, name.to_owned()));
        }
        Ok(())
    }
}

/// Whether a value is an answer (not null, not an empty text).
pub(super) fn is_answer(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        _ => true,
    }
}

/// A malformed JSON text as a `syntax` error at its 1-based line.
pub(super) fn syntax(e: &serde_json::Error, what: &str) -> ReadError {
    ReadError::new(
        ReadProblem::Syntax,
        format!("{what} is not well-formed JSON: {e}"),
    )
    .at_line(u64::try_from(e.line()).unwrap_or(u64::MAX))
}

/// A respondent id as text: a string or a number.
pub(super) fn id_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Read SurveyJS data: the JSON text of one `survey.data` object or an
/// array of them (a results store), one row per object. Answers are flat
/// (`{"ras1": 4}`) or nested in a matrix (`{"matrix": {"ras1": 4}}`, any
/// object whose keys are question names); texts go through the value maps,
/// numeric texts are numbers, a missing key is unanswered. Items are looked
/// for under their own id or the name `options.columns` gives them. Gates
/// of the definition [`to_surveyjs`] makes set each row's `opted_in`;
/// answers to questions a gate hid are dropped and listed in the log, never
/// scored. Keys that are not questions are listed in `ignored_columns`.
/// Ids come from `options.id_column` (a key of each object), else rows are
/// numbered from 1. Each row's line is its 0-based position in the array.
///
/// Items absent from every object are unanswered (SurveyJS leaves out
/// unanswered questions), listed in `items_without_column`; the option
/// `missing_columns` does not apply.
///
/// ```
/// use intimacy_core::{Instrument, io::{ReadOptions, from_surveyjs}};
/// let ras = Instrument::builtin("ras").unwrap();
/// let data = r#"[{"ras1": 4, "ras2": "5"}, {"grid": {"ras1": 2}}]"#;
/// let read = from_surveyjs(&ras, data, &ReadOptions::default()).unwrap();
/// assert_eq!((read.rows.row(0)[1], read.rows.row(1)[0]), (5.0, 2.0));
/// let e = from_surveyjs(&ras, r#"{"ras1": 0}"#, &ReadOptions::default()).unwrap_err();
/// assert_eq!((e.code(), e.at.column_name.as_deref(), e.at.text.as_deref()), ("invalid-value", Some("ras1"), Some("0")));
/// ```
pub fn from_surveyjs(
    instrument: &Instrument,
    data: &str,
    options: &ReadOptions,
) -> Result<Imported, ReadError> {
    let reader = SurveyReader::new(instrument, options)?;
    let text = data.strip_prefix('\u{feff}').unwrap_or(data);
    let value: Value = serde_json::from_str(text).map_err(|e| syntax(&e, "the SurveyJS data"))?;
    let objects: Vec<&Map<String, Value>> = match &value {
        Value::Object(m) => vec![m],
        Value::Array(list) => list
            .iter()
            .enumerate()
            .map(|(k, v)| {
                v.as_object().ok_or_else(|| {
                    ReadError::new(
                        ReadProblem::Layout,
                        format!("record {k} of the array is not a SurveyJS data object"),
                    )
                    .at_line(u64::try_from(k).unwrap_or(u64::MAX))
                })
            })
            .collect::<Result<_, _>>()?,
        _ => {
            return Err(ReadError::new(
                ReadProblem::Layout,
                "SurveyJS data is an object (survey.data) or an array of them",
            ));
        }
    };
    let key_name = options.id_column.clone().unwrap_or_else(|| "row".into());
    let mut rows = Rows::new(instrument, vec![key_name]);
    let mut log = ImportLog {
        format: "surveyjs".into(),
        ..ImportLog::default()
    };
    let mut columns = ColumnLog::new(instrument.items.len());
    let mut ignored = BTreeSet::new();
    let mut gates_seen = false;
    for (r, obj) in objects.iter().enumerate() {
        let line = u64::try_from(r).unwrap_or(u64::MAX);
        let id = match &options.id_column {
            Some(key) => id_text(obj.get(key)).ok_or_else(|| {
                let mut e = ReadError::new(
                    ReadProblem::MissingId,
                    format!(
                        "the data object has no respondent id under {key:?} (option id_column)"
                    ),
                )
                .at_row(r, line);
                e.at.column_name = Some(key.clone());
                e
            })?,
            None => (r + 1).to_string(),
        };
        let mut draft = Draft::new(instrument.items.len(), line);
        let mut sink = Sink {
            draft: &mut draft,
            log: &mut log,
            columns: &mut columns,
            ignored: &mut ignored,
            gates_seen: &mut gates_seen,
        };
        reader.read(obj, r, line, &mut sink, &|_| String::new())?;
        rows.keys.push(id);
        rows.values.extend_from_slice(&draft.values);
        rows.opted_in.push(draft.opted_in);
        rows.lines.push(line);
    }
    log.rows_read = u64::try_from(rows.len()).unwrap_or(u64::MAX);
    log.rows_kept = log.rows_read;
    log.ignored_columns = ignored.into_iter().collect();
    columns.finish(instrument, &mut log);
    add_notes(&reader, gates_seen, "data object", &mut log);
    Ok(Imported { rows, log })
}

/// Notes any reader of SurveyJS data adds: dropped answers with no gate
/// anywhere, items no object named.
pub(super) fn add_notes(
    reader: &SurveyReader<'_>,
    gates_seen: bool,
    source: &str,
    log: &mut ImportLog,
) {
    if reader.has_gates() && !gates_seen && !log.dropped.is_empty() {
        let names: Vec<&str> = reader.gates.iter().map(|(_, g)| g.as_str()).collect();
        log.notes.push(format!(
            "no {source} answers an opt-in gate ({}), so {} answer(s) to opt-in sections were dropped; a survey made by to_surveyjs always stores its gates",
            names.join(", "),
            log.dropped.len()
        ));
    }
    if !log.items_without_column.is_empty() {
        log.notes.push(format!(
            "{} item(s) appear in no {source} (unanswered everywhere; listed in items_without_column): if that is unexpected, check their question names (option columns)",
            log.items_without_column.len()
        ));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a panic is the failure report
mod tests {
    use super::*;

    /// An instrument from its items and response scales (JSON pieces).
    fn inst(scales: Value, items: Value, sections: Value) -> Instrument {
        let text = json!({
            "id": "t", "version": "1", "title": "T", "licence": "MIT",
            "verification": {"status": "authored"},
            "response_scales": scales, "items": items, "sections": sections,
        });
        Instrument::from_json(&text.to_string()).unwrap()
    }

    fn scale(id: &str, extra: Value) -> Value {
        let mut s = json!({"id": id, "min": 1, "max": 5});
        for (k, v) in extra.as_object().unwrap() {
            s[k] = v.clone();
        }
        s
    }

    fn elements(survey: &Value, page: usize) -> &Vec<Value> {
        survey["pages"][page]["elements"].as_array().unwrap()
    }

    #[test]
    fn half_steps_and_tenths_are_exact_choices() {
        let i = inst(
            json!([
                scale("half", json!({"min": 0, "max": 2, "step": 0.5})),
                scale("tenth", json!({"min": 0, "max": 0.3, "step": 0.1}))
            ]),
            json!([{"id": "a", "response_scale": "half"}, {"id": "b", "response_scale": "tenth"}]),
            json!([]),
        );
        let s = to_surveyjs(&i);
        let values = |e: &Value| -> Vec<Value> {
            e["rateValues"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["value"].clone())
                .collect()
        };
        assert_eq!(
            values(&elements(&s, 0)[0]),
            vec![json!(0), json!(0.5), json!(1), json!(1.5), json!(2)]
        );
        assert_eq!(
            values(&elements(&s, 0)[1]),
            vec![json!(0), json!(0.1), json!(0.2), json!(0.3)]
        );
    }

    #[test]
    fn long_continuous_and_missing_scales_are_number_fields() {
        let i = inst(
            json!([
                scale("long", json!({"min": 0, "max": 100})),
                scale("slider", json!({"min": 0, "max": 10, "continuous": true}))
            ]),
            json!([{"id": "a", "response_scale": "long"}, {"id": "b", "response_scale": "slider"},
                   {"id": "c"}]),
            json!([]),
        );
        let s = to_surveyjs(&i);
        let e = elements(&s, 0);
        assert_eq!(e.len(), 3, "no matrix of number fields");
        for q in e {
            assert_eq!(
                (q["type"].as_str(), q["inputType"].as_str()),
                (Some("text"), Some("number"))
            );
        }
        assert_eq!(
            (
                e[0]["min"].clone(),
                e[0]["max"].clone(),
                e[0]["step"].clone()
            ),
            (json!(0), json!(100), json!(1))
        );
        assert!(e[1].get("step").is_none());
        assert!(e[2].get("min").is_none());
    }

    #[test]
    fn an_opt_in_section_in_two_runs_has_one_gate_and_two_panels() {
        let i = inst(
            json!([scale("s", json!({}))]),
            json!([{"id": "t1", "response_scale": "s", "section": "touch"},
                   {"id": "a", "response_scale": "s"},
                   {"id": "t2", "response_scale": "s", "section": "touch"}]),
            json!([{"id": "touch", "title": "Touch", "opt_in": true}]),
        );
        let s = to_surveyjs(&i);
        assert_eq!(elements(&s, 0)[0]["type"], "boolean");
        assert_eq!(elements(&s, 0)[1]["name"], "intimacy-panel-touch");
        assert_eq!(elements(&s, 2)[0]["name"], "intimacy-panel-touch-x");
        assert_eq!(
            elements(&s, 2)[0]["visibleIf"],
            "{intimacy-optin-touch} = true"
        );
        let data = r#"{"intimacy-optin-touch": "true", "t2": 3, "a": 2}"#;
        let read = from_surveyjs(&i, data, &ReadOptions::default()).unwrap();
        assert_eq!(read.rows.opted_in, vec![Some(vec!["touch".to_owned()])]);
        let row = read.rows.row(0);
        assert!(row[0].is_nan());
        assert_eq!(&row[1..], &[2.0, 3.0]);
    }

    #[test]
    fn an_object_without_its_id_and_an_array_of_non_objects_are_refused() {
        let ras = Instrument::builtin("ras").unwrap();
        let opts = ReadOptions {
            id_column: Some("who".into()),
            ..ReadOptions::default()
        };
        let e = from_surveyjs(&ras, r#"[{"who": "a"}, {"ras1": 3}]"#, &opts).unwrap_err();
        assert_eq!(
            (e.code(), e.at.row, e.at.column_name.as_deref()),
            ("missing-id", Some(1), Some("who"))
        );
        let e = from_surveyjs(&ras, r#"[{"ras1": 3}, 4]"#, &ReadOptions::default()).unwrap_err();
        assert_eq!((e.code(), e.at.line), ("layout", Some(1)));
    }

    #[test]
    fn options_naming_unknown_items_or_one_question_twice_are_refused() {
        let ras = Instrument::builtin("ras").unwrap();
        let mut opts = ReadOptions::default();
        opts.columns.push("nope", "q".to_owned());
        let e = from_surveyjs(&ras, "{}", &opts).unwrap_err();
        assert_eq!(
            (e.code(), e.at.option.as_deref()),
            ("invalid-option", Some("columns.nope"))
        );
        let mut opts = ReadOptions::default();
        opts.columns.push("ras1", "ras2".to_owned());
        let e = from_surveyjs(&ras, "{}", &opts).unwrap_err();
        assert_eq!(e.code(), "duplicate-column");
    }

    #[test]
    fn many_items_sections_and_scales_are_laid_out_and_read_in_linear_time() {
        // Found with fuzz/io_read_pathological.py: a REDCap dictionary of
        // 100,000 fields, each on its own form with its own choices, made an
        // instrument that to_surveyjs and from_surveyjs handled in quadratic
        // time (each item's scale and section looked up by a scan, the log's
        // columns sorted by a scan): over 20 s. Many opt-in sections did
        // too (each key compared with every gate, the sections entered
        // sorted by a scan).
        let n = 20_000;
        let scales: Vec<Value> = (0..n)
            .map(|k| json!({"id": format!("s{k}"), "min": 0, "max": k % 7 + 1}))
            .collect();
        let items: Vec<Value> = (0..n)
            .map(|k| json!({"id": format!("q{k}"), "response_scale": format!("s{k}"), "section": format!("f{k}")}))
            .collect();
        let sections: Vec<Value> = (0..n)
            .map(|k| json!({"id": format!("f{k}"), "title": "F", "opt_in": k % 2 == 1}))
            .collect();
        let i = inst(json!(scales), json!(items), json!(sections));
        let start = std::time::Instant::now();
        let survey = to_surveyjs(&i);
        assert_eq!(survey["pages"].as_array().map(Vec::len), Some(n));
        let mut data = Map::new();
        for k in 0..n {
            data.insert(format!("q{k}"), json!(k % 7 + 1));
            if k % 2 == 1 {
                data.insert(format!("intimacy-optin-f{k}"), json!(true));
            }
        }
        let read = from_surveyjs(
            &i,
            &Value::Object(data).to_string(),
            &ReadOptions::default(),
        )
        .unwrap();
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
        let last = u8::try_from((n - 1) % 7 + 1).unwrap();
        assert_eq!(read.rows.row(0)[n - 1], f64::from(last));
        assert_eq!(read.log.columns.len(), n);
        assert_eq!(read.rows.opted_in[0].as_ref().map(Vec::len), Some(n / 2));
    }

    #[test]
    fn a_matrix_duplicate_names_the_matrix() {
        let ras = Instrument::builtin("ras").unwrap();
        let e = from_surveyjs(
            &ras,
            r#"{"ras1": 4, "grid": {"ras1": 4}}"#,
            &ReadOptions::default(),
        )
        .unwrap_err();
        assert!(
            e.message.contains("row \"ras1\" of matrix \"grid\""),
            "{}",
            e.message
        );
    }
}
