//! The classic models read from a report (`Report::models`): Sternberg's
//! components and the attachment axes from the scales an instrument links
//! to them, cut by a stated rule; Knapp's coming-apart phase and social
//! penetration derived from a check-in's answers.
//!
//! Every reading says how it was made (`ModelReading::rule`), and a type is
//! only ever named with that rule beside it.

#![cfg_attr(
    not(feature = "classic-models"),
    allow(
        dead_code,
        unused_imports,
        reason = "readings are built only with the classic models"
    )
)]

use std::collections::BTreeMap;

use crate::catalogue::{catalogue, framework};
use crate::instrument::{Instrument, ModelLink, ScoreBasis};
use crate::messages::Messages;
use crate::model::{
    Direction, DisclosureDepth, Framework, FrameworkShape, StageRef, Target, Typology,
};
use crate::numeric::count_f64;
use crate::options::{CutMethod, ModelRule, ScoreOptions};
use crate::ordered::OrderedMap;
use crate::report::{
    AreaScore, ModelReading, PartScore, Placement, Report, ScaleScore, StageReading, TypeReading,
};
use crate::request::ScoreError;

/// What a reading needs from the report being assembled.
pub(super) struct Input<'a> {
    pub inst: &'a Instrument,
    pub options: &'a ScoreOptions,
    pub m: &'a Messages,
    pub scales: &'a OrderedMap<ScaleScore>,
    pub placements: &'a OrderedMap<Placement>,
    pub kinds: &'a [AreaScore],
    pub safety_mode: bool,
    /// Whether the physical practices apply (the physical items were answered).
    pub physical: bool,
    /// Whether a target's answers are present (at or above the sign
    /// threshold); `None` when the instrument does not measure it or it
    /// was not answered.
    pub present: &'a dyn Fn(&Target) -> Option<bool>,
}

/// The classic models a report derives from a check-in's answers (by the
/// project's reading), where no instrument measures them.
pub const DERIVED_MODELS: &[&str] = &["knapp", "social-penetration"];

/// Every model the report can read, in the catalogue's order.
pub(super) fn readings(input: &Input<'_>) -> OrderedMap<ModelReading> {
    let mut out = OrderedMap::new();
    for f in &catalogue().frameworks {
        let reading = match input.inst.model_link(&f.key) {
            Some(link) => Some(measured(input, f, link)),
            None => match f.key.as_str() {
                k if k == DERIVED_MODELS[0] => knapp(input, f),
                k if k == DERIVED_MODELS[1] => social_penetration(input, f),
                _ => None,
            },
        };
        if let Some(mut r) = reading {
            localise(input.m, &mut r);
            out.push(f.key.clone(), r);
        }
    }
    out
}

/// The names of a reading (the model's, its parts', type's and stages') in
/// the locale's words.
fn localise(m: &Messages, r: &mut ModelReading) {
    if m.source {
        // The reading's names are the catalogue's: English already.
        return;
    }
    let fw = r.framework.as_str();
    r.name = model_name(m, fw);
    let stage = |key: &str| crate::catalogue::framework(fw).and_then(|f| f.stage(key));
    // A part that is not a stage (social penetration's breadth) is named
    // by its message already.
    for p in r.parts.iter_mut().filter(|p| stage(&p.key).is_some()) {
        p.name = stage_name(m, fw, &p.key, "name");
    }
    for s in &mut r.stages {
        s.name = stage_name(m, fw, &s.key, "name");
    }
    if let Some(t) = &mut r.typology {
        t.name = type_name(m, fw, &t.key, "name");
    }
}

/// A framework's name in the locale.
fn model_name(m: &Messages, fw: &str) -> String {
    m.catalogue("framework", fw, "name")
}

/// A stage's (or part's) name in the locale: `name`, or `name-inline`
/// inside a sentence.
fn stage_name(m: &Messages, fw: &str, key: &str, field: &str) -> String {
    m.catalogue(&format!("framework.{fw}.stage"), key, field)
}

/// A type's name in the locale, as [`stage_name`].
fn type_name(m: &Messages, fw: &str, key: &str, field: &str) -> String {
    m.catalogue(&format!("framework.{fw}.type"), key, field)
}

/// A reading of `f` with its rule and summary, nothing else yet.
fn reading(f: &Framework, rule: String, summary: String) -> ModelReading {
    ModelReading {
        framework: f.key.clone(),
        name: f.name.clone(),
        shape: f.shape,
        subject: f.subject,
        derived: false,
        rule,
        cut: None,
        parts: Vec::new(),
        typology: None,
        depth: None,
        stages: Vec::new(),
        practices: Vec::new(),
        summary,
    }
}

fn number(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    let s = format!("{r:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Names as a sentence's list: `a`, `a and b`, `a, b and c` (in the
/// locale's words).
fn list(m: &Messages, names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => m.fill(
            "list.and",
            &[("init", &init.join(m.text("list.comma"))), ("last", last)],
        ),
    }
}

/// A model measured by the instrument's scales.
fn measured(input: &Input<'_>, f: &Framework, link: &ModelLink) -> ModelReading {
    let m = input.m;
    let default_rule = ModelRule::default();
    let rule = input.options.models.get(&f.key).unwrap_or(&default_rule);
    let typology = f
        .typology
        .as_ref()
        .filter(|t| rule.typology.unwrap_or(!t.on_request));
    let mut parts: Vec<PartScore> = f
        .stages
        .iter()
        .map(|s| {
            let scale_id = link.parts.get(&s.key);
            let scale = scale_id.and_then(|id| input.inst.scale(id));
            let range = scale.and_then(|sc| input.inst.score_range(sc, ScoreBasis::Score));
            let score = scale_id
                .and_then(|id| input.scales.get(id))
                .and_then(|sc| sc.score);
            PartScore {
                key: s.key.clone(),
                name: s.name.clone(),
                scale: scale_id.cloned(),
                score,
                min: range.map(|r| r.0),
                max: range.map(|r| r.1),
                cut: None,
                high: None,
            }
        })
        .collect();
    let scored = |parts: &[PartScore]| {
        parts
            .iter()
            .map(|p| match p.score {
                Some(x) => m.fill(
                    "model.part.score",
                    &[
                        ("name", &stage_name(m, &f.key, &p.key, "name-inline")),
                        ("score", &number(x)),
                    ],
                ),
                None => m.fill(
                    "model.part.unscored",
                    &[("name", &stage_name(m, &f.key, &p.key, "name-inline"))],
                ),
            })
            .collect::<Vec<_>>()
    };
    let (rule_text, cut, type_reading) = match typology {
        Some(t) => {
            let text = cut_parts(m, &f.key, rule, &mut parts);
            let ty = type_of(m, f, t, &parts, &text);
            (text, Some(rule.cut), ty)
        }
        None if f.shape == FrameworkShape::Process => {
            (m.text("model.rule.process").to_owned(), None, None)
        }
        None => (m.text("model.rule.dimensions").to_owned(), None, None),
    };
    let parts_text = list(m, &scored(&parts));
    let summary = match (&type_reading, typology) {
        (Some(t), _) => format!(
            "{} {}",
            m.fill(
                "model.summary.parts",
                &[("model", &model_name(m, &f.key)), ("parts", &parts_text)]
            ),
            t.text
        ),
        (None, Some(_)) => m.fill(
            "model.summary.unscored",
            &[("model", &model_name(m, &f.key))],
        ),
        (None, None) => m.fill(
            "model.summary.no-type",
            &[
                ("model", &model_name(m, &f.key)),
                ("parts", &parts_text),
                ("rule", &rule_text),
            ],
        ),
    };
    let weak: Vec<&str> = parts
        .iter()
        .filter(|p| weak_part(p, input.options.threshold))
        .map(|p| p.key.as_str())
        .collect();
    let practices = practices_for(input, f, &weak);
    ModelReading {
        cut,
        parts,
        typology: type_reading,
        practices,
        ..reading(f, rule_text, summary)
    }
}

/// Cut each part by the rule (high when above its cut); the rule in words.
fn cut_parts(m: &Messages, fw: &str, rule: &ModelRule, parts: &mut [PartScore]) -> String {
    for p in parts.iter_mut() {
        p.cut = match rule.cut {
            CutMethod::Midpoint => p.min.zip(p.max).map(|(a, b)| (a + b) / 2.0),
            CutMethod::SampleMedian | CutMethod::Values => rule.cuts.get(&p.key).copied(),
        };
        p.high = p.score.zip(p.cut).map(|(x, c)| x > c);
    }
    let cuts: Vec<String> = parts
        .iter()
        .map(|p| match p.cut {
            Some(c) => m.fill(
                "model.part.cut",
                &[
                    ("name", &stage_name(m, fw, &p.key, "name-inline")),
                    ("cut", &number(c)),
                ],
            ),
            None => m.fill(
                "model.part.no-cut",
                &[("name", &stage_name(m, fw, &p.key, "name-inline"))],
            ),
        })
        .collect();
    let key = match rule.cut {
        CutMethod::Midpoint => "model.rule.midpoint",
        CutMethod::SampleMedian => "model.rule.sample-median",
        CutMethod::Values => "model.rule.values",
    };
    m.fill(key, &[("cuts", &cuts.join(", "))])
}

/// A part is weak when it is low by the cut, or, uncut, below the
/// threshold percent of its range.
fn weak_part(p: &PartScore, threshold: f64) -> bool {
    match (p.high, p.score, p.min, p.max) {
        (Some(high), ..) => !high,
        (None, Some(x), Some(lo), Some(hi)) if hi > lo => (x - lo) / (hi - lo) * 100.0 < threshold,
        _ => false,
    }
}

/// The type whose high parts are exactly those above their cut; `None`
/// when a part is unscored or uncut.
fn type_of(
    m: &Messages,
    f: &Framework,
    t: &Typology,
    parts: &[PartScore],
    rule: &str,
) -> Option<TypeReading> {
    let mut high: Vec<String> = Vec::new();
    for p in parts {
        if p.high? {
            high.push(p.key.clone());
        }
    }
    let def = t
        .types
        .iter()
        .find(|d| d.high.len() == high.len() && d.high.iter().all(|h| high.contains(h)))?;
    let names: Vec<String> = parts
        .iter()
        .filter(|p| p.high == Some(true))
        .map(|p| stage_name(m, &f.key, &p.key, "name-inline"))
        .collect();
    let high_text = if names.is_empty() {
        m.text("model.type.none-high").to_owned()
    } else {
        m.fill("model.type.high", &[("parts", &list(m, &names))])
    };
    Some(TypeReading {
        key: def.key.clone(),
        name: def.name.clone(),
        high,
        text: m.fill(
            "model.type",
            &[
                ("model", &model_name(m, &f.key)),
                ("type", &type_name(m, &f.key, &def.key, "name-inline")),
                ("high", &high_text),
                ("rule", rule),
            ],
        ),
    })
}

/// The practices for a model's weak parts: those the catalogue gives for
/// the article stages the crosswalk links them to. No couple practice in
/// safety mode; physical ones only where the physical items were answered.
fn practices_for(input: &Input<'_>, f: &Framework, weak: &[&str]) -> Vec<String> {
    let cat = catalogue();
    let mut out: Vec<String> = Vec::new();
    for part in weak {
        let from = StageRef::new(&f.key, *part);
        for article in cat
            .frameworks
            .iter()
            .filter(|a| a.family == crate::model::FrameworkFamily::Article)
        {
            for c in cat.counterparts(&from, &article.key) {
                if c.via.is_some() {
                    continue;
                }
                let t = Target::Stage(c.stage);
                for p in &cat.practices {
                    let allowed = (!input.safety_mode || p.safe_in_safety_mode())
                        && (!p.physical || input.physical);
                    if allowed && p.addresses.contains(&t) && !out.contains(&p.key) {
                        out.push(p.key.clone());
                    }
                }
            }
        }
    }
    out
}

/// The article framework placed directly by the instrument, if any.
fn measured_placement<'a>(input: &Input<'a>) -> Option<(&'a Placement, &'static Framework)> {
    input
        .placements
        .values()
        .find(|p| !p.derived)
        .and_then(|p| framework(&p.framework).map(|f| (p, f)))
}

/// Knapp's coming-apart phase, derived from a check-in: the decline stages
/// some of whose evidence is present. Never an ending stage; not read at
/// all in safety mode.
fn knapp(input: &Input<'_>, f: &Framework) -> Option<ModelReading> {
    let m = input.m;
    let measured_any = f
        .stages
        .iter()
        .flat_map(|s| &s.evidence)
        .any(|t| (input.present)(t).is_some());
    if !measured_any {
        return None;
    }
    let mut stages: Vec<StageReading> = Vec::new();
    if !input.safety_mode {
        for s in &f.stages {
            if s.direction == Some(Direction::Ending) {
                continue;
            }
            let evidence: Vec<String> = s
                .evidence
                .iter()
                .filter(|t| (input.present)(t) == Some(true))
                .map(|t| t.to_string())
                .collect();
            if !evidence.is_empty() {
                stages.push(StageReading {
                    key: s.key.clone(),
                    name: s.name.clone(),
                    level: s.level,
                    evidence,
                });
            }
        }
    }
    let summary = if input.safety_mode {
        m.fill(
            "model.summary.knapp.safety",
            &[("model", &model_name(m, &f.key))],
        )
    } else if stages.is_empty() {
        m.fill(
            "model.summary.knapp.none",
            &[("model", &model_name(m, &f.key))],
        )
    } else {
        let names: Vec<String> = stages
            .iter()
            .map(|s| stage_name(m, &f.key, &s.key, "name-inline"))
            .collect();
        m.fill(
            "model.summary.knapp",
            &[
                ("model", &model_name(m, &f.key)),
                ("stages", &list(m, &names)),
            ],
        )
    };
    Some(ModelReading {
        derived: true,
        stages,
        ..reading(f, m.text("model.rule.knapp").to_owned(), summary)
    })
}

/// Social penetration, derived from a check-in: the depth of disclosure of
/// the highest level reached in order, the breadth of areas shared, and
/// the stage whose typical disclosure is no deeper than that depth.
fn social_penetration(input: &Input<'_>, f: &Framework) -> Option<ModelReading> {
    let m = input.m;
    let (placement, placed) = measured_placement(input)?;
    let depth: Option<DisclosureDepth> = placed
        .stages
        .iter()
        .filter(|s| s.level <= placement.consecutive)
        .filter_map(|s| s.disclosure.map(|d| d.depth))
        .max();
    let scored: Vec<&AreaScore> = input.kinds.iter().filter(|k| k.percent.is_some()).collect();
    let threshold = input.options.threshold;
    let breadth = scored
        .iter()
        .filter(|k| k.percent.is_some_and(|p| p >= threshold))
        .count();
    let stage = depth.and_then(|d| {
        f.stages
            .iter()
            .filter(|s| s.direction != Some(Direction::Decline))
            .filter(|s| s.disclosure.is_some_and(|x| x.depth <= d))
            .max_by_key(|s| s.disclosure.map(|x| x.depth))
    });
    let stages: Vec<StageReading> = stage
        .map(|s| StageReading {
            key: s.key.clone(),
            name: s.name.clone(),
            level: s.level,
            evidence: vec![
                Target::Stage(StageRef::new(
                    &placed.key,
                    placed
                        .stages
                        .iter()
                        .filter(|x| x.level <= placement.consecutive)
                        .filter(|x| x.disclosure.is_some_and(|y| Some(y.depth) == depth))
                        .map(|x| x.key.as_str())
                        .next_back()
                        .unwrap_or_default(),
                ))
                .to_string(),
            ],
        })
        .into_iter()
        .collect();
    let count = |n: usize| n.to_string();
    let summary = match (depth, stage) {
        (Some(d), Some(s)) if scored.is_empty() => m.fill(
            "model.summary.social-penetration.depth-only",
            &[
                ("model", &model_name(m, &f.key)),
                ("depth", m.text(depth_key(d))),
                ("stage", &stage_name(m, &f.key, &s.key, "name-inline")),
            ],
        ),
        (Some(d), Some(s)) => m.fill(
            "model.summary.social-penetration",
            &[
                ("model", &model_name(m, &f.key)),
                ("depth", m.text(depth_key(d))),
                ("breadth", &count(breadth)),
                ("areas", &count(scored.len())),
                ("stage", &stage_name(m, &f.key, &s.key, "name-inline")),
            ],
        ),
        _ => m.fill(
            "model.summary.social-penetration.none",
            &[("model", &model_name(m, &f.key))],
        ),
    };
    let rule = m.fill(
        "model.rule.social-penetration",
        &[("threshold", &number(threshold))],
    );
    Some(ModelReading {
        derived: true,
        parts: vec![PartScore {
            key: "breadth".into(),
            name: m.text("model.breadth").to_owned(),
            scale: None,
            score: (!scored.is_empty()).then_some(count_f64(breadth)),
            min: Some(0.0),
            max: (!scored.is_empty()).then_some(count_f64(scored.len())),
            cut: None,
            high: None,
        }],
        depth,
        stages,
        ..reading(f, rule, summary)
    })
}

/// The message naming a depth of disclosure.
fn depth_key(d: DisclosureDepth) -> &'static str {
    match d {
        DisclosureDepth::None => "model.depth.none",
        DisclosureDepth::Facts => "model.depth.facts",
        DisclosureDepth::Opinions => "model.depth.opinions",
        DisclosureDepth::Feelings => "model.depth.feelings",
        DisclosureDepth::Deepest => "model.depth.deepest",
    }
}

/// The sample medians of a model's parts over `reports` (those that read
/// it with every part scored): the cuts for `cut: "sample-median"`.
///
/// ```
/// use intimacy_core::{Instrument, Responses, ScoreOptions, model_cuts};
/// let ecr = Instrument::builtin("ecr-r").unwrap();
/// let reports: Vec<_> = [2.0, 4.0, 5.0]
///     .iter()
///     .map(|&v| {
///         let answers = Responses::from_pairs(ecr.items.iter().map(|i| (i.id.clone(), v)));
///         intimacy_core::score(&ecr, &answers, &ScoreOptions::default()).unwrap()
///     })
///     .collect();
/// let cuts = model_cuts("attachment", &reports).unwrap();
/// assert_eq!(cuts.len(), 2);
/// ```
pub fn model_cuts<'a>(
    framework_key: &str,
    reports: impl IntoIterator<Item = &'a Report>,
) -> Result<BTreeMap<String, f64>, ScoreError> {
    let bad = |message: String| ScoreError::InvalidOption {
        option: "framework".into(),
        message,
    };
    let f = framework(framework_key)
        .filter(|f| f.typology.is_some())
        .ok_or_else(|| bad(format!("no model {framework_key:?} is read by a cut rule")))?;
    let mut values: Vec<Vec<f64>> = vec![Vec::new(); f.stages.len()];
    let mut seen = 0usize;
    for r in reports {
        seen += 1;
        let Some(reading) = r.models.get(&f.key) else {
            continue;
        };
        let scores: Option<Vec<f64>> = f
            .stages
            .iter()
            .map(|s| {
                reading
                    .parts
                    .iter()
                    .find(|p| p.key == s.key)
                    .and_then(|p| p.score)
            })
            .collect();
        if let Some(scores) = scores {
            for (v, x) in values.iter_mut().zip(scores) {
                v.push(x);
            }
        }
    }
    if values[0].is_empty() {
        return Err(bad(format!(
            "none of the {seen} reports reads {framework_key:?} with every part scored"
        )));
    }
    Ok(f.stages
        .iter()
        .zip(values)
        .map(|(s, mut v)| {
            v.sort_by(f64::total_cmp);
            let n = v.len();
            let median = if n % 2 == 1 {
                v[n / 2]
            } else {
                (v[n / 2 - 1] + v[n / 2]) / 2.0
            };
            (s.key.clone(), median)
        })
        .collect())
}
