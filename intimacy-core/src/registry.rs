//! The registry of published keys: the built-in instruments with their
//! overall status, licence note, citation and facts (see
//! `KeyFact` for the facts and the rules they follow).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::instrument::Instrument;
use crate::instrument::facts::{ItemListing, KeyFact, KeyStatus};

/// One built-in instrument in the registry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RegistryEntry {
    /// The name [`Instrument::builtin`] takes.
    pub name: String,
    /// Display title.
    pub title: String,
    /// Number of items.
    pub items: usize,
    /// The scales' ids.
    pub scales: Vec<String>,
    /// The weakest status of its facts (see [`Instrument::status`]).
    pub status: KeyStatus,
    /// Terms of use of the key and of any item text.
    pub licence: String,
    /// The publication it comes from.
    pub citation: Option<String>,
    /// The item listing it follows.
    pub item_listing: Option<ItemListing>,
    /// Its facts, each with sources and status.
    pub facts: Vec<KeyFact>,
}

/// Every built-in instrument with its status, licence and citation, in the
/// order of [`crate::builtin_instruments`].
///
/// ```
/// use intimacy_core::FactStatus;
/// let all = intimacy_core::registry();
/// let ras = all.iter().find(|e| e.name == "ras").unwrap();
/// assert_eq!(ras.items, 7);
/// // A verified fact names a primary source.
/// assert!(all.iter().flat_map(|e| &e.facts).all(|f| f.status != FactStatus::Verified
///     || f.sources.iter().any(|s| s.primary)));
/// ```
pub fn registry() -> Vec<RegistryEntry> {
    crate::builtin_instruments()
        .into_iter()
        .filter_map(|name| {
            let inst = Instrument::builtin(name).ok()?;
            Some(RegistryEntry {
                name: name.to_owned(),
                status: inst.status(),
                title: inst.title,
                items: inst.items.len(),
                scales: inst.scales.into_iter().map(|s| s.id).collect(),
                licence: inst.licence,
                citation: inst.citation,
                item_listing: inst.item_listing,
                facts: inst.facts,
            })
        })
        .collect()
}

/// The project's own drawing of the response options of the IOS (`ios`):
/// seven pairs of circles, self and other, overlapping more from 1 to 7, as
/// an SVG radio group (each option a `<g>` with `data-value` 1..7,
/// `role="radio"` and a label; colours from `currentColor`), ready to be
/// used as the item's response widget.
///
/// ```
/// let svg = intimacy_core::ios_svg();
/// assert_eq!(svg.matches("data-value=").count(), 7);
/// ```
#[cfg(feature = "published-keys")]
pub fn ios_svg() -> &'static str {
    include_str!("../data/art/ios.svg")
}
