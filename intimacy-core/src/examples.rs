//! Fictional example answers shipped with the library (three couples,
//! `levels-checkin`), for the quickstart, the docs and the tests.

use serde::{Deserialize, Serialize};

use crate::score::Responses;

/// One fictional respondent's answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleRespondent {
    /// Respondent id.
    pub respondent: String,
    /// The couple they belong to.
    pub couple: String,
    /// A first name, for display.
    pub name: String,
    /// Measurement wave.
    pub wave: u32,
    /// Opt-in sections they chose.
    pub opted_in: Vec<String>,
    /// Their answers to `levels-checkin`.
    pub answers: Responses,
}

#[derive(Deserialize)]
struct ExampleFile {
    #[allow(dead_code, reason = "documents the file; not needed at run time")]
    description: String,
    #[allow(dead_code, reason = "always levels-checkin")]
    instrument: String,
    respondents: Vec<ExampleRespondent>,
}

/// The fictional example respondents (three couples answering `levels-checkin`).
///
/// ```
/// let people = intimacy_core::example_respondents();
/// assert_eq!(people.len(), 6);
/// ```
pub fn example_respondents() -> Vec<ExampleRespondent> {
    match serde_json::from_str::<ExampleFile>(include_str!("../data/examples/couples.json")) {
        Ok(f) => f.respondents,
        // Compiled-in data, checked by the tests: a failure is a build defect.
        Err(e) => panic!("built-in data file examples/couples.json is malformed: {e}"),
    }
}
