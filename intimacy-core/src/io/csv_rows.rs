//! CSV exports, one record at a time: the header rows of the format, then
//! one respondent per record, each cell mapped (value map, missing codes) and
//! checked against its item's declared response scale.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::qualtrics::{self, Layout, RowFilter};
use super::{
    ColumnUse, ExcludedRow, ImportLog, Imported, MissingColumns, OptionPositions, ReadError,
    ReadOptions, ReadProblem, Rows,
};
use crate::instrument::{Instrument, ResponseScale};
use crate::ordered::OrderedMap;

/// The CSV layouts [`CsvRows`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CsvFormat {
    /// One header row of column names, then one respondent per row.
    Csv,
    /// A Qualtrics export: three header rows (column ids, question texts,
    /// ImportId JSON), or two in the legacy layout. Items are matched on the
    /// column ids only, never on the question texts.
    Qualtrics,
    /// A REDCap raw data export: one header row of field names; the record
    /// id, event, repeating instrument, instance and data access group are
    /// the keys; `_complete` and checkbox (`field___code`) columns are left
    /// out.
    Redcap,
}

impl CsvFormat {
    /// The format's name in logs and options.
    pub fn as_str(self) -> &'static str {
        match self {
            CsvFormat::Csv => "csv",
            CsvFormat::Qualtrics => "qualtrics",
            CsvFormat::Redcap => "redcap",
        }
    }
}

/// What one input column is.
#[derive(Debug, Clone, Copy)]
enum Role {
    /// Not read.
    Ignored,
    /// Key column `k` (the id is key 0).
    Key(usize),
    /// Item `i` of the instrument.
    Item(usize),
}

/// Which value map an item's cells go through.
#[derive(Debug, Clone, Copy)]
enum MapRef {
    None,
    Global,
    /// The item's own, by its position in `item_values`.
    Item(usize),
}

/// How the cells of each column are read, decided once from the header.
#[derive(Debug)]
struct Plan<'i> {
    names: Vec<String>,
    roles: Vec<Role>,
    /// Per item: its response scale, and its value map (item's own, else the global one).
    scales: Vec<Option<&'i ResponseScale>>,
    maps: Vec<MapRef>,
    /// Per item: the log entry index in `ImportLog::columns`.
    log_index: Vec<Option<usize>>,
    /// Whether row numbers stand in for ids (no id column).
    numbered: bool,
    /// The id column, for the log of rows left out.
    id_column: Option<usize>,
    /// Qualtrics: the rows kept.
    filter: Option<RowFilter>,
}

/// REDCap's key columns after the record id, in the order of `key_names`.
const REDCAP_KEYS: [&str; 4] = [
    "redcap_event_name",
    "redcap_repeat_instrument",
    "redcap_repeat_instance",
    "redcap_data_access_group",
];

/// The header's column names, looked up by name.
struct Names<'h> {
    /// The first header row (column ids).
    row: &'h [String],
    by_name: HashMap<&'h str, usize>,
    duplicated: HashMap<&'h str, usize>,
    /// Legacy Qualtrics: the second row's names of the `V1`, `V2`, ...
    /// metadata columns.
    meta: HashMap<&'h str, usize>,
    /// The line of the first header row.
    line: u64,
}

impl<'h> Names<'h> {
    fn new(header: &'h [Vec<String>], layout: Option<Layout>, line: u64) -> Self {
        let row = header[0].as_slice();
        let mut by_name = HashMap::with_capacity(row.len());
        let mut duplicated = HashMap::new();
        for (c, n) in row.iter().enumerate() {
            if by_name.insert(n.as_str(), c).is_some() {
                duplicated.insert(n.as_str(), c);
            }
        }
        let mut meta = HashMap::new();
        if layout == Some(Layout::Legacy) {
            for (c, n) in row.iter().enumerate() {
                if qualtrics::is_legacy_meta(n)
                    && let Some(text) = header[1].get(c)
                {
                    meta.entry(text.trim()).or_insert(c);
                }
            }
        }
        Names {
            row,
            by_name,
            duplicated,
            meta,
            line,
        }
    }

    /// The column named `name` in the first row (`what` it is for, in the
    /// message when two columns share the name).
    fn find(&self, name: &str, what: &str) -> Result<Option<usize>, ReadError> {
        if let Some(&c) = self.duplicated.get(name) {
            return Err(ReadError::new(
                ReadProblem::DuplicateColumn,
                format!("two columns are named {name:?} ({what})"),
            )
            .at_line(self.line)
            .in_column(c, name));
        }
        Ok(self.by_name.get(name).copied())
    }

    /// A metadata column (id, `Finished`, `Status`): by its first-row name,
    /// else (legacy Qualtrics) by the second-row name of a `V` column.
    fn find_meta(&self, name: &str, what: &str) -> Result<Option<usize>, ReadError> {
        Ok(self
            .find(name, what)?
            .or_else(|| self.meta.get(name).copied()))
    }
}

/// A CSV export read one record at a time, so that a file of any size is
/// scored in chunks with bounded memory. The caller parses the CSV (the
/// library does no I/O) and passes each record's fields with its line.
///
/// ```
/// use intimacy_core::{Instrument, io::{CsvFormat, CsvRows, ReadOptions, Rows}};
/// let ras = Instrument::builtin("ras").unwrap();
/// let mut reader = CsvRows::new(&ras, CsvFormat::Csv, &ReadOptions::default()).unwrap();
/// let mut rows = Rows::default();
/// let header = ["ras1", "ras2", "ras3", "ras4", "ras5", "ras6", "ras7"];
/// reader.record(header.iter().map(|s| s.as_bytes()), 1, &mut rows).unwrap();
/// let answers = ["5", "4", "4", "2", "4", "5", ""];
/// reader.record(answers.iter().map(|s| s.as_bytes()), 2, &mut rows).unwrap();
/// assert_eq!(rows.len(), 1);
/// assert!(rows.row(0)[6].is_nan());
/// let bad = ["0", "4", "4", "2", "4", "5", "1"];
/// let e = reader.record(bad.iter().map(|s| s.as_bytes()), 3, &mut rows).unwrap_err();
/// assert_eq!((e.code(), e.at.line, e.at.column_name.as_deref(), e.at.text.as_deref()), ("invalid-value", Some(3), Some("ras1"), Some("0")));
/// ```
#[derive(Debug)]
pub struct CsvRows<'i> {
    instrument: &'i Instrument,
    format: CsvFormat,
    options: ReadOptions,
    /// Header records seen so far (before the plan is made).
    header: Vec<Vec<String>>,
    /// The line of the first header record.
    header_line: u64,
    /// The earliest line the next record can start on: the last record's
    /// line, plus the line breaks inside its cells, plus one.
    next_line: u64,
    plan: Option<Plan<'i>>,
    key_names: Vec<String>,
    log: ImportLog,
    /// Respondent rows read so far (0-based index of the next one).
    row: usize,
    /// Scratch: the current record's fields.
    cells: Vec<(usize, usize)>,
    buf: Vec<u8>,
}

impl<'i> CsvRows<'i> {
    /// A reader of `format` for `instrument`. Options that name items the
    /// instrument does not have are refused here.
    pub fn new(
        instrument: &'i Instrument,
        format: CsvFormat,
        options: &ReadOptions,
    ) -> Result<Self, ReadError> {
        for item in options.columns.keys().chain(options.item_values.keys()) {
            if instrument.item(item).is_none() {
                return Err(ReadError::new(
                    ReadProblem::InvalidOption,
                    format!("no item {item:?} in instrument {:?}", instrument.id),
                )
                .for_option(format!("columns.{item}"))
                .for_item(item));
            }
        }
        Ok(CsvRows {
            instrument,
            format,
            options: options.clone(),
            header: Vec::new(),
            header_line: 0,
            next_line: 1,
            plan: None,
            key_names: Vec::new(),
            log: ImportLog {
                format: format.as_str().into(),
                ..ImportLog::default()
            },
            row: 0,
            cells: Vec::new(),
            buf: Vec::new(),
        })
    }

    /// The key columns' names (known once the header is read).
    pub fn key_names(&self) -> &[String] {
        &self.key_names
    }

    /// Whether the header has been read (the rows can be made).
    pub fn ready(&self) -> bool {
        self.plan.is_some()
    }

    /// Empty rows shaped for this reader's output (call once the header is read).
    pub fn rows(&self) -> Rows {
        Rows::new(self.instrument, self.key_names.clone())
    }

    /// Read one record: a header record until the format's header is
    /// complete, then one respondent, appended to `out` (which must come from
    /// [`CsvRows::rows`] or have the same columns). `line` is the record's
    /// 1-based line in the file, for messages. A line earlier than the
    /// previous record's end is taken as that end: the csv crate (1.3) gives
    /// the line of a record that follows a CRLF line end one short
    /// (BurntSushi/rust-csv#395), and so its `Position::line` can be passed
    /// as it is.
    ///
    /// A Qualtrics export's third record decides its layout: ImportId JSON
    /// (three header rows) or, in the legacy layout of two header rows, the
    /// first response, which is then read as one.
    pub fn record<'a>(
        &mut self,
        fields: impl IntoIterator<Item = &'a [u8]>,
        line: u64,
        out: &mut Rows,
    ) -> Result<(), ReadError> {
        let line = line.max(self.next_line);
        if self.plan.is_some() {
            return self.data_record(fields, line, out);
        }
        let mut record = header_record(fields, line)?;
        if self.header.is_empty()
            && let Some(first) = record.first_mut()
            && let Some(rest) = first.strip_prefix('\u{feff}')
        {
            *first = rest.to_owned();
        }
        let breaks = record
            .iter()
            .map(|c| line_breaks(c.as_bytes()))
            .sum::<u64>();
        self.next_line = line + breaks + 1;
        if self.header.is_empty() {
            self.header_line = line;
        }
        self.header.push(record);
        if self.header.len() < self.header_rows() {
            return Ok(());
        }
        let first_response = match self.format {
            CsvFormat::Qualtrics if qualtrics::layout_of(&self.header[2]) == Layout::Legacy => {
                self.header.pop()
            }
            _ => None,
        };
        self.make_plan()?;
        if out.items.is_empty() && out.key_names.is_empty() {
            *out = self.rows();
        }
        match first_response {
            Some(cells) => self.data_record(cells.iter().map(String::as_bytes), line, out),
            None => Ok(()),
        }
    }

    /// Header records the format has before its first respondent (at most:
    /// a legacy Qualtrics export has two).
    fn header_rows(&self) -> usize {
        match self.format {
            CsvFormat::Csv | CsvFormat::Redcap => 1,
            CsvFormat::Qualtrics => 3,
        }
    }

    /// Decide each column's role from the header.
    fn make_plan(&mut self) -> Result<(), ReadError> {
        let layout = (self.format == CsvFormat::Qualtrics).then_some(if self.header.len() >= 3 {
            Layout::Current
        } else {
            Layout::Legacy
        });
        let mut header = std::mem::take(&mut self.header);
        let names = Names::new(&header, layout, self.header_line);
        let mut roles = vec![Role::Ignored; names.row.len()];
        let id_column = self.plan_keys(&names, &mut roles)?;
        let (scales, maps, log_index) = self.plan_items(&names, &mut roles)?;
        let filter = self.plan_filter(&names)?;
        for (c, role) in roles.iter().enumerate() {
            if matches!(role, Role::Ignored) {
                self.log.ignored_columns.push(names.row[c].clone());
            }
        }
        drop(names);
        self.note_format(layout);
        self.plan = Some(Plan {
            names: header.swap_remove(0),
            roles,
            scales,
            maps,
            log_index,
            numbered: id_column.is_none(),
            id_column,
            filter,
        });
        Ok(())
    }

    /// The key columns: the id (as the option says, else the format's
    /// default; a plain CSV without one numbers its rows), then REDCap's
    /// event, repeating instrument, instance and data access group.
    fn plan_keys(&mut self, names: &Names, roles: &mut [Role]) -> Result<Option<usize>, ReadError> {
        let id = match (&self.options.id_column, self.format) {
            (Some(id), _) => match names.find_meta(id, "the id column")? {
                Some(c) => Some((c, id.clone())),
                None => {
                    return Err(ReadError::new(
                        ReadProblem::MissingColumn,
                        format!("no column {id:?} for the respondent id (option id_column)"),
                    )
                    .at_line(names.line)
                    .for_option("id_column"));
                }
            },
            (None, CsvFormat::Csv) => None,
            (None, CsvFormat::Qualtrics) => Some(qualtrics_id(names)?),
            (None, CsvFormat::Redcap) => match names.row.first() {
                Some(first) if !first.trim().is_empty() => {
                    names.find(first, "the record id")?;
                    Some((0, first.clone()))
                }
                _ => {
                    return Err(ReadError::new(
                        ReadProblem::Layout,
                        "the first column has no name: a REDCap export starts with the record id field",
                    )
                    .at_line(names.line));
                }
            },
        };
        match &id {
            Some((c, name)) => {
                roles[*c] = Role::Key(0);
                self.key_names.push(name.clone());
            }
            None => self.key_names.push("row".into()),
        }
        if self.format == CsvFormat::Redcap {
            for name in REDCAP_KEYS {
                if let Some(c) = names.find(name, "a REDCap key column")?
                    && matches!(roles[c], Role::Ignored)
                {
                    roles[c] = Role::Key(self.key_names.len());
                    self.key_names.push(name.into());
                }
            }
        }
        Ok(id.map(|(c, _)| c))
    }

    /// Each item's column (from the first header row only), response scale
    /// and value map.
    #[allow(clippy::type_complexity)] // three per-item vectors, named where the plan is made
    fn plan_items(
        &mut self,
        names: &Names,
        roles: &mut [Role],
    ) -> Result<
        (
            Vec<Option<&'i ResponseScale>>,
            Vec<MapRef>,
            Vec<Option<usize>>,
        ),
        ReadError,
    > {
        let inst = self.instrument;
        let mut scales = Vec::with_capacity(inst.items.len());
        let mut maps = Vec::with_capacity(inst.items.len());
        let mut log_index = vec![None; inst.items.len()];
        let item_scales = super::answer::item_scales(inst);
        for (i, item) in inst.items.iter().enumerate() {
            scales.push(item_scales[i]);
            let own = self.options.item_values.keys().position(|k| k == item.id);
            maps.push(match own {
                Some(k) => MapRef::Item(k),
                None if !self.options.values.is_empty() => MapRef::Global,
                None => MapRef::None,
            });
            let column = self
                .options
                .columns
                .get(&item.id)
                .map_or(item.id.as_str(), String::as_str);
            match names.find(column, &format!("item {:?}", item.id))? {
                Some(c) => {
                    let taken = match roles[c] {
                        Role::Item(j) => Some(format!("item {:?}", inst.items[j].id)),
                        Role::Key(k) => Some(format!("the key {:?}", self.key_names[k])),
                        Role::Ignored => None,
                    };
                    if let Some(other) = taken {
                        return Err(ReadError::new(
                            ReadProblem::DuplicateColumn,
                            format!(
                                "column {column:?} is given for both {other} and item {:?}",
                                item.id
                            ),
                        )
                        .at_line(names.line)
                        .in_column(c, column));
                    }
                    roles[c] = Role::Item(i);
                    log_index[i] = Some(self.log.columns.len());
                    self.log.columns.push(ColumnUse {
                        column: column.into(),
                        item: item.id.clone(),
                        recoded: 0,
                    });
                }
                None if self.options.missing_columns == MissingColumns::Missing => {
                    self.log.items_without_column.push(item.id.clone());
                }
                None => return Err(missing_item(&item.id, column, names.line)),
            }
        }
        Ok((scales, maps, log_index))
    }

    /// Qualtrics: the `Finished` and `Status` filters the options ask for.
    fn plan_filter(&mut self, names: &Names) -> Result<Option<RowFilter>, ReadError> {
        let options = &self.options;
        if !options.finished_only && options.keep_status.is_none() {
            return Ok(None);
        }
        if self.format != CsvFormat::Qualtrics {
            self.log.notes.push(format!(
                "the options finished_only and keep_status apply to Qualtrics exports; not used for {}",
                self.format.as_str()
            ));
            return Ok(None);
        }
        let column = |name: &str, option: &str| -> Result<usize, ReadError> {
            names.find_meta(name, option)?.ok_or_else(|| {
                let mut e = ReadError::new(
                    ReadProblem::MissingColumn,
                    format!("no column {name:?}, which the option {option} reads"),
                )
                .at_line(names.line)
                .for_option(option);
                e.at.column_name = Some(name.into());
                e
            })
        };
        let mut filter = RowFilter::default();
        if options.finished_only {
            filter.finished = Some(column("Finished", "finished_only")?);
        }
        if let Some(keep) = &options.keep_status {
            let c = column("Status", "keep_status")?;
            let (keys, unknown) = RowFilter::keep_keys(keep);
            if !unknown.is_empty() {
                self.log.notes.push(format!(
                    "keep_status lists {unknown:?}, which Qualtrics does not write as a status \
                     (codes 0, 1, 2, 4, 8, 9, 12, 16, 17, 32, 40, 48, or their texts): only a \
                     Status written exactly so is kept"
                ));
            }
            filter.status = Some((c, keys));
        }
        Ok(Some(filter))
    }

    /// The layout found (Qualtrics) and the columns a REDCap export has
    /// that are never items, in the notes.
    fn note_format(&mut self, layout: Option<Layout>) {
        if let Some(layout) = layout {
            self.log.format = layout.format().into();
            self.log.notes.push(layout.note().into());
        }
        if self.format != CsvFormat::Redcap {
            return;
        }
        let ignored = &self.log.ignored_columns;
        let listed = |pick: fn(&str) -> bool| -> Vec<&str> {
            ignored
                .iter()
                .map(String::as_str)
                .filter(|c| pick(c))
                .collect()
        };
        let complete = listed(|c| c.ends_with("_complete"));
        let checkbox = listed(|c| c.contains("___"));
        let mut notes = Vec::new();
        if !complete.is_empty() {
            notes.push(format!(
                "form status columns left out (REDCap's <form>_complete, not answers): {}",
                complete.join(", ")
            ));
        }
        if !checkbox.is_empty() {
            notes.push(format!(
                "checkbox columns left out (field___code, not items): {}",
                checkbox.join(", ")
            ));
        }
        self.log.notes.extend(notes);
    }

    /// One respondent's record.
    fn data_record<'a>(
        &mut self,
        fields: impl IntoIterator<Item = &'a [u8]>,
        line: u64,
        out: &mut Rows,
    ) -> Result<(), ReadError> {
        let Some(plan) = self.plan.as_ref() else {
            return Err(ReadError::new(ReadProblem::Layout, "no header").at_line(line));
        };
        let row = self.row;
        self.buf.clear();
        self.cells.clear();
        for f in fields {
            let start = self.buf.len();
            self.buf.extend_from_slice(f);
            self.cells.push((start, self.buf.len()));
        }
        // Set once the record is taken: a caller may hand a refused record
        // over again (with blanked cells) under the same line.
        let next_line = line + line_breaks(&self.buf) + 1;
        if self.cells.len() != plan.names.len() {
            return Err(ReadError::new(
                ReadProblem::RowLength,
                format!(
                    "{} cells where the header has {} columns",
                    self.cells.len(),
                    plan.names.len()
                ),
            )
            .at_row(row, line));
        }
        if self.excluded(line) {
            self.next_line = next_line;
            return Ok(());
        }
        let Some(plan) = self.plan.as_ref() else {
            return Ok(());
        };
        let n_items = out.items.len();
        let base = out.values.len();
        out.values.resize(base + n_items, f64::NAN);
        let nk = out.key_names.len();
        let key_base = out.keys.len();
        out.keys.resize(key_base + nk, String::new());
        if plan.numbered {
            out.keys[key_base] = (row + 1).to_string();
        }
        let refused = self.log.refused.len();
        if let Err(e) = self.cells_into(row, line, base, key_base, out) {
            out.values.truncate(base);
            out.keys.truncate(key_base);
            self.log.refused.truncate(refused);
            return Err(e);
        }
        out.opted_in.push(None);
        out.lines.push(line);
        self.next_line = next_line;
        self.row += 1;
        self.log.rows_read += 1;
        self.log.rows_kept += 1;
        Ok(())
    }

    /// The current record's cells into the row at `base` (values) and
    /// `key_base` (keys) of `out`, which the caller has made.
    fn cells_into(
        &mut self,
        row: usize,
        line: u64,
        base: usize,
        key_base: usize,
        out: &mut Rows,
    ) -> Result<(), ReadError> {
        let Some(plan) = self.plan.as_ref() else {
            return Ok(());
        };
        for (c, &(s, e)) in self.cells.iter().enumerate() {
            let raw = &self.buf[s..e];
            match plan.roles[c] {
                Role::Ignored => {}
                Role::Key(k) => {
                    let text = std::str::from_utf8(raw).map_err(|_| {
                        ReadError::new(ReadProblem::Syntax, "the id is not valid UTF-8")
                            .at_row(row, line)
                            .in_column(c, &plan.names[c])
                    })?;
                    let text = text.trim();
                    if k == 0 && text.is_empty() {
                        return Err(ReadError::new(
                            ReadProblem::MissingId,
                            "the respondent id is empty",
                        )
                        .at_row(row, line)
                        .in_column(c, &plan.names[c]));
                    }
                    out.keys[key_base + k] = text.to_owned();
                }
                Role::Item(i) => {
                    match read_cell(raw, plan.scales[i], self.map(plan.maps[i]), &self.options) {
                        Ok((x, recoded)) => {
                            out.values[base + i] = x;
                            if recoded && let Some(l) = plan.log_index[i] {
                                self.log.columns[l].recoded += 1;
                            }
                        }
                        Err((code, message)) => {
                            let err = ReadError::new(code, message)
                                .at_row(row, line)
                                .in_column(c, &plan.names[c])
                                .for_item(&self.instrument.items[i].id)
                                .with_text(String::from_utf8_lossy(raw));
                            let kept = usize::try_from(self.log.rows_kept).unwrap_or(usize::MAX);
                            super::refuse(&self.options, &mut self.log, err, kept)?;
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether the current record is a row an option leaves out (Qualtrics
    /// `Finished`, `Status`); if so it is counted and logged with its line,
    /// id and reason.
    fn excluded(&mut self, line: u64) -> bool {
        let Some(plan) = self.plan.as_ref() else {
            return false;
        };
        let Some(filter) = &plan.filter else {
            return false;
        };
        let (buf, cells) = (&self.buf, &self.cells);
        let cell = |c: usize| {
            let (s, e) = cells[c];
            &buf[s..e]
        };
        let Some(reason) = filter.exclusion(cell) else {
            return false;
        };
        let id = plan
            .id_column
            .map(|c| String::from_utf8_lossy(cell(c)).trim().to_owned());
        self.log.excluded.push(ExcludedRow { line, id, reason });
        self.row += 1;
        self.log.rows_read += 1;
        true
    }

    fn map(&self, m: MapRef) -> Option<&OrderedMap<f64>> {
        match m {
            MapRef::None => None,
            MapRef::Global => Some(&self.options.values),
            MapRef::Item(k) => self.options.item_values.get_index(k).map(|(_, m)| m),
        }
    }

    /// Move out the answers refused so far (option `invalid = "missing"`):
    /// a caller streaming a large file takes them with each chunk, so that
    /// the log stays small; the rest stay in the log [`CsvRows::finish`]
    /// gives.
    pub fn take_refused(&mut self) -> Vec<super::RefusedAnswer> {
        std::mem::take(&mut self.log.refused)
    }

    /// The record of what was read. An input that ended before its header
    /// was complete is a `layout` error (a legacy Qualtrics export with no
    /// response has its two header rows only, and is read as empty).
    pub fn finish(mut self) -> Result<ImportLog, ReadError> {
        self.end_of_input()?;
        Ok(self.log)
    }

    /// At the end of the input: the plan of a legacy Qualtrics export that
    /// had no response, or an error if the header is incomplete.
    fn end_of_input(&mut self) -> Result<(), ReadError> {
        if self.plan.is_none() && self.format == CsvFormat::Qualtrics && self.header.len() == 2 {
            self.make_plan()?;
        }
        if self.plan.is_none() {
            let expected = match self.format {
                CsvFormat::Qualtrics => "2 or 3 header rows",
                CsvFormat::Csv | CsvFormat::Redcap => "1 header row",
            };
            return Err(ReadError::new(
                ReadProblem::Layout,
                format!(
                    "the input ended before its header ({expected} expected for {})",
                    self.format.as_str()
                ),
            ));
        }
        Ok(())
    }
}

/// The line breaks in `bytes` (as the csv crate counts them: `\n`).
fn line_breaks(bytes: &[u8]) -> u64 {
    let n = bytes.iter().filter(|&&b| b == b'\n').count();
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// A header record as text.
fn header_record<'a>(
    fields: impl IntoIterator<Item = &'a [u8]>,
    line: u64,
) -> Result<Vec<String>, ReadError> {
    fields
        .into_iter()
        .enumerate()
        .map(|(c, f)| {
            std::str::from_utf8(f).map(str::to_owned).map_err(|_| {
                ReadError::new(ReadProblem::Syntax, "the header is not valid UTF-8")
                    .at_line(line)
                    .in_column(c, format!("#{}", c + 1))
            })
        })
        .collect()
}

/// A Qualtrics export's response id column, when the options name none:
/// `ResponseId`, or the legacy `ResponseID`.
fn qualtrics_id(names: &Names) -> Result<(usize, String), ReadError> {
    for name in ["ResponseId", "ResponseID"] {
        if let Some(c) = names.find_meta(name, "the response id")? {
            return Ok((c, name.to_owned()));
        }
    }
    Err(ReadError::new(
        ReadProblem::MissingColumn,
        "no column \"ResponseId\" (nor \"ResponseID\", its legacy name) for the response id: \
         name the id column with the option id_column",
    )
    .at_line(names.line)
    .for_option("id_column"))
}

/// An item without a column, when that is an error.
fn missing_item(item: &str, column: &str, line: u64) -> ReadError {
    let mut e = ReadError::new(
        ReadProblem::MissingColumn,
        format!(
            "no column {column:?} for item {item:?} (map it with the option columns, or allow missing_columns=\"missing\")"
        ),
    )
    .at_line(line)
    .for_item(item);
    e.at.column_name = Some(column.into());
    e
}

/// One cell as a number: empty or a missing code is NaN; text goes through
/// the value map; the result must be allowed by the item's response scale.
/// Returns the value and whether the map recoded it.
fn read_cell(
    raw: &[u8],
    scale: Option<&ResponseScale>,
    map: Option<&OrderedMap<f64>>,
    options: &ReadOptions,
) -> Result<(f64, bool), (ReadProblem, String)> {
    let missing = &options.missing_values;
    let text = std::str::from_utf8(raw)
        .map_err(|_| {
            (
                ReadProblem::Syntax,
                "the cell is not valid UTF-8".to_owned(),
            )
        })?
        .trim();
    if text.is_empty() || missing.iter().any(|m| m == text) {
        return Ok((f64::NAN, false));
    }
    let (x, recoded) = match map.and_then(|m| m.get(text)) {
        Some(&code) => (code, true),
        None => match text.parse::<f64>() {
            Ok(x) if x.is_finite() => (x, false),
            _ => {
                return Err((
                    ReadProblem::UnmappedValue,
                    format!(
                        "{text:?} is not a number and has no entry in the value map (option values or item_values)"
                    ),
                ));
            }
        },
    };
    let x = match options.option_positions {
        Some(base) => value_at(scale, x, base)?,
        None => x,
    };
    let from = recoded.then(|| format!("{text:?}"));
    super::answer::check_scale(scale, x, from.as_deref())
        .map_err(|m| (ReadProblem::InvalidValue, m))?;
    Ok((x, recoded))
}

/// The value of the option at position `x` (counted from `base`) of
/// `scale`, in printed order.
fn value_at(
    scale: Option<&ResponseScale>,
    x: f64,
    base: OptionPositions,
) -> Result<f64, (ReadProblem, String)> {
    let first = match base {
        OptionPositions::FromOne => 1.0,
        OptionPositions::FromZero => 0.0,
    };
    let position = (x == x.trunc() && x >= first && x < first + 1e6)
        .then(|| crate::numeric::saturating_usize(x - first + 1.0));
    position
        .and_then(|p| scale?.value_at_position(p))
        .ok_or_else(|| {
            let options = scale
                .and_then(|rs| rs.option_values(100_000))
                .map_or(0, |v| v.len());
            (
                ReadProblem::InvalidValue,
                format!(
                    "{x} is not an option position of the item's scale (option_positions: positions {first} to {} of {options} options)",
                    first + crate::numeric::count_f64(options) - 1.0
                ),
            )
        })
}

/// Read a whole CSV export of `format` (the text as bytes, UTF-8, with or
/// without a byte-order mark).
///
/// ```
/// use intimacy_core::{Instrument, io::{CsvFormat, ReadOptions, read_csv}};
/// let ras = Instrument::builtin("ras").unwrap();
/// let csv = "id,ras1,ras2,ras3,ras4,ras5,ras6,ras7\na,5,4,4,2,4,5,1\nb,3,3,3,3,3,3,\n";
/// let opts = ReadOptions { id_column: Some("id".into()), ..Default::default() };
/// let read = read_csv(&ras, CsvFormat::Csv, csv.as_bytes(), &opts).unwrap();
/// assert_eq!(read.rows.len(), 2);
/// assert_eq!(read.rows.key(1), ["b"]);
/// ```
pub fn read_csv(
    instrument: &Instrument,
    format: CsvFormat,
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<Imported, ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = CsvRows::new(instrument, format, options)?;
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut rows = Rows::default();
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, csv::Position::line);
                reader.record(record.iter(), line, &mut rows)?;
            }
            Err(e) => {
                let line = e.position().map(csv::Position::line);
                let mut err =
                    ReadError::new(ReadProblem::Syntax, format!("not well-formed CSV: {e}"));
                err.at.line = line;
                return Err(err);
            }
        }
    }
    reader.end_of_input()?;
    if rows.items.is_empty() && rows.key_names.is_empty() {
        rows = reader.rows();
    }
    let log = reader.finish()?;
    Ok(Imported { rows, log })
}
