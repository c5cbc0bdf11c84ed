//! An instrument's words in other locales: its title and note, item
//! wording, response labels and section texts, shipped inline
//! (`translations` in the instrument) or in a side file
//! ([`Instrument::with_translation`]). A locale falls back key by key to
//! the nearest one on its chain (`es-MX`, then `es`), then to the
//! instrument's own words; every translation says how far it has been
//! checked ([`ReviewStatus`]).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Instrument, Lookup, check_text};
use crate::error::{InstrumentError, Problem, ProblemCode};
use crate::messages::{Messages, ReviewStatus, chain};

/// The most translations one instrument carries.
const MAX_TRANSLATIONS: usize = 64;

/// An instrument's words in one locale. Anything left out falls back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    /// How far the translation has been checked (`reviewed` or `draft`).
    pub status: ReviewStatus,
    /// The instrument's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The instrument's note (what a report says about itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Item wording, by item id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub items: BTreeMap<String, String>,
    /// Response labels: by response scale id, then by value (`"0"`, `"1"`,
    /// ...; the "does not apply" label under its code).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, BTreeMap<String, String>>,
    /// Section titles and descriptions, by section id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sections: BTreeMap<String, SectionText>,
}

/// A section's words in one locale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionText {
    /// Its title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Its description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A translation in a file of its own, beside the instrument it belongs to.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SideFile {
    instrument: String,
    version: String,
    locale: String,
    #[serde(flatten)]
    translation: Translation,
}

impl Instrument {
    /// This instrument with a translation from a side file added (or
    /// replacing the one of its locale): a JSON object with `instrument`
    /// and `version` (this instrument's), `locale`, `status` and the words
    /// (`title`, `note`, `items`, `labels`, `sections`). Words for what the
    /// instrument does not have are refused, naming the path.
    pub fn with_translation(&self, text: &str) -> Result<Instrument, InstrumentError> {
        let side: SideFile = serde_json::from_str(text).map_err(|e| InstrumentError::Invalid {
            problems: vec![Problem::new(
                "",
                ProblemCode::Syntax,
                format!("not a translation file: {e}"),
            )],
        })?;
        if side.instrument != self.id || side.version != self.version {
            return Err(InstrumentError::Invalid {
                problems: vec![Problem::new(
                    "instrument",
                    ProblemCode::UnknownReference,
                    format!(
                        "the translation is of {} {}, not of {} {}",
                        side.instrument, side.version, self.id, self.version
                    ),
                )],
            });
        }
        let mut out = self.clone();
        out.translations.insert(side.locale, side.translation);
        let problems = out.problems();
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(InstrumentError::Invalid { problems })
        }
    }

    /// What the translations of `locale` (its own, not its fallbacks) lack:
    /// paths such as `items.l1a`, `labels.agree.3`, `sections.screen.title`,
    /// `title`, in the instrument's order. Everything when it has none.
    pub fn missing_translations(&self, locale: &str) -> Vec<String> {
        let t = self
            .translations
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(locale))
            .map(|(_, t)| t);
        let mut out = Vec::new();
        if t.and_then(|t| t.title.as_ref()).is_none() {
            out.push("title".to_owned());
        }
        if self.note.is_some() && t.and_then(|t| t.note.as_ref()).is_none() {
            out.push("note".to_owned());
        }
        for item in self.items.iter().filter(|i| i.text.is_some()) {
            if t.is_none_or(|t| !t.items.contains_key(&item.id)) {
                out.push(format!("items.{}", item.id));
            }
        }
        for rs in &self.response_scales {
            let values = rs
                .labels
                .iter()
                .map(|l| l.value)
                .chain(rs.not_applicable.as_ref().map(|n| n.value));
            for v in values {
                let have = t
                    .and_then(|t| t.labels.get(&rs.id))
                    .is_some_and(|m| m.keys().any(|k| parse_value(k) == Some(v)));
                if !have {
                    out.push(format!("labels.{}.{}", rs.id, value_key(v)));
                }
            }
        }
        for s in &self.sections {
            let st = t.and_then(|t| t.sections.get(&s.id));
            if st.and_then(|x| x.title.as_ref()).is_none() {
                out.push(format!("sections.{}.title", s.id));
            }
            if s.description.is_some() && st.and_then(|x| x.description.as_ref()).is_none() {
                out.push(format!("sections.{}.description", s.id));
            }
        }
        out
    }

    /// The translations on the chain of `locale`, nearest first.
    fn chain_of(&self, locale: &str) -> Vec<&Translation> {
        if self.translations.is_empty() {
            return Vec::new();
        }
        chain(locale)
            .unwrap_or_default()
            .iter()
            .filter_map(|tag| {
                self.translations
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(tag))
                    .map(|(_, t)| t)
            })
            .collect()
    }

    /// Translations: well-formed locale tags, a status a translation may
    /// have, and words only for what the instrument has.
    pub(super) fn translation_problems(&self, ids: &Lookup<'_>, p: &mut Vec<Problem>) {
        if self.translations.len() > MAX_TRANSLATIONS {
            p.push(Problem::new(
                "translations",
                ProblemCode::TooLarge,
                format!(
                    "the instrument has {} translations; it may have at most {MAX_TRANSLATIONS}",
                    self.translations.len()
                ),
            ));
        }
        for (locale, t) in &self.translations {
            let at = |f: &str| format!("translations.{locale}.{f}");
            if chain(locale).is_none() {
                p.push(Problem::new(
                    format!("translations.{locale}"),
                    ProblemCode::InvalidId,
                    format!("{locale:?} is not a locale tag (e.g. es, es-MX)"),
                ));
            }
            if !matches!(t.status, ReviewStatus::Reviewed | ReviewStatus::Draft) {
                p.push(Problem::new(
                    at("status"),
                    ProblemCode::InvalidLabel,
                    "a translation's status is reviewed or draft",
                ));
            }
            check_text(p, || at("title"), t.title.as_deref());
            check_text(p, || at("note"), t.note.as_deref());
            for (id, text) in &t.items {
                if ids.items.get(id).is_none() {
                    p.push(Problem::new(
                        at(&format!("items.{id}")),
                        ProblemCode::UnknownReference,
                        format!("the instrument has no item {id:?}"),
                    ));
                }
                check_text(p, || at(&format!("items.{id}")), Some(text));
            }
            for (scale, labels) in &t.labels {
                let Some(rs) = ids
                    .response_scales
                    .get(scale)
                    .map(|i| &self.response_scales[i])
                else {
                    p.push(Problem::new(
                        at(&format!("labels.{scale}")),
                        ProblemCode::UnknownReference,
                        format!("the instrument has no response scale {scale:?}"),
                    ));
                    continue;
                };
                for (value, label) in labels {
                    let known = parse_value(value).is_some_and(|v| {
                        rs.labels.iter().any(|l| l.value == v)
                            || rs.not_applicable.as_ref().is_some_and(|n| n.value == v)
                    });
                    if !known {
                        p.push(Problem::new(
                            at(&format!("labels.{scale}.{value}")),
                            ProblemCode::UnknownReference,
                            format!("response scale {scale:?} has no labelled value {value:?}"),
                        ));
                    }
                    check_text(p, || at(&format!("labels.{scale}.{value}")), Some(label));
                }
            }
            for (id, st) in &t.sections {
                if ids.sections.get(id).is_none() {
                    p.push(Problem::new(
                        at(&format!("sections.{id}")),
                        ProblemCode::UnknownReference,
                        format!("the instrument has no section {id:?}"),
                    ));
                }
                check_text(
                    p,
                    || at(&format!("sections.{id}.title")),
                    st.title.as_deref(),
                );
                check_text(
                    p,
                    || at(&format!("sections.{id}.description")),
                    st.description.as_deref(),
                );
            }
        }
    }
}

fn parse_value(key: &str) -> Option<f64> {
    key.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

fn value_key(v: f64) -> String {
    format!("{v}")
}

/// An instrument's words as a locale shows them: its translation on the
/// locale's chain, else its own words; in the pseudo-locale, made pseudo.
pub(crate) struct Wording<'a> {
    inst: &'a Instrument,
    chain: Vec<&'a Translation>,
    m: &'a Messages,
}

impl<'a> Wording<'a> {
    pub(crate) fn new(inst: &'a Instrument, locale: &str, m: &'a Messages) -> Self {
        Wording {
            inst,
            chain: inst.chain_of(locale),
            m,
        }
    }

    /// The instrument.
    pub(crate) fn instrument(&self) -> &'a Instrument {
        self.inst
    }

    fn pick(&self, f: impl Fn(&'a Translation) -> Option<&'a String>) -> Option<&'a str> {
        self.chain.iter().find_map(|t| f(t)).map(String::as_str)
    }

    fn out(&self, text: &str) -> String {
        self.m.words(text).into_owned()
    }

    /// The item's wording (`None` when it has none).
    pub(crate) fn item(&self, id: &str, own: Option<&str>) -> Option<String> {
        let own = own?;
        Some(self.out(self.pick(|t| t.items.get(id)).unwrap_or(own)))
    }

    /// A response label of scale `scale` for `value`.
    pub(crate) fn label(&self, scale: &str, value: f64, own: &str) -> String {
        let t = self.pick(|t| {
            t.labels
                .get(scale)?
                .iter()
                .find(|(k, _)| parse_value(k) == Some(value))
                .map(|(_, l)| l)
        });
        self.out(t.unwrap_or(own))
    }

    /// A section's title.
    pub(crate) fn section_title(&self, id: &str, own: &str) -> String {
        self.out(
            self.pick(|t| t.sections.get(id)?.title.as_ref())
                .unwrap_or(own),
        )
    }

    /// A section's description.
    pub(crate) fn section_description(&self, id: &str, own: Option<&str>) -> Option<String> {
        let own = own?;
        Some(
            self.out(
                self.pick(|t| t.sections.get(id)?.description.as_ref())
                    .unwrap_or(own),
            ),
        )
    }

    /// The instrument's title.
    pub(crate) fn title(&self) -> String {
        self.out(self.pick(|t| t.title.as_ref()).unwrap_or(&self.inst.title))
    }

    /// The instrument's note, if it has one.
    pub(crate) fn note(&self) -> Option<String> {
        let own = self.inst.note.as_deref()?;
        Some(self.out(self.pick(|t| t.note.as_ref()).unwrap_or(own)))
    }
}
