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

use super::{Instrument, check_text};
use crate::error::{InstrumentError, Problem, ProblemCode};
use crate::messages::{Messages, ReviewStatus, chain};

/// The most translations one instrument carries.
const MAX_TRANSLATIONS: usize = 64;

/// An instrument's words in one locale, keyed by the path of what they
/// translate: `title`, `note`, `items.<item>`, `labels.<scale>.<value>`
/// (the "does not apply" label under its code), `sections.<id>.title`,
/// `sections.<id>.description`, the same paths
/// [`Instrument::missing_translations`] lists. Anything left out falls back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    /// How far the translation has been checked (`reviewed` or `draft`).
    pub status: ReviewStatus,
    /// The words, by path.
    #[serde(default)]
    pub words: BTreeMap<String, String>,
}

/// A translation in a file of its own, beside the instrument it belongs
/// to: what [`Instrument::with_translation`] reads and
/// [`Instrument::translation_file`] writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslationFile {
    /// The instrument's id.
    pub instrument: String,
    /// The instrument's version.
    pub version: String,
    /// The locale, e.g. `es-MX`.
    pub locale: String,
    /// How far the translation has been checked (`reviewed` or `draft`).
    pub status: ReviewStatus,
    /// The words, by path (see [`Translation`]).
    pub words: BTreeMap<String, String>,
}

impl Instrument {
    /// This instrument with a translation from a side file added (or
    /// replacing the one of its locale): a JSON object with `instrument`
    /// and `version` (this instrument's), `locale`, `status` and `words` by
    /// path (`items.l1a`, `labels.agree.3`, `title`, ...). Words for what
    /// the instrument does not have are refused, naming the path.
    pub fn with_translation(&self, text: &str) -> Result<Instrument, InstrumentError> {
        let syntax = |e: String| InstrumentError::Invalid {
            problems: vec![Problem::new(
                "",
                ProblemCode::Syntax,
                format!("not a translation file: {e}"),
            )],
        };
        let side: TranslationFile =
            serde_json::from_str(text).map_err(|e| syntax(e.to_string()))?;
        if side.instrument != self.id || side.version != self.version {
            return Err(InstrumentError::Invalid {
                problems: vec![Problem::new(
                    "instrument",
                    ProblemCode::OtherInstrument,
                    format!(
                        "the translation is of {} {}, not of {} {}",
                        side.instrument, side.version, self.id, self.version
                    ),
                )],
            });
        }
        let mut out = self.clone();
        out.translations.insert(
            side.locale,
            Translation {
                status: side.status,
                words: side.words,
            },
        );
        let problems = out.problems();
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(InstrumentError::Invalid { problems })
        }
    }

    /// Every path a translation of this instrument can have words for,
    /// with the instrument's own words there, in the instrument's order.
    fn translatable(&self) -> Vec<(String, &str)> {
        let mut out = vec![("title".to_owned(), self.title.as_str())];
        if let Some(note) = &self.note {
            out.push(("note".to_owned(), note));
        }
        for item in &self.items {
            if let Some(text) = &item.text {
                out.push((format!("items.{}", item.id), text));
            }
        }
        for rs in &self.response_scales {
            for l in rs.labels.iter().chain(&rs.not_applicable) {
                out.push((label_path(&rs.id, l.value), &l.label));
            }
        }
        for s in &self.sections {
            out.push((format!("sections.{}.title", s.id), &s.title));
            if let Some(d) = &s.description {
                out.push((format!("sections.{}.description", s.id), d));
            }
        }
        out
    }

    /// The words of `locale` as a side file ([`TranslationFile`], what
    /// [`Instrument::with_translation`] reads): every path, with the
    /// locale's words where its chain has them and the instrument's own
    /// where not. For a translator it is the template
    /// ([`Instrument::missing_translations`] lists what is untranslated);
    /// its status is the translation's, or `draft` when there is none.
    /// A tag that is not well formed is refused (`invalid-option` on
    /// `locale`).
    pub fn translation_file(&self, locale: &str) -> Result<TranslationFile, crate::ScoreError> {
        crate::messages::known_locale(locale)?;
        let chain = self.chain_of(locale);
        let own = self
            .translations
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(locale));
        Ok(TranslationFile {
            instrument: self.id.clone(),
            version: self.version.clone(),
            locale: own.map_or_else(|| locale.to_owned(), |(k, _)| k.clone()),
            status: own.map_or(ReviewStatus::Draft, |(_, t)| t.status),
            words: self
                .translatable()
                .into_iter()
                .map(|(path, text)| {
                    let words = chain
                        .iter()
                        .find_map(|t| t.words.get(&path))
                        .map_or(text, String::as_str)
                        .to_owned();
                    (path, words)
                })
                .collect(),
        })
    }

    /// What the translation of `locale` (its own words, not its fallbacks)
    /// lacks: paths such as `items.l1a`, `labels.agree.3`,
    /// `sections.screen.title`, `title`, in the instrument's order;
    /// everything when it has none.
    pub fn missing_translations(&self, locale: &str) -> Vec<String> {
        let t = self
            .translations
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(locale))
            .map(|(_, t)| t);
        self.translatable()
            .into_iter()
            .map(|(path, _)| path)
            .filter(|path| t.is_none_or(|t| !t.words.contains_key(path)))
            .collect()
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
    pub(super) fn translation_problems(&self, p: &mut Vec<Problem>) {
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
                    ProblemCode::Reserved,
                    "a translation's status is reviewed or draft",
                ));
            }
            let known: Option<std::collections::HashSet<String>> = (!t.words.is_empty())
                .then(|| self.translatable().into_iter().map(|(p, _)| p).collect());
            for (path, text) in &t.words {
                if known.as_ref().is_some_and(|k| !k.contains(path)) {
                    p.push(Problem::new(
                        at(&format!("words.{path}")),
                        ProblemCode::UnknownReference,
                        format!(
                            "the instrument has nothing at {path:?} to translate (title, note, items.<item>, labels.<scale>.<value>, sections.<id>.title, sections.<id>.description)"
                        ),
                    ));
                }
                check_text(p, || at(&format!("words.{path}")), Some(text));
            }
        }
    }
}

/// The path of a response label: `labels.<scale>.<value>` (`3`, `0.5`, `-1`).
fn label_path(scale: &str, value: f64) -> String {
    format!("labels.{scale}.{value}")
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

    /// The words at `path` of the nearest translation that has them.
    fn pick(&self, path: &str) -> Option<&'a str> {
        self.chain
            .iter()
            .find_map(|t| t.words.get(path))
            .map(String::as_str)
    }

    fn out(&self, text: &str) -> String {
        self.m.words(text).into_owned()
    }

    /// The item's wording (`None` when it has none).
    pub(crate) fn item(&self, id: &str, own: Option<&str>) -> Option<String> {
        let own = own?;
        Some(self.out(self.lookup(|| format!("items.{id}")).unwrap_or(own)))
    }

    /// A response label of scale `scale` for `value`.
    pub(crate) fn label(&self, scale: &str, value: f64, own: &str) -> String {
        self.out(self.lookup(|| label_path(scale, value)).unwrap_or(own))
    }

    /// A section's title.
    pub(crate) fn section_title(&self, id: &str, own: &str) -> String {
        self.out(
            self.lookup(|| format!("sections.{id}.title"))
                .unwrap_or(own),
        )
    }

    /// A section's description.
    pub(crate) fn section_description(&self, id: &str, own: Option<&str>) -> Option<String> {
        let own = own?;
        Some(
            self.out(
                self.lookup(|| format!("sections.{id}.description"))
                    .unwrap_or(own),
            ),
        )
    }

    /// The instrument's title.
    pub(crate) fn title(&self) -> String {
        self.out(self.pick("title").unwrap_or(&self.inst.title))
    }

    /// The instrument's note, if it has one.
    pub(crate) fn note(&self) -> Option<String> {
        let own = self.inst.note.as_deref()?;
        Some(self.out(self.pick("note").unwrap_or(own)))
    }

    /// [`Wording::pick`], the path made only when there is a translation.
    fn lookup(&self, path: impl FnOnce() -> String) -> Option<&'a str> {
        if self.chain.is_empty() {
            None
        } else {
            self.pick(&path())
        }
    }
}
