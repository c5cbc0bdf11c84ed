//! A REDCap data dictionary read as an instrument: the fields a respondent
//! answers on a scale (radio, dropdown, yes/no, true/false, slider) become
//! items with their declared response scales; forms and matrix groups become
//! sections; every other field is listed, never silently left out.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{ColumnUse, ExcludedRow, ImportLog, ReadError, ReadProblem};
use crate::instrument::{
    Instrument, Item, ReportRules, ResponseScale, ScaleLabel, Section, Verification,
    VerificationStatus,
};

/// Options of [`instrument_from_redcap_dictionary`]: how the instrument is
/// named and which fields it takes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RedcapDictionaryOptions {
    /// The instrument's id (default `"redcap"`).
    pub id: Option<String>,
    /// Its title (default `"REDCap data dictionary"`).
    pub title: Option<String>,
    /// Its version (default `"1"`).
    pub version: Option<String>,
    /// Only the fields of these forms (REDCap instruments); every form when
    /// empty. The fields of other forms are listed in the log.
    pub forms: Vec<String>,
    /// Fields to leave out (listed in the log), e.g. one whose choice codes
    /// no response scale can declare.
    #[serde(alias = "skipFields")]
    pub skip_fields: Vec<String>,
}

impl RedcapDictionaryOptions {
    /// Options from JSON (unknown options are errors, with their path).
    pub fn from_json(text: &str) -> Result<Self, crate::ScoreError> {
        <Self as crate::request::Request>::read_json(text)
    }
}

impl crate::request::Request for RedcapDictionaryOptions {}

/// The dictionary's columns: the header REDCap writes on download, or the
/// field names of its API's metadata export.
const COLUMNS: [(&str, &str); 9] = [
    ("Variable / Field Name", "field_name"),
    ("Form Name", "form_name"),
    ("Field Type", "field_type"),
    ("Field Label", "field_label"),
    (
        "Choices, Calculations, OR Slider Labels",
        "select_choices_or_calculations",
    ),
    ("Text Validation Min", "text_validation_min"),
    ("Text Validation Max", "text_validation_max"),
    ("Matrix Group Name", "matrix_group_name"),
    ("Branching Logic (Show field only if...)", "branching_logic"),
];
const FIELD: usize = 0;
const FORM: usize = 1;
const TYPE: usize = 2;
const LABEL: usize = 3;
const CHOICES: usize = 4;
const MIN: usize = 5;
const MAX: usize = 6;
const MATRIX: usize = 7;
const BRANCHING: usize = 8;

/// Where each of [`COLUMNS`] is in the file, and its name as written.
#[derive(Debug)]
struct Header {
    at: [Option<usize>; COLUMNS.len()],
    names: Vec<String>,
}

impl Header {
    fn new(record: &csv::StringRecord, line: u64) -> Result<Self, ReadError> {
        let names: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
        let mut at = [None; COLUMNS.len()];
        for (k, (long, short)) in COLUMNS.iter().enumerate() {
            at[k] = names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(long) || n.eq_ignore_ascii_case(short));
        }
        for k in [FIELD, FORM, TYPE] {
            if at[k].is_none() {
                let (long, short) = COLUMNS[k];
                let mut e = ReadError::new(
                    ReadProblem::Layout,
                    format!(
                        "not a REDCap data dictionary: no column {long:?} (or {short:?}) in the header"
                    ),
                )
                .at_line(line);
                e.at.column_name = Some(long.into());
                return Err(e);
            }
        }
        Ok(Header { at, names })
    }

    /// Cell `k` of `record` (empty where the column or the cell is absent).
    fn cell<'r>(&self, record: &'r csv::StringRecord, k: usize) -> &'r str {
        self.at[k].and_then(|c| record.get(c)).map_or("", str::trim)
    }

    /// An error about cell `k` of the field on `line`.
    fn error(&self, k: usize, line: u64, field: &str, text: &str, message: String) -> ReadError {
        let Some(c) = self.at[k] else {
            let (long, short) = COLUMNS[k];
            let mut e = ReadError::new(
                ReadProblem::Layout,
                format!(
                    "field {field:?} needs the column {long:?} (or {short:?}), which the dictionary does not have"
                ),
            )
            .at_line(line)
            .for_item(field);
            e.at.column_name = Some(long.into());
            return e;
        };
        let name = self.names.get(c).map_or(COLUMNS[k].0, String::as_str);
        ReadError::new(
            ReadProblem::InvalidValue,
            format!("field {field:?}: {message}"),
        )
        .at_line(line)
        .in_column(c, name)
        .for_item(field)
        .with_text(text)
    }
}

/// The instrument in the making.
#[derive(Debug, Default)]
struct Build {
    items: Vec<Item>,
    scales: Vec<ResponseScale>,
    sections: Vec<Section>,
    /// Matrix group → (its response scale's index, its section id, the field that set it).
    groups: HashMap<String, (usize, String, String)>,
    /// Fields that are not items, by why.
    not_items: Vec<(String, Vec<String>)>,
    branching: Vec<String>,
    log: ImportLog,
    /// Indexes, so that a dictionary of many fields reads in linear time:
    /// the position in `not_items` of each why, ...
    not_item_at: HashMap<String, usize>,
    /// ... the first scale of each set of answers (see [`scale_key`]), ...
    scale_at: HashMap<ScaleKey, usize>,
    /// ... the scale ids taken and, per name, the last suffix tried, ...
    scale_ids: HashSet<String>,
    suffixes: HashMap<String, usize>,
    /// ... and the section ids.
    section_ids: HashSet<String>,
}

/// What [`same_scale`] compares, as a key (−0 as 0).
type ScaleKey = (u64, u64, Option<u64>, Vec<(u64, String)>);

fn scale_key(s: &ResponseScale) -> ScaleKey {
    let bits = |x: f64| (x + 0.0).to_bits();
    (
        bits(s.min),
        bits(s.max),
        s.effective_step().map(bits),
        s.labels
            .iter()
            .map(|l| (bits(l.value), l.label.clone()))
            .collect(),
    )
}

/// Read a REDCap data dictionary (the CSV that REDCap's Data Dictionary page
/// downloads, or its API's metadata export) as an instrument.
///
/// Radio and dropdown fields become items whose response scale holds their
/// choice codes and labels (codes must be numbers, evenly spaced); yes/no is
/// 0/1 (No/Yes), true/false 0/1 (False/True), a slider continuous from 0 to
/// 100 unless its validation min and max say otherwise. The fields of one
/// matrix group share one response scale and form a section; the other
/// items are in a section per form. The record id (the first field) and
/// fields of other types (text, notes, calc, checkbox, file, descriptive,
/// sql) are not items: the instrument's description names them, and
/// [`instrument_from_redcap_dictionary_with_log`] lists them in its log.
/// The instrument has no scales: its scoring is the project's to add.
///
/// ```
/// use intimacy_core::io::{RedcapDictionaryOptions, instrument_from_redcap_dictionary};
/// let dictionary = "\
/// Variable / Field Name,Form Name,Field Type,Field Label,\"Choices, Calculations, OR Slider Labels\"
/// record_id,checkin,text,Record ID,
/// close,checkin,radio,How close do you feel?,\"1, Not at all | 2, A little | 3, Very\"
/// ";
/// let inst = instrument_from_redcap_dictionary(dictionary.as_bytes(), &RedcapDictionaryOptions::default()).unwrap();
/// assert_eq!(inst.items.len(), 1);
/// let scale = inst.response_scale_of(&inst.items[0]).unwrap();
/// assert_eq!((scale.min, scale.max, scale.labels[2].label.as_str()), (1.0, 3.0, "Very"));
/// ```
pub fn instrument_from_redcap_dictionary(
    bytes: &[u8],
    options: &RedcapDictionaryOptions,
) -> Result<Instrument, ReadError> {
    instrument_from_redcap_dictionary_with_log(bytes, options).map(|(inst, _)| inst)
}

/// [`instrument_from_redcap_dictionary`], with the record of what was done:
/// `format` `"redcap-dictionary"`, `rows_read` the fields, `rows_kept` the
/// items, `columns` the export column of each item, `ignored_columns` the
/// fields that are not items (and `notes` why), `excluded` the fields the
/// options left out.
pub fn instrument_from_redcap_dictionary_with_log(
    bytes: &[u8],
    options: &RedcapDictionaryOptions,
) -> Result<(Instrument, ImportLog), ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut header: Option<Header> = None;
    let mut build = Build {
        log: ImportLog {
            format: "redcap-dictionary".into(),
            ..ImportLog::default()
        },
        ..Build::default()
    };
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let mut err =
                    ReadError::new(ReadProblem::Syntax, format!("not well-formed CSV: {e}"));
                err.at.line = e.position().map(csv::Position::line);
                return Err(err);
            }
        }
        let line = record.position().map_or(0, csv::Position::line);
        match &header {
            None => header = Some(Header::new(&record, line)?),
            Some(_) if record.iter().all(|c| c.trim().is_empty()) => {}
            Some(h) => build.field(h, &record, line, options)?,
        }
    }
    if header.is_none() {
        return Err(ReadError::new(
            ReadProblem::Layout,
            "the input is empty: a REDCap data dictionary starts with its header row",
        ));
    }
    build.finish(options)
}

impl Build {
    /// One field (one row of the dictionary).
    fn field(
        &mut self,
        h: &Header,
        record: &csv::StringRecord,
        line: u64,
        options: &RedcapDictionaryOptions,
    ) -> Result<(), ReadError> {
        let name = h.cell(record, FIELD);
        let form = h.cell(record, FORM);
        let kind = h.cell(record, TYPE);
        self.log.rows_read += 1;
        if self.log.rows_read == 1 {
            self.not_item("the record id", name);
            return Ok(());
        }
        let left_out = if options.skip_fields.iter().any(|f| f == name) {
            Some("left out by the option skip_fields".to_owned())
        } else if !options.forms.is_empty() && !options.forms.iter().any(|f| f == form) {
            Some(format!("its form {form:?} is not among the option forms"))
        } else {
            None
        };
        if let Some(reason) = left_out {
            self.log.excluded.push(ExcludedRow {
                line,
                id: Some(name.to_owned()),
                reason,
            });
            return Ok(());
        }
        let scale = match kind.to_ascii_lowercase().as_str() {
            "radio" | "dropdown" => choice_scale(h, record, line, name)?,
            "yesno" => two_codes("No", "Yes"),
            "truefalse" => two_codes("False", "True"),
            "slider" => slider_scale(h, record, line, name)?,
            "" => {
                self.not_item("no field type", name);
                return Ok(());
            }
            other => {
                self.not_item(&format!("{other} fields"), name);
                return Ok(());
            }
        };
        let (scale_id, section) = self.place(h, record, line, name, form, scale)?;
        if !h.cell(record, BRANCHING).is_empty() {
            self.branching.push(name.to_owned());
        }
        let label = h.cell(record, LABEL);
        self.items.push(Item {
            id: name.to_owned(),
            text: (!label.is_empty()).then(|| label.to_owned()),
            response_scale: Some(scale_id),
            reverse: false,
            weight: 1.0,
            measures: Vec::new(),
            section: Some(section),
            private: false,
            alerts: Vec::new(),
        });
        self.log.columns.push(ColumnUse {
            column: name.to_owned(),
            item: name.to_owned(),
            recoded: 0,
        });
        self.log.rows_kept += 1;
        Ok(())
    }

    fn not_item(&mut self, why: &str, name: &str) {
        self.log.ignored_columns.push(name.to_owned());
        match self.not_item_at.get(why) {
            Some(&k) => self.not_items[k].1.push(name.to_owned()),
            None => {
                self.not_item_at
                    .insert(why.to_owned(), self.not_items.len());
                self.not_items.push((why.to_owned(), vec![name.to_owned()]));
            }
        }
    }

    /// The item's response scale id and section: its matrix group's (the
    /// group's first field sets the scale, the others must repeat it), else
    /// a scale of its own (shared with an earlier field that has the same
    /// one) in its form's section.
    fn place(
        &mut self,
        h: &Header,
        record: &csv::StringRecord,
        line: u64,
        name: &str,
        form: &str,
        scale: ResponseScale,
    ) -> Result<(String, String), ReadError> {
        let group = h.cell(record, MATRIX);
        if group.is_empty() {
            let id = match self.scale_at.get(&scale_key(&scale)) {
                Some(&k) => self.scales[k].id.clone(),
                None => self.add_scale(name, scale),
            };
            let section = self.section(form, form, None);
            return Ok((id, section));
        }
        if let Some((k, section, first)) = self.groups.get(group) {
            if !same_scale(&self.scales[*k], &scale) {
                let text = h.cell(record, CHOICES);
                return Err(h.error(
                    CHOICES,
                    line,
                    name,
                    text,
                    format!(
                        "its choices differ from those of {first:?}, the first field of its matrix group {group:?} (a matrix group shares one set of choices)"
                    ),
                ));
            }
            return Ok((self.scales[*k].id.clone(), section.clone()));
        }
        let id = self.add_scale(group, scale);
        let wanted = if self.section_ids.contains(group) || group == form {
            format!("{form}.{group}")
        } else {
            group.to_owned()
        };
        let description = format!("Matrix group {group:?} of form {form:?}");
        let section = self.section(&wanted, group, Some(description));
        let k = self.scales.len() - 1;
        self.groups
            .insert(group.to_owned(), (k, section.clone(), name.to_owned()));
        Ok((id, section))
    }

    /// Add `scale` under an id made from `name`, unique among the scales.
    fn add_scale(&mut self, name: &str, mut scale: ResponseScale) -> String {
        let mut id = name.to_owned();
        if self.scale_ids.contains(&id) {
            // The lowest free suffix from 2: those below the last one
            // tried for this name are still taken.
            let n = self.suffixes.entry(name.to_owned()).or_insert(1);
            loop {
                *n += 1;
                id = format!("{name}-{n}");
                if !self.scale_ids.contains(&id) {
                    break;
                }
            }
        }
        self.scale_ids.insert(id.clone());
        self.scale_at
            .entry(scale_key(&scale))
            .or_insert(self.scales.len());
        scale.id.clone_from(&id);
        self.scales.push(scale);
        id
    }

    /// The section `id` (added on first use).
    fn section(&mut self, id: &str, title: &str, description: Option<String>) -> String {
        if self.section_ids.insert(id.to_owned()) {
            self.sections.push(Section {
                id: id.to_owned(),
                title: title.to_owned(),
                opt_in: false,
                description,
            });
        }
        id.to_owned()
    }

    /// The instrument, validated; the notes of the log.
    fn finish(
        mut self,
        options: &RedcapDictionaryOptions,
    ) -> Result<(Instrument, ImportLog), ReadError> {
        let mut not_items = Vec::new();
        for (why, names) in &self.not_items {
            not_items.push(format!("{why}: {}", names.join(", ")));
        }
        for line in &not_items {
            self.log.notes.push(format!("not an item ({line})"));
        }
        if !self.branching.is_empty() {
            self.log.notes.push(format!(
                "branching logic is not carried over (a hidden field is read as unanswered): {}",
                self.branching.join(", ")
            ));
        }
        if self.items.is_empty() {
            return Err(ReadError::new(
                ReadProblem::Layout,
                format!(
                    "no field of the dictionary is an item (radio, dropdown, yesno, truefalse or slider); {}",
                    if not_items.is_empty() {
                        "it has no fields".to_owned()
                    } else {
                        format!("not items: {}", not_items.join("; "))
                    }
                ),
            ));
        }
        let mut description = format!(
            "Read from a REDCap data dictionary: {} item(s) in {} section(s).",
            self.items.len(),
            self.sections.len()
        );
        if !not_items.is_empty() {
            description.push_str(&format!(
                " Fields that are not items: {}.",
                self.not_items_described(&not_items)
            ));
        }
        let inst = Instrument {
            id: options.id.clone().unwrap_or_else(|| "redcap".into()),
            version: options.version.clone().unwrap_or_else(|| "1".into()),
            title: options
                .title
                .clone()
                .unwrap_or_else(|| "REDCap data dictionary".into()),
            description: Some(description),
            citation: None,
            licence: "As given by the REDCap project the data dictionary comes from".into(),
            verification: Verification {
                status: VerificationStatus::Unverified,
                note: Some(
                    "Read from a REDCap data dictionary: the items, choice codes and labels are \
                     the project's own, not checked against any publication; it has no scales \
                     until they are added."
                        .into(),
                ),
            },
            facts: Vec::new(),
            item_listing: None,
            note: None,
            default_response_scale: None,
            response_scales: self.scales,
            items: self.items,
            scales: Vec::new(),
            cutoffs: Vec::new(),
            sections: self.sections,
            forms: Vec::new(),
            report_rules: ReportRules::default(),
            models: Vec::new(),
            translations: std::collections::BTreeMap::new(),
        };
        let problems = inst.problems();
        if let Some(first) = problems.first() {
            let all: Vec<String> = problems
                .iter()
                .map(|p| format!("{}: {}", p.path, p.message))
                .collect();
            let mut e = ReadError::new(
                ReadProblem::Layout,
                format!(
                    "the dictionary does not make a valid instrument: {}",
                    all.join("; ")
                ),
            );
            e.at.option = (first.path == "id").then(|| "id".to_owned());
            return Err(e);
        }
        Ok((inst, self.log))
    }
}

impl Build {
    /// The fields that are not items, for the instrument's description: by
    /// name, or (a dictionary of very many) their number per kind, or in
    /// all, so that the description stays a valid text of at most
    /// [`DESCRIBED_NOT_ITEMS`] bytes; the log names every one.
    fn not_items_described(&self, not_items: &[String]) -> String {
        let named = not_items.join("; ");
        if named.len() <= DESCRIBED_NOT_ITEMS {
            return named;
        }
        let counted: Vec<String> = self
            .not_items
            .iter()
            .map(|(why, names)| format!("{why}: {}", names.len()))
            .collect();
        let counted = counted.join("; ");
        if counted.len() <= DESCRIBED_NOT_ITEMS {
            return format!("{counted} (named in the import log)");
        }
        let n: usize = self.not_items.iter().map(|(_, names)| names.len()).sum();
        format!(
            "{n} fields of {} kinds (named in the import log)",
            self.not_items.len()
        )
    }
}

/// The most bytes the instrument's description spends on the fields that
/// are not items (a text may have at most 1 MiB).
const DESCRIBED_NOT_ITEMS: usize = 64 << 10;

/// Whether two response scales allow the same answers with the same labels.
fn same_scale(a: &ResponseScale, b: &ResponseScale) -> bool {
    a.min == b.min
        && a.max == b.max
        && a.effective_step() == b.effective_step()
        && a.labels == b.labels
}

/// A scale of 0 and 1 with these labels.
fn two_codes(zero: &str, one: &str) -> ResponseScale {
    let mut scale = bare_scale(0.0, 1.0);
    scale.labels = vec![label(0.0, zero), label(1.0, one)];
    scale
}

fn bare_scale(min: f64, max: f64) -> ResponseScale {
    ResponseScale {
        id: String::new(),
        min,
        max,
        step: None,
        continuous: false,
        labels: Vec::new(),
        not_applicable: None,
        printed: Vec::new(),
    }
}

fn label(value: f64, text: &str) -> ScaleLabel {
    ScaleLabel {
        value,
        label: text.to_owned(),
    }
}

/// A radio or dropdown field's choices (`1, Label | 2, Label`) as a response
/// scale: numeric codes, evenly spaced, so that the scale allows exactly
/// them.
fn choice_scale(
    h: &Header,
    record: &csv::StringRecord,
    line: u64,
    name: &str,
) -> Result<ResponseScale, ReadError> {
    let text = h.cell(record, CHOICES);
    let fail = |message: String| h.error(CHOICES, line, name, text, message);
    let mut labels: Vec<ScaleLabel> = Vec::new();
    for choice in text
        .split(['|', '\n'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        let Some((code, words)) = choice.split_once(',') else {
            return Err(fail(format!(
                "choice {choice:?} has no code (REDCap writes each choice as \"code, label\")"
            )));
        };
        let code = code.trim();
        let value = match code.parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            _ => {
                let mut e = fail(format!(
                    "choice code {code:?} is not a number; an item's answers are numbers, so recode the choices in REDCap or leave the field out with the option skip_fields"
                ));
                e.at.text = Some(code.to_owned());
                return Err(e);
            }
        };
        if labels.iter().any(|l| l.value == value) {
            return Err(fail(format!("choice code {code:?} is given twice")));
        }
        labels.push(label(value, words.trim()));
    }
    labels.sort_by(|a, b| a.value.total_cmp(&b.value));
    let (Some(first), Some(last)) = (labels.first(), labels.last()) else {
        return Err(fail("a radio or dropdown field with no choices".into()));
    };
    if labels.len() < 2 {
        return Err(fail(
            "a single choice makes no response scale (its min and max would be equal); leave the field out with the option skip_fields".into(),
        ));
    }
    let step = labels[1].value - first.value;
    let even = labels
        .windows(2)
        .all(|w| ((w[1].value - w[0].value) - step).abs() <= 1e-9 * step.abs().max(1.0));
    if !even {
        let codes: Vec<String> = labels.iter().map(|l| l.value.to_string()).collect();
        return Err(fail(format!(
            "its choice codes {} are not evenly spaced; a response scale allows every step from its min to its max, so it could not refuse the values in between: recode the choices in REDCap, or leave the field out with the option skip_fields",
            codes.join(", ")
        )));
    }
    let mut scale = bare_scale(first.value, last.value);
    scale.step = (step != 1.0).then_some(step);
    labels.retain(|l| !l.label.is_empty());
    scale.labels = labels;
    Ok(scale)
}

/// A slider: continuous from 0 to 100, or between its validation min and
/// max; its labels (`left | middle | right`) at the ends and the middle.
fn slider_scale(
    h: &Header,
    record: &csv::StringRecord,
    line: u64,
    name: &str,
) -> Result<ResponseScale, ReadError> {
    let bound = |k: usize, default: f64| -> Result<f64, ReadError> {
        let text = h.cell(record, k);
        if text.is_empty() {
            return Ok(default);
        }
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(h.error(
                k,
                line,
                name,
                text,
                format!("the slider's bound {text:?} is not a number"),
            )),
        }
    };
    let (min, max) = (bound(MIN, 0.0)?, bound(MAX, 100.0)?);
    if min >= max {
        let text = h.cell(record, MAX);
        return Err(h.error(
            MAX,
            line,
            name,
            text,
            format!("the slider's min ({min}) is not below its max ({max})"),
        ));
    }
    let mut scale = bare_scale(min, max);
    scale.continuous = true;
    let words: Vec<&str> = h.cell(record, CHOICES).split('|').map(str::trim).collect();
    let at: &[f64] = match words.len() {
        3 => &[min, (min + max) / 2.0, max],
        2 => &[min, max],
        _ => &[min],
    };
    for (&value, text) in at.iter().zip(&words) {
        if !text.is_empty() {
            scale.labels.push(label(value, text));
        }
    }
    Ok(scale)
}

impl Instrument {
    /// An instrument from a REDCap data dictionary (see
    /// [`instrument_from_redcap_dictionary`]).
    pub fn from_redcap_dictionary(
        bytes: &[u8],
        options: &RedcapDictionaryOptions,
    ) -> Result<Instrument, ReadError> {
        instrument_from_redcap_dictionary(bytes, options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "Variable / Field Name,Form Name,Field Type,Field Label,\"Choices, Calculations, OR Slider Labels\",Text Validation Min,Text Validation Max,Matrix Group Name\n";

    fn ok(read: Result<(Instrument, ImportLog), ReadError>) -> (Instrument, ImportLog) {
        read.unwrap_or_else(|e| panic!("{e}"))
    }

    fn read(rows: &str) -> Result<(Instrument, ImportLog), ReadError> {
        let text = format!("{HEAD}record_id,f,text,ID,,,,\n{rows}");
        instrument_from_redcap_dictionary_with_log(
            text.as_bytes(),
            &RedcapDictionaryOptions::default(),
        )
    }

    #[test]
    fn steps_and_labels_come_from_the_codes() {
        let (inst, log) = ok(read("a,f,radio,A,\"0, none | 2, some | 4, much\",,,\n"));
        let rs = &inst.response_scales[0];
        assert_eq!((rs.min, rs.max, rs.step), (0.0, 4.0, Some(2.0)));
        assert!(rs.allows(2.0) && !rs.allows(1.0));
        assert_eq!(log.ignored_columns, ["record_id"]);
    }

    #[test]
    fn uneven_and_textual_codes_are_refused() {
        let e = read("a,f,radio,A,\"1, x | 2, y | 9, z\",,,\n").err();
        let e = e.map(|e| (e.code(), e.at.line, e.at.item.clone()));
        assert_eq!(e, Some(("invalid-value", Some(3), Some("a".to_owned()))));
        let e = read("a,f,dropdown,A,\"1, x | b, y\",,,\n").err();
        assert_eq!(e.and_then(|e| e.at.text.clone()).as_deref(), Some("b"));
    }

    #[test]
    fn a_radio_field_needs_the_choices_column() {
        let text = "Variable / Field Name,Form Name,Field Type,Choices\nrecord_id,f,text,\nr,f,radio,\"1, a | 2, b\"\n";
        let e =
            instrument_from_redcap_dictionary(text.as_bytes(), &RedcapDictionaryOptions::default())
                .err();
        let e = e.map(|e| (e.code(), e.at.line, e.at.column_name.clone()));
        let choices = "Choices, Calculations, OR Slider Labels".to_owned();
        assert_eq!(e, Some(("layout", Some(3), Some(choices))));
    }

    #[test]
    fn a_slider_takes_its_validation_bounds() {
        let (inst, _) = ok(read("s,f,slider,S,\"low | | high\",-5,5,\n"));
        let rs = &inst.response_scales[0];
        assert!(rs.continuous);
        assert_eq!((rs.min, rs.max, rs.labels.len()), (-5.0, 5.0, 2));
        assert_eq!(rs.labels[1].value, 5.0);
    }

    #[test]
    fn many_fields_of_one_name_are_refused_in_linear_time() {
        // Found with fuzz/io_read_pathological.py: every field named "q",
        // each with its own choices, made the scale ids q, q-2, q-3, ...
        // by trying every suffix from 2 against every scale (cubic: 5,000
        // fields took 76 s) before validation refused the repeated item id
        // (fuzz/regressions/io_read/r2-dictionary-one-name-many-scales).
        let rows: String = (1..=3000)
            .map(|k| format!("q,f,radio,Q,\"0, a | {k}, b\",,,\n"))
            .collect();
        let start = std::time::Instant::now();
        let e = read(&rows).err();
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
        assert_eq!(e.map(|e| e.code()), Some("layout"));
    }

    #[test]
    fn scale_ids_take_the_lowest_free_suffix() {
        let (inst, _) = ok(read(
            "a-2,f,radio,A,\"1, x | 2, y\",,,\na,f,radio,A,\"1, x | 3, y\",,,\nb,f,radio,B,\"1, x | 4, y\",,,a\nc,f,radio,C,\"1, x | 2, y\",,,\n",
        ));
        let ids: Vec<&str> = inst.response_scales.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["a-2", "a", "a-3"]);
        let of = |i: usize| inst.items[i].response_scale.as_deref();
        assert_eq!((of(2), of(3)), (Some("a-3"), Some("a-2")));
        assert_eq!(inst.items[2].section.as_deref(), Some("a"));
    }

    #[test]
    fn a_dictionary_of_very_many_other_fields_still_makes_an_instrument() {
        // Found with fuzz/io_read_pathological.py: the description named
        // every field that is not an item, and past 1 MiB of names the
        // instrument was refused as invalid (a text too long).
        let mut rows = String::from("q,f,yesno,Q,,,,\n");
        for k in 0..70_000 {
            rows.push_str(&format!("text_field_{k},f,text,T,,,,\n"));
        }
        let (inst, log) = ok(read(&rows));
        let description = inst.description.unwrap_or_default();
        assert!(
            description.contains("text fields: 70000 (named in the import log)"),
            "{description}"
        );
        assert_eq!(log.ignored_columns.len(), 70_001);
        let mut rows = String::from("q,f,yesno,Q,,,,\n");
        for k in 0..20_000 {
            rows.push_str(&format!("t{k},f,type{k},T,,,,\n"));
        }
        let (inst, _) = ok(read(&rows));
        let description = inst.description.unwrap_or_default();
        assert!(
            description.contains("20001 fields of 20001 kinds"),
            "{description}"
        );
    }
}
