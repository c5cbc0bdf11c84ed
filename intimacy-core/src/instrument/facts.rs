//! The facts of a published key (its items, response range, reversed
//! items, subscales, scoring, cut-offs, licence), each with its sources and
//! how far it has been checked, and the checks that hold a key to them.
//!
//! The rules, checked when an instrument is read:
//! - a fact marked `verified` names at least one primary source (the original
//!   publication or its author's own page);
//! - a fact marked `secondary` names at least two sources;
//! - a fact that states something the key also encodes (the number of items,
//!   a response range, the reversed items, a subscale's items, a scale's
//!   aggregation, a cut-off) must agree with the key.
//!
//! An instrument's status is the weakest of its facts'.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use std::collections::HashMap;

use super::{Aggregation, Instrument, Item, Lookup, VerificationStatus};
use crate::error::{Problem, ProblemCode};

/// How far one fact of a key has been checked.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum FactStatus {
    /// Found in no source the project could read, or sources disagree.
    Unconfirmed,
    /// Two or more independent secondary sources agree; the primary source
    /// was not seen.
    Secondary,
    /// Seen in the primary source (the original publication or its
    /// author's own page).
    Verified,
}

/// An instrument's overall status in the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum KeyStatus {
    /// Every fact verified in a primary source.
    Verified,
    /// The weakest fact rests on agreeing secondary sources.
    Secondary,
    /// At least one fact is unconfirmed, or the key declares no facts.
    Unconfirmed,
    /// Written by the intimacy project: not a published instrument.
    Authored,
}

impl From<FactStatus> for KeyStatus {
    fn from(s: FactStatus) -> Self {
        match s {
            FactStatus::Verified => KeyStatus::Verified,
            FactStatus::Secondary => KeyStatus::Secondary,
            FactStatus::Unconfirmed => KeyStatus::Unconfirmed,
        }
    }
}

/// What a fact is about. The kinds the key also encodes are checked against
/// it: `items`, `response-range`, `reverse-items`, `subscale`, `scoring`,
/// `cutoff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FactKind {
    /// The number of items (`count`).
    Items,
    /// The response range of `items` (every item when absent): `min`, `max`.
    ResponseRange,
    /// The reversed items: exactly `items` (none when empty).
    ReverseItems,
    /// The items of subscale `scale`: exactly `items`, in any order.
    Subscale,
    /// How scale `scale` is scored: `aggregation`.
    Scoring,
    /// A published cut-off of scale `scale`: `value`, the lowest score at or
    /// above the line (the boundary between the cut-off's first two bands).
    Cutoff,
    /// The order the items are listed in (see the instrument's `item_listing`).
    ItemListing,
    /// The point value printed beside each response option.
    PrintedValues,
    /// A published criterion for reliable change of scale `scale`: `value`,
    /// in the scale's score units.
    ReliableChange,
    /// The terms of use.
    Licence,
    /// Anything else (stated in `statement`).
    Other,
}

/// Where a fact was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactSource {
    /// The work: author, year, title; or the name of a package or page.
    pub citation: String,
    /// The original publication or its author's own page (`true`), or
    /// anything else: another paper, a package, a handout (`false`).
    pub primary: bool,
    /// Where in it: a page, a table, a web address, a file path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
}

/// One fact of a key, with its sources and how far it has been checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyFact {
    /// What the fact is about.
    pub fact: FactKind,
    /// The fact in words.
    pub statement: String,
    /// How far it has been checked.
    pub status: FactStatus,
    /// Where it was read; see the module's rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<FactSource>,
    /// The scale it is about (`subscale`, `scoring`, `cutoff`, `reliable-change`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
    /// The items it is about (`response-range`, `reverse-items`, `subscale`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<String>>,
    /// A number of items (`items`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Lowest answer (`response-range`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Highest answer (`response-range`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Mean or sum (`scoring`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregation: Option<Aggregation>,
    /// A score (`cutoff`, `reliable-change`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// What was and was not found, disagreements among sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The item listing a key follows, for instruments whose items circulate
/// in more than one order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemListing {
    /// Which listing, e.g. "the author's web listing (anxiety items first)".
    pub name: String,
    /// Where it is published.
    pub source: String,
    /// How it differs from other listings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Instrument {
    /// The instrument's status: `authored` for the project's own
    /// instruments, else the weakest status of its facts (`unconfirmed`
    /// when it declares none).
    ///
    /// ```
    /// use intimacy_core::{Instrument, KeyStatus};
    /// assert_eq!(Instrument::builtin("levels-checkin").unwrap().status(), KeyStatus::Authored);
    /// ```
    pub fn status(&self) -> KeyStatus {
        if self.verification.status == VerificationStatus::Authored {
            return KeyStatus::Authored;
        }
        self.facts
            .iter()
            .map(|f| f.status)
            .min()
            .map_or(KeyStatus::Unconfirmed, KeyStatus::from)
    }

    /// Problems of the facts: sources their status needs, the fields their
    /// kind needs, and agreement with the key. Ids are found through `ids`
    /// and what several facts compare against is worked out once
    /// ([`KeyIndex`]), so the checks take time in proportion to the
    /// instrument's size and the facts' own lists.
    pub(super) fn fact_problems(&self, ids: &Lookup<'_>, p: &mut Vec<Problem>) {
        if let Some(l) = &self.item_listing {
            for (f, t) in [("name", l.name.as_str()), ("source", l.source.as_str())] {
                if t.trim().is_empty() {
                    p.push(Problem::new(
                        format!("item_listing.{f}"),
                        ProblemCode::Empty,
                        format!("the item listing's {f} is empty"),
                    ));
                }
            }
        }
        if self.facts.len() > MAX_FACTS {
            p.push(Problem::new(
                "facts",
                ProblemCode::TooLarge,
                format!(
                    "the instrument has {} facts; it may have at most {MAX_FACTS}",
                    self.facts.len()
                ),
            ));
            return;
        }
        let mut index = KeyIndex::new(self, ids);
        for (i, fact) in self.facts.iter().enumerate() {
            let at = |f: &str| format!("facts[{i}].{f}");
            if fact.statement.trim().is_empty() {
                p.push(Problem::new(
                    at("statement"),
                    ProblemCode::Empty,
                    "the fact's statement is empty",
                ));
            }
            source_problems(fact, &at, p);
            index.agreement_problems(fact, &at, p);
        }
        if self.verification.status == VerificationStatus::Authored && !self.facts.is_empty() {
            p.push(Problem::new(
                "verification.status",
                ProblemCode::FactSource,
                "an authored instrument has no published facts: give the facts of a \
                 published key a status of unverified or verified",
            ));
        }
        if self.verification.status == VerificationStatus::Verified
            && self.status() != KeyStatus::Verified
        {
            p.push(Problem::new(
                "verification.status",
                ProblemCode::FactSource,
                "the instrument is marked verified but not every fact is verified",
            ));
        }
    }
}

/// The most facts an instrument may declare.
pub const MAX_FACTS: usize = 10_000;

/// The most items a problem names when a fact disagrees about many.
const NAMED: usize = 5;

/// Items sharing a response range (none: no response scale): the range, the
/// first few items with it, and how many there are.
type RangeGroup<'a> = (Option<(f64, f64)>, Vec<&'a str>, usize);

/// What facts are compared against, found once: the key's reversed items,
/// each scale's items sorted, the distinct response ranges of the items,
/// the first band's end of each cut-off's scale.
struct KeyIndex<'a> {
    inst: &'a Instrument,
    ids: &'a Lookup<'a>,
    reversed: Option<Vec<&'a str>>,
    scale_items: HashMap<usize, Vec<&'a str>>,
    /// The response range (none: no response scale) of the items, each
    /// distinct one with the items that have it (up to [`NAMED`]) and
    /// their count.
    ranges: Option<Vec<RangeGroup<'a>>>,
    lines: Option<HashMap<&'a str, f64>>,
}

impl<'a> KeyIndex<'a> {
    fn new(inst: &'a Instrument, ids: &'a Lookup<'a>) -> Self {
        KeyIndex {
            inst,
            ids,
            reversed: None,
            scale_items: HashMap::new(),
            ranges: None,
            lines: None,
        }
    }

    fn range_of(&self, item: &Item) -> Option<(f64, f64)> {
        self.ids.response_scale_of(item).map(|rs| (rs.min, rs.max))
    }

    /// Whether `fact` says what the key encodes: the fields its kind needs,
    /// the scale it names, then the kind's own comparison.
    fn agreement_problems(
        &mut self,
        fact: &KeyFact,
        at: &dyn Fn(&str) -> String,
        p: &mut Vec<Problem>,
    ) {
        let mut out: Vec<(&str, String)> = Vec::new();
        for (field, present) in needed_fields(fact) {
            if !present {
                out.push((
                    field,
                    format!("a {} fact needs `{field}`", kind_name(fact.fact)),
                ));
            }
        }
        let scale = fact.scale.as_deref();
        if out.is_empty()
            && let Some(id) = scale
            && self.ids.scale(id).is_none()
        {
            out.push(("scale", format!("no scale {id:?} in the key")));
        }
        if out.is_empty() {
            match fact.fact {
                FactKind::Items => self.count_mismatch(fact, &mut out),
                FactKind::ResponseRange => self.range_mismatch(fact, &mut out),
                FactKind::ReverseItems => self.reverse_mismatch(fact, &mut out),
                FactKind::Subscale => self.subscale_mismatch(fact, &mut out),
                FactKind::Scoring => self.scoring_mismatch(fact, &mut out),
                FactKind::Cutoff => self.cutoff_mismatch(fact, &mut out),
                FactKind::ItemListing if self.inst.item_listing.is_none() => out.push((
                    "fact",
                    "an item-listing fact needs the instrument's `item_listing`".into(),
                )),
                _ => {}
            }
        }
        for (field, message) in out {
            p.push(Problem::new(at(field), ProblemCode::FactMismatch, message));
        }
    }

    fn count_mismatch(&self, fact: &KeyFact, out: &mut Vec<(&str, String)>) {
        let n = fact.count.unwrap_or_default();
        let items = self.inst.items.len();
        if usize::try_from(n).ok() != Some(items) {
            out.push((
                "count",
                format!("the fact says {n} items; the key has {items}"),
            ));
        }
    }

    /// One problem naming the first items whose range differs.
    fn range_mismatch(&mut self, fact: &KeyFact, out: &mut Vec<(&str, String)>) {
        let said = fact.min.zip(fact.max);
        let mut differ: Vec<String> = Vec::new();
        let mut count = 0usize;
        match &fact.items {
            Some(list) => {
                for id in list {
                    let range = self.ids.item(id).and_then(|it| self.range_of(it));
                    if range != said {
                        count += 1;
                        if differ.len() < NAMED {
                            differ.push(describe(id, range));
                        }
                    }
                }
            }
            None => {
                for (range, named, n) in self.ranges() {
                    if *range != said {
                        count += n;
                        for id in named.iter().take(NAMED.saturating_sub(differ.len())) {
                            differ.push(describe(id, *range));
                        }
                    }
                }
            }
        }
        if count > 0 {
            let (a, b) = said.unwrap_or_default();
            let more = count.saturating_sub(differ.len());
            let tail = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            out.push((
                "items",
                format!(
                    "the fact says the items run {a} to {b}; the key gives {}{tail}",
                    differ.join(", ")
                ),
            ));
        }
    }

    /// The distinct response ranges of the items, worked out once.
    fn ranges(&mut self) -> &[RangeGroup<'a>] {
        if self.ranges.is_none() {
            let mut ranges: Vec<RangeGroup<'a>> = Vec::new();
            let mut at: HashMap<Option<(u64, u64)>, usize> = HashMap::new();
            for it in &self.inst.items {
                let range = self.range_of(it);
                let key = range.map(|(a, b)| (a.to_bits(), b.to_bits()));
                let k = *at.entry(key).or_insert_with(|| {
                    ranges.push((range, Vec::new(), 0));
                    ranges.len() - 1
                });
                let entry = &mut ranges[k];
                entry.2 += 1;
                if entry.1.len() < NAMED {
                    entry.1.push(it.id.as_str());
                }
            }
            self.ranges = Some(ranges);
        }
        self.ranges.as_deref().unwrap_or_default()
    }

    fn reverse_mismatch(&mut self, fact: &KeyFact, out: &mut Vec<(&str, String)>) {
        let inst = self.inst;
        let keyed = self.reversed.get_or_insert_with(|| {
            sorted(
                inst.items
                    .iter()
                    .filter(|i| i.reverse)
                    .map(|i| i.id.as_str()),
            )
        });
        let said = sorted(fact.items.iter().flatten().map(String::as_str));
        if said != *keyed {
            out.push((
                "items",
                format!(
                    "the fact reverses {}; the key reverses {}",
                    listed(&said),
                    listed(keyed)
                ),
            ));
        }
    }

    fn subscale_mismatch(&mut self, fact: &KeyFact, out: &mut Vec<(&str, String)>) {
        let Some(k) = fact.scale.as_deref().and_then(|id| self.ids.scales.get(id)) else {
            return;
        };
        let inst = self.inst;
        let keyed = self
            .scale_items
            .entry(k)
            .or_insert_with(|| sorted(inst.scales[k].items.iter().map(String::as_str)));
        let said = sorted(fact.items.iter().flatten().map(String::as_str));
        if said != *keyed {
            out.push((
                "items",
                format!(
                    "the fact gives scale {:?} the items {}; the key gives it {}",
                    inst.scales[k].id,
                    listed(&said),
                    listed(keyed)
                ),
            ));
        }
    }

    fn scoring_mismatch(&self, fact: &KeyFact, out: &mut Vec<(&str, String)>) {
        let Some(s) = fact.scale.as_deref().and_then(|id| self.ids.scale(id)) else {
            return;
        };
        if Some(s.aggregation) != fact.aggregation {
            out.push((
                "aggregation",
                format!(
                    "the fact scores scale {:?} by {:?}; the key by {:?}",
                    s.id,
                    fact.aggregation.unwrap_or_default(),
                    s.aggregation
                ),
            ));
        }
    }

    fn cutoff_mismatch(&mut self, fact: &KeyFact, out: &mut Vec<(&str, String)>) {
        let inst = self.inst;
        // Each scale's line: the end of the first band of its first cut-off
        // that has one, found once for all facts.
        let lines = self.lines.get_or_insert_with(|| {
            let mut lines: HashMap<&'a str, f64> = HashMap::new();
            for c in &inst.cutoffs {
                if let Some(max) = c.bands.first().and_then(|b| b.max) {
                    lines.entry(c.scale.as_str()).or_insert(max);
                }
            }
            lines
        });
        let line = fact.scale.as_deref().and_then(|s| lines.get(s).copied());
        if line != fact.value {
            out.push((
                "value",
                format!(
                    "the fact puts the cut-off of scale {:?} at {}; the key's first band ends at {}",
                    fact.scale.as_deref().unwrap_or(""),
                    fact.value.unwrap_or_default(),
                    line.map_or("no cut-off".into(), |v| v.to_string())
                ),
            ));
        }
    }
}

/// An item and the range the key gives it.
fn describe(id: &str, range: Option<(f64, f64)>) -> String {
    range.map_or(format!("{id:?} no response scale"), |(a, b)| {
        format!("{id:?} {a} to {b}")
    })
}

/// A list of ids for a message: the first few, and how many more.
fn listed(ids: &[&str]) -> String {
    let shown: Vec<String> = ids
        .iter()
        .take(2 * NAMED)
        .map(|i| format!("{i:?}"))
        .collect();
    let more = ids.len().saturating_sub(shown.len());
    if more > 0 {
        format!("[{} and {more} more]", shown.join(", "))
    } else {
        format!("[{}]", shown.join(", "))
    }
}

/// The fields a fact of its kind needs, and whether each is there.
fn needed_fields(fact: &KeyFact) -> Vec<(&'static str, bool)> {
    let (scale, items) = (fact.scale.is_some(), fact.items.is_some());
    match fact.fact {
        FactKind::Items => vec![("count", fact.count.is_some())],
        FactKind::ResponseRange => vec![("min", fact.min.is_some()), ("max", fact.max.is_some())],
        FactKind::ReverseItems => vec![("items", items)],
        FactKind::Subscale => vec![("scale", scale), ("items", items)],
        FactKind::Scoring => vec![
            ("scale", scale),
            ("aggregation", fact.aggregation.is_some()),
        ],
        FactKind::Cutoff | FactKind::ReliableChange => {
            vec![("scale", scale), ("value", fact.value.is_some())]
        }
        _ => Vec::new(),
    }
}

/// The sources a fact's status needs.
fn source_problems(fact: &KeyFact, at: &dyn Fn(&str) -> String, p: &mut Vec<Problem>) {
    for (j, s) in fact.sources.iter().enumerate() {
        if s.citation.trim().is_empty() {
            p.push(Problem::new(
                at(&format!("sources[{j}].citation")),
                ProblemCode::Empty,
                "the source's citation is empty",
            ));
        }
    }
    match fact.status {
        FactStatus::Verified if !fact.sources.iter().any(|s| s.primary) => {
            p.push(Problem::new(
                at("status"),
                ProblemCode::FactSource,
                "a verified fact names the primary source it was seen in (a source with primary: true)",
            ));
        }
        FactStatus::Secondary if fact.sources.len() < 2 => {
            p.push(Problem::new(
                at("status"),
                ProblemCode::FactSource,
                format!(
                    "a secondary fact names at least two agreeing sources; this one names {}",
                    fact.sources.len()
                ),
            ));
        }
        _ => {}
    }
}

fn sorted<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut v: Vec<&str> = ids.collect();
    v.sort_unstable();
    v
}

fn kind_name(k: FactKind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}
