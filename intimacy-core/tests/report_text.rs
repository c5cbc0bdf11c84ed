//! The words of a report: summaries without empty lists or doubled spaces.

use intimacy_core::{Instrument, Responses, ScoreOptions, score};

#[test]
fn a_placement_summary_names_unanswered_levels_below_the_peak() {
    let inst = Instrument::builtin("levels-checkin").unwrap();
    let mut r = Responses::default();
    for it in &inst.items {
        let level = it
            .id
            .strip_prefix('l')
            .and_then(|x| x.chars().next())
            .and_then(|c| c.to_digit(10));
        match level {
            Some(3) => r.answers.push(it.id.clone(), None),
            Some(_) => r
                .answers
                .push(it.id.clone(), Some(if it.reverse { 1.0 } else { 5.0 })),
            None => {}
        }
    }
    let report = score(&inst, &r, &ScoreOptions::default()).unwrap();
    let p = &report.placements["seven-levels"];
    assert_eq!((p.consecutive, p.peak), (2, 7));
    assert!(p.gaps.is_empty());
    assert_eq!(p.unknown, vec![3]);
    assert!(
        p.summary
            .contains("level 3 (opinions, beliefs and values) not answered enough to tell"),
        "{}",
        p.summary
    );
    for text in report.placements.values().map(|p| &p.summary) {
        assert!(
            !text.contains("  ") && !text.contains("with  ") && !text.contains(", ."),
            "{text}"
        );
    }
}

#[test]
fn every_report_says_where_to_find_help_with_the_apps_help_line() {
    use intimacy_core::Helpline;
    let ras = Instrument::builtin("ras").unwrap();
    let plain = score(&ras, &Responses::default(), &ScoreOptions::default()).unwrap();
    assert!(!plain.resources.message.is_empty());
    assert!(plain.resources.emergency.contains("local emergency number"));
    assert!(plain.resources.helpline.is_none());
    let options = ScoreOptions {
        helpline: Some(Helpline {
            name: "Example Line".into(),
            number: Some("0800 111".into()),
            url: Some("https://example.org".into()),
        }),
        emergency_number: Some("112".into()),
        ..ScoreOptions::default()
    };
    let r = score(&ras, &Responses::default(), &options).unwrap();
    assert!(
        r.resources
            .message
            .contains("Example Line, 0800 111, https://example.org"),
        "{}",
        r.resources.message
    );
    assert!(r.resources.emergency.contains("112"));
    assert_eq!(r.resources.helpline, options.helpline);
    for (json, option) in [
        (r#"{"locale": "x!"}"#, "locale"),
        (r#"{"helpline": {"name": " "}}"#, "helpline.name"),
        (r#"{"emergency_number": ""}"#, "emergency_number"),
        (r#"{"helpline": {"name": "x", "phone": "1"}}"#, "helpline"),
    ] {
        let e = ScoreOptions::from_json(json).unwrap_err();
        assert_eq!(e.code(), "invalid-option", "{json}");
        assert!(e.to_string().contains(option), "{json}: {e}");
    }
}

#[test]
fn a_reports_note_comes_from_its_instrument() {
    let o = ScoreOptions::default();
    let checkin = score(
        &Instrument::builtin("levels-checkin").unwrap(),
        &Responses::default(),
        &o,
    )
    .unwrap();
    assert!(
        checkin.note.contains("structured reflection"),
        "{}",
        checkin.note
    );
    assert!(
        checkin
            .note
            .contains("not a validated psychometric instrument")
    );
    for name in ["ras", "csi-4", "csi-16"] {
        let inst = Instrument::builtin(name).unwrap();
        let r = score(&inst, &Responses::default(), &o).unwrap();
        assert!(!r.note.contains("public articles"), "{name}: {}", r.note);
        assert!(!r.note.contains("not been validated"), "{name}: {}", r.note);
        assert!(
            r.note
                .contains(inst.citation.as_deref().unwrap().trim_end_matches('.')),
            "{name}: {}",
            r.note
        );
        assert!(r.note.contains("secondary sources"), "{name}: {}", r.note);
    }
}
