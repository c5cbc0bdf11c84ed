//! The check-in session for JavaScript: `new Session(instrument, options)`,
//! every rule the core's.

use wasm_bindgen::prelude::*;

use crate::js::{core_error, to_js};
use crate::{Instrument, Report};

/// A check-in that runs itself: `next()` gives the next step (`kind`
/// "question", "gate", "support" or "done"); the core decides the order
/// (the safety screen first), the gates of opt-in sections and the support
/// step the moment an answer raises the safety or consent flag.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Session {
    inner: intimacy_core::Session,
}

#[wasm_bindgen]
impl Session {
    /// A new session: `options` as in `ScoreOptions` (camelCase), plus an
    /// optional `form` (e.g. "short").
    #[wasm_bindgen(constructor)]
    pub fn new(
        instrument: &Instrument,
        #[wasm_bindgen(unchecked_optional_param_type = "SessionOptions")] options: JsValue,
    ) -> Result<Session, JsValue> {
        let text = crate::js::options_text(&options)?;
        intimacy_core::Session::with_options_json(&instrument.inner, &text)
            .map(|inner| Session { inner })
            .map_err(core_error)
    }

    /// Resume a state saved with `toJson()` (the same instrument and
    /// version, and the same options; every answer is checked again).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        text: &str,
        instrument: &Instrument,
        #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions")] options: JsValue,
    ) -> Result<Session, JsValue> {
        let options = crate::js::options::<intimacy_core::ScoreOptions>(&options)?;
        intimacy_core::Session::from_json(text, &instrument.inner, options)
            .map(|inner| Session { inner })
            .map_err(core_error)
    }

    /// The next step.
    #[wasm_bindgen(unchecked_return_type = "Step")]
    pub fn next(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.next())
    }

    /// Answer `item` (any item of the session) with a number; a value the
    /// item's scale refuses throws a ResponseError naming item and value,
    /// and the session is unchanged.
    pub fn answer(&mut self, item: &str, value: JsValue) -> Result<(), JsValue> {
        self.inner
            .answer_given(item, crate::answer_of(&value))
            .map_err(core_error)
    }

    /// Leave the current question unanswered (at a gate: stay out).
    pub fn skip(&mut self) -> Result<(), JsValue> {
        self.inner.skip().map_err(core_error)
    }

    /// The questions of the next page (a page per section): the next
    /// question and the rest of its section still to ask, or the next step
    /// alone when it is not a question.
    #[wasm_bindgen(js_name = nextPage, unchecked_return_type = "Step[]")]
    pub fn next_page(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.next_page())
    }

    /// Undo the last step (answer, skip, section or support choice).
    pub fn back(&mut self) -> Result<(), JsValue> {
        self.inner.back().map_err(core_error)
    }

    /// Enter an opt-in section.
    #[wasm_bindgen(js_name = optIn)]
    pub fn opt_in(&mut self, section: &str) -> Result<(), JsValue> {
        self.inner.opt_in(section).map_err(core_error)
    }

    /// Stay out of an opt-in section (its answers are withdrawn).
    #[wasm_bindgen(js_name = optOut)]
    pub fn opt_out(&mut self, section: &str) -> Result<(), JsValue> {
        self.inner.opt_out(section).map_err(core_error)
    }

    /// After a support step, go on with the questions (recorded).
    pub fn acknowledge(&mut self) -> Result<(), JsValue> {
        self.inner.acknowledge().map_err(core_error)
    }

    /// Stop here (recorded): `next()` is done.
    pub fn stop(&mut self) {
        self.inner.stop();
    }

    /// Answered, skipped, remaining, total and the fraction done.
    #[wasm_bindgen(getter, unchecked_return_type = "Progress")]
    pub fn progress(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.progress())
    }

    /// The saved state (small, versioned JSON).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The report of the answers given: the same as scoring them directly.
    pub fn finish(&self) -> Result<Report, JsValue> {
        self.inner
            .finish()
            .map(|inner| Report { inner })
            .map_err(core_error)
    }
}
