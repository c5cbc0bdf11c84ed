//! The words of a report: every flag message, reason, summary, resources line
//! and note, kept per locale in `data/messages/<locale>.json` so that a
//! clinician can review them without reading code and an app can translate
//! them. Placeholders in braces are filled in by [`Messages::fill`].

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{OnceLock, RwLock};

use serde::Deserialize;

/// The locales with built-in messages. English is the source: every other
/// locale falls back to it key by key.
const FILES: &[(&str, &str)] = &[("en", include_str!("../data/messages/en.json"))];

/// The pseudo-locale: English with accented letters, 40 % longer, in
/// brackets, made from the English messages. It shows any text that escapes
/// translation (it would stay plain) and any layout that cannot take longer
/// words.
pub const PSEUDO_LOCALE: &str = "en-XA";

/// How far a locale's words have been checked.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Deserialize,
    serde::Serialize,
    schemars::JsonSchema,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum ReviewStatus {
    /// The source text, written by the project.
    Source,
    /// Translated, reviewed by a fluent speaker with the subject in mind.
    Reviewed,
    /// Translated, not yet reviewed.
    Draft,
    /// Made by the library for testing (the pseudo-locale).
    Pseudo,
}

/// A hasher for message keys (short, from the library's own data or an
/// app's file, never from a respondent): a multiply-rotate hash in the
/// manner of rustc's FxHash, several times cheaper than the default SipHash
/// on the dozens of lookups every report makes.
#[derive(Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Messages by key.
type Map = HashMap<String, String, std::hash::BuildHasherDefault<KeyHasher>>;

/// The messages of one locale.
#[derive(Debug)]
pub(crate) struct Messages {
    map: Map,
    /// Whether texts that are not messages (item wording, names from the
    /// catalogue) are shown in the pseudo-locale too.
    pub(crate) pseudo: bool,
    /// Whether this is the source (English): the catalogue's own words are
    /// its words, so names taken from the catalogue need no lookup.
    pub(crate) source: bool,
}

/// A locale the library has: built in, or added by an app.
#[derive(Debug)]
struct Locale {
    tag: String,
    status: ReviewStatus,
    messages: Messages,
}

fn load() -> Vec<Locale> {
    let mut out: Vec<Locale> = FILES
        .iter()
        .map(
            |(name, text)| match serde_json::from_str::<MessagesFile>(text) {
                Ok(f) => {
                    debug_assert_eq!(&f.locale, name);
                    Locale {
                        tag: f.locale,
                        status: f.status,
                        messages: Messages {
                            source: f.status == ReviewStatus::Source,
                            map: f.messages.into_iter().collect(),
                            pseudo: false,
                        },
                    }
                }
                // Compiled-in data, checked by the test suite: a build defect.
                Err(e) => panic!("built-in messages {name}.json are malformed: {e}"),
            },
        )
        .collect();
    // The catalogue's names and texts are English messages too, taken from
    // the catalogue itself (one source), so a locale translates them key by
    // key like any other message.
    if let Some(en) = out.iter_mut().find(|l| l.tag == "en") {
        en.messages.map.extend(catalogue_messages());
    }
    let pseudo_map = out
        .iter()
        .find(|l| l.tag == "en")
        .map(|en| {
            en.messages
                .map
                .iter()
                .map(|(k, v)| (k.clone(), pseudo(v)))
                .collect()
        })
        .unwrap_or_default();
    out.push(Locale {
        tag: PSEUDO_LOCALE.to_owned(),
        status: ReviewStatus::Pseudo,
        messages: Messages {
            map: pseudo_map,
            pseudo: true,
            source: false,
        },
    });
    out
}

/// The words of the catalogue that reports use, as English messages keyed
/// `catalogue.<group>.<key>.<field>`: `name`, and `name-inline` (the name
/// inside a sentence: lower case in English) of kinds, characteristics,
/// signs, fading signs, reasons to seek help, barriers, and each
/// framework's stages and types (`framework.<framework>.stage`,
/// `framework.<framework>.type`); a framework's `name`; a practice's
/// `name`, `summary` and `step.<n>` (from 1).
fn catalogue_messages() -> Vec<(String, String)> {
    fn named(out: &mut Vec<(String, String)>, group: &str, key: &str, name: &str) {
        out.push((format!("catalogue.{group}.{key}.name"), name.to_owned()));
        out.push((
            format!("catalogue.{group}.{key}.name-inline"),
            name.to_lowercase(),
        ));
    }
    let c = crate::catalogue::catalogue();
    let mut out = Vec::new();
    for k in &c.kinds {
        named(&mut out, "kind", k.key.key(), &k.name);
    }
    for k in &c.characteristics {
        named(&mut out, "characteristic", k.key.key(), &k.name);
    }
    for (group, list) in [("fading", &c.fading_signs), ("seek-help", &c.seek_help)] {
        for e in list {
            named(&mut out, group, &e.key, &e.name);
        }
    }
    for s in &c.signs {
        named(&mut out, "sign", &s.key, &s.name);
    }
    for b in &c.barriers {
        named(&mut out, "barrier", &b.key, &b.name);
    }
    for f in &c.frameworks {
        out.push((
            format!("catalogue.framework.{}.name", f.key),
            f.name.clone(),
        ));
        let stage = format!("framework.{}.stage", f.key);
        for s in &f.stages {
            named(&mut out, &stage, &s.key, &s.name);
        }
        let ty = format!("framework.{}.type", f.key);
        for t in f.typology.iter().flat_map(|t| &t.types) {
            named(&mut out, &ty, &t.key, &t.name);
        }
    }
    for p in &c.practices {
        let at = |field: &str| format!("catalogue.practice.{}.{field}", p.key);
        out.push((at("name"), p.name.clone()));
        out.push((at("summary"), p.summary.clone()));
        for (i, step) in p.steps.iter().enumerate() {
            out.push((at(&format!("step.{}", i + 1)), step.clone()));
        }
    }
    out
}

/// The locales an app added with [`add_messages`], newest last. Each is kept
/// for the life of the process (a report may hold its words), so adding is
/// for an app's start, not for every request.
static ADDED: RwLock<Vec<&'static Locale>> = RwLock::new(Vec::new());

fn added() -> Vec<&'static Locale> {
    ADDED
        .read()
        .map_or_else(|e| e.into_inner().clone(), |l| l.clone())
}

/// Whether an app has added any locale (most never do: then no lock is
/// taken on the way to a report's words).
static ANY_ADDED: AtomicBool = AtomicBool::new(false);

/// The locale with exactly this tag (in any case): one an app added, else a
/// built-in one.
fn find(tag: &str) -> Option<&'static Locale> {
    if ANY_ADDED.load(Ordering::Acquire) {
        let added = ADDED
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(l) = added
            .iter()
            .rev()
            .copied()
            .find(|l| l.tag.eq_ignore_ascii_case(tag))
        {
            return Some(l);
        }
    }
    let builtin = all();
    builtin
        .iter()
        .find(|l| l.tag == tag)
        .or_else(|| builtin.iter().find(|l| l.tag.eq_ignore_ascii_case(tag)))
}

fn english() -> &'static Messages {
    match all().first() {
        Some(en) => &en.messages,
        None => unreachable!("the English messages are built in"),
    }
}

fn all() -> &'static [Locale] {
    static ALL: OnceLock<Vec<Locale>> = OnceLock::new();
    ALL.get_or_init(load)
}

/// The locales reports can be written in (`ScoreOptions::locale`): the
/// built-in ones, then those an app added; a more specific tag (`en-GB`)
/// falls back to the nearest of them.
///
/// ```
/// assert!(intimacy_core::locales().contains(&"en"));
/// ```
pub fn locales() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = all().iter().map(|l| l.tag.as_str()).collect();
    for l in added() {
        if !out.iter().any(|t| t.eq_ignore_ascii_case(&l.tag)) {
            out.push(l.tag.as_str());
        }
    }
    out
}

/// A locale and how far its words have been checked.
#[derive(Debug, Clone, PartialEq, serde::Serialize, Deserialize, schemars::JsonSchema)]
pub struct LocaleInfo {
    /// The locale's tag, e.g. `en`.
    pub locale: String,
    /// How far its words have been checked.
    pub status: ReviewStatus,
    /// Messages it has of its own (the rest fall back to English).
    pub translated: usize,
    /// Messages English has.
    pub total: usize,
}

fn info(l: &Locale) -> LocaleInfo {
    LocaleInfo {
        locale: l.tag.clone(),
        status: l.status,
        translated: l.messages.map.len(),
        total: english().map.len(),
    }
}

/// Every locale (built in, then added by the app) with its review status
/// and how much of it is translated.
///
/// ```
/// let en = intimacy_core::locale_info().into_iter().find(|l| l.locale == "en").unwrap();
/// assert_eq!(en.translated, en.total);
/// ```
pub fn locale_info() -> Vec<LocaleInfo> {
    locales().into_iter().filter_map(find).map(info).collect()
}

/// The English messages a locale lacks (they fall back to English),
/// sorted; `None` for a locale that is neither built in nor added.
pub fn missing_messages(locale: &str) -> Option<Vec<String>> {
    let l = find(locale)?;
    let mut out: Vec<String> = english()
        .map
        .keys()
        .filter(|k| !l.messages.map.contains_key(*k))
        .cloned()
        .collect();
    out.sort();
    Some(out)
}

/// A locale's messages as a file: the form [`add_messages`] reads and the
/// built-in files have. For a translator it is the template: every English
/// key, with the locale's words where it has them and English where not
/// ([`missing_messages`] lists which).
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MessagesFile {
    /// The locale's tag, e.g. `es-MX`.
    pub locale: String,
    /// How far the words have been checked: `draft` or `reviewed` for a file
    /// an app adds.
    pub status: ReviewStatus,
    /// A note for reviewers (who translated, from what, what to look at).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    /// The words by key; a placeholder in braces (`{name}`) is filled by the
    /// library and must be kept.
    pub messages: std::collections::BTreeMap<String, String>,
}

/// The messages of `locale` as a file to translate or review (see
/// [`MessagesFile`]); a locale the library does not have yet gives the
/// English words with status `draft`. A tag that is not well formed is
/// refused (`invalid-option` on `locale`).
///
/// ```
/// let f = intimacy_core::messages_file("es").unwrap();
/// assert_eq!(f.messages["catalogue.kind.emotional.name"], "Emotional intimacy");
/// ```
pub fn messages_file(locale: &str) -> Result<MessagesFile, crate::ScoreError> {
    let m = known_locale(locale)?;
    let own = find(locale);
    Ok(MessagesFile {
        locale: own.map_or_else(|| locale.to_owned(), |l| l.tag.clone()),
        status: own.map_or(ReviewStatus::Draft, |l| l.status),
        about: None,
        messages: english()
            .map
            .keys()
            .map(|k| (k.clone(), m.text(k).to_owned()))
            .collect(),
    })
}

/// Why a messages file could not be added: every problem found, each with
/// its path (`locale`, `status`, `messages.<key>`) and code.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the messages could not be added ({} problem{}):{}", problems.len(), if problems.len() == 1 { "" } else { "s" }, crate::error::list(problems))]
pub struct MessagesError {
    /// Every problem, in key order.
    pub problems: Vec<crate::Problem>,
}

/// The `{placeholders}` of a message, sorted.
fn placeholders(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .filter(|n| {
            !n.is_empty()
                && n.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// What is wrong with a translated message (blank, too long, other
/// placeholders than `source`'s), if anything.
fn message_problem(path: String, words: &str, source: &str) -> Option<crate::Problem> {
    use crate::{Problem, ProblemCode};
    if words.trim().is_empty() {
        Some(Problem::new(
            path,
            ProblemCode::Empty,
            "the message is blank; leave the key out to fall back to English",
        ))
    } else if words.len() > crate::MAX_TEXT_BYTES {
        Some(Problem::new(
            path,
            ProblemCode::TooLarge,
            format!(
                "the message has {} bytes; at most {}",
                words.len(),
                crate::MAX_TEXT_BYTES
            ),
        ))
    } else if placeholders(words) != placeholders(source) {
        Some(Problem::new(
            path,
            ProblemCode::Placeholder,
            format!(
                "the message has the placeholders {{{}}} where the English has {{{}}}",
                placeholders(words).join("}, {"),
                placeholders(source).join("}, {")
            ),
        ))
    } else {
        None
    }
}

/// Add an app's translation of the library's messages (a [`MessagesFile`]
/// as JSON), or replace one it added before; reports, sessions and the
/// element speak it from then on, falling back key by key to English.
///
/// Refused, with every problem named: a file that is not one, a tag that
/// is not well formed, `en` or the pseudo-locale (`reserved`), a status of
/// `source` or `pseudo` (`reserved`), a key English does not have
/// (`unknown-reference`), a blank message (`empty`: a safety message must
/// never read as nothing), placeholders other than the English message's
/// (`placeholder`), a message or file beyond the size limits (`too-large`).
/// Each added locale is kept for the life of the process: add at start.
///
/// ```
/// let info = intimacy_core::add_messages(
///     r#"{"locale": "qaa", "status": "draft",
///         "messages": {"checkin.next": "Weiter"}}"#,
/// ).unwrap();
/// assert_eq!(info.translated, 1);
/// assert_eq!(intimacy_core::checkin_texts("qaa").unwrap()["next"], "Weiter");
/// ```
pub fn add_messages(text: &str) -> Result<LocaleInfo, MessagesError> {
    use crate::{Problem, ProblemCode};
    let one = |path: &str, code, message: String| MessagesError {
        problems: vec![Problem::new(path, code, message)],
    };
    if text.len() > crate::MAX_INSTRUMENT_BYTES {
        return Err(one(
            "",
            ProblemCode::TooLarge,
            format!(
                "the file has {} bytes; at most {} are read",
                text.len(),
                crate::MAX_INSTRUMENT_BYTES
            ),
        ));
    }
    let file: MessagesFile = serde_json::from_str(text)
        .map_err(|e| one("", ProblemCode::Syntax, format!("not a messages file: {e}")))?;
    let mut problems = Vec::new();
    let reserved = ["en", PSEUDO_LOCALE];
    if chain(&file.locale).is_none() {
        problems.push(Problem::new(
            "locale",
            ProblemCode::InvalidId,
            format!(
                "{:?} is not a locale tag (a language such as \"es\", then parts such as \"MX\": \"es-MX\")",
                file.locale
            ),
        ));
    } else if reserved
        .iter()
        .any(|r| r.eq_ignore_ascii_case(&file.locale))
    {
        problems.push(Problem::new(
            "locale",
            ProblemCode::Reserved,
            format!(
                "{} is the library's own (the English source or the pseudo-locale); a regional variant such as en-GB can be added",
                file.locale
            ),
        ));
    }
    if matches!(file.status, ReviewStatus::Source | ReviewStatus::Pseudo) {
        problems.push(Problem::new(
            "status",
            ProblemCode::Reserved,
            format!(
                "{} is for the library's own locales; a translation is draft or reviewed",
                <&str>::from(file.status)
            ),
        ));
    }
    let en = english();
    for (key, words) in &file.messages {
        let path = format!("messages.{key}");
        let Some(source) = en.map.get(key) else {
            problems.push(Problem::new(
                path,
                ProblemCode::UnknownReference,
                "no English message has this key (messages_file lists them)",
            ));
            continue;
        };
        problems.extend(message_problem(path, words, source));
    }
    if !problems.is_empty() {
        return Err(MessagesError { problems });
    }
    let locale: &'static Locale = Box::leak(Box::new(Locale {
        tag: file.locale,
        status: file.status,
        messages: Messages {
            map: file.messages.into_iter().collect(),
            pseudo: false,
            source: false,
        },
    }));
    let mut list = ADDED
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    list.retain(|l| !l.tag.eq_ignore_ascii_case(&locale.tag));
    list.push(locale);
    ANY_ADDED.store(true, Ordering::Release);
    Ok(info(locale))
}

/// The fallback chain of a locale tag, most specific first: `es-MX` gives
/// `es-MX`, `es`. `None` when the tag is not well formed (letters, digits
/// and hyphens: a 2-8 letter language, then 1-8 character parts).
pub(crate) fn chain(locale: &str) -> Option<Vec<String>> {
    let parts: Vec<&str> = locale.split(['-', '_']).collect();
    let lang = parts.first()?;
    let ok_lang = (2..=8).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_alphabetic());
    let ok_rest = parts[1..]
        .iter()
        .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !ok_lang || !ok_rest || parts.len() > 6 {
        return None;
    }
    Some(
        (1..=parts.len())
            .rev()
            .map(|n| parts[..n].join("-").to_ascii_lowercase())
            .collect(),
    )
}

/// The messages of a locale: the nearest locale the library has (built in
/// or added) on its chain
/// (`es-MX`, then `es`), else English; each missing key falls back to
/// English too. `None` only for a tag that is not well formed.
pub(crate) fn messages(locale: &str) -> Option<&'static Messages> {
    resolve(locale).map(|l| &l.messages)
}

/// The locale whose messages `locale` speaks (see [`messages`]).
fn resolve(locale: &str) -> Option<&'static Locale> {
    // A tag as written (the usual case, asked for on every report) needs
    // no chain.
    if let Some(l) = find(locale) {
        return Some(l);
    }
    let chain = chain(locale)?;
    chain
        .iter()
        .find_map(|tag| find(tag))
        .or_else(|| all().first())
}

/// The locale a report in `locale` is written in (the nearest the library
/// has), with its review status: English (`source`) for a tag that is not
/// well formed.
pub(crate) fn words_info(locale: &str) -> LocaleInfo {
    match resolve(locale).or_else(|| all().first()) {
        Some(l) => info(l),
        None => unreachable!("the English messages are built in"),
    }
}

/// The words of the `<intimacy-checkin>` element (buttons, headings, the
/// progress line) in `locale`, keyed without their `checkin.` prefix
/// (`next`, `back`, `progress`, ...); placeholders in braces
/// (`{position}`, `{total}`) are for the front end to fill. A locale's
/// missing words are the English ones; a tag that is not well formed is
/// refused (`invalid-option` on `locale`).
///
/// ```
/// let t = intimacy_core::checkin_texts("en").unwrap();
/// assert_eq!(t["next"], "Next");
/// assert!(t["progress"].contains("{position}"));
/// ```
pub fn checkin_texts(
    locale: &str,
) -> Result<std::collections::BTreeMap<String, String>, crate::ScoreError> {
    let m = known_locale(locale)?;
    Ok(english()
        .map
        .keys()
        .filter_map(|k| Some((k.strip_prefix("checkin.")?.to_owned(), m.text(k).to_owned())))
        .collect())
}

/// The messages of `locale`, or the error naming the locales there are.
pub(crate) fn known_locale(locale: &str) -> Result<&'static Messages, crate::ScoreError> {
    messages(locale).ok_or_else(|| crate::ScoreError::InvalidOption {
        option: "locale".into(),
        message: format!(
            "{locale:?} is not a locale tag (a language such as \"es\", then parts such as \"MX\": \"es-MX\"); built in: {}, and any other falls back to the nearest of them, then to en",
            locales().join(", ")
        ),
    })
}

/// The messages of a locale, English when it has none (a locale is checked
/// with the options, so this is for code past that check).
pub(crate) fn messages_or_english(locale: &str) -> &'static Messages {
    messages(locale).unwrap_or_else(english)
}

/// `text` in the pseudo-locale: ASCII letters accented (placeholders in
/// braces kept), 40 % longer, in brackets.
pub fn pseudo(text: &str) -> String {
    const PAD: &[char] = &['\u{b7}', '\u{2022}'];
    let mut out = String::with_capacity(text.len() * 2 + 8);
    out.push('\u{27e6}');
    let mut depth = 0usize;
    for ch in text.chars() {
        if ch == '{' {
            depth += 1;
        }
        out.push(if depth == 0 { accent(ch) } else { ch });
        if ch == '}' {
            depth = depth.saturating_sub(1);
        }
    }
    let pad = (text.chars().count() * 2).div_ceil(5);
    if pad > 0 {
        out.push(' ');
        out.extend((0..pad).map(|i| PAD[i % PAD.len()]));
    }
    out.push('\u{27e7}');
    out
}

/// An ASCII letter with an accent (others unchanged).
fn accent(ch: char) -> char {
    const FROM: &str = "aceinouyACEINOUYs";
    const TO: &str = "\u{e5}\u{e7}\u{e9}\u{ee}\u{f1}\u{f6}\u{fb}\u{fd}\u{c5}\u{c7}\u{c9}\u{ce}\u{d1}\u{d6}\u{db}\u{dd}\u{161}";
    FROM.chars()
        .position(|c| c == ch)
        .and_then(|i| TO.chars().nth(i))
        .unwrap_or(ch)
}

impl Messages {
    /// The message with this key (the key itself if the data lacks it, which
    /// the test suite rules out for every key the code uses).
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        match self.map.get(key) {
            Some(t) => t,
            // A translation without this key: the English words.
            None => english().map.get(key).map_or(key, String::as_str),
        }
    }

    /// Words that are not messages (an item's wording, a response label, a
    /// name from the catalogue) as this locale shows them: unchanged, or
    /// in the pseudo-locale, made pseudo too.
    pub fn words<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        if self.pseudo {
            std::borrow::Cow::Owned(pseudo(text))
        } else {
            std::borrow::Cow::Borrowed(text)
        }
    }

    /// A name or text of the catalogue in this locale: the message
    /// `catalogue.<group>.<key>.<field>` (see `catalogue_messages`).
    pub(crate) fn catalogue(&self, group: &str, key: &str, field: &str) -> String {
        // Asked for many times in every report: the key is put together in
        // a buffer kept by the thread, not in a new string each time.
        thread_local! {
            static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        KEY.with(|buf| {
            let Ok(mut k) = buf.try_borrow_mut() else {
                return self
                    .text(&format!("catalogue.{group}.{key}.{field}"))
                    .to_owned();
            };
            k.clear();
            for part in ["catalogue.", group, ".", key, ".", field] {
                k.push_str(part);
            }
            self.text(&k).to_owned()
        })
    }

    /// The message with `{name}` placeholders replaced by their values.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.text(key), args)
    }
}

/// Replace each `{name}` in `template` by its value; unknown placeholders stay.
fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_falls_back_to_its_nearest_locale() {
        assert_eq!(chain("es-MX").unwrap(), ["es-mx", "es"]);
        assert_eq!(chain("en_GB").unwrap(), ["en-gb", "en"]);
        assert!(chain("").is_none() && chain("e").is_none() && chain("en--x").is_none());
        assert!(chain("../en").is_none() && chain("en-\u{e9}").is_none());
        assert!(std::ptr::eq(
            messages("en-GB").unwrap(),
            messages("en").unwrap()
        ));
        assert!(std::ptr::eq(
            messages("en-xa").unwrap(),
            messages(PSEUDO_LOCALE).unwrap()
        ));
        // A locale with no messages of its own speaks English.
        assert!(std::ptr::eq(
            messages("fr-CA").unwrap(),
            messages("en").unwrap()
        ));
        assert!(messages("x!").is_none() && messages("").is_none());
        assert_eq!(missing_messages(PSEUDO_LOCALE), Some(vec![]));
    }

    #[test]
    fn pseudo_text_is_accented_longer_and_keeps_placeholders() {
        let p = pseudo("You answered {answers}.");
        assert!(p.starts_with('\u{27e6}') && p.ends_with('\u{27e7}'), "{p}");
        assert!(p.contains("{answers}") && !p.contains("You"), "{p}");
        let n = |s: &str| s.chars().count();
        assert!(n(&p) * 10 >= n("You answered {answers}.") * 14, "{p}");
        assert_eq!(fill(&p, &[("answers", "3")]).matches('3').count(), 1);
    }

    const GROUPS: &[&str] = &[
        "flag.",
        "reason.",
        "summary.",
        "resources.",
        "note.",
        "answer.",
        "list.",
        "love-languages.",
        "change.",
        "surveyjs.",
        "model.",
    ];

    /// The sources that write report text.
    const SOURCES: &[&str] = &[
        include_str!("score/build.rs"),
        include_str!("score/words.rs"),
        include_str!("change.rs"),
        include_str!("io/surveyjs.rs"),
        include_str!("score/models.rs"),
    ];

    /// Every string literal of the sources that starts with a message group.
    fn used_keys() -> Vec<String> {
        let mut keys = Vec::new();
        for src in SOURCES {
            for g in GROUPS {
                let pat = format!("\"{g}");
                let mut rest = *src;
                while let Some(i) = rest.find(&pat) {
                    rest = &rest[i + 1..];
                    let end = rest.find('"').unwrap_or(rest.len());
                    let lit = &rest[..end];
                    if !lit.contains(' ') && !lit.ends_with('.') {
                        keys.push(lit.to_owned());
                    }
                }
            }
        }
        keys.sort();
        keys.dedup();
        keys
    }

    #[test]
    fn every_key_the_code_uses_exists_in_every_locale() {
        let used = used_keys();
        assert!(used.len() > 20, "{used:?}");
        for l in all() {
            let (locale, m) = (&l.tag, &l.messages);
            for k in &used {
                assert!(m.map.contains_key(k), "{locale}: no message {k:?}");
            }
        }
    }

    #[test]
    fn every_message_is_used_by_the_code() {
        let used = used_keys();
        // The element's words (checkin.*) are used by intimacy-wasm/js/checkin.js,
        // which intimacy-wasm/tests/checkin.test.mjs checks both ways; the
        // catalogue's (catalogue.*) come from the catalogue, and a locale
        // that translates them all is checked in tests/pseudo_locale.rs.
        for k in all()[0]
            .messages
            .map
            .keys()
            .filter(|k| !k.starts_with("checkin.") && !k.starts_with("catalogue."))
        {
            assert!(used.contains(k), "message {k:?} is never used");
        }
    }

    #[test]
    fn no_locale_has_a_key_english_lacks() {
        let en = &all()[0].messages;
        for l in all() {
            let (locale, m) = (&l.tag, &l.messages);
            // A translation may lack keys (they fall back to English, and
            // `missing_messages` reports them), never add any.
            for k in m.map.keys() {
                assert!(
                    en.map.contains_key(k),
                    "{locale}: {k:?} is not an English message"
                );
            }
        }
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_kept() {
        assert_eq!(
            fill("{a} and {b} and {c}", &[("a", "1"), ("b", "2")]),
            "1 and 2 and {c}"
        );
        assert_eq!(fill("open { brace", &[]), "open { brace");
        assert_eq!(fill("", &[]), "");
    }
}
