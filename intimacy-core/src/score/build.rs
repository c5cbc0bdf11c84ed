//! Assembly of a [`Report`] from one scored row: scale scores, placements,
//! flags with evidence, recommendations, love languages, provenance.

use std::sync::Arc;

use super::compiled::Compiled;
use super::row::{Rules, SAFE_PERCENT, Scratch};
use super::{InvalidPolicy, Responses, ScoreError, ScoreOptions, invalid_reason};
use crate::catalogue::catalogue;
use crate::instrument::Instrument;
use crate::model::{CharacteristicKey, IntimacyKind, LoveLanguageKey};
use crate::ordered::OrderedMap;
use crate::report::{
    AnswerProblem, AreaScore, Evidence, FadingSummary, Flag, FlagKind, LoveLanguageScore,
    LoveLanguages, Placement, Provenance, Reason, Recommendation, Report, ScaleScore, Severity,
    StageAttainment,
};
use crate::target::Target;

/// Why a measured target calls for practice (the numbers; words come later,
/// only for the recommendations kept).
#[derive(Debug, Clone, Copy)]
enum Why {
    Barrier(f64),
    Fading(f64),
    Unhealthy(f64),
    Weak(f64),
    /// (level, peak)
    Gap(u32, u32),
}

/// What every report says about itself.
pub(crate) const REPORT_NOTE: &str = "This report is a structured reflection drawn from public articles on the levels of intimacy. It is not a validated psychometric instrument and not a diagnosis. A placement describes where things stand now: relationships move in both directions, not every relationship reaches every level, and no one should be pushed further than they are ready for.";

fn opt(x: f64) -> Option<f64> {
    (!x.is_nan()).then_some(x)
}

/// An instrument prepared for scoring many respondents with the same options.
///
/// [`crate::score`] prepares one per call; keep a `Scorer` to score many
/// respondents without repeating the preparation.
#[derive(Debug, Clone)]
pub struct Scorer {
    prepared: Arc<Prepared>,
    rules: Rules,
    options: ScoreOptions,
}

/// What does not depend on the options: shared between scorers.
#[derive(Debug)]
struct Prepared {
    instrument: Instrument,
    compiled: Compiled,
    content_hash: String,
    /// A scratch space kept between single-respondent scores (taken while
    /// in use, so concurrent scores simply allocate their own).
    spare: std::sync::Mutex<Option<Scratch>>,
}

impl Scorer {
    /// Prepare `instrument` for scoring with `options`.
    pub fn new(instrument: &Instrument, options: &ScoreOptions) -> Result<Scorer, ScoreError> {
        let prepared = Arc::new(Prepared {
            compiled: Compiled::new(instrument),
            instrument: instrument.clone(),
            content_hash: content_hash(instrument),
            spare: std::sync::Mutex::new(None),
        });
        Scorer::from_prepared(prepared, options)
    }

    /// A scorer of the same instrument with other options, reusing the
    /// preparation (cheap: only the options are checked and resolved).
    pub fn with_options(&self, options: &ScoreOptions) -> Result<Scorer, ScoreError> {
        Scorer::from_prepared(Arc::clone(&self.prepared), options)
    }

    fn from_prepared(
        prepared: Arc<Prepared>,
        options: &ScoreOptions,
    ) -> Result<Scorer, ScoreError> {
        options.check()?;
        let instrument = &prepared.instrument;
        for s in &options.opted_in {
            if !instrument.sections.iter().any(|x| &x.id == s) {
                return Err(ScoreError::UnknownSection {
                    section: s.clone(),
                    available: instrument.sections.iter().map(|x| x.id.clone()).collect(),
                });
            }
        }
        Ok(Scorer {
            rules: Rules::new(&prepared.compiled, options),
            prepared,
            options: options.clone(),
        })
    }

    /// The instrument.
    pub fn instrument(&self) -> &Instrument {
        &self.prepared.instrument
    }

    /// The options.
    pub fn options(&self) -> &ScoreOptions {
        &self.options
    }

    pub(crate) fn compiled(&self) -> &Compiled {
        &self.prepared.compiled
    }

    pub(crate) fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Score one respondent.
    pub fn score(&self, responses: &Responses) -> Result<Report, ScoreError> {
        let c = &self.prepared.compiled;
        let inst = &self.prepared.instrument;
        let policy = self.options.invalid.unwrap_or(InvalidPolicy::Error);
        let mut scratch = self
            .prepared
            .spare
            .try_lock()
            .ok()
            .and_then(|mut s| s.take())
            .unwrap_or_else(|| Scratch::new(c));
        scratch.values.fill(f64::NAN);
        let mut seen = vec![false; c.items.len()];
        let mut problems = Vec::new();
        for (id, value) in responses.answers.iter() {
            let Some(&i) = c.index.get(id) else {
                match policy {
                    InvalidPolicy::Error => {
                        return Err(ScoreError::UnknownItem {
                            row: None,
                            item: id.to_owned(),
                            instrument: inst.id.clone(),
                        });
                    }
                    InvalidPolicy::Missing => {
                        problems.push(AnswerProblem {
                            item: id.to_owned(),
                            value: value.filter(|v| v.is_finite()),
                            message: format!("no item {id:?} in instrument {:?}", inst.id),
                        });
                        continue;
                    }
                }
            };
            if seen[i] {
                return Err(ScoreError::InvalidResponses {
                    message: format!("item {id:?} is answered twice"),
                });
            }
            seen[i] = true;
            let Some(x) = *value else { continue };
            if let Some(reason) = invalid_reason(inst, i, x) {
                match policy {
                    InvalidPolicy::Error => {
                        return Err(ScoreError::InvalidAnswer {
                            row: None,
                            item: id.to_owned(),
                            value: x,
                            reason,
                        });
                    }
                    InvalidPolicy::Missing => {
                        problems.push(AnswerProblem {
                            item: id.to_owned(),
                            value: x.is_finite().then_some(x),
                            message: format!("answer {x} is not allowed: {reason}"),
                        });
                        continue;
                    }
                }
            }
            scratch.values[i] = x;
        }
        scratch.compute(c, &self.rules);
        let report = self.assemble(&scratch, problems);
        if let Ok(mut spare) = self.prepared.spare.try_lock() {
            *spare = Some(scratch);
        }
        Ok(report)
    }

    fn assemble(&self, scratch: &Scratch, problems: Vec<AnswerProblem>) -> Report {
        let c = &self.prepared.compiled;
        let inst = &self.prepared.instrument;
        let o = &self.options;

        let mut scales = OrderedMap::new();
        for (si, spec) in c.scales.iter().enumerate() {
            let st = &scratch.scales[si];
            let total = opt(st.total);
            let mean = opt(st.mean);
            scales.push(
                spec.id.clone(),
                ScaleScore {
                    status: st.status,
                    score: opt(st.score(spec.aggregation)),
                    total,
                    mean,
                    percent: opt(st.percent),
                    answered: st.answered as usize,
                    missing: st.missing as usize,
                    skipped: st.skipped as usize,
                    band: Compiled::band(inst, spec.cutoff, total, mean, spec.aggregation)
                        .map(String::from),
                },
            );
        }

        let mut placements = OrderedMap::new();
        for (fi, f) in c.frameworks.iter().enumerate() {
            placements.push(f.key.clone(), self.placement(scratch, fi));
        }

        let area = |t: Target, name: &str| -> Option<AreaScore> {
            let ti = c.target_index(&t)?;
            Some(AreaScore {
                target: c.target_names[ti].clone(),
                name: name.to_owned(),
                percent: opt(scratch.targets[ti].percent),
            })
        };
        let cat = catalogue();
        let kinds: Vec<AreaScore> = IntimacyKind::ALL
            .iter()
            .filter_map(|k| {
                let name = cat
                    .kinds
                    .iter()
                    .find(|x| x.key == *k)
                    .map_or(k.key(), |x| &x.name);
                area(Target::Kind(*k), name)
            })
            .collect();
        let characteristics: Vec<AreaScore> = CharacteristicKey::ALL
            .iter()
            .filter_map(|k| {
                let name = cat
                    .characteristics
                    .iter()
                    .find(|x| x.key == *k)
                    .map_or(k.key(), |x| &x.name);
                area(Target::Characteristic(*k), name)
            })
            .collect();

        let fading = self.fading_summary(scratch);
        let flags = self.flags(scratch, &placements, fading.as_ref());
        let recommendations = self.recommendations(scratch, &flags, &placements);

        Report {
            scales,
            placements,
            kinds,
            characteristics,
            flags,
            fading,
            recommendations,
            love_languages: self.love_languages(scratch),
            opted_in: c
                .sections
                .iter()
                .enumerate()
                .filter(|(s, _)| scratch.opted[*s])
                .map(|(_, s)| s.id.clone())
                .collect(),
            problems,
            note: REPORT_NOTE.to_owned(),
            provenance: Provenance {
                instrument: inst.id.clone(),
                instrument_version: inst.version.clone(),
                content_hash: self.prepared.content_hash.clone(),
                library_version: crate::VERSION.to_owned(),
                options: o.clone(),
            },
        }
    }

    fn placement(&self, scratch: &Scratch, fi: usize) -> Placement {
        let c = &self.prepared.compiled;
        let f = &c.frameworks[fi];
        let r = &self.rules;
        let stages: Vec<StageAttainment> = f
            .stages
            .iter()
            .enumerate()
            .map(|(si, s)| StageAttainment {
                level: s.level,
                key: s.key.clone(),
                attainment: opt(scratch.stages[fi][si]),
                reached: scratch.reached(r, fi, si),
                status: scratch.stage_status[fi][si],
            })
            .collect();
        let levels = scratch.levels[fi];
        let gaps: Vec<u32> = stages
            .iter()
            .filter(|s| s.level < levels.peak && s.reached == Some(false))
            .map(|s| s.level)
            .collect();
        let unknown: Vec<u32> = stages
            .iter()
            .filter(|s| s.reached.is_none())
            .map(|s| s.level)
            .collect();
        let summary = placement_summary(
            &f.key,
            f.via.as_deref(),
            &stages,
            levels.consecutive,
            levels.peak,
            &gaps,
        );
        Placement {
            framework: f.key.clone(),
            derived: f.via.is_some(),
            via: f.via.clone(),
            threshold: r.threshold,
            stages,
            consecutive: levels.consecutive,
            peak: levels.peak,
            gaps,
            unknown,
            summary,
        }
    }

    /// Evidence: the answered items among `items`, with their labels.
    fn evidence(&self, scratch: &Scratch, items: &[usize], target: &str) -> Vec<Evidence> {
        let c = &self.prepared.compiled;
        let inst = &self.prepared.instrument;
        items
            .iter()
            .filter(|&&i| !scratch.values[i].is_nan())
            .map(|&i| {
                let x = scratch.values[i];
                let label = c.items[i]
                    .response_scale
                    .and_then(|r| inst.response_scales[r].labels.iter().find(|l| l.value == x))
                    .map(|l| l.label.clone());
                Evidence {
                    item: c.items[i].id.clone(),
                    answer: x,
                    label,
                    target: target.to_owned(),
                }
            })
            .collect()
    }

    fn target_evidence(&self, scratch: &Scratch, ti: usize) -> Vec<Evidence> {
        let c = &self.prepared.compiled;
        let t = &c.targets[ti];
        let items: &[usize] = match t.scale {
            Some(si) => &c.scales[si].items,
            None => &t.items,
        };
        self.evidence(scratch, items, &c.target_names[ti])
    }

    fn present(&self, scratch: &Scratch, ti: usize) -> bool {
        let p = scratch.targets[ti].percent;
        !p.is_nan() && p >= self.rules.sign_threshold
    }

    fn fading_summary(&self, scratch: &Scratch) -> Option<FadingSummary> {
        let c = &self.prepared.compiled;
        let fading: Vec<usize> = c
            .targets
            .iter()
            .enumerate()
            .filter(|(_, t)| matches!(t.target, Target::Fading(_)))
            .map(|(i, _)| i)
            .collect();
        let answered: Vec<usize> = fading
            .iter()
            .copied()
            .filter(|&t| !scratch.targets[t].percent.is_nan())
            .collect();
        if answered.is_empty() {
            return None;
        }
        let strength = answered
            .iter()
            .map(|&t| scratch.targets[t].percent)
            .sum::<f64>()
            / answered.len() as f64;
        let signs: Vec<String> = answered
            .iter()
            .filter(|&&t| self.present(scratch, t))
            .filter_map(|&t| match &c.targets[t].target {
                Target::Fading(k) => Some(k.clone()),
                _ => None,
            })
            .collect();
        Some(FadingSummary {
            present: signs.len(),
            answered: answered.len(),
            strength,
            signs,
        })
    }

    fn flags(
        &self,
        scratch: &Scratch,
        placements: &OrderedMap<Placement>,
        fading: Option<&FadingSummary>,
    ) -> Vec<Flag> {
        let c = &self.prepared.compiled;
        let r = &self.rules;
        let cat = catalogue();
        let counts = scratch.flags;
        let mut flags = Vec::new();

        if counts.safety {
            let mut evidence: Vec<Evidence> = r
                .safety_items
                .iter()
                .filter(|&&i| {
                    let p = scratch.item_percent(c, i);
                    !p.is_nan() && p < SAFE_PERCENT
                })
                .flat_map(|&i| self.evidence(scratch, &[i], "safety"))
                .collect();
            for &t in &r.unsafe_targets {
                if self.present(scratch, t) {
                    evidence.extend(self.target_evidence(scratch, t));
                }
            }
            flags.push(Flag {
                kind: FlagKind::Safety,
                severity: Severity::Referral,
                target: Some("safety".into()),
                message: "Your answers say you do not always feel emotionally safe with your partner. That matters more than any score in this report. This check-in is not a diagnosis: a counsellor or therapist can help you think it through, and if you ever feel physically unsafe, contact local emergency services or a domestic-abuse helpline.".into(),
                evidence,
            });
        }

        if !r.seek_help_targets.is_empty() && counts.seek_help as usize >= r.seek_help_min {
            let present: Vec<usize> = r
                .seek_help_targets
                .iter()
                .copied()
                .filter(|&t| self.present(scratch, t))
                .collect();
            let names: Vec<String> = present
                .iter()
                .filter_map(|&t| match &c.targets[t].target {
                    Target::SeekHelp(k) => cat
                        .seek_help
                        .iter()
                        .find(|e| &e.key == k)
                        .map(|e| e.name.to_lowercase()),
                    _ => None,
                })
                .collect();
            flags.push(Flag {
                kind: FlagKind::SeekHelp,
                severity: Severity::Referral,
                target: None,
                message: format!(
                    "{} of the {} signs that outside support could help are present ({}). Seeing a couples counsellor or therapist is an ordinary, constructive step, not a failure. This is a reflection, not a diagnosis.",
                    present.len(),
                    r.seek_help_targets.len(),
                    names.join("; ")
                ),
                evidence: present.iter().flat_map(|&t| self.target_evidence(scratch, t)).collect(),
            });
        }

        if let (Some(s), true) = (r.seven, counts.pacing) {
            let f = &c.frameworks[s.framework];
            let mut evidence = Vec::new();
            let mut missing = Vec::new();
            for si in [s.physical, s.disclosure, s.vulnerability] {
                if si != s.physical && scratch.reached(r, s.framework, si) == Some(false) {
                    missing.push(f.stages[si].level);
                }
                if let super::compiled::StageSource::Target(ti) = f.stages[si].source {
                    evidence.extend(self.target_evidence(scratch, ti));
                }
            }
            let which = match missing.as_slice() {
                [a, b] => format!("levels {a} and {b} (sharing feelings, being vulnerable) are"),
                [a] if f.stages[s.disclosure].level == *a => {
                    format!("level {a} (sharing feelings) is")
                }
                [a] => format!("level {a} (being vulnerable) is"),
                _ => "sharing feelings and being vulnerable are".to_owned(),
            };
            flags.push(Flag {
                kind: FlagKind::Pacing,
                severity: Severity::Concern,
                target: Some("stage:seven-levels/physical-intimacy".into()),
                message: format!(
                    "Physical closeness is reported as well established while {which} not yet in place. Physical intimacy is healthiest when it grows from emotional readiness and mutual comfort, never from pressure; giving the emotional levels more room may help."
                ),
                evidence,
            });
        }

        if let (Some(s), true) = (r.seven, counts.rushing) {
            let p = placements.get("seven-levels");
            let gaps: Vec<u32> = p
                .map(|p| {
                    p.gaps
                        .iter()
                        .copied()
                        .filter(|&l| l >= 3 && l != 7)
                        .collect()
                })
                .unwrap_or_default();
            let f = &c.frameworks[s.framework];
            let mut evidence = Vec::new();
            for &l in &gaps {
                if let Some(super::compiled::StageSource::Target(ti)) =
                    f.stages.get(l as usize - 1).map(|x| &x.source)
                {
                    evidence.extend(self.target_evidence(scratch, *ti));
                }
            }
            let deepest = p.map_or(0, |p| {
                p.stages
                    .iter()
                    .filter(|st| st.reached == Some(true) && st.key != "physical-intimacy")
                    .map(|st| st.level)
                    .max()
                    .unwrap_or(0)
            });
            flags.push(Flag {
                kind: FlagKind::Rushing,
                severity: Severity::Notice,
                target: Some("stage:seven-levels".into()),
                message: format!(
                    "Level {deepest} is reached while {} not yet in place. Reaching deep levels before the earlier ones are settled can itself be a strain; there is no hurry, and the earlier levels can be built now.",
                    match gaps.as_slice() {
                        [one] => format!("level {one} is"),
                        many => format!("levels {} are", many.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")),
                    }
                ),
                evidence,
            });
        }

        for &t in &r.unhealthy_targets {
            if !self.present(scratch, t) {
                continue;
            }
            let Target::Sign(k) = &c.targets[t].target else {
                continue;
            };
            let Some(sign) = cat.signs.iter().find(|s| &s.key == k) else {
                continue;
            };
            flags.push(Flag {
                kind: FlagKind::UnhealthySign,
                severity: Severity::Concern,
                target: Some(c.targets[t].target.to_string()),
                message: format!(
                    "Your answers point to a pattern worth talking about: {}. {}",
                    sign.name.to_lowercase(),
                    sign.summary
                ),
                evidence: self.target_evidence(scratch, t),
            });
        }

        if let Some(fs) = fading {
            if !r.fading_targets.is_empty() && fs.present >= r.fading_min {
                let names: Vec<String> = fs
                    .signs
                    .iter()
                    .filter_map(|k| {
                        cat.fading_signs
                            .iter()
                            .find(|e| &e.key == k)
                            .map(|e| e.name.to_lowercase())
                    })
                    .collect();
                let evidence = r
                    .fading_targets
                    .iter()
                    .filter(|&&t| self.present(scratch, t))
                    .flat_map(|&t| self.target_evidence(scratch, t))
                    .collect();
                flags.push(Flag {
                    kind: FlagKind::Fading,
                    severity: if fs.present >= 4 { Severity::Concern } else { Severity::Notice },
                    target: None,
                    message: format!(
                        "{} of the {} warning signs that intimacy is fading are present ({}), with an average strength of {:.0} out of 100. Fading is common and can be reversed with deliberate time and honest talk.",
                        fs.present, fs.answered, names.join("; "), fs.strength
                    ),
                    evidence,
                });
            }
        }
        flags
    }

    fn recommendations(
        &self,
        scratch: &Scratch,
        flags: &[Flag],
        placements: &OrderedMap<Placement>,
    ) -> Vec<Recommendation> {
        let c = &self.prepared.compiled;
        let r = &self.rules;
        let cat = catalogue();
        // Why each measured target calls for practice, and how strongly.
        let mut why: Vec<Option<(f64, Why)>> = vec![None; c.targets.len()];
        for (ti, t) in c.targets.iter().enumerate() {
            let pct = scratch.targets[ti].percent;
            if pct.is_nan() {
                continue;
            }
            why[ti] = match &t.target {
                Target::Barrier(_) if pct >= r.sign_threshold => {
                    Some((2.0 + pct / 100.0, Why::Barrier(pct)))
                }
                Target::Fading(_) if pct >= r.sign_threshold && r.fading_targets.contains(&ti) => {
                    Some((2.0 + pct / 100.0, Why::Fading(pct)))
                }
                Target::Sign(_) if pct >= r.sign_threshold && r.unhealthy_targets.contains(&ti) => {
                    Some((2.5 + pct / 100.0, Why::Unhealthy(pct)))
                }
                Target::Kind(_) | Target::Characteristic(_) if pct < r.threshold => Some((
                    1.0 + (r.threshold - pct) / r.threshold.max(1.0),
                    Why::Weak(pct),
                )),
                _ => None,
            };
        }
        for f in &c.frameworks {
            let Some(p) = placements.get(&f.key).filter(|p| !p.derived) else {
                continue;
            };
            for st in &f.stages {
                if let (true, super::compiled::StageSource::Target(ti)) =
                    (p.gaps.contains(&st.level), &st.source)
                {
                    why[*ti] = Some((1.5, Why::Gap(st.level, p.peak)));
                }
            }
        }
        let referral = flags
            .iter()
            .any(|f| matches!(f.kind, FlagKind::Safety | FlagKind::SeekHelp));

        // Rank first; build only the recommendations that are kept.
        let mut ranked: Vec<(f64, usize)> = cat
            .practices
            .iter()
            .enumerate()
            .filter_map(|(order, p)| {
                let mut priority: f64 = c.practice_targets[order]
                    .iter()
                    .filter_map(|&t| why[t].as_ref().map(|w| w.0))
                    .sum();
                if referral && p.key == "counselling" {
                    priority += 10.0;
                }
                (priority > 0.0).then_some((priority, order))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.truncate(self.options.max_recommendations);
        ranked
            .into_iter()
            .map(|(priority, order)| {
                let p = &cat.practices[order];
                let mut reasons: Vec<(f64, Reason)> = c.practice_targets[order]
                    .iter()
                    .filter_map(|&t| {
                        let (w, w_why) = why[t].as_ref()?;
                        Some((*w, self.reason(scratch, t, *w_why)))
                    })
                    .collect();
                if referral && p.key == "counselling" {
                    reasons.push((
                        10.0,
                        Reason {
                            target: "safety".into(),
                            detail: "a safety or seek-help flag is raised".into(),
                            evidence: flags
                                .iter()
                                .filter(|f| matches!(f.kind, FlagKind::Safety | FlagKind::SeekHelp))
                                .flat_map(|f| f.evidence.iter().map(|e| e.item.clone()))
                                .collect(),
                        },
                    ));
                }
                reasons.sort_by(|a, b| {
                    b.0.total_cmp(&a.0)
                        .then_with(|| a.1.target.cmp(&b.1.target))
                });
                Recommendation {
                    practice: p.key.clone(),
                    name: p.name.clone(),
                    summary: p.summary.clone(),
                    steps: p.steps.clone(),
                    reasons: reasons.into_iter().map(|(_, r)| r).collect(),
                    priority: (priority * 1000.0).round() / 1000.0,
                }
            })
            .collect()
    }

    /// The reason a target gives for a practice, in words, with its evidence.
    fn reason(&self, scratch: &Scratch, ti: usize, why: Why) -> Reason {
        let c = &self.prepared.compiled;
        let cat = catalogue();
        let target = &c.targets[ti].target;
        let lower = |s: &str| s.to_lowercase();
        let detail = match (why, target) {
            (Why::Barrier(pct), Target::Barrier(k)) => format!(
                "barrier present: {} ({pct:.0}/100)",
                lower(
                    cat.barriers
                        .iter()
                        .find(|b| &b.key == k)
                        .map_or(k.as_str(), |b| &b.name)
                )
            ),
            (Why::Fading(pct), Target::Fading(k)) => format!(
                "warning sign of fading: {} ({pct:.0}/100)",
                lower(
                    cat.fading_signs
                        .iter()
                        .find(|b| &b.key == k)
                        .map_or(k.as_str(), |b| &b.name)
                )
            ),
            (Why::Unhealthy(pct), Target::Sign(k)) => format!(
                "unhealthy sign: {} ({pct:.0}/100)",
                lower(
                    cat.signs
                        .iter()
                        .find(|b| &b.key == k)
                        .map_or(k.as_str(), |b| &b.name)
                )
            ),
            (Why::Weak(pct), t) => {
                let name = match t {
                    Target::Kind(k) => cat
                        .kinds
                        .iter()
                        .find(|x| x.key == *k)
                        .map_or(k.key(), |x| &x.name),
                    Target::Characteristic(k) => cat
                        .characteristics
                        .iter()
                        .find(|x| x.key == *k)
                        .map_or(k.key(), |x| &x.name),
                    _ => "",
                };
                format!(
                    "weaker area: {} ({pct:.0}/100, below {:.0})",
                    lower(name),
                    self.rules.threshold
                )
            }
            (Why::Gap(level, peak), Target::Stage(r)) => {
                format!(
                    "level {level} of {} is not yet in place below level {peak}",
                    r.framework
                )
            }
            _ => String::new(),
        };
        Reason {
            target: c.target_names[ti].clone(),
            detail,
            evidence: self
                .target_evidence(scratch, ti)
                .into_iter()
                .map(|e| e.item)
                .collect(),
        }
    }

    fn love_languages(&self, scratch: &Scratch) -> Option<LoveLanguages> {
        let c = &self.prepared.compiled;
        let mut ranking: Vec<LoveLanguageScore> = LoveLanguageKey::ALL
            .iter()
            .filter_map(|k| {
                let ti = c.target_index(&Target::LoveLanguage(*k))?;
                opt(scratch.targets[ti].percent)
                    .map(|percent| LoveLanguageScore { key: *k, percent })
            })
            .collect();
        if ranking.is_empty() {
            return None;
        }
        // Stable sort keeps the canonical order among ties.
        ranking.sort_by(|a, b| b.percent.total_cmp(&a.percent));
        let top = ranking[0].percent;
        let primary: Vec<LoveLanguageKey> = ranking
            .iter()
            .filter(|s| s.percent == top)
            .map(|s| s.key)
            .collect();
        let second = ranking.iter().map(|s| s.percent).find(|&p| p < top);
        let secondary = match second {
            Some(v) => ranking
                .iter()
                .filter(|s| s.percent == v)
                .map(|s| s.key)
                .collect(),
            None => Vec::new(),
        };
        Some(LoveLanguages {
            ranking,
            primary,
            secondary,
        })
    }
}

fn placement_summary(
    framework: &str,
    via: Option<&str>,
    stages: &[StageAttainment],
    consecutive: u32,
    peak: u32,
    gaps: &[u32],
) -> String {
    let name = |l: u32| {
        stages
            .iter()
            .find(|s| s.level == l)
            .and_then(|s| crate::catalogue::framework(framework).and_then(|f| f.stage(&s.key)))
            .map_or_else(
                || format!("level {l}"),
                |s| format!("level {l} ({})", s.name.to_lowercase()),
            )
    };
    let mut out = String::new();
    if let Some(v) = via {
        out.push_str(&format!(
            "Derived from {v} through the crosswalk, which is an interpretation. "
        ));
    }
    if peak == 0 {
        out.push_str("No level is clearly in place yet from these answers.");
    } else if consecutive == peak {
        out.push_str(&format!("Every level up to {} is in place.", name(peak)));
    } else {
        match consecutive {
            0 => out.push_str("The first level is not clearly in place"),
            1 => out.push_str(&format!("{} is in place", capitalise(&name(1)))),
            c => out.push_str(&format!("Levels up to {} are in place", name(c))),
        }
        out.push_str(&format!("; the deepest level reached is {}", name(peak)));
        let list = |ls: &[u32]| ls.iter().map(|&l| name(l)).collect::<Vec<_>>().join(", ");
        // Levels below the peak whose attainment is unknown break the chain too.
        let unknown: Vec<u32> = stages
            .iter()
            .filter(|s| s.level < peak && s.reached.is_none())
            .map(|s| s.level)
            .collect();
        if !gaps.is_empty() {
            out.push_str(&format!(", with {} below it still to build", list(gaps)));
        }
        if !unknown.is_empty() {
            out.push_str(&format!(
                "{} {} not answered enough to tell",
                if gaps.is_empty() { ", with" } else { "; and" },
                list(&unknown)
            ));
        }
        out.push('.');
    }
    out.push_str(" This describes where things stand now; it is not a verdict.");
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// SHA-256 of the instrument's compact JSON, in hex.
fn content_hash(inst: &Instrument) -> String {
    use sha2::{Digest, Sha256};
    let json = serde_json::to_vec(inst).unwrap_or_default();
    Sha256::digest(&json)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(crate) fn report(
    instrument: &Instrument,
    responses: &Responses,
    options: &ScoreOptions,
) -> Result<Report, ScoreError> {
    Scorer::new(instrument, options)?.score(responses)
}
