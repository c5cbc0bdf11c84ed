//! The words of a report, assembled from the locale's messages
//! (`data/messages/<locale>.json`): placement summaries, the report's note,
//! the resources line, and the answers quoted in a flag. No sentence is
//! written here; only the order in which the data's fragments are joined.

use crate::instrument::VerificationStatus;
use crate::instrument::translations::Wording;
use crate::messages::Messages;
use crate::report::{Evidence, Helpline, Resources, StageAttainment};

/// The answers behind a flag, quoted: the item's wording and the answer's label.
pub(crate) fn answers(m: &Messages, w: &Wording<'_>, evidence: &[Evidence]) -> String {
    let inst = w.instrument();
    // A few items are found by a scan; many, through an index of them all.
    let index = (evidence.len() > crate::instrument::FEW)
        .then(|| crate::instrument::first_index(inst.items.iter().map(|i| i.id.as_str())));
    let item = |id: &str| match &index {
        Some(index) => index.get(id).map(|&i| &inst.items[i]),
        None => inst.item(id),
    };
    let parts: Vec<String> = evidence
        .iter()
        .map(|e| {
            let label = e.label.clone().unwrap_or_else(|| e.answer.to_string());
            match item(&e.item).and_then(|i| w.item(&i.id, i.text.as_deref())) {
                Some(text) => m.fill(
                    "answer.with-text",
                    &[("text", text.trim_end_matches('.')), ("label", &label)],
                ),
                None => m.fill(
                    "answer.without-text",
                    &[("item", &e.item), ("label", &label)],
                ),
            }
        })
        .collect();
    parts.join(m.text("answer.separator"))
}

/// Names joined as a list.
pub(crate) fn list(m: &Messages, names: &[String]) -> String {
    names.join(m.text("list.separator"))
}

/// What a report says about itself: the instrument's own note, else one made
/// from its title, citation and verification status.
pub(crate) fn note(m: &Messages, w: &Wording<'_>) -> String {
    let inst = w.instrument();
    if let Some(n) = w.note() {
        return n;
    }
    let mut parts = vec![m.fill("note.default", &[("title", &w.title())])];
    parts.push(
        m.text(match inst.verification.status {
            VerificationStatus::Verified => "note.verified",
            VerificationStatus::Unverified => "note.unverified",
            VerificationStatus::Authored => "note.authored",
        })
        .to_owned(),
    );
    if let Some(c) = &inst.citation {
        parts.push(m.fill(
            "note.citation",
            &[("citation", &m.words(c.trim_end_matches('.')))],
        ));
    }
    parts.join(" ")
}

/// Where help can be found, with the app's help line and emergency number.
pub(crate) fn resources(
    m: &Messages,
    helpline: Option<&Helpline>,
    emergency_number: Option<&str>,
) -> Resources {
    let mut message = m.text("resources.general").to_owned();
    if let Some(h) = helpline {
        let contact: Vec<&str> = std::iter::once(h.name.as_str())
            .chain(h.number.as_deref())
            .chain(h.url.as_deref())
            .collect();
        message.push(' ');
        message.push_str(&m.fill("resources.helpline", &[("helpline", &contact.join(", "))]));
    }
    let emergency = match emergency_number {
        Some(n) => m.fill("resources.emergency-number", &[("number", n)]),
        None => m.text("resources.emergency").to_owned(),
    };
    Resources {
        message,
        emergency,
        helpline: helpline.cloned(),
    }
}

/// How gaps below the peak are described: in an early relationship they are
/// still to build, in a long-standing one worth revisiting.
#[derive(Debug, Clone, Copy)]
pub(crate) enum GapWords {
    Build,
    Revisit,
    Open,
}

impl GapWords {
    pub fn from_early(early: Option<bool>) -> GapWords {
        match early {
            Some(true) => GapWords::Build,
            Some(false) => GapWords::Revisit,
            None => GapWords::Open,
        }
    }
}

/// A plain-language reading of a placement.
pub(crate) fn placement_summary(
    m: &Messages,
    framework: &str,
    via: Option<&str>,
    stages: &[StageAttainment],
    (consecutive, peak): (u32, u32),
    gaps: &[u32],
    gap_words: GapWords,
) -> String {
    let stage_name = |l: u32| -> Option<String> {
        let key = &stages.iter().find(|s| s.level == l)?.key;
        let s = crate::catalogue::framework(framework)?.stage(key)?;
        Some(m.catalogue(
            &format!("framework.{framework}.stage"),
            &s.key,
            "name-inline",
        ))
    };
    let name = |l: u32| {
        let level = l.to_string();
        match stage_name(l) {
            Some(n) => m.fill("summary.level", &[("level", &level), ("name", &n)]),
            None => level,
        }
    };
    let names = |ls: &[u32]| {
        let v: Vec<String> = ls.iter().map(|&l| name(l)).collect();
        v.join(", ")
    };
    let mut out = String::new();
    if let Some(v) = via {
        out.push_str(&m.fill("summary.derived", &[("via", v)]));
        out.push(' ');
    }
    if peak == 0 {
        out.push_str(m.text("summary.none"));
    } else if consecutive == peak {
        out.push_str(&m.fill("summary.all", &[("level", &name(peak))]));
    } else {
        match consecutive {
            0 => out.push_str(m.text("summary.first-not")),
            1 => out.push_str(&m.fill(
                "summary.first",
                &[("name", &stage_name(1).unwrap_or_default())],
            )),
            c => out.push_str(&m.fill("summary.up-to", &[("level", &name(c))])),
        }
        out.push_str(&m.fill("summary.deepest", &[("level", &name(peak))]));
        // Levels below the peak whose attainment is unknown break the chain too.
        let unknown: Vec<u32> = stages
            .iter()
            .filter(|s| s.level < peak && s.reached.is_none())
            .map(|s| s.level)
            .collect();
        if !gaps.is_empty() {
            let key = match gap_words {
                GapWords::Build => "summary.gaps.build",
                GapWords::Revisit => "summary.gaps.revisit",
                GapWords::Open => "summary.gaps.open",
            };
            out.push_str(&m.fill(key, &[("levels", &names(gaps))]));
        }
        if !unknown.is_empty() {
            let key = if gaps.is_empty() {
                "summary.unknown.first"
            } else {
                "summary.unknown.more"
            };
            out.push_str(&m.fill(key, &[("levels", &names(&unknown))]));
        }
        out.push_str(m.text("summary.end"));
    }
    out.push(' ');
    out.push_str(m.text("summary.tail"));
    out
}
