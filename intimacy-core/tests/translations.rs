//! Translations (issue 16): the shared fixture `tests/fixtures/translations/`
//! (also run by pytest and node): an instrument's inline translation, a side
//! file, fallback along a locale's chain, the pseudo-locale, what a
//! translation lacks, and side files refused with the path of the problem.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;

use intimacy_core::{Instrument, InstrumentError, ScoreOptions, Session};
use serde_json::Value;
use support::contains;

fn cases() -> Value {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/translations/cases.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn instrument(c: &Value) -> Instrument {
    Instrument::from_json(&c["instrument"].to_string()).unwrap()
}

#[test]
fn sessions_speak_the_nearest_translation() {
    let c = cases();
    let base = instrument(&c);
    let with_side = base.with_translation(&c["side"].to_string()).unwrap();
    for case in c["sessions"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let inst = if case["side"].as_bool().unwrap() {
            &with_side
        } else {
            &base
        };
        let options = ScoreOptions {
            locale: case["locale"].as_str().unwrap().into(),
            ..ScoreOptions::default()
        };
        let mut s = Session::new(inst, None, options).unwrap();
        for (n, call) in case["calls"].as_array().unwrap().iter().enumerate() {
            let at = format!("{name} call {n}");
            let str_of = |k: &str| call[k].as_str().unwrap();
            match str_of("call") {
                "next" => contains(
                    &serde_json::to_value(s.next()).unwrap(),
                    &call["expect"],
                    &at,
                ),
                "answer" => s
                    .answer(str_of("item"), call["value"].as_f64().unwrap())
                    .unwrap(),
                "opt_in" => s.opt_in(str_of("section")).unwrap(),
                other => panic!("{at}: unknown call {other}"),
            }
        }
        // The report's evidence and words follow the locale too (no panic,
        // and the answers are the same whatever the locale).
        assert!(s.finish().is_ok(), "{name}");
    }
}

#[test]
fn what_a_translation_lacks_is_listed() {
    let c = cases();
    let inst = instrument(&c)
        .with_translation(&c["side"].to_string())
        .unwrap();
    for (locale, want) in c["missing"].as_object().unwrap() {
        let want: Vec<String> = serde_json::from_value(want.clone()).unwrap();
        assert_eq!(inst.missing_translations(locale), want, "{locale}");
    }
    // A locale with no translation lacks everything.
    assert_eq!(inst.missing_translations("de").len(), 1 + 3 + 3 + 4);
}

#[test]
fn bad_side_files_are_refused_with_the_path() {
    let c = cases();
    let inst = instrument(&c);
    for bad in c["bad_sides"].as_array().unwrap() {
        let e = inst
            .with_translation(&bad["side"].to_string())
            .expect_err(&bad.to_string());
        let InstrumentError::Invalid { problems } = &e else {
            panic!("{bad}: {e}");
        };
        let want = (bad["path"].as_str().unwrap(), bad["code"].as_str().unwrap());
        assert!(
            problems.iter().any(|p| {
                (
                    p.path.as_str(),
                    serde_json::to_value(p.code).unwrap().as_str().unwrap(),
                ) == want
            }),
            "{bad}: {problems:?}"
        );
    }
}

#[test]
fn a_form_keeps_the_translations_of_what_it_keeps() {
    let inst = Instrument::from_json(&cases()["instrument"].to_string().replace(
        r#""scales":"#,
        r#""forms":[{"id":"short","title":"Short","items":["t1"]}],"scales":"#,
    ))
    .unwrap();
    let short = inst.with_form("short").unwrap();
    let words: Vec<&String> = short.translations["es"].words.keys().collect();
    assert_eq!(
        words,
        [
            "items.t1",
            "labels.often.0",
            "labels.often.1",
            "labels.often.2",
            "sections.talk.description",
            "sections.talk.title",
            "title",
        ]
    );
}

#[test]
fn a_translation_file_is_the_template_with_the_nearest_words() {
    let c = cases();
    let inst = instrument(&c)
        .with_translation(&c["side"].to_string())
        .unwrap();
    for (locale, want) in c["templates"].as_object().unwrap() {
        let got = serde_json::to_value(inst.translation_file(locale).unwrap()).unwrap();
        assert_eq!(&got, want, "{locale}");
        // What it writes, the library reads back.
        assert!(inst.with_translation(&got.to_string()).is_ok(), "{locale}");
    }
    let e = inst.translation_file("e s").unwrap_err();
    assert_eq!(e.location().path.as_deref(), Some("locale"), "{e}");
}

#[test]
fn an_app_adds_the_librarys_messages_in_its_language() {
    let c = cases();
    let want = &c["expect_messages"];
    let info = intimacy_core::add_messages(&c["messages"].to_string()).unwrap();
    contains(&serde_json::to_value(&info).unwrap(), &want["info"], "info");
    for locale in ["qaa", "qaa-XY"] {
        let texts = serde_json::to_value(intimacy_core::checkin_texts(locale).unwrap()).unwrap();
        contains(&texts, &want["checkin"], locale);
        let options = ScoreOptions {
            locale: locale.into(),
            ..ScoreOptions::default()
        };
        let inst = instrument(&c);
        let answers = intimacy_core::Responses::from_pairs([("t1", 2.0), ("t2", 1.0), ("p1", 2.0)]);
        let report = intimacy_core::score(&inst, &answers, &options).unwrap();
        let kind = &want["kind"];
        let k = report
            .kinds
            .iter()
            .find(|k| k.target == kind["target"].as_str().unwrap())
            .unwrap();
        assert_eq!(k.name, kind["name"].as_str().unwrap(), "{locale}");
        contains(
            &serde_json::to_value(&report.provenance.words).unwrap(),
            &want["words"],
            locale,
        );
    }
    let missing = intimacy_core::missing_messages("qaa").unwrap();
    for k in want["missing_has"].as_array().unwrap() {
        assert!(missing.iter().any(|m| m == k.as_str().unwrap()), "{k}");
    }
    for k in want["missing_lacks"].as_array().unwrap() {
        assert!(!missing.iter().any(|m| m == k.as_str().unwrap()), "{k}");
    }
    assert_eq!(missing.len() + info.translated, info.total);
    assert!(intimacy_core::locales().contains(&"qaa"));
    // The file as the library writes it reads back.
    let file = intimacy_core::messages_file("qaa").unwrap();
    assert_eq!(file.messages.len(), info.total);
    assert_eq!(file.messages["checkin.next"], "Weiter (qaa)");
    assert_eq!(file.messages["checkin.back"], "Back");
}

#[test]
fn bad_messages_files_are_refused_with_the_path() {
    let c = cases();
    let before = intimacy_core::locale_info();
    for bad in c["bad_messages"].as_array().unwrap() {
        let e =
            intimacy_core::add_messages(bad["text"].as_str().unwrap()).expect_err(&bad.to_string());
        let want = (bad["path"].as_str().unwrap(), bad["code"].as_str().unwrap());
        assert!(
            e.problems
                .iter()
                .any(|p| (p.path.as_str(), p.code.as_str()) == want),
            "{bad}: {e}"
        );
    }
    // Nothing refused was added (another test may add qaa meanwhile).
    let after: Vec<_> = intimacy_core::locale_info()
        .into_iter()
        .filter(|l| l.locale != "qaa")
        .collect();
    let before: Vec<_> = before.into_iter().filter(|l| l.locale != "qaa").collect();
    assert_eq!(after, before);
}

#[test]
fn a_report_says_which_words_it_is_in() {
    let inst = instrument(&cases());
    let answers = intimacy_core::Responses::from_pairs([("t1", 2.0)]);
    for (asked, locale, status) in [
        ("en", "en", "source"),
        ("fr-CA", "en", "source"),
        ("en-XA", "en-XA", "pseudo"),
    ] {
        let options = ScoreOptions {
            locale: asked.into(),
            ..ScoreOptions::default()
        };
        let report = intimacy_core::score(&inst, &answers, &options).unwrap();
        let words = report.provenance.words.expect("words");
        assert_eq!(
            (words.locale.as_str(), <&str>::from(words.status)),
            (locale, status),
            "{asked}"
        );
    }
}
