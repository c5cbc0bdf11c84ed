//! The words of a report: every flag message, reason, summary, resources line
//! and note, kept per locale in `data/messages/<locale>.json` so that a
//! clinician can review them without reading code and an app can translate
//! them. Placeholders in braces are filled in by [`Messages::fill`].

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// The locales with built-in messages.
const FILES: &[(&str, &str)] = &[("en", include_str!("../data/messages/en.json"))];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    locale: String,
    #[allow(dead_code)] // for reviewers of the data file
    about: String,
    messages: HashMap<String, String>,
}

/// The messages of one locale.
#[derive(Debug)]
pub(crate) struct Messages {
    map: HashMap<String, String>,
}

fn load() -> Vec<(String, Messages)> {
    FILES
        .iter()
        .map(|(name, text)| match serde_json::from_str::<File>(text) {
            Ok(f) => {
                debug_assert_eq!(&f.locale, name);
                (f.locale, Messages { map: f.messages })
            }
            // Compiled-in data, checked by the test suite: a build defect.
            Err(e) => panic!("built-in messages {name}.json are malformed: {e}"),
        })
        .collect()
}

fn all() -> &'static [(String, Messages)] {
    static ALL: OnceLock<Vec<(String, Messages)>> = OnceLock::new();
    ALL.get_or_init(load)
}

/// The locales reports can be written in (`ScoreOptions::locale`).
///
/// ```
/// assert!(intimacy_core::locales().contains(&"en"));
/// ```
pub fn locales() -> Vec<&'static str> {
    all().iter().map(|(l, _)| l.as_str()).collect()
}

/// The messages of a locale, or `None` when there are none.
pub(crate) fn messages(locale: &str) -> Option<&'static Messages> {
    all().iter().find(|(l, _)| l == locale).map(|(_, m)| m)
}

impl Messages {
    /// The message with this key (the key itself if the data lacks it, which
    /// the test suite rules out for every key the code uses).
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map_or(key, String::as_str)
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
mod tests {
    use super::*;

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
        for (locale, m) in all() {
            for k in &used {
                assert!(m.map.contains_key(k), "{locale}: no message {k:?}");
            }
        }
    }

    #[test]
    fn every_message_is_used_by_the_code() {
        let used = used_keys();
        for k in all()[0].1.map.keys() {
            assert!(used.contains(k), "message {k:?} is never used");
        }
    }

    #[test]
    fn every_locale_has_the_same_keys() {
        let (_, en) = &all()[0];
        for (locale, m) in all() {
            let mut a: Vec<&String> = en.map.keys().collect();
            let mut b: Vec<&String> = m.map.keys().collect();
            a.sort();
            b.sort();
            assert_eq!(a, b, "{locale}");
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
