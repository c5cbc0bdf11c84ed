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
