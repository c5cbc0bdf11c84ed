//! The pseudo-locale (`en-XA`: accented, 40 % longer, in brackets) across
//! every text the library writes: reports of every built-in instrument
//! under several answer patterns, every step of a session, and the
//! element's words. A text with a plain ASCII vowel left in it escaped
//! translation (a message written in Rust, or a name or wording that does
//! not pass through the locale).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use intimacy_core::{
    ChangeOptions, Instrument, MessagesFile, PSEUDO_LOCALE, Report, Responses, ReviewStatus,
    ScoreOptions, Session, StepKind, add_messages, builtin_instruments, change, checkin_texts,
    couple, messages_file, pseudo, score,
};
use serde_json::Value;

/// The fields that hold words for a person to read.
const TEXT_FIELDS: &[&str] = &[
    "name",
    "summary",
    "steps",
    "message",
    "detail",
    "note",
    "label",
    "emergency",
    "text",
    "description",
    "rule",
];

/// Every text field of `v` (outside `provenance`, which echoes the
/// options) whose value has a plain vowel: `path: value`.
fn escaped(v: &Value, path: &str, out: &mut Vec<String>) {
    escaped_but(v, path, out, &[]);
}

/// As [`escaped`], not counting the texts `keep` (citations, which no
/// locale translates).
fn escaped_but(v: &Value, path: &str, out: &mut Vec<String>, keep: &[String]) {
    let plain = |s: &str| {
        let mut s = s.to_owned();
        for k in keep {
            s = s.replace(k.as_str(), "");
        }
        has_plain_vowel(&s)
    };
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                if k == "provenance" {
                    continue;
                }
                let p = format!("{path}.{k}");
                match x {
                    Value::String(s) if TEXT_FIELDS.contains(&k.as_str()) && plain(s) => {
                        out.push(format!("{p}: {s}"));
                    }
                    Value::Array(a) if k == "steps" => {
                        for s in a.iter().filter_map(Value::as_str).filter(|s| plain(s)) {
                            out.push(format!("{p}[]: {s}"));
                        }
                    }
                    _ => escaped_but(x, &p, out, keep),
                }
            }
        }
        Value::Array(a) => {
            for x in a {
                escaped_but(x, &format!("{path}[]"), out, keep);
            }
        }
        _ => {}
    }
}

/// Whether `s` has a plain ASCII vowel outside `{placeholders}`.
fn has_plain_vowel(s: &str) -> bool {
    let mut depth = 0usize;
    s.chars().any(|c| {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        depth == 0 && "aeiouyAEIOUY".contains(c)
    })
}

/// Fails listing every escaped text, once each.
fn none_escaped(mut problems: Vec<String>) {
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "{} escaped:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

fn options_in(locale: &str) -> ScoreOptions {
    ScoreOptions {
        locale: locale.into(),
        ..ScoreOptions::default()
    }
}

#[test]
fn every_report_text_is_translated() {
    none_escaped(report_walk(PSEUDO_LOCALE, &|name| {
        Instrument::builtin(name).unwrap()
    }));
}

/// Reports of every built-in instrument (as `instrument` gives it) in
/// `locale` under four answer patterns, with couples and change: every
/// text that escaped.
fn report_walk(locale: &str, instrument: &dyn Fn(&str) -> Instrument) -> Vec<String> {
    let mut problems = Vec::new();
    for name in builtin_instruments() {
        let inst = instrument(name);
        // Citations are references: no locale translates them.
        let keep: Vec<String> = inst
            .citation
            .iter()
            .map(|c| c.trim_end_matches('.').to_owned())
            .collect();
        let keep = if locale == PSEUDO_LOCALE {
            Vec::new()
        } else {
            keep
        };
        let opted: Vec<String> = inst
            .sections
            .iter()
            .filter(|s| s.opt_in)
            .map(|s| s.id.clone())
            .collect();
        let mut reports = Vec::new();
        // Lowest, highest, and a mix of answers: each raises other flags.
        for pattern in 0..4usize {
            let mut r = Responses::default();
            for (k, it) in inst.items.iter().enumerate() {
                let values = inst
                    .response_scale_of(it)
                    .and_then(|rs| rs.option_values(100))
                    .unwrap_or_default();
                if values.is_empty() {
                    continue;
                }
                let v = match pattern {
                    0 => values[0],
                    1 => values[values.len() - 1],
                    2 => values[k % values.len()],
                    _ => values[(k * 7 + 3) % values.len()],
                };
                r.answers.push(it.id.clone(), Some(v));
            }
            let o = ScoreOptions {
                opted_in: opted.clone(),
                ..options_in(locale)
            };
            let report = score(&inst, &r, &o).unwrap();
            let mut out = Vec::new();
            escaped_but(
                &serde_json::to_value(&report).unwrap(),
                name,
                &mut out,
                &keep,
            );
            problems.extend(out.into_iter().map(|p| format!("pattern {pattern}: {p}")));
            reports.push(report);
        }
        // Couples and change over the patterns' reports.
        let mut out = Vec::new();
        for pair in reports.windows(2) {
            if let Ok(c) = couple(&inst, &pair[0], &pair[1]) {
                escaped(
                    &serde_json::to_value(&c).unwrap(),
                    &format!("{name} couple"),
                    &mut out,
                );
            }
        }
        let waves: Vec<&Report> = reports.iter().collect();
        let ch = change(&waves, &ChangeOptions::default()).unwrap();
        escaped(
            &serde_json::to_value(&ch).unwrap(),
            &format!("{name} change"),
            &mut out,
        );
        problems.extend(out);
    }
    problems
}

#[test]
fn every_session_step_is_translated() {
    none_escaped(session_walk(
        PSEUDO_LOCALE,
        &Instrument::builtin("levels-checkin").unwrap(),
    ));
}

/// A session of `inst` in `locale` to its end, every answer the highest
/// (so safety support comes up): every text that escaped.
fn session_walk(locale: &str, inst: &Instrument) -> Vec<String> {
    let mut s = Session::new(inst, None, options_in(locale)).unwrap();
    let mut problems = Vec::new();
    let mut kinds = Vec::new();
    for _ in 0..400 {
        let step = s.next();
        kinds.push(step.kind);
        escaped(&serde_json::to_value(&step).unwrap(), "step", &mut problems);
        match step.kind {
            StepKind::Question => {
                // The highest answer: it raises the safety flags on the way.
                let o = step.options.iter().rfind(|o| o.label.is_some());
                let v = o.map_or(step.range.unwrap().1, |o| o.value);
                s.answer(step.item.as_deref().unwrap(), v).unwrap();
            }
            StepKind::Gate => s.opt_in(step.section.as_deref().unwrap()).unwrap(),
            StepKind::Support => s.acknowledge().unwrap(),
            StepKind::Done => break,
        }
    }
    for kind in [
        StepKind::Question,
        StepKind::Gate,
        StepKind::Support,
        StepKind::Done,
    ] {
        assert!(kinds.contains(&kind), "the walk saw no {kind:?} step");
    }
    problems
}

/// An app's locale (added at run time; `qps` is for local use) with every
/// library message and every instrument word translated (here: the pseudo
/// words). The same walks find nothing left in English: every text a report
/// or session writes, catalogue names and practice steps included, has a
/// key a translator can fill, and `messages_file` and `translation_file`
/// list them all.
#[test]
fn a_locale_with_every_key_translated_leaves_no_english() {
    let en = messages_file("en").unwrap();
    let file = MessagesFile {
        locale: "qps".into(),
        status: ReviewStatus::Draft,
        about: None,
        messages: en
            .messages
            .iter()
            .map(|(k, v)| (k.clone(), pseudo(v)))
            .collect(),
    };
    let info = add_messages(&serde_json::to_string(&file).unwrap()).unwrap();
    assert_eq!(info.translated, info.total);
    let translated = |name: &str| {
        let inst = Instrument::builtin(name).unwrap();
        let mut t = inst.translation_file("qps").unwrap();
        t.words.values_mut().for_each(|w| *w = pseudo(w));
        inst.with_translation(&serde_json::to_string(&t).unwrap())
            .unwrap()
    };
    let mut problems = report_walk("qps", &translated);
    problems.extend(session_walk("qps", &translated("levels-checkin")));
    none_escaped(problems);
    for (k, v) in checkin_texts("qps").unwrap() {
        assert!(!has_plain_vowel(&v), "{k}: {v}");
    }
}

#[test]
fn the_elements_words_are_translated() {
    for (k, v) in checkin_texts(PSEUDO_LOCALE).unwrap() {
        assert!(
            v.starts_with('\u{27e6}') && !has_plain_vowel(&v),
            "{k}: {v}"
        );
    }
}
