//! JavaScript bindings of `intimacy-core` (the npm package `intimacy`).
//!
//! Conversion and error mapping only: every behaviour lives in the core.
//! Thrown values are always `Error` objects with a `code`; nothing here panics
//! on input, so a bad call never traps the wasm instance.

use intimacy_core::{
    Answer, Block, BlockData, BlockOptions, Chart, KeysOptions, Responses, ScoreOptions, Scorer,
    StageRef,
};
use js_sys::{Float64Array, Int16Array, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

#[cfg(feature = "io")]
mod io;
mod js;
#[cfg(feature = "psychometrics")]
mod psychometrics;
mod session;

pub use session::Session;

use js::{core_error, to_js, type_error};

#[wasm_bindgen(typescript_custom_section)]
const GENERATED_TYPES: &str = include_str!("types.generated.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// The library version.
#[wasm_bindgen]
pub fn version() -> String {
    intimacy_core::VERSION.to_owned()
}

/// The staged frameworks: seven-levels, five-levels, four-stages.
#[wasm_bindgen(unchecked_return_type = "Framework[]")]
pub fn frameworks() -> Result<JsValue, JsValue> {
    to_js(intimacy_core::frameworks())
}

/// The whole catalogue: sources, frameworks, crosswalk, kinds, ...
#[wasm_bindgen(unchecked_return_type = "Catalogue")]
pub fn catalogue() -> Result<JsValue, JsValue> {
    to_js(intimacy_core::catalogue())
}

/// The stages of framework `to` corresponding to `stage` of `framework`.
#[wasm_bindgen(unchecked_return_type = "Counterpart[]")]
pub fn counterparts(framework: &str, stage: &str, to: &str) -> Result<JsValue, JsValue> {
    to_js(&intimacy_core::catalogue().counterparts(&StageRef::new(framework, stage), to))
}

/// The names `Instrument.builtin` accepts; `registry()` lists them with their
/// status, licence note, citation and facts.
#[wasm_bindgen(js_name = builtinInstruments)]
pub fn builtin_instruments() -> Vec<String> {
    intimacy_core::builtin_instruments()
        .into_iter()
        .map(String::from)
        .collect()
}

/// Every built-in instrument with its status, licence, citation and facts.
/// In the `intimacy/full` build.
#[cfg(feature = "registry")]
#[wasm_bindgen(unchecked_return_type = "RegistryEntry[]")]
pub fn registry() -> Result<JsValue, JsValue> {
    to_js(&intimacy_core::registry())
}

/// The project's drawing of the IOS response options: an SVG radio group of
/// seven circle pairs (`data-value` 1..7). In the `intimacy/full` build.
#[cfg(feature = "registry")]
#[wasm_bindgen(js_name = iosSvg)]
pub fn ios_svg() -> String {
    intimacy_core::ios_svg().to_owned()
}

/// The locales a report's words can be written in (the `locale` option).
#[wasm_bindgen]
pub fn locales() -> Vec<String> {
    intimacy_core::locales()
        .into_iter()
        .map(String::from)
        .collect()
}

/// Every locale (built in, then added by the app) with its review status and how many of the
/// English messages it has of its own.
#[wasm_bindgen(js_name = localeInfo, unchecked_return_type = "LocaleInfo[]")]
pub fn locale_info() -> Result<JsValue, JsValue> {
    js::to_js(&intimacy_core::locale_info())
}

/// The English messages a locale (built in or added) lacks (they fall back
/// to English); `undefined` for a locale the library does not have.
#[wasm_bindgen(js_name = missingMessages)]
pub fn missing_messages(locale: &str) -> Option<Vec<String>> {
    intimacy_core::missing_messages(locale)
}

/// Add the library's messages in another language (a `MessagesFile`, as
/// JSON text or an object), or replace the ones added before for that
/// locale; reports, sessions and the check-in element speak it from then
/// on, a missing key falling back to English. Throws a `MessagesError`
/// whose `problems` name every defect (a blank message, a dropped
/// placeholder, a key English lacks, the reserved `en`/`en-XA`).
#[wasm_bindgen(js_name = addMessages, unchecked_return_type = "LocaleInfo")]
pub fn add_messages(
    #[wasm_bindgen(unchecked_param_type = "string | MessagesFile")] messages: JsValue,
) -> Result<JsValue, JsValue> {
    let text = js::document_text(&messages, "messages")?;
    intimacy_core::add_messages(&text)
        .map_err(js::core_error)
        .and_then(|i| js::to_js(&i))
}

/// The library's messages in `locale` as a `MessagesFile`: every key, with
/// the locale's words where it has them and English where not; a
/// translator's template.
#[wasm_bindgen(js_name = messagesFile, unchecked_return_type = "MessagesFile")]
pub fn messages_file(locale: &str) -> Result<JsValue, JsValue> {
    intimacy_core::messages_file(locale)
        .map_err(js::core_error)
        .and_then(|f| js::to_js(&f))
}

/// The words of the `<intimacy-checkin>` element in `locale` (keys such as
/// `next`, `back`, `progress`; `{placeholders}` for the page to fill).
#[wasm_bindgen(js_name = checkinTexts, unchecked_return_type = "Record<string, string>")]
pub fn checkin_texts(locale: &str) -> Result<JsValue, JsValue> {
    intimacy_core::checkin_texts(locale)
        .map_err(js::core_error)
        .and_then(|t| js::to_js(&t))
}

/// The batch flag columns private to a respondent (safety and consent): a
/// joint (couple) output never carries them.
#[wasm_bindgen(js_name = privateFlagColumns)]
pub fn private_flag_columns() -> Vec<String> {
    intimacy_core::PRIVATE_FLAG_COLUMNS
        .iter()
        .map(|s| String::from(*s))
        .collect()
}

/// An assessment definition.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct Instrument {
    pub(crate) inner: intimacy_core::Instrument,
    scorers: intimacy_core::ScorerCache,
}

impl Instrument {
    pub(crate) fn wrap(inner: intimacy_core::Instrument) -> Instrument {
        Instrument {
            inner,
            scorers: intimacy_core::ScorerCache::default(),
        }
    }

    fn scorer(&self, options: &intimacy_core::ScoreOptions) -> Result<Scorer, JsValue> {
        self.scorers
            .scorer(&self.inner, options)
            .map_err(core_error)
    }
}

#[wasm_bindgen]
impl Instrument {
    /// A built-in instrument by name.
    pub fn builtin(name: &str) -> Result<Instrument, JsValue> {
        intimacy_core::Instrument::builtin(name)
            .map(Instrument::wrap)
            .map_err(core_error)
    }

    /// Read and validate an instrument from JSON text.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<Instrument, JsValue> {
        intimacy_core::Instrument::from_json(text)
            .map(Instrument::wrap)
            .map_err(core_error)
    }

    /// Build an instrument from psych-style keys: `{scale: ["q1", "-q2"]}`.
    #[wasm_bindgen(js_name = fromKeys)]
    pub fn from_keys(
        #[wasm_bindgen(unchecked_param_type = "Record<string, string[]>")] keys: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "KeysOptions")] options: JsValue,
    ) -> Result<Instrument, JsValue> {
        let keys = read_keys(&keys)?;
        let options = js::options::<KeysOptions>(&options)?;
        intimacy_core::Instrument::from_keys(keys, &options)
            .map(Instrument::wrap)
            .map_err(core_error)
    }

    /// The instrument restricted to one of its forms (e.g. `"short"`).
    #[wasm_bindgen(js_name = withForm)]
    pub fn with_form(&self, form: &str) -> Result<Instrument, JsValue> {
        self.inner
            .with_form(form)
            .map(Instrument::wrap)
            .map_err(core_error)
    }

    /// The instrument with a translation from a side file added: a JSON
    /// object with `instrument`, `version`, `locale`, `status` and the words
    /// `words` by path (`items.l1a`, `labels.agree.3`, `title`, ...).
    #[wasm_bindgen(js_name = withTranslation)]
    pub fn with_translation(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | TranslationFile")] text: JsValue,
    ) -> Result<Instrument, JsValue> {
        let text = js::document_text(&text, "the translation")?;
        self.inner
            .with_translation(&text)
            .map(Instrument::wrap)
            .map_err(core_error)
    }

    /// The instrument's words in `locale` as a side file (what
    /// `withTranslation` reads): every path, with the locale's words where
    /// its translations have them and the instrument's own where not; a
    /// translator's template.
    #[wasm_bindgen(js_name = translationFile, unchecked_return_type = "TranslationFile")]
    pub fn translation_file(&self, locale: &str) -> Result<JsValue, JsValue> {
        self.inner
            .translation_file(locale)
            .map_err(core_error)
            .and_then(|f| js::to_js(&f))
    }

    /// What the translation of `locale` lacks (`items.l1a`,
    /// `labels.agree.3`, `sections.screen.title`, `title`, ...).
    #[wasm_bindgen(js_name = missingTranslations)]
    pub fn missing_translations(&self, locale: &str) -> Vec<String> {
        self.inner.missing_translations(locale)
    }

    /// The instrument in the JSON instrument format.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The instrument as a plain object (camelCase fields).
    #[wasm_bindgen(js_name = toObject, unchecked_return_type = "InstrumentDefinition")]
    pub fn to_object(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner)
    }

    /// Score one respondent: `answers` maps item ids to numbers (null or
    /// absent = unanswered); `options` as in `ScoreOptions` (camelCase).
    pub fn score(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Record<string, number | null>")] answers: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions")] options: JsValue,
    ) -> Result<Report, JsValue> {
        let options = js::options::<ScoreOptions>(&options)?;
        let responses = read_answers(&answers)?;
        let scorer = self.scorer(&options)?;
        scorer
            .score(&responses)
            .map(|inner| Report { inner })
            .map_err(core_error)
    }

    /// Score many respondents at once: `values` holds `nRows` rows of answers
    /// (row-major unless `options.layout` is "column-major"), NaN (or
    /// `options.missingCode` for integer arrays, default 255 / -1) for
    /// unanswered; `options.columns` names the item of each column (default:
    /// the instrument's items in order). Returns typed-array columns.
    #[wasm_bindgen(js_name = scoreBatch, unchecked_return_type = "BatchScores")]
    pub fn score_batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | Uint8Array | Int16Array")]
        values: JsValue,
        #[wasm_bindgen(js_name = nRows)] n_rows: f64,
        #[wasm_bindgen(unchecked_optional_param_type = "BatchOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let rows = whole(n_rows, "nRows must be a whole number of rows")?;
        self.batch(|block| Cells::read(&values, block), rows, None, &options)
    }

    /// Score the answers of a [`BatchInput`], already in WebAssembly memory:
    /// `scoreBatch` without copying the cells in. Options as `scoreBatch`
    /// (`missingCode` does not apply: the cells are floats).
    #[wasm_bindgen(js_name = scoreBatchInput, unchecked_return_type = "BatchScores")]
    pub fn score_batch_input(
        &self,
        input: &BatchInput,
        #[wasm_bindgen(unchecked_optional_param_type = "BatchOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.batch(
            |_| Ok(Cells::Borrowed(&input.cells)),
            input.rows,
            Some(input.cols),
            &options,
        )
    }
}

impl Instrument {
    /// Both batch entry points: `rows` rows of `data`, `cols` columns when
    /// known (else from the cell count, or the column names / items).
    fn batch<'a>(
        &self,
        data: impl FnOnce(&BlockOptions) -> Result<Cells<'a>, JsValue>,
        rows: usize,
        cols: Option<usize>,
        options: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let request = js::block_options::<ScoreOptions>(options)?;
        let cells = data(&request.block)?;
        let data = cells.data();
        let columns = request.block.columns.as_deref();
        let cols = cols.unwrap_or_else(|| {
            data.len()
                .checked_div(rows)
                .unwrap_or_else(|| columns.map_or(self.inner.items.len(), <[String]>::len))
        });
        let block = Block {
            data,
            rows,
            cols,
            layout: request.block.layout,
        };
        let names: Option<Vec<&str>> = columns.map(|c| c.iter().map(String::as_str).collect());
        let scorer = self.scorer(&request.options)?;
        let out = scorer
            .score_batch(&block, names.as_deref())
            .map_err(core_error)?;
        js::batch_to_js(&out)
    }
}

/// A block of answers held in WebAssembly memory, to fill in place and score
/// with `instrument.scoreBatchInput(input)`: for large batches, this saves
/// copying every cell into WebAssembly memory on each call.
///
/// ```js
/// const input = new BatchInput(rows, instrument.items.length); // all NaN
/// input.values().set(myFloat64Array);   // or fill it row by row
/// const out = instrument.scoreBatchInput(input);
/// input.free();
/// ```
#[wasm_bindgen]
#[derive(Debug)]
pub struct BatchInput {
    cells: Vec<f64>,
    rows: usize,
    cols: usize,
}

#[wasm_bindgen]
impl BatchInput {
    /// `nRows` × `nCols` cells, every one unanswered (NaN).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(js_name = nRows)] n_rows: f64,
        #[wasm_bindgen(js_name = nCols)] n_cols: f64,
    ) -> Result<BatchInput, JsValue> {
        let rows = whole(n_rows, "nRows must be a whole number of rows")?;
        let cols = whole(n_cols, "nCols must be a whole number of columns")?;
        let len = rows
            .checked_mul(cols)
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| {
                type_error(&format!(
                    "{rows} rows × {cols} columns do not fit in WebAssembly memory"
                ))
            })?;
        let cells = copy_out(len, f64::NAN, |_| {})?;
        Ok(BatchInput { cells, rows, cols })
    }

    /// The cells, row-major (or column-major, scored with `layout:
    /// "column-major"`), as a `Float64Array` over WebAssembly memory: write
    /// the answers into it. The view is only good until the next call into
    /// this library (which may grow the memory and detach it): take a fresh
    /// one for each round of writing.
    pub fn values(&mut self) -> Float64Array {
        #[allow(unsafe_code)]
        // SAFETY: the view covers exactly the cells of this live Vec. It is
        // only invalidated by memory growth or by freeing this input, and
        // both are documented to end its use (a detached view reads as empty
        // in JS; it never reaches freed Rust memory through this crate, which
        // reads the cells only through `self.cells`).
        unsafe {
            Float64Array::view_mut_raw(self.cells.as_mut_ptr(), self.cells.len())
        }
    }

    /// Rows.
    #[wasm_bindgen(getter, js_name = nRows)]
    pub fn n_rows(&self) -> usize {
        self.rows
    }

    /// Columns.
    #[wasm_bindgen(getter, js_name = nCols)]
    pub fn n_cols(&self) -> usize {
        self.cols
    }
}

#[wasm_bindgen]
impl Instrument {
    /// The id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    /// The version.
    #[wasm_bindgen(getter)]
    pub fn version(&self) -> String {
        self.inner.version.clone()
    }

    /// The title.
    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.inner.title.clone()
    }

    /// The registry status: the weakest of the key's facts, or `authored`.
    /// In the `intimacy/full` build.
    #[cfg(feature = "registry")]
    #[wasm_bindgen(getter, unchecked_return_type = "KeyStatus")]
    pub fn status(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.status())
    }

    /// Options of `change` with the key's published criteria of reliable
    /// change (`differences`: scale id -> the smallest reliable change).
    /// In the `intimacy/full` build.
    #[cfg(feature = "registry")]
    #[wasm_bindgen(js_name = changeOptions, unchecked_return_type = "ChangeOptions")]
    pub fn change_options(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.change_options())
    }

    /// The items.
    #[wasm_bindgen(getter, unchecked_return_type = "Item[]")]
    pub fn items(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.items)
    }

    /// The scales.
    #[wasm_bindgen(getter, unchecked_return_type = "Scale[]")]
    pub fn scales(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.scales)
    }

    /// The ids of the private items and scales (a scale holding a private
    /// item is private): what a joint (couple) output never carries.
    #[wasm_bindgen(js_name = privateIds)]
    pub fn private_ids(&self) -> Vec<String> {
        self.inner.private_ids()
    }
}

/// A scored report of one respondent.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct Report {
    pub(crate) inner: intimacy_core::Report,
}

#[wasm_bindgen]
impl Report {
    /// The whole report as a plain object (camelCase fields; scale and
    /// framework ids as keys).
    #[wasm_bindgen(js_name = toObject, unchecked_return_type = "ReportObject")]
    pub fn to_object(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner)
    }

    /// The report as JSON (the same JSON in every language: snake_case).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.inner).unwrap_or_default()
    }

    /// The chart as SVG: "staircase" (the seven levels), "radar" (kinds of
    /// intimacy), or a classic model's chart from `models`: "triangle"
    /// (Sternberg), "attachment" (the attachment plane), "knapp" (Knapp's
    /// staircase, derived); undefined when the report has nothing to draw.
    #[wasm_bindgen(js_name = toSvg)]
    pub fn to_svg(&self, chart: &str) -> Result<Option<String>, JsValue> {
        let chart = Chart::parse(chart).map_err(|m| type_error(&m))?;
        Ok(self.inner.to_svg(chart))
    }

    /// The classic models read from the report, by framework key: Sternberg
    /// and attachment from the scales an instrument links to them (with the
    /// rule they were read by), Knapp and social penetration derived from a
    /// check-in.
    #[wasm_bindgen(getter, unchecked_return_type = "Record<string, ModelReading>")]
    pub fn models(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.models)
    }

    /// Scale scores by scale id.
    #[wasm_bindgen(getter, unchecked_return_type = "Record<string, ScaleScore>")]
    pub fn scales(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.scales)
    }

    /// Placements by framework key.
    #[wasm_bindgen(getter, unchecked_return_type = "Record<string, Placement>")]
    pub fn placements(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.placements)
    }

    /// Flags, safety first.
    #[wasm_bindgen(getter, unchecked_return_type = "Flag[]")]
    pub fn flags(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.flags)
    }

    /// A safety or consent flag is raised: nothing to do together is
    /// recommended, and confidential support comes first.
    #[wasm_bindgen(getter, js_name = safetyMode)]
    pub fn safety_mode(&self) -> bool {
        self.inner.safety_mode
    }

    /// Where help can be found (in every report).
    #[wasm_bindgen(getter, unchecked_return_type = "Resources")]
    pub fn resources(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.resources)
    }

    /// Recommended practices, ranked.
    #[wasm_bindgen(getter, unchecked_return_type = "Recommendation[]")]
    pub fn recommendations(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.recommendations)
    }

    /// Kinds of intimacy (the radar).
    #[wasm_bindgen(getter, unchecked_return_type = "AreaScore[]")]
    pub fn kinds(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.kinds)
    }

    /// Love-language preferences, or null.
    #[wasm_bindgen(getter, js_name = loveLanguages, unchecked_return_type = "LoveLanguages | null")]
    pub fn love_languages(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.love_languages)
    }

    /// What the report was made from.
    #[wasm_bindgen(getter, unchecked_return_type = "Provenance")]
    pub fn provenance(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.provenance)
    }
}

/// One answer as the core reads it: a number, null/undefined (unanswered),
/// or what else it is.
pub(crate) fn answer_of(v: &JsValue) -> Answer {
    match v.as_f64() {
        Some(x) => Answer::Number(x),
        None if v.is_null() || v.is_undefined() => Answer::Unanswered,
        None if v.as_string().is_some() => Answer::Other("a string"),
        None if v.as_bool().is_some() => Answer::Other("a boolean"),
        None if v.is_bigint() => Answer::Other("a BigInt"),
        None if v.is_object() => Answer::Other("an object"),
        None => Answer::Other("a value of another type"),
    }
}

fn read_answers(answers: &JsValue) -> Result<Responses, JsValue> {
    if answers.is_instance_of::<js_sys::Map>() {
        return Err(type_error(
            "answers must be a plain object, not a Map (use Object.fromEntries(map))",
        ));
    }
    if !answers.is_object() || js::is_array(answers, "answers")? {
        return Err(type_error(
            "answers must be an object mapping item ids to numbers or null",
        ));
    }
    let answers = js::entries(answers, "answers")?
        .into_iter()
        .map(|(item, v)| (item, answer_of(&v)));
    Responses::from_answers(answers).map_err(core_error)
}

fn read_keys(keys: &JsValue) -> Result<Vec<(String, Vec<String>)>, JsValue> {
    if !keys.is_object() || js::is_array(keys, "keys")? {
        return Err(type_error(
            "keys must be an object mapping scale names to arrays of item names, e.g. {warmth: [\"q1\", \"-q2\"]}",
        ));
    }
    let mut out = Vec::new();
    for (scale, members) in js::entries(keys, "keys")? {
        if !js::is_array(&members, "keys")? {
            return Err(type_error(&format!(
                "keys.{scale} must be an array of item names"
            )));
        }
        let mut items = Vec::new();
        for (j, m) in js::items(&members, "keys")?.into_iter().enumerate() {
            match m.as_string() {
                Some(s) => items.push(s),
                None => {
                    return Err(type_error(&format!(
                        "keys.{scale}[{j}] must be a string (an item name, '-' in front to reverse)"
                    )));
                }
            }
        }
        out.push((scale, items));
    }
    Ok(out)
}

/// A whole, non-negative count (saturating at `usize::MAX`: the core then
/// reports the shape as wrong).
pub(crate) fn whole(n: f64, message: &str) -> Result<usize, JsValue> {
    if n.is_finite() && n >= 0.0 && n.fract() == 0.0 {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "whole and non-negative; beyond usize::MAX it saturates, as documented"
        )]
        let count = n as usize;
        Ok(count)
    } else {
        Err(type_error(message))
    }
}

/// The cells of a JS typed array, copied into wasm memory, with the missing
/// code of an integer array (the core reads `missingCode`), or the cells of a
/// `BatchInput`.
enum Cells<'a> {
    F64(Vec<f64>),
    U8(Vec<u8>, u8),
    I16(Vec<i16>, i16),
    Borrowed(&'a [f64]),
}

impl Cells<'_> {
    fn read(values: &JsValue, block: &BlockOptions) -> Result<Self, JsValue> {
        if let Some(a) = values.dyn_ref::<Float64Array>() {
            Ok(Cells::F64(copy_out(a.length(), 0.0, |c| a.copy_to(c))?))
        } else if let Some(a) = values.dyn_ref::<Uint8Array>() {
            let missing = block.missing_u8().map_err(core_error)?;
            Ok(Cells::U8(
                copy_out(a.length(), 0, |c| a.copy_to(c))?,
                missing,
            ))
        } else if let Some(a) = values.dyn_ref::<Int16Array>() {
            let missing = block.missing_i16().map_err(core_error)?;
            Ok(Cells::I16(
                copy_out(a.length(), 0, |c| a.copy_to(c))?,
                missing,
            ))
        } else {
            Err(type_error(
                "values must be a Float64Array (NaN = unanswered), a Uint8Array or an Int16Array",
            ))
        }
    }

    fn data(&self) -> BlockData<'_> {
        match self {
            Cells::F64(d) => BlockData::F64(d),
            Cells::Borrowed(d) => BlockData::F64(d),
            Cells::U8(data, missing) => BlockData::U8 {
                data,
                missing: *missing,
            },
            Cells::I16(data, missing) => BlockData::I16 {
                data,
                missing: *missing,
            },
        }
    }
}

/// `len` cells, `fill`ed in place, or a `RangeError` when wasm memory cannot
/// hold them (instead of aborting the instance). The memory is reserved
/// once, where failing is an error; `fill` then writes into that same
/// reservation (`len` cells of `zero`, overwritten), so nothing after the
/// check can allocate, whatever the allocator does.
fn copy_out<T: Copy>(len: u32, zero: T, fill: impl FnOnce(&mut [T])) -> Result<Vec<T>, JsValue> {
    let len = len as usize;
    let mut cells: Vec<T> = Vec::new();
    if cells.try_reserve_exact(len).is_err() {
        let err = js_sys::RangeError::new(&format!(
            "values: {len} cells do not fit in WebAssembly memory"
        ));
        let _ = Reflect::set(&err, &"code".into(), &"out-of-memory".into());
        return Err(err.into());
    }
    cells.resize(len, zero);
    fill(&mut cells);
    Ok(cells)
}
