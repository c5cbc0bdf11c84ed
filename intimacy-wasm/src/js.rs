//! Conversion between core values and JavaScript values, and error mapping.
//!
//! Results leave as plain objects and arrays (never ES `Map`s), with struct
//! fields in camelCase as the core names them (`intimacy_core::naming`).

use intimacy_core::{BatchScores, BlockRequest, LibraryError, Location, Request};
use serde::Serialize;
use wasm_bindgen::prelude::*;

// Reading a value a caller passed in can run the caller's code (a getter, a
// Proxy trap, an iterator, a revoked proxy). Every such read goes through one
// of these imports, marked `catch`, so a throw comes back as an `Err` here
// instead of unwinding through wasm frames (which would leak the wasm stack
// and, after enough throws, kill the instance).
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    fn object_entries(value: &JsValue) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = from)]
    fn array_from(value: &JsValue) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn array_is_array(value: &JsValue) -> Result<bool, JsValue>;
}

/// A caller's throw while reading `what`, as a `TypeError` naming it.
fn unreadable(what: &str, thrown: &JsValue) -> JsValue {
    let detail = js_sys::Reflect::get(thrown, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| thrown.as_string())
        .unwrap_or_else(|| "it threw".to_owned());
    type_error(&format!("{what} could not be read: {detail}"))
}

/// `[key, value]` pairs of an object's own enumerable properties.
pub fn entries(value: &JsValue, what: &str) -> Result<Vec<(String, JsValue)>, JsValue> {
    let list = object_entries(value).map_err(|e| unreadable(what, &e))?;
    Ok(list
        .iter()
        .map(|pair| {
            let pair: js_sys::Array = pair.unchecked_into();
            (pair.get(0).as_string().unwrap_or_default(), pair.get(1))
        })
        .collect())
}

/// The items of an array (or any iterable).
pub fn items(value: &JsValue, what: &str) -> Result<Vec<JsValue>, JsValue> {
    Ok(array_from(value)
        .map_err(|e| unreadable(what, &e))?
        .iter()
        .collect())
}

/// Whether `value` is an array (a revoked proxy throws: then it is not readable).
pub fn is_array(value: &JsValue, what: &str) -> Result<bool, JsValue> {
    array_is_array(value).map_err(|e| unreadable(what, &e))
}

/// Serialise `value` to a plain JS value with camelCase struct fields.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    intimacy_core::naming::CamelCase(value)
        .serialize(&ser)
        .map_err(|e| error("ConversionError", "conversion", &e.to_string()))
}

/// A JS `Error` with a `name` and a `code`.
pub fn error(name: &str, code: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name(name);
    set(&err, "code", &JsValue::from_str(code));
    err.into()
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

/// A JS `Error` named `name` with the core error's `code` and its location:
/// `row`, `column`, `item`, `value` where they apply, and the path as
/// `option` (options errors) or `path`. Every core error goes through here.
pub fn located(name: &str, code: &str, message: &str, at: &Location) -> JsValue {
    let err = error(name, code, message);
    if let Some(p) = &at.path {
        let key = if name == "OptionsError" {
            "option"
        } else {
            "path"
        };
        set(&err, key, &JsValue::from_str(p));
    }
    let number = count_number;
    if let Some(r) = at.row {
        set(&err, "row", &number(r));
    }
    if let Some(c) = at.column {
        set(&err, "column", &number(c));
    }
    if let Some(i) = &at.item {
        set(&err, "item", &JsValue::from_str(i));
    }
    if let Some(v) = at.value {
        set(&err, "value", &JsValue::from_f64(v));
    }
    if let Some(l) = at.line {
        set(
            &err,
            "line",
            &count_number(usize::try_from(l).unwrap_or(usize::MAX)),
        );
    }
    if let Some(c) = &at.column_name {
        set(&err, "columnName", &JsValue::from_str(c));
    }
    if let Some(t) = &at.text {
        set(&err, "text", &JsValue::from_str(t));
    }
    err
}

/// Any core error as a JS `Error` of its class (`InstrumentError`,
/// `OptionsError`, ...) with its `code` and location; an instrument's also
/// carries `problems` (each `{path, code, message}`).
pub fn core_error(e: impl LibraryError) -> JsValue {
    let err = located(e.class(), e.code(), &e.to_string(), &e.location());
    let problems = e.problems();
    if matches!(e.class(), "InstrumentError" | "MessagesError")
        && let Ok(list) = to_js(&problems)
    {
        set(&err, "problems", &list);
    }
    err
}

/// An options object as the core's JSON text. Field names pass unchanged:
/// the core reads the camelCase spelling of every option (giving both
/// spellings is an error). A value JSON cannot hold (NaN, ±Infinity, a
/// function) is passed as an object naming it, which no option accepts, so
/// the core rejects it with the option's path instead of JSON dropping it.
pub fn options_text(options: &JsValue) -> Result<String, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok("{}".into());
    }
    if !options.is_object() || is_array(options, "options")? {
        return Err(type_error("options must be an object"));
    }
    // A value JSON cannot hold becomes an object naming it: no option of
    // any type accepts one, so the core names the option (a string could
    // pass for an item name).
    let replacer =
        Closure::<dyn Fn(JsValue, JsValue) -> JsValue>::new(|_key: JsValue, v: JsValue| {
            let what = match v.as_f64() {
                Some(x) if !x.is_finite() => x.to_string(),
                _ if v.is_function() || v.is_symbol() => {
                    v.js_typeof().as_string().unwrap_or_default()
                }
                _ => return v,
            };
            let marker = js_sys::Object::new();
            set(&marker, "not plain data", &JsValue::from_str(&what));
            marker.into()
        });
    let text = js_sys::JSON::stringify_with_replacer(options, replacer.as_ref())
        .map_err(|_| type_error("options must be plain data (JSON-serialisable)"))?;
    Ok(text.into())
}

/// A JSON document given as text or as a plain object (written out with
/// `JSON.stringify`; the core reads and checks it).
pub fn document_text(value: &JsValue, what: &str) -> Result<String, JsValue> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    if !value.is_object() || is_array(value, what)? {
        return Err(type_error(&format!(
            "{what} must be JSON text or a plain object"
        )));
    }
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| type_error(&format!("{what} must be plain data (JSON-serialisable)")))
}

/// The options of an entry point from a JS object (camelCase keys), read
/// and checked by the core.
pub fn options<T: Request>(options: &JsValue) -> Result<T, JsValue> {
    T::read_json(&options_text(options)?).map_err(core_error)
}

/// An entry point's options and the block's (`columns`, `layout`,
/// `missingCode`), given in one JS object.
pub fn block_options<T: Request>(options: &JsValue) -> Result<BlockRequest<T>, JsValue> {
    BlockRequest::read_json(&options_text(options)?).map_err(core_error)
}

/// Batch output as plain objects with typed-array columns.
pub fn batch_to_js(out: &BatchScores) -> Result<JsValue, JsValue> {
    let obj = js_sys::Object::new();
    let put = |o: &JsValue, k: &str, v: &JsValue| set(o, k, v);
    put(&obj, "rows", &count_number(out.rows));
    let scales = js_sys::Array::new();
    for s in &out.scales {
        let o: JsValue = js_sys::Object::new().into();
        put(&o, "id", &JsValue::from_str(&s.id));
        put(
            &o,
            "score",
            &js_sys::Float64Array::from(s.score.as_slice()).into(),
        );
        put(
            &o,
            "answered",
            &js_sys::Uint32Array::from(s.answered.as_slice()).into(),
        );
        scales.push(&o);
    }
    put(&obj, "scales", &scales);
    let placements = js_sys::Array::new();
    for p in &out.placements {
        let o: JsValue = js_sys::Object::new().into();
        put(&o, "framework", &JsValue::from_str(&p.framework));
        put(&o, "derived", &JsValue::from_bool(p.derived));
        put(
            &o,
            "consecutive",
            &js_sys::Uint8Array::from(p.consecutive.as_slice()).into(),
        );
        put(
            &o,
            "peak",
            &js_sys::Uint8Array::from(p.peak.as_slice()).into(),
        );
        placements.push(&o);
    }
    put(&obj, "placements", &placements);
    let flags = js_sys::Array::new();
    for f in &out.flags {
        let o: JsValue = js_sys::Object::new().into();
        put(&o, "name", &JsValue::from_str(&f.name));
        put(
            &o,
            "values",
            &js_sys::Uint8Array::from(f.values.as_slice()).into(),
        );
        flags.push(&o);
    }
    put(&obj, "flags", &flags);
    put(&obj, "problems", &to_js(&out.problems)?);
    Ok(obj.into())
}

/// A wrong argument from JS: a `TypeError` naming the argument.
pub fn type_error(message: &str) -> JsValue {
    let err = js_sys::TypeError::new(message);
    set(&err, "code", &JsValue::from_str("invalid-argument"));
    err.into()
}

/// A count as a JavaScript number. Exact: a count of things in wasm32
/// memory is below 2^32, and every integer below 2^53 is an `f64`.
#[allow(
    clippy::cast_precision_loss,
    reason = "exact below 2^53, which no count in memory reaches"
)]
fn count_number(n: usize) -> JsValue {
    JsValue::from_f64(n as f64)
}
