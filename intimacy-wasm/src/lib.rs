//! JavaScript bindings of `intimacy-core` (the npm package `intimacy`).
//!
//! Conversion and error mapping only: every behaviour lives in the core.
//! Thrown values are always `Error` objects with a `code`; nothing here panics
//! on input, so a bad call never traps the wasm instance.

use intimacy_core::{Aggregation, KeysOptions, MinAnswered, StageRef};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

mod js;

use js::{instrument_error, to_js, type_error};

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

/// The names `Instrument.builtin` accepts.
#[wasm_bindgen(js_name = builtinInstruments)]
pub fn builtin_instruments() -> Vec<String> {
    intimacy_core::builtin_instruments()
        .into_iter()
        .map(String::from)
        .collect()
}

/// An assessment definition.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct Instrument {
    inner: intimacy_core::Instrument,
}

#[wasm_bindgen]
impl Instrument {
    /// A built-in instrument by name.
    pub fn builtin(name: &str) -> Result<Instrument, JsValue> {
        intimacy_core::Instrument::builtin(name)
            .map(|inner| Instrument { inner })
            .map_err(instrument_error)
    }

    /// Read and validate an instrument from JSON text.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<Instrument, JsValue> {
        intimacy_core::Instrument::from_json(text)
            .map(|inner| Instrument { inner })
            .map_err(instrument_error)
    }

    /// Build an instrument from psych-style keys: `{scale: ["q1", "-q2"]}`.
    #[wasm_bindgen(js_name = fromKeys)]
    pub fn from_keys(
        #[wasm_bindgen(unchecked_param_type = "Record<string, string[]>")] keys: JsValue,
        #[wasm_bindgen(unchecked_param_type = "KeysOptions | undefined")] options: JsValue,
    ) -> Result<Instrument, JsValue> {
        let keys = read_keys(&keys)?;
        let options = read_keys_options(&options)?;
        intimacy_core::Instrument::from_keys(keys, &options)
            .map(|inner| Instrument { inner })
            .map_err(instrument_error)
    }

    /// The instrument restricted to one of its forms (e.g. `"short"`).
    #[wasm_bindgen(js_name = withForm)]
    pub fn with_form(&self, form: &str) -> Result<Instrument, JsValue> {
        self.inner
            .with_form(form)
            .map(|inner| Instrument { inner })
            .map_err(instrument_error)
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
}

fn read_keys(keys: &JsValue) -> Result<Vec<(String, Vec<String>)>, JsValue> {
    if !keys.is_object() || Array::is_array(keys) {
        return Err(type_error(
            "keys must be an object mapping scale names to arrays of item names, e.g. {warmth: [\"q1\", \"-q2\"]}",
        ));
    }
    let mut out = Vec::new();
    for entry in Object::entries(keys.unchecked_ref()).iter() {
        let pair: Array = entry.unchecked_into();
        let scale = pair.get(0).as_string().unwrap_or_default();
        let members = pair.get(1);
        if !Array::is_array(&members) {
            return Err(type_error(&format!(
                "keys.{scale} must be an array of item names"
            )));
        }
        let mut items = Vec::new();
        for (j, m) in Array::from(&members).iter().enumerate() {
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

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn read_keys_options(options: &JsValue) -> Result<KeysOptions, JsValue> {
    let mut out = KeysOptions::default();
    if options.is_undefined() || options.is_null() {
        return Ok(out);
    }
    if !options.is_object() {
        return Err(type_error("options must be an object"));
    }
    let id = get(options, "id");
    if !id.is_undefined() {
        out.id = id
            .as_string()
            .ok_or_else(|| type_error("options.id must be a string"))?;
    }
    let bounds = get(options, "bounds");
    if !bounds.is_undefined() && !bounds.is_null() {
        let pair = Array::is_array(&bounds)
            .then(|| Array::from(&bounds))
            .filter(|a| a.length() == 2)
            .and_then(|a| Some((a.get(0).as_f64()?, a.get(1).as_f64()?)));
        out.bounds = Some(pair.ok_or_else(|| {
            type_error("options.bounds must be an array of two numbers [min, max]")
        })?);
    }
    let aggregation = get(options, "aggregation");
    if !aggregation.is_undefined() {
        out.aggregation = aggregation
            .as_string()
            .and_then(|s| Aggregation::from_key(&s))
            .ok_or_else(|| type_error("options.aggregation must be \"mean\" or \"sum\""))?;
    }
    let min = get(options, "minAnswered");
    if !min.is_undefined() && !min.is_null() {
        out.min_answered = Some(read_min_answered(&min)?);
    }
    Ok(out)
}

fn read_min_answered(v: &JsValue) -> Result<MinAnswered, JsValue> {
    let bad = || {
        type_error(
            "options.minAnswered must be a whole number of items or {fraction: number} (0 < fraction <= 1)",
        )
    };
    let count = |n: f64| {
        (n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&n))
            .then_some(MinAnswered::Count(n as u32))
    };
    if let Some(n) = v.as_f64() {
        return count(n).ok_or_else(bad);
    }
    if v.is_object() {
        if let Some(f) = get(v, "fraction").as_f64() {
            return Ok(MinAnswered::Fraction(f));
        }
        if let Some(c) = get(v, "count").as_f64().and_then(count) {
            return Ok(c);
        }
    }
    Err(bad())
}
