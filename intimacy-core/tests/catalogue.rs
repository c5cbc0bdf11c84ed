//! The built-in content parses, is internally consistent and says what the
//! sources say about structure.

use intimacy_core::model::{Correspondence, IntimacyKind};
use intimacy_core::{StageRef, catalogue, framework, frameworks};

#[test]
fn catalogue_content_has_no_problems() {
    let problems = catalogue().problems();
    assert!(
        problems.is_empty(),
        "content problems:\n{}",
        problems.join("\n")
    );
}

#[test]
fn three_frameworks_with_seven_five_and_four_stages() {
    let keys: Vec<(&str, usize)> = frameworks()
        .iter()
        .map(|f| (f.key.as_str(), f.stages.len()))
        .collect();
    assert_eq!(
        keys,
        [("seven-levels", 7), ("five-levels", 5), ("four-stages", 4)]
    );
}

#[test]
fn every_stage_has_features_and_every_framework_cites_a_source() {
    let c = catalogue();
    for f in frameworks() {
        assert!(!f.sources.is_empty(), "{}", f.key);
        for s in &f.sources {
            assert!(c.sources.iter().any(|x| &x.key == s), "{}: {s}", f.key);
        }
        for s in &f.stages {
            assert!(!s.features.is_empty(), "{}/{}", f.key, s.key);
        }
    }
}

#[test]
fn the_principles_of_the_frameworks_are_stated() {
    for f in frameworks() {
        let keys: Vec<&str> = f.principles.iter().map(|p| p.key.as_str()).collect();
        for required in ["not-a-ladder", "movement-both-ways", "never-forced"] {
            assert!(
                keys.contains(&required),
                "{} lacks {required}: {keys:?}",
                f.key
            );
        }
    }
}

#[test]
fn stage_cautions_the_sources_insist_on_are_present() {
    let seven = framework("seven-levels").unwrap();
    assert!(
        !seven.stage_at(2).unwrap().cautions.is_empty(),
        "level 2 must be revisited"
    );
    assert!(
        !seven.stage_at(4).unwrap().cautions.is_empty(),
        "level 4: most conflict"
    );
    assert!(
        !seven.stage_at(7).unwrap().cautions.is_empty(),
        "level 7: never pressure"
    );
}

#[test]
fn transitions_allow_advancing_and_revisiting_adjacent_stages() {
    use intimacy_core::model::TransitionKind;
    for f in frameworks() {
        for w in f.stages.windows(2) {
            let has = |from: &str, to: &str, kind| {
                f.transitions
                    .iter()
                    .any(|t| t.from == from && t.to == to && t.kind == kind)
            };
            assert!(
                has(&w[0].key, &w[1].key, TransitionKind::Advance),
                "{}: {}→{}",
                f.key,
                w[0].key,
                w[1].key
            );
            assert!(
                has(&w[1].key, &w[0].key, TransitionKind::Revisit),
                "{}: {}→{}",
                f.key,
                w[1].key,
                w[0].key
            );
        }
    }
}

#[test]
fn crosswalk_follows_the_documented_correspondence() {
    let c = catalogue();
    let levels = |from: StageRef, to: &str| -> Vec<u32> {
        c.counterparts(&from, to).iter().map(|x| x.level).collect()
    };
    // B4 ~ A4 + A5; B5 ~ A5 + A6; E1 ~ A1-A3; E3 ~ A6.
    assert_eq!(
        levels(
            StageRef::new("five-levels", "feelings-and-fears"),
            "seven-levels"
        ),
        [4, 5]
    );
    assert_eq!(
        levels(
            StageRef::new("five-levels", "true-intimacy"),
            "seven-levels"
        ),
        [5, 6]
    );
    assert_eq!(
        levels(
            StageRef::new("four-stages", "curiosity-and-comfort"),
            "seven-levels"
        ),
        [1, 2, 3]
    );
    assert_eq!(
        levels(
            StageRef::new("four-stages", "interdependence"),
            "seven-levels"
        ),
        [6]
    );
    // The reverse direction uses the same links.
    assert_eq!(
        levels(StageRef::new("seven-levels", "surface"), "five-levels"),
        [1]
    );
    // Physical intimacy has no counterpart in the emotional frameworks.
    assert!(
        levels(
            StageRef::new("seven-levels", "physical-intimacy"),
            "five-levels"
        )
        .is_empty()
    );
    assert!(
        levels(
            StageRef::new("seven-levels", "physical-intimacy"),
            "four-stages"
        )
        .is_empty()
    );
    // Five levels to four stages passes through the seven levels and says so.
    let derived = c.counterparts(
        &StageRef::new("five-levels", "feelings-and-fears"),
        "four-stages",
    );
    assert!(!derived.is_empty());
    for d in &derived {
        assert_eq!(d.via.as_deref(), Some("seven-levels"));
        assert_eq!(d.correspondence, Correspondence::Partial);
    }
    assert!(
        derived
            .iter()
            .any(|d| d.stage.stage == "trust-and-vulnerability")
    );
    // An unknown stage has no counterparts rather than an error.
    assert!(
        c.counterparts(&StageRef::new("seven-levels", "nope"), "five-levels")
            .is_empty()
    );
}

#[test]
fn kinds_characteristics_and_lists_have_their_documented_sizes() {
    let c = catalogue();
    let kinds: Vec<IntimacyKind> = c.kinds.iter().map(|k| k.key).collect();
    assert_eq!(kinds, IntimacyKind::ALL);
    assert_eq!(c.characteristics.len(), 5);
    assert_eq!(c.fading_signs.len(), 6);
    assert_eq!(c.seek_help.len(), 5);
    assert_eq!(c.love_languages.len(), 5);
    assert_eq!(c.reconnecting_steps.len(), 5);
    use intimacy_core::model::Polarity;
    let unhealthy = c
        .signs
        .iter()
        .filter(|s| s.polarity == Polarity::Unhealthy)
        .count();
    assert_eq!(unhealthy, 3);
}

#[test]
fn every_barrier_fading_sign_and_unhealthy_sign_has_a_practice() {
    use intimacy_core::Target;
    use intimacy_core::model::Polarity;
    let c = catalogue();
    let addressed = |t: &Target| c.practices.iter().any(|p| p.addresses.contains(t));
    for b in &c.barriers {
        assert!(
            addressed(&Target::Barrier(b.key.clone())),
            "barrier {}",
            b.key
        );
    }
    for f in &c.fading_signs {
        assert!(
            addressed(&Target::Fading(f.key.clone())),
            "fading {}",
            f.key
        );
    }
    for s in c.signs.iter().filter(|s| s.polarity == Polarity::Unhealthy) {
        assert!(addressed(&Target::Sign(s.key.clone())), "sign {}", s.key);
    }
    for k in IntimacyKind::ALL {
        assert!(addressed(&Target::Kind(*k)), "kind {k}");
    }
}

#[test]
fn catalogue_round_trips_through_json() {
    let c = catalogue();
    let text = serde_json::to_string(c).unwrap();
    let back: intimacy_core::Catalogue = serde_json::from_str(&text).unwrap();
    assert_eq!(&back, c);
}
