//! Survey data in and out for JavaScript: SurveyJS definitions and results,
//! jsPsych data, Qualtrics, REDCap and plain CSV exports. Conversion only:
//! every rule of reading an export is the core's (`intimacy_core::io`).

use intimacy_core::io::{self, CsvFormat, Imported, ReadOptions};
use js_sys::{Float64Array, Object};
use wasm_bindgen::prelude::*;

use crate::Instrument;
use crate::js::{core_error, is_array, to_js, type_error};

fn put(obj: &Object, key: &str, value: &JsValue) {
    // Setting a property of a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), value);
}

/// The bytes of an export given as a string or a Uint8Array.
fn bytes(data: &JsValue) -> Result<Vec<u8>, JsValue> {
    if let Some(s) = data.as_string() {
        return Ok(s.into_bytes());
    }
    if data.is_instance_of::<js_sys::Uint8Array>() {
        return Ok(js_sys::Uint8Array::from(data.clone()).to_vec());
    }
    Err(type_error("the export must be a string or a Uint8Array"))
}

/// Rows as `{keyNames, keys, items, values, rows, optedIn, log}`: `values` a
/// row-major Float64Array (NaN unanswered) ready for `scoreBatch(values, rows)`.
fn table(read: &Imported) -> Result<JsValue, JsValue> {
    let r = &read.rows;
    let out = Object::new();
    put(&out, "keyNames", &to_js(&r.key_names)?);
    let k = r.key_names.len().max(1);
    let keys: Vec<&[String]> = r.keys.chunks(k).collect();
    put(&out, "keys", &to_js(&keys)?);
    put(&out, "items", &to_js(&r.items)?);
    put(
        &out,
        "values",
        &Float64Array::from(r.values.as_slice()).into(),
    );
    put(&out, "rows", &to_js(&r.len())?);
    put(&out, "optedIn", &to_js(&r.opted_in)?);
    put(&out, "log", &to_js(&read.log)?);
    Ok(out.into())
}

/// One respondent as `{answers, optedIn, log}`: `answers` for `score`.
fn single(read: &Imported) -> Result<JsValue, JsValue> {
    let out = Object::new();
    put(&out, "answers", &to_js(&read.rows.responses(0))?);
    put(&out, "optedIn", &to_js(&read.rows.opted_in.first())?);
    put(&out, "log", &to_js(&read.log)?);
    Ok(out.into())
}

fn read_csv_format(
    format: CsvFormat,
    data: &JsValue,
    instrument: &Instrument,
    options: &JsValue,
) -> Result<JsValue, JsValue> {
    let options = crate::js::options::<ReadOptions>(options)?;
    let read =
        io::read_csv(&instrument.inner, format, &bytes(data)?, &options).map_err(core_error)?;
    table(&read)
}

#[wasm_bindgen]
impl Instrument {
    /// The instrument as a SurveyJS survey definition (for `new Model(json)`).
    #[wasm_bindgen(js_name = toSurveyJs, unchecked_return_type = "Record<string, unknown>")]
    pub fn to_surveyjs(&self) -> Result<JsValue, JsValue> {
        to_js(&io::to_surveyjs(&self.inner))
    }

    /// An instrument from a REDCap data dictionary (CSV text or bytes).
    #[wasm_bindgen(js_name = fromRedcapDictionary)]
    pub fn from_redcap_dictionary(
        data: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RedcapDictionaryOptions")] options: JsValue,
    ) -> Result<Instrument, JsValue> {
        read_redcap_dictionary_with_log(&data, &options).map(|(i, _)| i)
    }
}

fn read_redcap_dictionary_with_log(
    data: &JsValue,
    options: &JsValue,
) -> Result<(Instrument, io::ImportLog), JsValue> {
    let options = crate::js::options::<io::RedcapDictionaryOptions>(options)?;
    io::instrument_from_redcap_dictionary_with_log(&bytes(data)?, &options)
        .map(|(inner, log)| (Instrument::wrap(inner), log))
        .map_err(core_error)
}

/// A REDCap data dictionary as `{instrument, log}`: the log lists the fields
/// that are not items, and why.
#[wasm_bindgen(js_name = readRedcapDictionary, unchecked_return_type = "{ instrument: Instrument; log: ImportLog }")]
pub fn read_redcap_dictionary(
    data: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RedcapDictionaryOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let (instrument, log) = read_redcap_dictionary_with_log(&data, &options)?;
    let out = Object::new();
    put(&out, "instrument", &JsValue::from(instrument));
    put(&out, "log", &to_js(&log)?);
    Ok(out.into())
}

/// SurveyJS results (`survey.data`) as answers: one object gives
/// `{answers, optedIn, log}` for `instrument.score(answers, {optedIn})`; an
/// array of them gives rows (`{keyNames, keys, items, values, rows, optedIn, log}`).
#[wasm_bindgen(js_name = fromSurveyJs, unchecked_return_type = "SurveyAnswers | ImportedRows")]
pub fn from_surveyjs(
    instrument: &Instrument,
    data: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ReadOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let options = crate::js::options::<ReadOptions>(&options)?;
    let many = is_array(&data, "data")?;
    let text = match data.as_string() {
        Some(s) => s,
        None => js_sys::JSON::stringify(&data)
            .map_err(|_| type_error("data must be plain data (JSON-serialisable)"))?
            .into(),
    };
    let read = io::from_surveyjs(&instrument.inner, &text, &options).map_err(core_error)?;
    if many || read.rows.len() != 1 {
        table(&read)
    } else {
        single(&read)
    }
}

/// jsPsych data (`.json()` or `.csv()` text) as rows, one per participant.
#[wasm_bindgen(js_name = readJsPsych, unchecked_return_type = "ImportedRows")]
pub fn read_jspsych(
    data: JsValue,
    instrument: &Instrument,
    #[wasm_bindgen(unchecked_optional_param_type = "ReadOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let options = crate::js::options::<ReadOptions>(&options)?;
    let read = io::read_jspsych(&instrument.inner, &bytes(&data)?, &options).map_err(core_error)?;
    table(&read)
}

/// A Qualtrics CSV export (three header rows, or the legacy two) as rows.
#[wasm_bindgen(js_name = readQualtrics, unchecked_return_type = "ImportedRows")]
pub fn read_qualtrics(
    data: JsValue,
    instrument: &Instrument,
    #[wasm_bindgen(unchecked_optional_param_type = "ReadOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    read_csv_format(CsvFormat::Qualtrics, &data, instrument, &options)
}

/// A REDCap raw data export as rows (record, event and instance as keys).
#[wasm_bindgen(js_name = readRedcap, unchecked_return_type = "ImportedRows")]
pub fn read_redcap(
    data: JsValue,
    instrument: &Instrument,
    #[wasm_bindgen(unchecked_optional_param_type = "ReadOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    read_csv_format(CsvFormat::Redcap, &data, instrument, &options)
}

/// A CSV with one header row (Google Forms, LimeSurvey, a spreadsheet) as rows.
#[wasm_bindgen(js_name = readCsv, unchecked_return_type = "ImportedRows")]
pub fn read_csv(
    data: JsValue,
    instrument: &Instrument,
    #[wasm_bindgen(unchecked_optional_param_type = "ReadOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    read_csv_format(CsvFormat::Csv, &data, instrument, &options)
}
