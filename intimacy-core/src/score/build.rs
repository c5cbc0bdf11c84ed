//! Assembly of a [`Report`] from one scored row: scale scores, placements,
//! flags with evidence, recommendations, love languages, provenance.

use std::sync::Arc;

use super::compiled::{Compiled, StageSource};
use super::row::{AlertRule, Rules, Scratch};
use super::words::{self, GapWords};
use super::{InvalidPolicy, Responses, ScoreError, ScoreOptions, invalid_reason};
use crate::catalogue::catalogue;
use crate::instrument::Instrument;
use crate::instrument::translations::Wording;
use crate::messages::{Messages, messages_or_english};
use crate::model::Target;
use crate::model::{CharacteristicKey, IntimacyKind, LoveLanguageKey};
use crate::numeric::count_f64;
use crate::ordered::OrderedMap;
use crate::report::{
    AnswerProblem, AreaScore, Evidence, FadingSummary, Flag, FlagKind, LoveLanguageScore,
    LoveLanguages, Placement, Provenance, Reason, Recommendation, Report, ScaleScore, ScoreStatus,
    Severity, StageAttainment,
};

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

/// The practice a raised flag puts first: its added priority and the
/// reason's message key.
fn flag_boost(key: &str, safety_mode: bool, seek_help_raised: bool) -> Option<(f64, &'static str)> {
    match key {
        "confidential-support" if safety_mode => Some((SAFETY_PRIORITY, "reason.safety")),
        "individual-counselling" if safety_mode => Some((REFERRAL_PRIORITY, "reason.safety")),
        "counselling" if !safety_mode && seek_help_raised => {
            Some((REFERRAL_PRIORITY, "reason.seek-help"))
        }
        _ => None,
    }
}

/// Priority added to the practice that answers a raised safety flag or a
/// raised seek-help flag, so that it comes first.
const SAFETY_PRIORITY: f64 = 100.0;
const REFERRAL_PRIORITY: f64 = 10.0;

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

/// An instrument's preparation for scoring, made on its first use and shared
/// by every scorer asked for afterwards: for whoever holds one instrument and
/// scores with many options (the Python and JavaScript instruments do). Pair
/// a cache with one instrument.
///
/// ```
/// use intimacy_core::{Instrument, ScoreOptions, ScorerCache};
/// let ras = Instrument::builtin("ras").unwrap();
/// let cache = ScorerCache::default();
/// let a = cache.scorer(&ras, &ScoreOptions::default()).unwrap();
/// let b = cache.scorer(&ras, &ScoreOptions { threshold: 70.0, ..Default::default() }).unwrap();
/// assert_eq!(a.instrument().id, b.instrument().id);
/// ```
#[derive(Debug, Clone, Default)]
pub struct ScorerCache {
    base: std::sync::OnceLock<Scorer>,
}

impl ScorerCache {
    /// A scorer of `instrument` with `options`; the instrument is prepared
    /// the first time only, later calls only check and resolve the options.
    pub fn scorer(
        &self,
        instrument: &Instrument,
        options: &ScoreOptions,
    ) -> Result<Scorer, ScoreError> {
        let base = match self.base.get() {
            Some(s) => s,
            None => {
                let s = Scorer::new(instrument, &ScoreOptions::default())?;
                self.base.get_or_init(|| s)
            }
        };
        base.with_options(options)
    }
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
        let sections: std::collections::HashSet<&str> = match options.opted_in.is_empty() {
            true => Default::default(),
            false => instrument.sections.iter().map(|x| x.id.as_str()).collect(),
        };
        for s in &options.opted_in {
            if !sections.contains(s.as_str()) {
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
        scratch.clear();
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
                    item: Some(id.to_string()),
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
            scratch.set(c, i, x);
        }
        scratch.compute(c, &self.rules);
        let report = self.assemble(&scratch, problems);
        if let Ok(mut spare) = self.prepared.spare.try_lock() {
            *spare = Some(scratch);
        }
        Ok(report)
    }

    fn messages(&self) -> &'static Messages {
        // The locale was checked with the options; English is the fallback.
        messages_or_english(&self.options.locale)
    }

    /// The instrument's words in the report's locale.
    fn wording(&self) -> Wording<'_> {
        Wording::new(
            &self.prepared.instrument,
            &self.options.locale,
            self.messages(),
        )
    }

    fn assemble(&self, scratch: &Scratch, problems: Vec<AnswerProblem>) -> Report {
        let c = &self.prepared.compiled;
        let inst = &self.prepared.instrument;
        let o = &self.options;
        let m = self.messages();

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
                    not_applicable: st.not_applicable as usize,
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
        let kinds: Vec<AreaScore> = IntimacyKind::ALL
            .iter()
            .filter_map(|k| area(Target::Kind(*k), &m.catalogue("kind", k.key(), "name")))
            .collect();
        let characteristics: Vec<AreaScore> = CharacteristicKey::ALL
            .iter()
            .filter_map(|k| {
                area(
                    Target::Characteristic(*k),
                    &m.catalogue("characteristic", k.key(), "name"),
                )
            })
            .collect();

        let fading = self.fading_summary(scratch);
        let flags = self.flags(scratch, &placements, fading.as_ref());
        let recommendations = self.recommendations(scratch, &flags, &placements);
        let models = self.models(scratch, &scales, &placements, &kinds);

        Report {
            scales,
            placements,
            models,
            kinds,
            characteristics,
            flags,
            safety_mode: scratch.flags.safety_mode(),
            resources: words::resources(m, o.helpline.as_ref(), o.emergency_number.as_deref()),
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
            note: words::note(m, &self.wording()),
            provenance: Provenance {
                instrument: inst.id.clone(),
                instrument_version: inst.version.clone(),
                content_hash: self.prepared.content_hash.clone(),
                library_version: crate::VERSION.to_owned(),
                options: o.clone(),
                words: Some(crate::messages::words_info(&o.locale)),
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
        let summary = if f.via.is_some() && !self.options.derived_summaries {
            String::new()
        } else {
            words::placement_summary(
                self.messages(),
                &f.key,
                f.via.as_deref(),
                &stages,
                (levels.consecutive, levels.peak),
                &gaps,
                GapWords::from_early(scratch.early(c)),
            )
        };
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
                let label = c.items[i].response_scale.and_then(|r| {
                    let rs = &inst.response_scales[r];
                    let l = rs.labels.iter().find(|l| l.value == x)?;
                    Some(self.wording().label(&rs.id, x, &l.label))
                });
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

    /// The evidence of the raised alerts of one flag, each item once.
    fn alert_evidence(&self, scratch: &Scratch, flag: FlagKind) -> Vec<Evidence> {
        let c = &self.prepared.compiled;
        let mut items: Vec<usize> = self
            .rules
            .alerts
            .iter()
            .filter(|a: &&AlertRule| a.flag == flag && scratch.alert_raised(c, a))
            .map(|a| a.item)
            .collect();
        items.dedup();
        self.evidence(scratch, &items, flag.key())
    }

    /// The classic models the report reads (`Report::models`); none when
    /// they are not built in.
    #[cfg(not(feature = "classic-models"))]
    #[allow(clippy::unused_self, reason = "the same signature as with the models")]
    fn models(
        &self,
        _: &Scratch,
        _: &OrderedMap<ScaleScore>,
        _: &OrderedMap<Placement>,
        _: &[AreaScore],
    ) -> OrderedMap<crate::report::ModelReading> {
        OrderedMap::new()
    }

    /// The classic models the report reads (`Report::models`).
    #[cfg(feature = "classic-models")]
    fn models(
        &self,
        scratch: &Scratch,
        scales: &OrderedMap<ScaleScore>,
        placements: &OrderedMap<Placement>,
        kinds: &[AreaScore],
    ) -> OrderedMap<crate::report::ModelReading> {
        let c = &self.prepared.compiled;
        let present = |t: &Target| {
            c.target_index(t)
                .filter(|&ti| !scratch.targets[ti].percent.is_nan())
                .map(|ti| self.present(scratch, ti))
        };
        super::models::readings(&super::models::Input {
            inst: &self.prepared.instrument,
            options: &self.options,
            m: self.messages(),
            scales,
            placements,
            kinds,
            safety_mode: scratch.flags.safety_mode(),
            physical: self.physical_applies(scratch),
            present: &present,
        })
    }

    /// Physical practices only for someone who answered the physical items.
    fn physical_applies(&self, scratch: &Scratch) -> bool {
        self.rules
            .physical_target
            .is_some_and(|t| scratch.targets[t].status != ScoreStatus::NotApplicable)
    }

    fn present(&self, scratch: &Scratch, ti: usize) -> bool {
        scratch.present(&self.rules, ti)
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
            / count_f64(answered.len());
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
        // In the order of precedence: safety first.
        let mut flags = Vec::new();
        self.flag_safety(scratch, &mut flags);
        self.flag_consent(scratch, &mut flags);
        self.flag_seek_help(scratch, &mut flags);
        self.flag_pacing(scratch, &mut flags);
        self.flag_rushing(scratch, placements, &mut flags);
        self.flag_unhealthy(scratch, &mut flags);
        self.flag_fading(scratch, fading, &mut flags);
        flags
    }

    /// The safety flag, when an alert (or an unsafe criterion) raises it.
    fn flag_safety(&self, scratch: &Scratch, flags: &mut Vec<Flag>) {
        let r = &self.rules;
        let m = self.messages();
        let counts = scratch.flags;
        if let Some(severity) = counts.safety {
            let mut evidence = self.alert_evidence(scratch, FlagKind::Safety);
            for &t in &r.unsafe_targets {
                if scratch.unsafe_present(t) {
                    evidence.extend(self.target_evidence(scratch, t));
                }
            }
            let key = match severity {
                Severity::Referral => "flag.safety.referral",
                Severity::Concern => "flag.safety.concern",
                Severity::Notice => "flag.safety.notice",
            };
            flags.push(Flag {
                kind: FlagKind::Safety,
                severity,
                target: Some("safety".into()),
                message: m.fill(
                    key,
                    &[("answers", &words::answers(m, &self.wording(), &evidence))],
                ),
                evidence,
            });
        }
    }

    /// The consent flag, when an alert raises it.
    fn flag_consent(&self, scratch: &Scratch, flags: &mut Vec<Flag>) {
        let m = self.messages();
        let counts = scratch.flags;
        if let Some(severity) = counts.consent {
            let evidence = self.alert_evidence(scratch, FlagKind::Consent);
            let key = match severity {
                Severity::Referral => "flag.consent.referral",
                Severity::Concern => "flag.consent.concern",
                Severity::Notice => "flag.consent.notice",
            };
            flags.push(Flag {
                kind: FlagKind::Consent,
                severity,
                target: None,
                message: m.fill(
                    key,
                    &[("answers", &words::answers(m, &self.wording(), &evidence))],
                ),
                evidence,
            });
        }
    }

    /// The seek-help flag: enough criteria present (support of one's own first in safety mode).
    fn flag_seek_help(&self, scratch: &Scratch, flags: &mut Vec<Flag>) {
        let c = &self.prepared.compiled;
        let r = &self.rules;
        let m = self.messages();
        let cat = catalogue();
        let counts = scratch.flags;
        let safety_mode = counts.safety_mode();
        if counts.seek_help_raised {
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
                        .map(|e| m.catalogue("seek-help", &e.key, "name-inline")),
                    _ => None,
                })
                .collect();
            let key = if safety_mode {
                "flag.seek-help.safety-mode"
            } else {
                "flag.seek-help"
            };
            flags.push(Flag {
                kind: FlagKind::SeekHelp,
                severity: Severity::Referral,
                target: None,
                message: m.fill(
                    key,
                    &[
                        ("count", &present.len().to_string()),
                        ("total", &r.seek_help_targets.len().to_string()),
                        ("names", &words::list(m, &names)),
                    ],
                ),
                evidence: present
                    .iter()
                    .flat_map(|&t| self.target_evidence(scratch, t))
                    .collect(),
            });
        }
    }

    /// The pacing flag: physical closeness ahead of levels 4 and 5.
    fn flag_pacing(&self, scratch: &Scratch, flags: &mut Vec<Flag>) {
        let c = &self.prepared.compiled;
        let r = &self.rules;
        let m = self.messages();
        let counts = scratch.flags;
        if let (Some(s), true) = (r.seven, counts.pacing) {
            let f = &c.frameworks[s.framework];
            let mut evidence = match r.physical_target {
                Some(t) => self.target_evidence(scratch, t),
                None => Vec::new(),
            };
            let missing = |si: usize| scratch.reached(r, s.framework, si) == Some(false);
            let mut sources = vec![s.disclosure, s.vulnerability];
            if r.physical_target.is_none() {
                sources.push(s.physical);
            }
            for si in sources {
                if let StageSource::Target(ti) = f.stages[si].source {
                    evidence.extend(self.target_evidence(scratch, ti));
                }
            }
            let which = match (missing(s.disclosure), missing(s.vulnerability)) {
                (true, true) => "flag.pacing.both",
                (true, false) => "flag.pacing.disclosure",
                _ => "flag.pacing.vulnerability",
            };
            flags.push(Flag {
                kind: FlagKind::Pacing,
                severity: Severity::Concern,
                target: Some("kind:physical".into()),
                message: m.fill("flag.pacing", &[("levels", m.text(which))]),
                evidence,
            });
        }
    }

    /// The rushing flag: deep levels before earlier ones, early in a relationship.
    fn flag_rushing(
        &self,
        scratch: &Scratch,
        placements: &OrderedMap<Placement>,
        flags: &mut Vec<Flag>,
    ) {
        let c = &self.prepared.compiled;
        let r = &self.rules;
        let m = self.messages();
        let counts = scratch.flags;
        if let (Some(s), true) = (r.seven, counts.rushing) {
            let p = placements.get(&c.frameworks[s.framework].key);
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
            if let Some((i, _)) = c.early {
                evidence.extend(self.evidence(scratch, &[i], "relationship-length"));
            }
            for &l in &gaps {
                if let Some(StageSource::Target(ti)) =
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
            let gap_text = match gaps.as_slice() {
                [one] => m.fill("flag.rushing.one", &[("level", &one.to_string())]),
                many => {
                    let list: Vec<String> = many.iter().map(u32::to_string).collect();
                    m.fill("flag.rushing.many", &[("levels", &list.join(", "))])
                }
            };
            flags.push(Flag {
                kind: FlagKind::Rushing,
                severity: Severity::Notice,
                target: Some("stage:seven-levels".into()),
                message: m.fill(
                    "flag.rushing",
                    &[
                        (
                            "deepest",
                            &m.fill("flag.rushing.level", &[("level", &deepest.to_string())]),
                        ),
                        ("gaps", &gap_text),
                    ],
                ),
                evidence,
            });
        }
    }

    /// One flag per unhealthy sign present (fear responses withheld in safety mode).
    fn flag_unhealthy(&self, scratch: &Scratch, flags: &mut Vec<Flag>) {
        let c = &self.prepared.compiled;
        let r = &self.rules;
        let m = self.messages();
        let cat = catalogue();
        let counts = scratch.flags;
        let safety_mode = counts.safety_mode();
        for (k, &t) in r.unhealthy_targets.iter().enumerate() {
            if !scratch.sign_flagged(r, k, safety_mode) {
                continue;
            }
            let Target::Sign(key) = &c.targets[t].target else {
                continue;
            };
            let Some(sign) = cat.signs.iter().find(|s| &s.key == key) else {
                continue;
            };
            let evidence: Vec<Evidence> = self.target_evidence(scratch, t);
            flags.push(Flag {
                kind: FlagKind::UnhealthySign,
                severity: Severity::Concern,
                target: Some(c.targets[t].target.to_string()),
                message: m.fill(
                    "flag.unhealthy-sign",
                    &[
                        ("name", &m.catalogue("sign", &sign.key, "name")),
                        ("answers", &words::answers(m, &self.wording(), &evidence)),
                    ],
                ),
                evidence,
            });
        }
    }

    /// The fading flag: enough warning signs present.
    fn flag_fading(
        &self,
        scratch: &Scratch,
        fading: Option<&FadingSummary>,
        flags: &mut Vec<Flag>,
    ) {
        let r = &self.rules;
        let m = self.messages();
        let cat = catalogue();
        let counts = scratch.flags;
        if let (Some(fs), true) = (fading, counts.fading_raised) {
            let names: Vec<String> = fs
                .signs
                .iter()
                .filter_map(|k| {
                    cat.fading_signs
                        .iter()
                        .find(|e| &e.key == k)
                        .map(|e| m.catalogue("fading", &e.key, "name-inline"))
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
                severity: if fs.present >= 4 {
                    Severity::Concern
                } else {
                    Severity::Notice
                },
                target: None,
                message: m.fill(
                    "flag.fading",
                    &[
                        ("count", &fs.present.to_string()),
                        ("total", &fs.answered.to_string()),
                        ("names", &words::list(m, &names)),
                    ],
                ),
                evidence,
            });
        }
    }

    fn recommendations(
        &self,
        scratch: &Scratch,
        flags: &[Flag],
        placements: &OrderedMap<Placement>,
    ) -> Vec<Recommendation> {
        let c = &self.prepared.compiled;
        let cat = catalogue();
        let counts = scratch.flags;
        let safety_mode = counts.safety_mode();
        let why = self.practice_needs(scratch, placements);
        let physical_applies = self.physical_applies(scratch);
        let boost = |key: &str| flag_boost(key, safety_mode, counts.seek_help_raised);

        // Rank first; build only the recommendations that are kept.
        let mut ranked: Vec<(f64, usize)> = cat
            .practices
            .iter()
            .enumerate()
            .filter(|(_, p)| !safety_mode || p.safe_in_safety_mode())
            .filter(|(_, p)| !p.physical || physical_applies)
            .filter_map(|(order, p)| {
                let priority: f64 = c.practice_targets[order]
                    .iter()
                    .filter_map(|&t| why[t].as_ref().map(|w| w.0))
                    .sum::<f64>()
                    + boost(&p.key).map_or(0.0, |b| b.0);
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
                if let Some((w, key)) = boost(&p.key) {
                    reasons.push((w, self.flag_reason(key, flags)));
                }
                reasons.sort_by(|a, b| {
                    b.0.total_cmp(&a.0)
                        .then_with(|| a.1.target.cmp(&b.1.target))
                });
                Recommendation {
                    practice: p.key.clone(),
                    name: self.messages().catalogue("practice", &p.key, "name"),
                    summary: self.messages().catalogue("practice", &p.key, "summary"),
                    steps: (1..=p.steps.len())
                        .map(|n| {
                            self.messages()
                                .catalogue("practice", &p.key, &format!("step.{n}"))
                        })
                        .collect(),
                    category: p.category,
                    together: p.together,
                    reasons: reasons.into_iter().map(|(_, r)| r).collect(),
                    priority: (priority * 1000.0).round() / 1000.0,
                }
            })
            .collect()
    }

    /// Per target: why it calls for practice, and how strongly (`None`
    /// when it does not): a barrier, a fading sign or an unhealthy sign at
    /// the sign threshold, a weak kind or characteristic, a stage gap.
    fn practice_needs(
        &self,
        scratch: &Scratch,
        placements: &OrderedMap<Placement>,
    ) -> Vec<Option<(f64, Why)>> {
        let c = &self.prepared.compiled;
        let r = &self.rules;
        let safety_mode = scratch.flags.safety_mode();
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
                Target::Sign(_) => r
                    .unhealthy_targets
                    .iter()
                    .position(|&u| u == ti)
                    .filter(|&k| scratch.sign_flagged(r, k, safety_mode))
                    .map(|_| (2.5 + pct / 100.0, Why::Unhealthy(pct))),
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
                if let (true, StageSource::Target(ti)) = (p.gaps.contains(&st.level), &st.source) {
                    why[*ti] = Some((1.5, Why::Gap(st.level, p.peak)));
                }
            }
        }
        why
    }

    /// The reason a raised flag gives for the practice it puts first
    /// (`key` from [`flag_boost`]), with the flagged items as evidence.
    fn flag_reason(&self, key: &str, flags: &[Flag]) -> Reason {
        let kinds: &[FlagKind] = if key == "reason.safety" {
            &[FlagKind::Safety, FlagKind::Consent]
        } else {
            &[FlagKind::SeekHelp]
        };
        let evidence = kinds
            .iter()
            .flat_map(|k| flags.iter().filter(move |f| f.kind == *k))
            .flat_map(|f| f.evidence.iter().map(|e| e.item.clone()))
            .collect();
        Reason {
            target: if key == "reason.safety" {
                "safety".into()
            } else {
                "seek-help".into()
            },
            detail: self.messages().text(key).to_owned(),
            evidence,
        }
    }

    /// The reason a target gives for a practice, in words, with its evidence.
    fn reason(&self, scratch: &Scratch, ti: usize, why: Why) -> Reason {
        let c = &self.prepared.compiled;
        let m = self.messages();
        let target = &c.targets[ti].target;
        let pct = |p: f64| format!("{p:.0}");
        // A catalogue entry's name inside a sentence.
        let named = |group: &str, k: &str| m.catalogue(group, k, "name-inline");
        let fill =
            |key: &str, name: String, p: f64| m.fill(key, &[("name", &name), ("percent", &pct(p))]);
        let detail = match (why, target) {
            (Why::Barrier(p), Target::Barrier(k)) => fill("reason.barrier", named("barrier", k), p),
            (Why::Fading(p), Target::Fading(k)) => fill("reason.fading", named("fading", k), p),
            (Why::Unhealthy(p), Target::Sign(k)) => fill("reason.unhealthy", named("sign", k), p),
            (Why::Weak(p), t) => {
                let name = match t {
                    Target::Kind(k) => named("kind", k.key()),
                    Target::Characteristic(k) => named("characteristic", k.key()),
                    _ => String::new(),
                };
                m.fill(
                    "reason.weak",
                    &[
                        ("name", &name),
                        ("percent", &pct(p)),
                        ("threshold", &pct(self.rules.threshold)),
                    ],
                )
            }
            (Why::Gap(level, peak), Target::Stage(r)) => m.fill(
                "reason.gap",
                &[
                    ("level", &level.to_string()),
                    ("framework", &r.framework),
                    ("peak", &peak.to_string()),
                ],
            ),
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
        // Stable sort keeps the canonical order among equal scores.
        ranking.sort_by(|a, b| b.percent.total_cmp(&a.percent));
        let margin = c.love_language_margin;
        let within = |top: f64| move |s: &&LoveLanguageScore| top - s.percent <= margin + 1e-9;
        let top = ranking[0].percent;
        let primary: Vec<LoveLanguageKey> =
            ranking.iter().filter(within(top)).map(|s| s.key).collect();
        let no_clear_preference = ranking.len() > 1 && primary.len() == ranking.len();
        let (primary, secondary) = if no_clear_preference {
            (Vec::new(), Vec::new())
        } else {
            let rest: Vec<&LoveLanguageScore> = ranking[primary.len()..].iter().collect();
            let secondary = match rest.first() {
                Some(next) => rest
                    .iter()
                    .copied()
                    .filter(within(next.percent))
                    .map(|s| s.key)
                    .collect(),
                None => Vec::new(),
            };
            (primary, secondary)
        };
        Some(LoveLanguages {
            ranking,
            primary,
            secondary,
            margin,
            no_clear_preference,
            note: self.messages().text("love-languages.note").to_owned(),
        })
    }
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
