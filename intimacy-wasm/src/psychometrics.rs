//! Psychometrics for JavaScript (the `intimacy/full` build): reliability as
//! R's psych computes it. Kept out of the default build to hold the check-in
//! package within its size budget.

use intimacy_core::{Block, ReliabilityOptions};
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use crate::js::{core_error, to_js, type_error};
use crate::{Cells, Instrument, Report, whole};

/// The Jacobson–Truax reliable change from `before` to `after`, given the
/// scale's SD and reliability (critical |RCI| 1.96 unless given).
#[wasm_bindgen(js_name = reliableChange, unchecked_return_type = "ReliableChange")]
pub fn reliable_change(
    before: f64,
    after: f64,
    sd: f64,
    reliability: f64,
    #[wasm_bindgen(js_name = higherIsBetter)] higher_is_better: Option<bool>,
    critical: Option<f64>,
) -> Result<JsValue, JsValue> {
    intimacy_core::reliable_change_with(
        before,
        after,
        sd,
        reliability,
        higher_is_better.unwrap_or(true),
        critical.unwrap_or(1.96),
    )
    .map_err(core_error)
    .and_then(|c| to_js(&c))
}

/// Change across waves (an array of reports of one respondent or couple,
/// oldest first); `options.norms` gives `{sd, reliability, higherIsBetter}`
/// per scale id, `options.critical` the critical |RCI|.
#[wasm_bindgen(js_name = change, unchecked_return_type = "ChangeReport")]
pub fn change(
    #[wasm_bindgen(unchecked_param_type = "Report[]")] waves: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ChangeOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    if !crate::js::is_array(&waves, "waves")? {
        return Err(type_error("waves must be an array of reports"));
    }
    let reports = read_reports(&waves, "waves")?;
    let opts = crate::js::options::<intimacy_core::ChangeOptions>(&options)?;
    let refs: Vec<&intimacy_core::Report> = reports.iter().collect();
    intimacy_core::change(&refs, &opts)
        .map_err(core_error)
        .and_then(|c| to_js(&c))
}

/// Reports passed from JS, each read through its JSON (the objects stay
/// usable in JS).
fn read_reports(list: &JsValue, what: &str) -> Result<Vec<intimacy_core::Report>, JsValue> {
    let mut reports = Vec::new();
    for (i, w) in crate::js::items(list, what)?.into_iter().enumerate() {
        let to_json = Reflect::get(&w, &"toJson".into())
            .ok()
            .filter(|f| f.is_function());
        let text = to_json
            .and_then(|f| js_sys::Function::from(f).call0(&w).ok())
            .and_then(|t| t.as_string())
            .ok_or_else(|| type_error(&format!("{what}[{i}] is not a report")))?;
        let r: intimacy_core::Report = serde_json::from_str(&text)
            .map_err(|_| type_error(&format!("{what}[{i}] is not a report")))?;
        reports.push(r);
    }
    Ok(reports)
}

/// The sample medians of a classic model's parts over reports (those that
/// read it with every part scored): the cuts for
/// `models: {[framework]: {cut: "sample-median", cuts}}`.
#[wasm_bindgen(js_name = modelCuts, unchecked_return_type = "Record<string, number>")]
pub fn model_cuts(
    framework: &str,
    #[wasm_bindgen(unchecked_param_type = "Report[]")] reports: JsValue,
) -> Result<JsValue, JsValue> {
    if !crate::js::is_array(&reports, "reports")? {
        return Err(type_error("reports must be an array of reports"));
    }
    let reports = read_reports(&reports, "reports")?;
    intimacy_core::model_cuts(framework, &reports)
        .map_err(core_error)
        .and_then(|c| to_js(&c))
}

/// The couple's chart of a classic model, both partners overlaid:
/// "triangle" (Sternberg) or "attachment" (the attachment plane), drawn
/// from `couple(instrument, a, b)`; undefined when the instrument does not
/// measure that model.
#[wasm_bindgen(js_name = coupleSvg)]
pub fn couple_svg(
    instrument: &Instrument,
    a: &Report,
    b: &Report,
    chart: &str,
) -> Result<Option<String>, JsValue> {
    let chart = intimacy_core::Chart::parse(chart).map_err(|m| type_error(&m))?;
    intimacy_core::couple(&instrument.inner, &a.inner, &b.inner)
        .map(|c| c.to_svg(chart))
        .map_err(core_error)
}

/// Two partners' reports compared (same instrument).
#[wasm_bindgen(js_name = couple, unchecked_return_type = "CoupleReport")]
pub fn couple(instrument: &Instrument, a: &Report, b: &Report) -> Result<JsValue, JsValue> {
    intimacy_core::couple(&instrument.inner, &a.inner, &b.inner)
        .map_err(core_error)
        .and_then(|c| to_js(&c))
}

/// Agreement between partner A (`a[i]`) and partner B (`b[i]`) across
/// couples: Pearson r and the pairwise (double-entry) ICC. `null`,
/// `undefined` and NaN are a missing score (that couple is left out); any
/// other value that is not a number is a `TypeError`.
#[wasm_bindgen(js_name = dyadicAgreement, unchecked_return_type = "DyadicAgreement")]
pub fn dyadic_agreement(
    #[wasm_bindgen(unchecked_param_type = "ArrayLike<number | null>")] a: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ArrayLike<number | null>")] b: JsValue,
) -> Result<JsValue, JsValue> {
    let scores = |v: &JsValue, what: &str| -> Result<Vec<f64>, JsValue> {
        if !crate::js::is_array(v, what)? && !v.is_instance_of::<js_sys::Float64Array>() {
            return Err(type_error(&format!("{what} must be an array of numbers")));
        }
        crate::js::items(v, what)?
            .into_iter()
            .enumerate()
            .map(|(i, x)| match x.as_f64() {
                Some(n) => Ok(n),
                None if x.is_null() || x.is_undefined() => Ok(f64::NAN),
                None => Err(type_error(&format!("{what}[{i}] must be a number or null"))),
            })
            .collect()
    };
    intimacy_core::dyadic_agreement(&scores(&a, "a")?, &scores(&b, "b")?)
        .map_err(core_error)
        .and_then(|c| to_js(&c))
}

/// Reliability (internal consistency) of one scale, as R's `psych::alpha`
/// computes it: `values` holds `nRows` rows of `nItems` answers (row-major
/// unless `options.layout` is "column-major"), NaN (or `options.missingCode`
/// for integer arrays, default 255 / -1) for unanswered. `options.reverse`
/// lists the reversed items (0-based columns, or names from
/// `options.itemNames`), reversed within `options.bounds`; `options.missing`
/// is "pairwise" (the default) or "listwise". Statistics that cannot be
/// computed are NaN.
#[wasm_bindgen(js_name = reliability, unchecked_return_type = "Reliability")]
pub fn reliability(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | Uint8Array | Int16Array")]
    values: JsValue,
    #[wasm_bindgen(js_name = nRows)] n_rows: f64,
    #[wasm_bindgen(js_name = nItems)] n_items: f64,
    #[wasm_bindgen(unchecked_optional_param_type = "ReliabilityOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    with_block(&values, n_rows, n_items, &options, |block, options| {
        intimacy_core::reliability(block, options).map_err(core_error)
    })
}

/// McDonald's omega total (and the one-factor omega_h) from a one-factor
/// minres solution matching psych; arguments as for `reliability`.
#[wasm_bindgen(js_name = omega, unchecked_return_type = "Omega")]
pub fn omega(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | Uint8Array | Int16Array")]
    values: JsValue,
    #[wasm_bindgen(js_name = nRows)] n_rows: f64,
    #[wasm_bindgen(js_name = nItems)] n_items: f64,
    #[wasm_bindgen(unchecked_optional_param_type = "ReliabilityOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    with_block(&values, n_rows, n_items, &options, |block, options| {
        intimacy_core::omega(block, options).map_err(core_error)
    })
}

/// Omega hierarchical as psych's `omega` computes it by default: `nFactors`
/// group factors (minres, oblimin, Schmid–Leiman); other arguments as for
/// `reliability`.
#[wasm_bindgen(js_name = omegaHierarchical, unchecked_return_type = "OmegaHierarchical")]
pub fn omega_hierarchical(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | Uint8Array | Int16Array")]
    values: JsValue,
    #[wasm_bindgen(js_name = nRows)] n_rows: f64,
    #[wasm_bindgen(js_name = nItems)] n_items: f64,
    #[wasm_bindgen(js_name = nFactors)] n_factors: f64,
    #[wasm_bindgen(unchecked_optional_param_type = "ReliabilityOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let nfactors = whole(n_factors, "nFactors must be a whole number of factors")?;
    with_block(&values, n_rows, n_items, &options, |block, options| {
        intimacy_core::omega_hierarchical(block, options, nfactors).map_err(core_error)
    })
}

/// `f` of the block of `values` and the analysis options, as `reliability`
/// and both omegas read them; the result as a JS value.
fn with_block<T: serde::Serialize>(
    values: &JsValue,
    n_rows: f64,
    n_items: f64,
    options: &JsValue,
    f: impl FnOnce(&Block<'_>, &ReliabilityOptions) -> Result<T, JsValue>,
) -> Result<JsValue, JsValue> {
    let rows = whole(n_rows, "nRows must be a whole number of rows")?;
    let cols = whole(n_items, "nItems must be a whole number of items")?;
    let request = crate::js::block_options::<ReliabilityOptions>(options)?;
    if request.block.columns.is_some() {
        return Err(crate::js::core_error(
            intimacy_core::ScoreError::InvalidOption {
                option: "columns".into(),
                message: "not an option of this analysis; name the columns with itemNames".into(),
            },
        ));
    }
    let cells = Cells::read(values, &request.block)?;
    let block = Block {
        data: cells.data(),
        rows,
        cols,
        layout: request.block.layout,
    };
    to_js(&f(&block, &request.options)?)
}

#[wasm_bindgen]
impl Instrument {
    /// The reliability of scale `scale`, its items keyed as the instrument
    /// keys them (reversed items, declared bounds, "does not apply" answers
    /// left out): `values` holds one column per item of the instrument, in
    /// its order, `nRows` rows (layout, missingCode and missing as for
    /// `reliability`). `reverse`, `bounds` and `itemNames` come from the
    /// instrument and are not options here.
    #[wasm_bindgen(js_name = reliability, unchecked_return_type = "Reliability")]
    pub fn scale_reliability(
        &self,
        scale: &str,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | Uint8Array | Int16Array")]
        values: JsValue,
        #[wasm_bindgen(js_name = nRows)] n_rows: f64,
        #[wasm_bindgen(unchecked_optional_param_type = "ReliabilityOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        // At most 1,000,000 items (the instrument's limit): exact as f64.
        let items = f64::from(u32::try_from(self.inner.items.len()).unwrap_or(u32::MAX));
        with_block(&values, n_rows, items, &options, |block, options| {
            let missing = intimacy_core::scale_reliability_deletion(options).map_err(core_error)?;
            intimacy_core::scale_reliability(&self.inner, scale, block, missing).map_err(core_error)
        })
    }
}
