//! A check-in that runs itself: which question comes next, what to skip,
//! opt-in sections asked before their items, a support step the moment an
//! answer raises the safety or consent flag, pause and resume through a
//! small versioned JSON state, and a report equal to scoring the answers
//! directly.
//!
//! The order follows the form (or the instrument), with the safety screen
//! first: the items of any section that holds an item whose alerts raise
//! the safety flag.

use serde::{Deserialize, Serialize};

use crate::instrument::{Instrument, ResponseScale};
use crate::options::ScoreOptions;
use crate::report::{Flag, FlagKind, Report, Resources, Severity};
use crate::score::{Responses, ScoreError, Scorer};

/// The format of a saved session state; a state of another format is refused.
pub const SESSION_FORMAT: u32 = 1;

/// The most options a question lists (a continuous scale lists none).
const MAX_OPTIONS: usize = 101;

/// A session's saved state: what was answered, skipped and decided, in
/// order. Small, stable and versioned (`format`); it names the instrument
/// and version it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionState {
    /// [`SESSION_FORMAT`].
    pub format: u32,
    /// The instrument's id.
    pub instrument: String,
    /// The instrument's version.
    pub instrument_version: String,
    /// The form asked, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// The locale of the session's texts.
    pub locale: String,
    /// Answers, `[item, value]`, in the order given.
    pub answers: Vec<(String, f64)>,
    /// Items skipped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
    /// Opt-in sections decided, `[section, entered]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<(String, bool)>,
    /// The steps taken, newest last (`item:<id>`, `gate:<section>`,
    /// `support:<flag>`), for `back`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trail: Vec<String>,
    /// The support steps the person chose to go on from: each flag as it
    /// stood then (kind, severity and the answers behind it). A flag that
    /// grows past what was acknowledged (more serious, or raised by an
    /// answer not seen then) brings the support step back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acknowledged: Vec<Acknowledged>,
    /// The person chose to stop.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stopped: bool,
}

/// A safety or consent flag as it stood when the person chose to go on
/// from its support step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acknowledged {
    /// The flag.
    pub flag: FlagKind,
    /// Its severity then.
    pub severity: Severity,
    /// The answers behind it then, `[item, value]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<(String, f64)>,
}

impl Acknowledged {
    fn of(flag: &Flag) -> Acknowledged {
        Acknowledged {
            flag: flag.kind,
            severity: flag.severity,
            evidence: flag
                .evidence
                .iter()
                .map(|e| (e.item.clone(), e.answer))
                .collect(),
        }
    }

    /// Whether going on from this covers `flag` as it stands now: the same
    /// flag, no more serious, and every answer behind it already seen.
    fn covers(&self, flag: &Flag) -> bool {
        self.flag == flag.kind
            && self.severity >= flag.severity
            && flag.evidence.iter().all(|e| {
                self.evidence
                    .iter()
                    .any(|(item, value)| *item == e.item && value.to_bits() == e.answer.to_bits())
            })
    }
}

/// What `next()` gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    /// A question to answer (or skip).
    Question,
    /// Whether to enter an opt-in section.
    Gate,
    /// Support first: an answer raised the safety or consent flag.
    Support,
    /// Nothing more to ask.
    Done,
}

/// One response option of a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StepOption {
    /// The value to answer with.
    pub value: f64,
    /// Its label, where the scale gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// How far a session has come.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Progress {
    /// Questions answered.
    pub answered: usize,
    /// Questions skipped (or in a section the person stayed out of).
    pub skipped: usize,
    /// Questions still to ask (opt-in sections not yet decided count in full).
    pub remaining: usize,
    /// All questions of the session.
    pub total: usize,
    /// `(answered + skipped) / total`, from 0 to 1.
    pub fraction: f64,
}

/// The next step of a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Step {
    /// What the step is.
    pub kind: StepKind,
    /// The item asked (questions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The item's wording (questions; absent for keys that ship no wording),
    /// or the section's title (gates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The section's description (gates), where it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The response options (questions), in the order the form prints them.
    #[serde(default)]
    pub options: Vec<StepOption>,
    /// The lowest and highest answer (questions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<(f64, f64)>,
    /// The section of the item (questions) or the section asked about (gates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The 1-based position of the question in the session's order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
    /// The safety and consent flags raised (support steps), with their words.
    #[serde(default)]
    pub flags: Vec<Flag>,
    /// Where help can be found (support and done steps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Resources>,
    /// The person chose to stop (done steps).
    #[serde(default)]
    pub stopped: bool,
    /// How far the session has come.
    pub progress: Progress,
}

/// Why a session call was refused. The session is unchanged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SessionError {
    /// The answer is not allowed by the item's response scale.
    #[error("answer {value} to item {item:?} is not allowed: {reason}")]
    InvalidAnswer {
        /// The item.
        item: String,
        /// The value given.
        value: f64,
        /// Why.
        reason: String,
    },
    /// The answer is not a number (a string, a boolean, nothing).
    #[error("answer to item {item:?} must be a number, got {what}")]
    NotANumber {
        /// The item.
        item: String,
        /// What was given.
        what: &'static str,
    },
    /// No such item in the session (its form).
    #[error("no item {item:?} in this session ({instrument})")]
    UnknownItem {
        /// The item named.
        item: String,
        /// The instrument (and form).
        instrument: String,
    },
    /// No such opt-in section.
    #[error("no opt-in section {section:?}; opt-in sections: {}", available.join(", "))]
    UnknownSection {
        /// The section named.
        section: String,
        /// The opt-in sections there are.
        available: Vec<String>,
    },
    /// The call does not fit the current step (e.g. `skip` at a support
    /// step, `acknowledge` without one, `back` at the start).
    #[error("cannot {action} now: {reason}")]
    NotNow {
        /// The call.
        action: &'static str,
        /// Why not.
        reason: String,
    },
    /// A saved state that cannot be resumed.
    #[error("cannot resume this session: {0}")]
    BadState(String),
    /// A saved state of another instrument, or another version of it.
    #[error("this session belongs to {state}, not to {instrument}")]
    DifferentInstrument {
        /// The state's instrument and version.
        state: String,
        /// The instrument given, and its version.
        instrument: String,
    },
    /// The options (or form) cannot make a session.
    #[error("{0}")]
    Options(ScoreError),
}

impl SessionError {
    /// A stable short code.
    pub fn code(&self) -> &'static str {
        match self {
            SessionError::InvalidAnswer { .. } | SessionError::NotANumber { .. } => {
                "invalid-answer"
            }
            SessionError::UnknownItem { .. } => "unknown-item",
            SessionError::UnknownSection { .. } => "unknown-section",
            SessionError::NotNow { .. } => "not-now",
            SessionError::BadState(_) => "bad-state",
            SessionError::DifferentInstrument { .. } => "different-instrument",
            SessionError::Options(e) => e.code(),
        }
    }

    /// Where it lies.
    pub fn location(&self) -> crate::error::Location {
        match self {
            SessionError::InvalidAnswer { item, value, .. } => crate::error::Location {
                item: Some(item.clone()),
                value: Some(*value),
                ..Default::default()
            },
            SessionError::UnknownItem { item, .. } | SessionError::NotANumber { item, .. } => {
                crate::error::Location {
                    item: Some(item.clone()),
                    ..Default::default()
                }
            }
            SessionError::UnknownSection { section, .. } => crate::error::Location {
                path: Some(section.clone()),
                ..Default::default()
            },
            SessionError::Options(e) => e.location(),
            _ => crate::error::Location::default(),
        }
    }

    /// The exception class in Python and JS.
    pub fn class(&self) -> &'static str {
        match self {
            SessionError::InvalidAnswer { .. }
            | SessionError::NotANumber { .. }
            | SessionError::UnknownItem { .. } => "ResponseError",
            SessionError::Options(e) => crate::error::LibraryError::class(e),
            _ => "SessionError",
        }
    }
}

/// A running check-in of one respondent.
#[derive(Debug)]
pub struct Session {
    instrument: Instrument,
    options: ScoreOptions,
    scorer: Scorer,
    /// Item indices in the order asked.
    order: Vec<usize>,
    state: SessionState,
}

impl Session {
    /// A new session of `instrument` (its `form`, if given), with the
    /// scoring options the report will use (`locale`, `helpline`, ...).
    pub fn new(
        instrument: &Instrument,
        form: Option<&str>,
        options: ScoreOptions,
    ) -> Result<Session, SessionError> {
        let state = SessionState {
            format: SESSION_FORMAT,
            instrument: instrument.id.clone(),
            instrument_version: instrument.version.clone(),
            form: form.map(str::to_owned),
            locale: options.locale.clone(),
            answers: Vec::new(),
            skipped: Vec::new(),
            sections: Vec::new(),
            trail: Vec::new(),
            acknowledged: Vec::new(),
            stopped: false,
        };
        Session::build(instrument, options, state)
    }

    /// A new session from one JSON options object: the scoring options and
    /// an optional `form` (how JavaScript passes them:
    /// `new Session(instrument, {form: "short", locale: "en"})`).
    pub fn with_options_json(
        instrument: &Instrument,
        options: &str,
    ) -> Result<Session, SessionError> {
        let (form, options) = split_form(options)?;
        Session::new(instrument, form.as_deref(), options)
    }

    fn build(
        instrument: &Instrument,
        options: ScoreOptions,
        state: SessionState,
    ) -> Result<Session, SessionError> {
        let inst = match &state.form {
            Some(f) => instrument.with_form(f).map_err(|e| {
                SessionError::Options(ScoreError::InvalidOption {
                    option: "form".into(),
                    message: e.to_string(),
                })
            })?,
            None => instrument.clone(),
        };
        let mut options = options;
        options.locale.clone_from(&state.locale);
        options.opted_in.clear();
        let scorer = Scorer::new(&inst, &options).map_err(SessionError::Options)?;
        let order = ask_order(&inst);
        Ok(Session {
            instrument: inst,
            options,
            scorer,
            order,
            state,
        })
    }

    /// Resume a saved state (from [`Session::to_json`]) with the instrument
    /// it belongs to and the same options. Every answer is checked again.
    pub fn from_json(
        text: &str,
        instrument: &Instrument,
        options: ScoreOptions,
    ) -> Result<Session, SessionError> {
        let state: SessionState =
            serde_json::from_str(text).map_err(|e| SessionError::BadState(e.to_string()))?;
        if state.format != SESSION_FORMAT {
            return Err(SessionError::BadState(format!(
                "state format {} (this library reads format {SESSION_FORMAT})",
                state.format
            )));
        }
        if state.instrument != instrument.id || state.instrument_version != instrument.version {
            return Err(SessionError::DifferentInstrument {
                state: format!("{} {}", state.instrument, state.instrument_version),
                instrument: format!("{} {}", instrument.id, instrument.version),
            });
        }
        let mut options = options;
        options.locale.clone_from(&state.locale);
        options
            .check()
            .map_err(|e| SessionError::BadState(e.to_string()))?;
        let session = Session::build(instrument, options, state)?;
        session.check_state()?;
        Ok(session)
    }

    /// Every part of a resumed state names what exists and is allowed.
    fn check_state(&self) -> Result<(), SessionError> {
        let bad = |m: String| Err(SessionError::BadState(m));
        let mut seen = std::collections::HashSet::new();
        for (item, value) in &self.state.answers {
            if !seen.insert(item.as_str()) {
                return bad(format!("item {item:?} is answered twice"));
            }
            self.check_answer(item, *value)?;
        }
        for item in &self.state.skipped {
            if self.index_of(item).is_none() || !seen.insert(item.as_str()) {
                return bad(format!("skipped item {item:?} is unknown or answered"));
            }
        }
        for (section, _) in &self.state.sections {
            if !self.opt_in_sections().contains(&section.as_str()) {
                return bad(format!("{section:?} is not an opt-in section"));
            }
        }
        let longest = self.instrument.items.len() * 3 + 8;
        if self.state.trail.len() > longest {
            return bad("the trail is longer than any session makes".into());
        }
        let supports = self
            .state
            .trail
            .iter()
            .filter(|t| t.starts_with("support:"))
            .count();
        if self.state.acknowledged.len() > supports {
            return bad("more support steps acknowledged than the trail holds".into());
        }
        for a in &self.state.acknowledged {
            if !a.flag.is_safety_family() {
                return bad(format!("{:?} has no support step", a.flag.key()));
            }
            if let Some((item, _)) = a.evidence.iter().find(|(i, _)| self.index_of(i).is_none()) {
                return bad(format!("acknowledged evidence names unknown item {item:?}"));
            }
            if a.evidence.len() > self.instrument.items.len() {
                return bad("acknowledged evidence is longer than the instrument".into());
            }
        }
        for step in &self.state.trail {
            let known = step == "stop"
                || match step.split_once(':') {
                    Some(("item", id)) => self.index_of(id).is_some(),
                    Some(("gate", s)) => self.opt_in_sections().contains(&s),
                    Some(("support", f)) => FlagKind::ALL.iter().any(|k| k.key() == f),
                    _ => false,
                };
            if !known {
                return bad(format!("unknown step {step:?} in the trail"));
            }
        }
        Ok(())
    }

    /// The saved state as JSON (versioned; resume with [`Session::from_json`]).
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.state).unwrap_or_default()
    }

    /// The state.
    pub fn state(&self) -> &SessionState {
        &self.state
    }

    /// The instrument asked (its form applied).
    pub fn instrument(&self) -> &Instrument {
        &self.instrument
    }

    fn index_of(&self, item: &str) -> Option<usize> {
        self.order
            .iter()
            .copied()
            .find(|&i| self.instrument.items[i].id == item)
    }

    fn opt_in_sections(&self) -> Vec<&str> {
        self.instrument
            .sections
            .iter()
            .filter(|s| s.opt_in)
            .map(|s| s.id.as_str())
            .collect()
    }

    fn decision(&self, section: &str) -> Option<bool> {
        self.state
            .sections
            .iter()
            .find(|(s, _)| s == section)
            .map(|(_, d)| *d)
    }

    fn answer_of(&self, item: &str) -> Option<f64> {
        self.state
            .answers
            .iter()
            .find(|(i, _)| i == item)
            .map(|(_, v)| *v)
    }

    /// The opt-in section of item `i` (if it is in one).
    fn opt_in_section_of(&self, i: usize) -> Option<&str> {
        let s = self.instrument.items[i].section.as_deref()?;
        self.opt_in_sections().into_iter().find(|x| *x == s)
    }

    fn check_answer(&self, item: &str, value: f64) -> Result<usize, SessionError> {
        let i = self
            .index_of(item)
            .ok_or_else(|| SessionError::UnknownItem {
                item: item.to_owned(),
                instrument: match &self.state.form {
                    Some(f) => format!("{} form {f}", self.instrument.id),
                    None => self.instrument.id.clone(),
                },
            })?;
        if let Some(reason) = crate::score::invalid_reason(&self.instrument, i, value) {
            return Err(SessionError::InvalidAnswer {
                item: item.to_owned(),
                value,
                reason,
            });
        }
        Ok(i)
    }

    /// Answer `item` with `value` (any item of the session, also one asked
    /// before). Answering an item of an opt-in section enters the section.
    pub fn answer(&mut self, item: &str, value: f64) -> Result<(), SessionError> {
        let i = self.check_answer(item, value)?;
        if let Some(s) = self.opt_in_section_of(i).map(str::to_owned) {
            if self.decision(&s) == Some(false) {
                return Err(SessionError::NotNow {
                    action: "answer",
                    reason: format!(
                        "item {item:?} is in section {s:?}, which the person chose to stay out of (opt_in first)"
                    ),
                });
            }
            if self.decision(&s).is_none() {
                self.state.sections.push((s, true));
            }
        }
        self.state.skipped.retain(|x| x != item);
        match self.state.answers.iter_mut().find(|(x, _)| x == item) {
            Some(slot) => slot.1 = value,
            None => self.state.answers.push((item.to_owned(), value)),
        }
        self.state.trail.push(format!("item:{item}"));
        Ok(())
    }

    /// Answer `item` with a value as a binding received it: a number is
    /// answered; anything else is refused, naming what it was.
    pub fn answer_given(
        &mut self,
        item: &str,
        answer: crate::score::Answer,
    ) -> Result<(), SessionError> {
        match answer {
            crate::score::Answer::Number(x) => self.answer(item, x),
            crate::score::Answer::Unanswered => Err(SessionError::NotANumber {
                item: item.to_owned(),
                what: "nothing (use skip to leave a question unanswered)",
            }),
            crate::score::Answer::Other(what) => Err(SessionError::NotANumber {
                item: item.to_owned(),
                what,
            }),
        }
    }

    /// Skip the current question (it stays unanswered), or stay out of the
    /// section at a gate.
    pub fn skip(&mut self) -> Result<(), SessionError> {
        let step = self.next();
        match step.kind {
            StepKind::Question => {
                let item = step.item.unwrap_or_default();
                self.state.skipped.push(item.clone());
                self.state.trail.push(format!("item:{item}"));
                Ok(())
            }
            StepKind::Gate => self.opt_out(step.section.as_deref().unwrap_or_default()),
            StepKind::Support => Err(SessionError::NotNow {
                action: "skip",
                reason: "a support step comes first: acknowledge() to go on, or stop()".into(),
            }),
            StepKind::Done => Err(SessionError::NotNow {
                action: "skip",
                reason: "the session is done".into(),
            }),
        }
    }

    /// Go back one step: the last answer, skip, section choice or support
    /// choice is undone and asked again.
    pub fn back(&mut self) -> Result<(), SessionError> {
        let Some(last) = self.state.trail.pop() else {
            return Err(SessionError::NotNow {
                action: "go back",
                reason: "nothing has been answered yet".into(),
            });
        };
        match last.split_once(':') {
            Some(("item", id)) => {
                self.state.answers.retain(|(x, _)| x != id);
                self.state.skipped.retain(|x| x != id);
                // An answer that entered its section leaves it undecided
                // again when nothing else of the section is answered.
                if let Some(i) = self.index_of(id) {
                    if let Some(s) = self.opt_in_section_of(i).map(str::to_owned) {
                        let gated = self.state.trail.iter().any(|t| t == &format!("gate:{s}"));
                        let others = self.state.answers.iter().any(|(x, _)| {
                            self.index_of(x)
                                .and_then(|j| self.opt_in_section_of(j))
                                .is_some_and(|t| t == s)
                        });
                        if !gated && !others {
                            self.state.sections.retain(|(x, _)| x != &s);
                        }
                    }
                }
            }
            Some(("gate", s)) => self.state.sections.retain(|(x, _)| x != s),
            Some(("support", f)) => {
                if let Some(k) = self
                    .state
                    .acknowledged
                    .iter()
                    .rposition(|a| a.flag.key() == f)
                {
                    self.state.acknowledged.remove(k);
                }
            }
            _ if last == "stop" => self.state.stopped = false,
            _ => {}
        }
        Ok(())
    }

    fn decide(&mut self, section: &str, enter: bool) -> Result<(), SessionError> {
        if !self.opt_in_sections().contains(&section) {
            return Err(SessionError::UnknownSection {
                section: section.to_owned(),
                available: self
                    .opt_in_sections()
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            });
        }
        if !enter {
            // Staying out: the section's answers are withdrawn.
            let items: Vec<String> = self
                .order
                .iter()
                .filter(|&&i| self.opt_in_section_of(i) == Some(section))
                .map(|&i| self.instrument.items[i].id.clone())
                .collect();
            self.state.answers.retain(|(x, _)| !items.contains(x));
            self.state.skipped.retain(|x| !items.contains(x));
        }
        self.state.sections.retain(|(x, _)| x != section);
        self.state.sections.push((section.to_owned(), enter));
        self.state.trail.push(format!("gate:{section}"));
        Ok(())
    }

    /// Enter an opt-in section: its questions are asked.
    pub fn opt_in(&mut self, section: &str) -> Result<(), SessionError> {
        self.decide(section, true)
    }

    /// Stay out of an opt-in section: its questions are not asked, and
    /// any of its answers are withdrawn.
    pub fn opt_out(&mut self, section: &str) -> Result<(), SessionError> {
        self.decide(section, false)
    }

    /// After a support step, go on with the questions.
    pub fn acknowledge(&mut self) -> Result<(), SessionError> {
        let pending = self.pending_support();
        if pending.is_empty() {
            return Err(SessionError::NotNow {
                action: "acknowledge",
                reason: "there is no support step to go on from".into(),
            });
        }
        for f in pending {
            self.state.acknowledged.push(Acknowledged::of(&f));
            self.state.trail.push(format!("support:{}", f.kind.key()));
        }
        Ok(())
    }

    /// Stop here: `next()` is done, and `finish()` scores what was answered.
    pub fn stop(&mut self) {
        if !self.state.stopped {
            self.state.stopped = true;
            // `back` after a stop goes on again.
            self.state.trail.push("stop".into());
        }
    }

    /// The report of the current answers (safety flags included).
    fn report(&self) -> Result<Report, ScoreError> {
        let mut responses = Responses::default();
        for (item, value) in &self.state.answers {
            responses.answers.push(item.clone(), Some(*value));
        }
        let opted: Vec<String> = self
            .state
            .sections
            .iter()
            .filter(|(_, d)| *d)
            .map(|(s, _)| s.clone())
            .collect();
        if opted == self.options.opted_in {
            return self.scorer.score(&responses);
        }
        let options = ScoreOptions {
            opted_in: opted,
            ..self.options.clone()
        };
        // The prepared instrument is shared: only the options are resolved.
        self.scorer.with_options(&options)?.score(&responses)
    }

    /// The safety and consent flags raised and not yet gone on from.
    fn pending_support(&self) -> Vec<Flag> {
        self.report()
            .map(|r| self.pending_in(r.flags))
            .unwrap_or_default()
    }

    /// Of `flags`, those of the safety family not yet gone on from: never
    /// gone on from, or grown since (more serious, or raised by an answer
    /// not seen when the person went on).
    fn pending_in(&self, flags: Vec<Flag>) -> Vec<Flag> {
        flags
            .into_iter()
            .filter(|f| {
                f.kind.is_safety_family() && !self.state.acknowledged.iter().any(|a| a.covers(f))
            })
            .collect()
    }

    /// How far the session has come.
    pub fn progress(&self) -> Progress {
        let total = self.order.len();
        let mut answered = 0;
        let mut skipped = 0;
        for &i in &self.order {
            let id = &self.instrument.items[i].id;
            if self.answer_of(id).is_some() {
                answered += 1;
            } else if self.state.skipped.contains(id)
                || self
                    .opt_in_section_of(i)
                    .is_some_and(|s| self.decision(s) == Some(false))
            {
                skipped += 1;
            }
        }
        let done = answered + skipped;
        Progress {
            answered,
            skipped,
            remaining: total - done,
            total,
            fraction: if total == 0 {
                1.0
            } else {
                crate::numeric::count_f64(done) / crate::numeric::count_f64(total)
            },
        }
    }

    fn step(&self, kind: StepKind) -> Step {
        Step {
            kind,
            item: None,
            text: None,
            description: None,
            options: Vec::new(),
            range: None,
            section: None,
            position: None,
            flags: Vec::new(),
            resources: None,
            stopped: false,
            progress: self.progress(),
        }
    }

    /// The next step: a support step first whenever an answer raised the
    /// safety or consent flag, then the next question in order (a gate
    /// before the first question of an undecided opt-in section), then done.
    pub fn next(&self) -> Step {
        // One report of the answers so far: its flags and its resources.
        let (flags, resources) = match self.report() {
            Ok(r) => (r.flags, Some(r.resources)),
            Err(_) => (Vec::new(), None),
        };
        if self.state.stopped {
            return Step {
                stopped: true,
                resources,
                ..self.step(StepKind::Done)
            };
        }
        let pending = self.pending_in(flags);
        if !pending.is_empty() {
            return Step {
                flags: pending,
                resources,
                ..self.step(StepKind::Support)
            };
        }
        for (pos, &i) in self.order.iter().enumerate() {
            let item = &self.instrument.items[i];
            if self.answer_of(&item.id).is_some() || self.state.skipped.contains(&item.id) {
                continue;
            }
            if let Some(s) = self.opt_in_section_of(i) {
                match self.decision(s) {
                    Some(false) => continue,
                    Some(true) => {}
                    None => {
                        let section = self.instrument.sections.iter().find(|x| x.id == s);
                        return Step {
                            section: Some(s.to_owned()),
                            text: section.map(|x| self.wording().section_title(s, &x.title)),
                            description: section.and_then(|x| {
                                self.wording()
                                    .section_description(s, x.description.as_deref())
                            }),
                            ..self.step(StepKind::Gate)
                        };
                    }
                }
            }
            return self.question(i, pos);
        }
        Step {
            resources,
            ..self.step(StepKind::Done)
        }
    }

    /// The questions of the next page, for a front end that shows a page
    /// per section: when the next step is a question, it and the questions
    /// after it in the session's order that belong to the same section and
    /// are still to ask; otherwise the next step alone (a support step, a
    /// gate or done). Answer them in order: an answer that raises the
    /// safety or consent flag makes the support step come next.
    pub fn next_page(&self) -> Vec<Step> {
        let first = self.next();
        let (StepKind::Question, Some(start)) = (first.kind, first.position) else {
            return vec![first];
        };
        let section = first.section.clone();
        let mut page = vec![first];
        for (pos, &i) in self.order.iter().enumerate().skip(start) {
            let item = &self.instrument.items[i];
            if item.section != section {
                break;
            }
            if self.answer_of(&item.id).is_some() || self.state.skipped.contains(&item.id) {
                continue;
            }
            page.push(self.question(i, pos));
        }
        page
    }

    /// The instrument's words (item wording, labels, section texts) in the
    /// session's locale.
    fn wording(&self) -> crate::instrument::translations::Wording<'_> {
        crate::instrument::translations::Wording::new(
            &self.instrument,
            &self.options.locale,
            crate::messages::messages_or_english(&self.options.locale),
        )
    }

    fn question(&self, i: usize, pos: usize) -> Step {
        let item = &self.instrument.items[i];
        let rs = self.instrument.response_scale_of(item);
        Step {
            item: Some(item.id.clone()),
            text: self.wording().item(&item.id, item.text.as_deref()),
            options: rs
                .map(|r| {
                    let w = self.wording();
                    let mut o = options_of(r);
                    for x in &mut o {
                        x.label = x.label.take().map(|l| w.label(&r.id, x.value, &l));
                    }
                    o
                })
                .unwrap_or_default(),
            range: rs.map(|r| (r.min, r.max)),
            section: item.section.clone(),
            position: Some(pos + 1),
            ..self.step(StepKind::Question)
        }
    }

    /// The report of the answers given: the same as scoring them directly
    /// (with the sections entered as `opted_in`).
    pub fn finish(&self) -> Result<Report, ScoreError> {
        self.report()
    }
}

/// The `form` of a JSON options object, and the scoring options in the rest.
fn split_form(options: &str) -> Result<(Option<String>, ScoreOptions), SessionError> {
    use crate::request::Request;
    let bad = |m: String| {
        SessionError::Options(ScoreError::InvalidOption {
            option: "form".into(),
            message: m,
        })
    };
    let mut value: serde_json::Value = serde_json::from_str(options).map_err(|e| {
        SessionError::Options(ScoreError::InvalidOption {
            option: "options".into(),
            message: e.to_string(),
        })
    })?;
    let form = match value.as_object_mut().and_then(|o| o.remove("form")) {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(f)) => Some(f),
        Some(other) => return Err(bad(format!("must be a form id (a string), got {other}"))),
    };
    let options = ScoreOptions::read_json(&value.to_string()).map_err(SessionError::Options)?;
    Ok((form, options))
}

/// A scale's options in print order, with labels, and its "does not apply"
/// option last.
fn options_of(rs: &ResponseScale) -> Vec<StepOption> {
    let label = |v: f64| {
        rs.labels
            .iter()
            .find(|l| l.value == v)
            .map(|l| l.label.clone())
    };
    let mut out: Vec<StepOption> = rs
        .option_values(MAX_OPTIONS)
        .unwrap_or_default()
        .into_iter()
        .map(|value| StepOption {
            value,
            label: label(value),
        })
        .collect();
    if let Some(na) = &rs.not_applicable {
        out.push(StepOption {
            value: na.value,
            label: Some(na.label.clone()),
        });
    }
    out
}

/// The order items are asked in: the safety screen (every section holding
/// an item whose alerts raise the safety flag) first, then the rest, each in
/// the instrument's (form's) order.
fn ask_order(inst: &Instrument) -> Vec<usize> {
    let screen: Vec<&str> = inst
        .items
        .iter()
        .filter(|i| i.alerts.iter().any(|a| a.flag == FlagKind::Safety))
        .filter_map(|i| i.section.as_deref())
        .collect();
    let first = |i: &usize| {
        inst.items[*i]
            .section
            .as_deref()
            .is_some_and(|s| screen.contains(&s))
    };
    let all: Vec<usize> = (0..inst.items.len()).collect();
    let (mut order, rest): (Vec<usize>, Vec<usize>) = all.into_iter().partition(first);
    order.extend(rest);
    order
}
