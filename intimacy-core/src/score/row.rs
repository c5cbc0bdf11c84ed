//! Scoring of one row of answers into reusable scratch space: scale
//! statistics, target percents, stage attainment and flag counts. Shared by
//! `score` (one respondent) and `score_batch` (many), so the two agree by
//! construction.

use super::compiled::{Compiled, StageSource};
use super::{MissingPolicy, ScoreOptions};
use crate::instrument::Aggregation;
use crate::report::ScoreStatus;
use crate::target::Target;

#[derive(Debug, Clone, Copy)]
pub(crate) struct ScaleStat {
    pub status: ScoreStatus,
    pub total: f64,
    pub mean: f64,
    pub percent: f64,
    pub answered: u32,
    pub missing: u32,
    pub skipped: u32,
}

impl ScaleStat {
    const EMPTY: ScaleStat = ScaleStat {
        status: ScoreStatus::NotApplicable,
        total: f64::NAN,
        mean: f64::NAN,
        percent: f64::NAN,
        answered: 0,
        missing: 0,
        skipped: 0,
    };

    /// The score by the scale's aggregation.
    pub fn score(&self, aggregation: Aggregation) -> f64 {
        match aggregation {
            Aggregation::Mean => self.mean,
            Aggregation::Sum => self.total,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct TargetStat {
    pub status: ScoreStatus,
    pub percent: f64,
}

/// Flag-relevant counts of one row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct FlagCounts {
    pub safety: bool,
    pub seek_help: u8,
    pub pacing: bool,
    pub rushing: bool,
    pub unhealthy: u8,
    pub fading: u8,
}

/// Per-framework placement numbers of one row.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Levels {
    pub consecutive: u32,
    pub peak: u32,
}

/// Reusable space for scoring rows; allocated once per thread.
#[derive(Debug, Clone)]
pub(crate) struct Scratch {
    /// Raw answer per item; NaN = not answered.
    pub values: Vec<f64>,
    /// Opted in per opt-in section (explicit, or inferred from answers).
    pub opted: Vec<bool>,
    pub scales: Vec<ScaleStat>,
    pub targets: Vec<TargetStat>,
    /// Stage attainment per framework, per stage (NaN = unknown).
    pub stages: Vec<Vec<f64>>,
    pub stage_status: Vec<Vec<ScoreStatus>>,
    pub levels: Vec<Levels>,
    pub flags: FlagCounts,
}

/// Options resolved into what the row loop needs.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    pub missing: MissingPolicy,
    pub min_answered: Option<crate::instrument::MinAnswered>,
    pub threshold: f64,
    pub sign_threshold: f64,
    pub fading_min: usize,
    pub seek_help_min: usize,
    /// Target indices by role.
    pub safety_items: Vec<usize>,
    pub unsafe_targets: Vec<usize>,
    pub seek_help_targets: Vec<usize>,
    pub unhealthy_targets: Vec<usize>,
    pub fading_targets: Vec<usize>,
    /// Stage indices in the seven-level framework spec: (framework index, physical, disclosure, vulnerability).
    pub seven: Option<SevenRoles>,
    pub pacing: bool,
    pub rushing: bool,
    /// Per opt-in section: opted into through the options.
    pub opted_in: Vec<bool>,
    /// The batch flag columns the instrument can raise, as indices into
    /// `batch::FLAG_NAMES` (a plain research instrument gets none).
    pub flag_columns: Vec<usize>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct SevenRoles {
    pub framework: usize,
    pub physical: usize,
    pub disclosure: usize,
    pub vulnerability: usize,
}

impl Rules {
    pub fn new(c: &Compiled, o: &ScoreOptions) -> Rules {
        let cat = crate::catalogue::catalogue();
        let mut r = Rules {
            missing: o.missing,
            min_answered: o.min_answered,
            threshold: o.threshold,
            sign_threshold: o.sign_threshold,
            fading_min: o.flags.fading_min,
            seek_help_min: o.flags.seek_help_min,
            safety_items: Vec::new(),
            unsafe_targets: Vec::new(),
            seek_help_targets: Vec::new(),
            unhealthy_targets: Vec::new(),
            fading_targets: Vec::new(),
            seven: None,
            pacing: o.flags.pacing,
            rushing: o.flags.rushing,
            opted_in: c
                .sections
                .iter()
                .map(|s| o.opted_in.contains(&s.id))
                .collect(),
            flag_columns: Vec::new(),
        };
        for (ti, t) in c.targets.iter().enumerate() {
            match &t.target {
                Target::Safety => r.safety_items.extend(&t.items),
                Target::SeekHelp(k) => {
                    if k == "not-emotionally-safe" {
                        r.unsafe_targets.push(ti);
                    }
                    if o.flags.seek_help {
                        r.seek_help_targets.push(ti);
                    }
                }
                Target::Sign(k) if o.flags.unhealthy_signs => {
                    let unhealthy = cat
                        .signs
                        .iter()
                        .any(|s| &s.key == k && s.polarity == crate::model::Polarity::Unhealthy);
                    if unhealthy {
                        r.unhealthy_targets.push(ti);
                    }
                }
                Target::Fading(_) if o.flags.fading => r.fading_targets.push(ti),
                _ => {}
            }
        }
        if let Some(fi) = c
            .frameworks
            .iter()
            .position(|f| f.key == "seven-levels" && f.via.is_none())
        {
            let f = &c.frameworks[fi];
            let pos = |k: &str| f.stages.iter().position(|s| s.key == k);
            if let (Some(physical), Some(disclosure), Some(vulnerability)) = (
                pos("physical-intimacy"),
                pos("emotional-disclosure"),
                pos("vulnerability-and-trust"),
            ) {
                r.seven = Some(SevenRoles {
                    framework: fi,
                    physical,
                    disclosure,
                    vulnerability,
                });
            }
        }
        r.flag_columns = r.raisable_flags();
        r
    }

    /// Which batch flag columns this instrument can raise, in the order of
    /// `batch::FLAG_NAMES`: safety, seek-help, pacing, rushing, unhealthy-sign,
    /// fading, then the three counts.
    fn raisable_flags(&self) -> Vec<usize> {
        let safety = !self.safety_items.is_empty() || !self.unsafe_targets.is_empty();
        let seek = !self.seek_help_targets.is_empty();
        let unhealthy = !self.unhealthy_targets.is_empty();
        let fading = !self.fading_targets.is_empty();
        let seven = self.seven.is_some();
        let keep = [
            safety,
            seek,
            seven && self.pacing,
            seven && self.rushing,
            unhealthy,
            fading,
            seek,
            unhealthy,
            fading,
        ];
        (0..keep.len()).filter(|&i| keep[i]).collect()
    }
}

impl Scratch {
    pub fn new(c: &Compiled) -> Scratch {
        Scratch {
            values: vec![f64::NAN; c.items.len()],
            opted: vec![false; c.sections.len()],
            scales: vec![ScaleStat::EMPTY; c.scales.len()],
            targets: vec![
                TargetStat {
                    status: ScoreStatus::NotApplicable,
                    percent: f64::NAN,
                };
                c.targets.len()
            ],
            stages: c
                .frameworks
                .iter()
                .map(|f| vec![f64::NAN; f.stages.len()])
                .collect(),
            stage_status: c
                .frameworks
                .iter()
                .map(|f| vec![ScoreStatus::NotApplicable; f.stages.len()])
                .collect(),
            levels: vec![Levels::default(); c.frameworks.len()],
            flags: FlagCounts::default(),
        }
    }

    /// Whether item `i` applies (its opt-in section, if any, was opted into).
    #[inline]
    pub fn applies(&self, c: &Compiled, i: usize) -> bool {
        c.items[i].opt_in_section.is_none_or(|s| self.opted[s])
    }

    /// Score the row held in `values`.
    pub fn compute(&mut self, c: &Compiled, r: &Rules) {
        for (s, section) in c.sections.iter().enumerate() {
            self.opted[s] =
                r.opted_in[s] || section.items.iter().any(|&i| !self.values[i].is_nan());
        }
        for si in 0..c.scales.len() {
            self.scales[si] = self.scale(c, r, si);
        }
        for ti in 0..c.targets.len() {
            self.targets[ti] = self.target(c, ti);
        }
        self.placements(c, r);
        self.flag_counts(c, r);
    }

    fn scale(&self, c: &Compiled, r: &Rules, si: usize) -> ScaleStat {
        let spec = &c.scales[si];
        let mut answered = 0u32;
        let mut skipped = 0u32;
        let (mut wsum_answered, mut wk, mut wlo, mut whi) = (0.0, 0.0, 0.0, 0.0);
        let (mut wsum_applicable, mut wlo_all, mut whi_all) = (0.0, 0.0, 0.0);
        let mut ksum = 0.0;
        for &i in &spec.items {
            let item = &c.items[i];
            if !self.applies(c, i) {
                skipped += 1;
                continue;
            }
            let w = item.weight;
            wsum_applicable += w;
            wlo_all += w * item.lo;
            whi_all += w * item.hi;
            let x = self.values[i];
            if x.is_nan() {
                continue;
            }
            let k = item.keyed(x);
            answered += 1;
            ksum += k;
            wsum_answered += w;
            wk += w * k;
            wlo += w * item.lo;
            whi += w * item.hi;
        }
        let applicable = spec.items.len() as u32 - skipped;
        let missing = applicable - answered;
        let mut stat = ScaleStat {
            answered,
            missing,
            skipped,
            ..ScaleStat::EMPTY
        };
        if applicable == 0 {
            return stat;
        }
        let required = match r.missing {
            MissingPolicy::RequireAll => applicable as usize,
            _ => Compiled::required(r.min_answered.or(spec.min_answered), applicable as usize),
        };
        if (answered as usize) < required.max(1) {
            stat.status = ScoreStatus::TooFewAnswered;
            return stat;
        }
        stat.status = ScoreStatus::Scored;
        let pomp = |k: f64, lo: f64, hi: f64| {
            if spec.bounded && hi > lo {
                100.0 * (k - lo) / (hi - lo)
            } else {
                f64::NAN
            }
        };
        match r.missing {
            MissingPolicy::RequireAll | MissingPolicy::Available => {
                stat.total = wk;
                stat.mean = if wsum_answered > 0.0 {
                    wk / wsum_answered
                } else {
                    f64::NAN
                };
                stat.percent = pomp(wk, wlo, whi);
            }
            MissingPolicy::Prorate => {
                let mean = if wsum_answered > 0.0 {
                    wk / wsum_answered
                } else {
                    f64::NAN
                };
                stat.mean = mean;
                stat.total = if missing == 0 {
                    wk
                } else {
                    mean * wsum_applicable
                };
                stat.percent = pomp(wk, wlo, whi);
            }
            MissingPolicy::PersonMean => {
                let person = ksum / answered as f64;
                let mut total = wk;
                for &i in &spec.items {
                    if self.applies(c, i) && self.values[i].is_nan() {
                        total += c.items[i].weight * person;
                    }
                }
                stat.total = total;
                stat.mean = if wsum_applicable > 0.0 {
                    total / wsum_applicable
                } else {
                    f64::NAN
                };
                stat.percent = pomp(total, wlo_all, whi_all);
            }
        }
        stat
    }

    fn target(&self, c: &Compiled, ti: usize) -> TargetStat {
        let spec = &c.targets[ti];
        if let Some(si) = spec.scale {
            let s = &self.scales[si];
            return TargetStat {
                status: s.status,
                percent: if s.status == ScoreStatus::Scored {
                    s.percent
                } else {
                    f64::NAN
                },
            };
        }
        let (mut applicable, mut answered) = (0, 0);
        let (mut num, mut den) = (0.0, 0.0);
        for &i in &spec.items {
            if !self.applies(c, i) {
                continue;
            }
            applicable += 1;
            let x = self.values[i];
            if x.is_nan() {
                continue;
            }
            answered += 1;
            let item = &c.items[i];
            num += item.weight * (item.keyed(x) - item.lo);
            den += item.weight * (item.hi - item.lo);
        }
        if applicable == 0 {
            return TargetStat {
                status: ScoreStatus::NotApplicable,
                percent: f64::NAN,
            };
        }
        if answered == 0 {
            return TargetStat {
                status: ScoreStatus::TooFewAnswered,
                percent: f64::NAN,
            };
        }
        TargetStat {
            status: ScoreStatus::Scored,
            percent: if den > 0.0 && den.is_finite() {
                100.0 * num / den
            } else {
                f64::NAN
            },
        }
    }

    fn placements(&mut self, c: &Compiled, r: &Rules) {
        for (fi, f) in c.frameworks.iter().enumerate() {
            for (si, s) in f.stages.iter().enumerate() {
                let (pct, status) = match &s.source {
                    StageSource::Target(ti) => {
                        let t = self.targets[*ti];
                        (t.percent, t.status)
                    }
                    StageSource::Derived(parts) => {
                        let from = f.via_index.unwrap_or(0);
                        let (mut num, mut den) = (0.0, 0.0);
                        let mut any_applicable = false;
                        for &(p, w) in parts {
                            let v = self.stages[from][p];
                            if self.stage_status[from][p] != ScoreStatus::NotApplicable {
                                any_applicable = true;
                            }
                            if !v.is_nan() {
                                num += w * v;
                                den += w;
                            }
                        }
                        if den > 0.0 {
                            (num / den, ScoreStatus::Scored)
                        } else if any_applicable {
                            (f64::NAN, ScoreStatus::TooFewAnswered)
                        } else {
                            (f64::NAN, ScoreStatus::NotApplicable)
                        }
                    }
                    StageSource::None => (f64::NAN, ScoreStatus::NotApplicable),
                };
                self.stages[fi][si] = pct;
                self.stage_status[fi][si] = status;
            }
            let mut consecutive = 0;
            let mut chain = true;
            let mut peak = 0;
            for (si, s) in f.stages.iter().enumerate() {
                let v = self.stages[fi][si];
                let reached = !v.is_nan() && v >= r.threshold;
                if reached {
                    peak = s.level;
                }
                if chain && reached {
                    consecutive = s.level;
                } else {
                    chain = false;
                }
            }
            self.levels[fi] = Levels { consecutive, peak };
        }
    }

    /// Whether stage `si` of framework `fi` is reached: `None` when unknown.
    pub fn reached(&self, r: &Rules, fi: usize, si: usize) -> Option<bool> {
        let v = self.stages[fi][si];
        (!v.is_nan()).then_some(v >= r.threshold)
    }

    /// Percent of maximum of one item's keyed answer, NaN when unanswered or unbounded.
    pub fn item_percent(&self, c: &Compiled, i: usize) -> f64 {
        let item = &c.items[i];
        let x = self.values[i];
        if x.is_nan() || !item.bounded || item.hi <= item.lo {
            return f64::NAN;
        }
        100.0 * (item.keyed(x) - item.lo) / (item.hi - item.lo)
    }

    fn present(&self, r: &Rules, ti: usize) -> bool {
        let p = self.targets[ti].percent;
        !p.is_nan() && p >= r.sign_threshold
    }

    fn flag_counts(&mut self, c: &Compiled, r: &Rules) {
        let safety = r.safety_items.iter().any(|&i| {
            let p = self.item_percent(c, i);
            !p.is_nan() && p < SAFE_PERCENT
        }) || r.unsafe_targets.iter().any(|&t| self.present(r, t));
        let count =
            |ts: &[usize]| ts.iter().filter(|&&t| self.present(r, t)).count().min(255) as u8;
        let mut flags = FlagCounts {
            safety,
            seek_help: count(&r.seek_help_targets),
            unhealthy: count(&r.unhealthy_targets),
            fading: count(&r.fading_targets),
            pacing: false,
            rushing: false,
        };
        if let Some(s) = r.seven {
            let reached = |si: usize| self.reached(r, s.framework, si);
            if r.pacing {
                flags.pacing = reached(s.physical) == Some(true)
                    && (reached(s.disclosure) == Some(false)
                        || reached(s.vulnerability) == Some(false));
            }
            if r.rushing {
                flags.rushing = rushing(&self.stages[s.framework], r.threshold, s.physical);
            }
        }
        self.flags = flags;
    }
}

/// An answer to a safety item below this percent of maximum raises the safety flag
/// (on a 1-5 scale: 1 or 2). Not an option: the safety flag cannot be weakened.
pub(crate) const SAFE_PERCENT: f64 = 50.0;

/// Rushing: among the emotional levels (all but physical intimacy), a level of
/// 4 or deeper is reached while a level from 3 up to just below it is not.
/// Level 2 is left out: the source asks couples to keep revisiting it, so a
/// gap there is a reason to catch up, not a sign of rushing.
pub(crate) fn rushing(stages: &[f64], threshold: f64, physical: usize) -> bool {
    let reached = |i: usize| {
        stages
            .get(i)
            .is_some_and(|v| !v.is_nan() && *v >= threshold)
    };
    let not_reached = |i: usize| stages.get(i).is_some_and(|v| !v.is_nan() && *v < threshold);
    let deepest = (0..stages.len())
        .filter(|&i| i != physical && reached(i))
        .max();
    match deepest {
        // Index 3 is level 4.
        Some(d) if d >= 3 => (2..d).any(|i| i != physical && not_reached(i)),
        _ => false,
    }
}
