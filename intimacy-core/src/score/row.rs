//! Scoring of one row of answers into reusable scratch space: scale
//! statistics, target percents, stage attainment and flag counts. Shared by
//! `score` (one respondent) and `score_batch` (many), so the two agree by
//! construction.

use super::compiled::{Compiled, ScaleSpec, StageSource};
use super::{MissingPolicy, ScoreOptions};
use crate::instrument::Aggregation;
use crate::model::Target;
use crate::numeric::saturating_u8;
use crate::report::{FlagKind, ScoreStatus, Severity};

#[derive(Debug, Clone, Copy)]
pub(crate) struct ScaleStat {
    pub status: ScoreStatus,
    pub total: f64,
    pub mean: f64,
    pub percent: f64,
    pub answered: u32,
    pub missing: u32,
    pub skipped: u32,
    pub not_applicable: u32,
}

/// What one pass over a scale's items gathers (see `Scratch::scale_sums`).
#[derive(Debug, Default)]
struct ScaleSums {
    answered: u32,
    skipped: u32,
    not_applicable: u32,
    /// Of the answered items: Σw, Σw·keyed, Σw·lo, Σw·hi.
    wsum_answered: f64,
    wk: f64,
    wlo: f64,
    whi: f64,
    /// Of the applicable items: Σw, Σw·lo, Σw·hi.
    wsum_applicable: f64,
    wlo_all: f64,
    whi_all: f64,
    /// Of the answered items, unweighted: Σkeyed and Σ percent of range.
    ksum: f64,
    psum: f64,
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
        not_applicable: 0,
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

/// The flags of one row: what is raised, decided once for reports and batches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct FlagCounts {
    /// The safety flag's severity, when raised.
    pub safety: Option<Severity>,
    /// The consent flag's severity, when raised.
    pub consent: Option<Severity>,
    /// Seek-help criteria present.
    pub seek_help: u8,
    /// Enough of them for the seek-help flag.
    pub seek_help_raised: bool,
    pub pacing: bool,
    pub rushing: bool,
    /// Unhealthy signs flagged (present, and not withheld in safety mode).
    pub unhealthy: u8,
    /// Fading signs present.
    pub fading: u8,
    /// Enough of them for the fading flag.
    pub fading_raised: bool,
}

impl FlagCounts {
    /// A flag of the safety family is raised.
    pub fn safety_mode(&self) -> bool {
        self.safety.is_some() || self.consent.is_some()
    }
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
    /// Raw answer per item; NaN = not answered (or "does not apply").
    pub values: Vec<f64>,
    /// Answered "does not apply", per item.
    pub na: Vec<bool>,
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
    /// Rules raising the safety and consent flags, one per (item, rule).
    pub alerts: Vec<AlertRule>,
    /// Targets that raise the safety flag at referral level when present
    /// (a `seek-help:not-emotionally-safe` criterion whose items declare no alerts).
    pub unsafe_targets: Vec<usize>,
    /// Target indices by role.
    pub seek_help_targets: Vec<usize>,
    pub unhealthy_targets: Vec<usize>,
    /// Per unhealthy target: the sign can be a fear response (withheld in safety mode).
    pub fear_response: Vec<bool>,
    pub fading_targets: Vec<usize>,
    /// The `kind:physical` target: how established physical closeness is.
    pub physical_target: Option<usize>,
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

/// One alert of the instrument, resolved.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AlertRule {
    pub item: usize,
    pub flag: FlagKind,
    pub severity: Severity,
    pub test: AlertTest,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum AlertTest {
    /// The answer as given lies within `lo..=hi`.
    Range(f64, f64),
    /// The keyed answer lies below this percent of maximum (the rule for an
    /// item measuring `safety` that declares no alerts).
    PercentBelow(f64),
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
        let opted_in: std::collections::HashSet<&str> =
            o.opted_in.iter().map(String::as_str).collect();
        let mut r = Rules {
            missing: o.missing,
            min_answered: o.min_answered,
            threshold: o.threshold,
            sign_threshold: o
                .sign_threshold
                .or(c.sign_threshold)
                .unwrap_or(DEFAULT_SIGN_THRESHOLD),
            fading_min: o.flags.fading_min,
            seek_help_min: o.flags.seek_help_min,
            alerts: Vec::new(),
            unsafe_targets: Vec::new(),
            seek_help_targets: Vec::new(),
            unhealthy_targets: Vec::new(),
            fear_response: Vec::new(),
            fading_targets: Vec::new(),
            physical_target: c.target_index(&Target::Kind(crate::model::IntimacyKind::Physical)),
            seven: None,
            pacing: o.flags.pacing,
            rushing: o.flags.rushing,
            opted_in: c
                .sections
                .iter()
                .map(|s| opted_in.contains(s.id.as_str()))
                .collect(),
            flag_columns: Vec::new(),
        };
        r.resolve_targets(c, o);
        r.seven = seven_roles(c);
        r.flag_columns = r.raisable_flags(c.early.is_some());
        r
    }

    /// The alert rules (declared, and the default one for safety items
    /// declaring none) and the targets behind each flag.
    fn resolve_targets(&mut self, c: &Compiled, o: &ScoreOptions) {
        let cat = crate::catalogue::catalogue();
        let mut has_alert = vec![false; c.items.len()];
        for (i, _) in &c.alerts {
            has_alert[*i] = true;
        }
        let alerted = |i: usize| has_alert[i];
        for (i, a) in &c.alerts {
            self.alerts.push(AlertRule {
                item: *i,
                flag: a.flag,
                severity: a.severity,
                test: AlertTest::Range(
                    a.min.unwrap_or(f64::NEG_INFINITY),
                    a.max.unwrap_or(f64::INFINITY),
                ),
            });
        }
        for (ti, t) in c.targets.iter().enumerate() {
            match &t.target {
                Target::Safety => {
                    for &i in t.items.iter().filter(|&&i| !alerted(i)) {
                        self.alerts.push(AlertRule {
                            item: i,
                            flag: FlagKind::Safety,
                            severity: Severity::Referral,
                            test: AlertTest::PercentBelow(SAFE_PERCENT),
                        });
                    }
                }
                Target::SeekHelp(k) => {
                    if k == "not-emotionally-safe" && !t.items.iter().any(|&i| alerted(i)) {
                        self.unsafe_targets.push(ti);
                    }
                    if o.flags.seek_help {
                        self.seek_help_targets.push(ti);
                    }
                }
                Target::Sign(k) if o.flags.unhealthy_signs => {
                    let sign = cat
                        .signs
                        .iter()
                        .find(|s| &s.key == k && s.polarity == crate::model::Polarity::Unhealthy);
                    if let Some(sign) = sign {
                        self.unhealthy_targets.push(ti);
                        self.fear_response.push(sign.may_be_fear_response);
                    }
                }
                Target::Fading(_) if o.flags.fading => self.fading_targets.push(ti),
                _ => {}
            }
        }
    }

    /// Which batch flag columns this instrument can raise, in the order of
    /// `batch::FLAG_NAMES`: safety, consent, seek-help, pacing, rushing,
    /// unhealthy-sign, fading, then the two severities and the three counts.
    fn raisable_flags(&self, early: bool) -> Vec<usize> {
        let raises = |k: FlagKind| self.alerts.iter().any(|a| a.flag == k);
        let safety = raises(FlagKind::Safety) || !self.unsafe_targets.is_empty();
        let consent = raises(FlagKind::Consent);
        let seek = !self.seek_help_targets.is_empty();
        let unhealthy = !self.unhealthy_targets.is_empty();
        let fading = !self.fading_targets.is_empty();
        let seven = self.seven.is_some();
        let keep = [
            safety,
            consent,
            seek,
            seven && self.pacing,
            seven && self.rushing && early,
            unhealthy,
            fading,
            safety,
            consent,
            seek,
            unhealthy,
            fading,
        ];
        (0..keep.len()).filter(|&i| keep[i]).collect()
    }
}

/// The seven-level framework's physical, disclosure and vulnerability
/// stages, when the instrument measures it directly.
fn seven_roles(c: &Compiled) -> Option<SevenRoles> {
    let fi = c
        .frameworks
        .iter()
        .position(|f| f.key == "seven-levels" && f.via.is_none())?;
    let f = &c.frameworks[fi];
    let pos = |k: &str| f.stages.iter().position(|s| s.key == k);
    Some(SevenRoles {
        framework: fi,
        physical: pos("physical-intimacy")?,
        disclosure: pos("emotional-disclosure")?,
        vulnerability: pos("vulnerability-and-trust")?,
    })
}

impl Scratch {
    pub fn new(c: &Compiled) -> Scratch {
        Scratch {
            values: vec![f64::NAN; c.items.len()],
            na: vec![false; c.items.len()],
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

    /// Whether item `i` applies: its opt-in section, if any, was opted into,
    /// and it was not answered "does not apply".
    #[inline]
    pub fn applies(&self, c: &Compiled, i: usize) -> bool {
        !self.na[i] && c.items[i].opt_in_section.is_none_or(|s| self.opted[s])
    }

    /// Store the answer `x` to item `i` (NaN: unanswered; its "does not apply"
    /// code: not applicable).
    #[inline]
    pub fn set(&mut self, c: &Compiled, i: usize, x: f64) {
        let na = c.items[i].na_code == Some(x);
        self.na[i] = na;
        self.values[i] = if na { f64::NAN } else { x };
    }

    /// Forget every answer.
    pub fn clear(&mut self) {
        self.values.fill(f64::NAN);
        self.na.fill(false);
    }

    /// Score the row held in `values`.
    pub fn compute(&mut self, c: &Compiled, r: &Rules) {
        for (s, section) in c.sections.iter().enumerate() {
            self.opted[s] = r.opted_in[s]
                || section
                    .items
                    .iter()
                    .any(|&i| !self.values[i].is_nan() || self.na[i]);
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
        let s = self.scale_sums(c, spec);
        // An instrument's items are in memory, far fewer than 2^32 of them;
        // saturate rather than panic.
        let items = u32::try_from(spec.items.len()).unwrap_or(u32::MAX);
        let applicable = items - s.skipped - s.not_applicable;
        let missing = applicable - s.answered;
        let mut stat = ScaleStat {
            answered: s.answered,
            missing,
            skipped: s.skipped,
            not_applicable: s.not_applicable,
            ..ScaleStat::EMPTY
        };
        if applicable == 0 {
            return stat;
        }
        let required = match r.missing {
            MissingPolicy::RequireAll => applicable as usize,
            _ => Compiled::required(r.min_answered.or(spec.min_answered), applicable as usize),
        };
        if (s.answered as usize) < required.max(1) {
            stat.status = ScoreStatus::TooFewAnswered;
            return stat;
        }
        stat.status = ScoreStatus::Scored;
        let pomp = |k: f64, lo: f64, hi: f64| {
            if spec.bounded && hi > lo {
                percent(k - lo, hi - lo)
            } else {
                f64::NAN
            }
        };
        let answered_mean = if s.wsum_answered > 0.0 {
            s.wk / s.wsum_answered
        } else {
            f64::NAN
        };
        match r.missing {
            MissingPolicy::RequireAll | MissingPolicy::Available => {
                stat.total = s.wk;
                stat.mean = answered_mean;
                stat.percent = pomp(s.wk, s.wlo, s.whi);
            }
            MissingPolicy::Prorate => {
                stat.mean = answered_mean;
                // The convention of scoring manuals: the mean of the answered
                // items times the number of items, also when their ranges
                // differ (then the total can pass the scale's maximum).
                stat.total = if missing == 0 {
                    s.wk
                } else {
                    answered_mean * s.wsum_applicable
                };
                stat.percent = pomp(s.wk, s.wlo, s.whi);
            }
            MissingPolicy::PersonMean => {
                let total = self.person_mean_total(c, spec, &s);
                stat.total = total;
                stat.mean = if s.wsum_applicable > 0.0 {
                    total / s.wsum_applicable
                } else {
                    f64::NAN
                };
                stat.percent = pomp(total, s.wlo_all, s.whi_all);
            }
        }
        stat
    }

    /// One pass over the scale's items: counts and weighted sums.
    fn scale_sums(&self, c: &Compiled, spec: &ScaleSpec) -> ScaleSums {
        let mut s = ScaleSums::default();
        for &i in &spec.items {
            let item = &c.items[i];
            if self.na[i] {
                s.not_applicable += 1;
                continue;
            }
            if !self.applies(c, i) {
                s.skipped += 1;
                continue;
            }
            let w = item.weight;
            s.wsum_applicable += w;
            s.wlo_all += w * item.lo;
            s.whi_all += w * item.hi;
            let x = self.values[i];
            if x.is_nan() {
                continue;
            }
            let k = item.keyed(x);
            s.answered += 1;
            s.ksum += k;
            if item.hi > item.lo {
                s.psum += (k - item.lo) / (item.hi - item.lo);
            }
            s.wsum_answered += w;
            s.wk += w * k;
            s.wlo += w * item.lo;
            s.whi += w * item.hi;
        }
        s
    }

    /// The weighted total with each unanswered applicable item imputed from
    /// the person's answers (the person-mean policy).
    fn person_mean_total(&self, c: &Compiled, spec: &ScaleSpec, s: &ScaleSums) -> f64 {
        let person = s.ksum / f64::from(s.answered);
        // Items of different ranges: each missing item takes the
        // person's mean percent of maximum, on its own range.
        let person_pomp = s.psum / f64::from(s.answered);
        let mut total = s.wk;
        for &i in &spec.items {
            if self.applies(c, i) && self.values[i].is_nan() {
                let item = &c.items[i];
                let imputed = if spec.uniform || item.hi <= item.lo {
                    person
                } else {
                    item.lo + person_pomp * (item.hi - item.lo)
                };
                total += item.weight * imputed;
            }
        }
        total
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
                percent(num, den)
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
                        // Never claim what a linked measured stage contradicts:
                        // below any known linked stage that is not reached.
                        let weakest = parts
                            .iter()
                            .map(|&(p, _)| self.stages[from][p])
                            .filter(|v| !v.is_nan() && *v < r.threshold)
                            .fold(f64::INFINITY, f64::min);
                        if den > 0.0 {
                            ((num / den).min(weakest), ScoreStatus::Scored)
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
        percent(item.keyed(x) - item.lo, item.hi - item.lo)
    }

    pub fn present(&self, r: &Rules, ti: usize) -> bool {
        let p = self.targets[ti].percent;
        !p.is_nan() && p >= r.sign_threshold
    }

    /// Whether alert `a` is raised by this row's answer.
    pub fn alert_raised(&self, c: &Compiled, a: &AlertRule) -> bool {
        let x = self.values[a.item];
        if x.is_nan() {
            return false;
        }
        match a.test {
            AlertTest::Range(lo, hi) => x >= lo && x <= hi,
            AlertTest::PercentBelow(p) => {
                let pct = self.item_percent(c, a.item);
                !pct.is_nan() && pct < p
            }
        }
    }

    /// The severity of a flag of the safety family, when raised.
    fn alert_severity(&self, c: &Compiled, r: &Rules, flag: FlagKind) -> Option<Severity> {
        let mut worst = r
            .alerts
            .iter()
            .filter(|a| a.flag == flag && self.alert_raised(c, a))
            .map(|a| a.severity)
            .max();
        if flag == FlagKind::Safety && r.unsafe_targets.iter().any(|&t| self.unsafe_present(t)) {
            worst = Some(Severity::Referral);
        }
        worst
    }

    /// Whether a `seek-help:not-emotionally-safe` criterion without alerts
    /// is present: at half its scale, whatever the options say (no option
    /// weakens the safety flag).
    pub fn unsafe_present(&self, ti: usize) -> bool {
        let p = self.targets[ti].percent;
        !p.is_nan() && p >= SAFE_PERCENT
    }

    /// Whether the relationship is early (`Some(true)`), long-standing
    /// (`Some(false)`), or its length unknown.
    pub fn early(&self, c: &Compiled) -> Option<bool> {
        let (i, at_most) = c.early?;
        let x = self.values[i];
        (!x.is_nan()).then_some(x <= at_most)
    }

    /// Whether unhealthy sign `k` (an index into `r.unhealthy_targets`) is
    /// flagged: present, and not a possible fear response in safety mode.
    pub fn sign_flagged(&self, r: &Rules, k: usize, safety_mode: bool) -> bool {
        self.present(r, r.unhealthy_targets[k]) && !(safety_mode && r.fear_response[k])
    }

    fn flag_counts(&mut self, c: &Compiled, r: &Rules) {
        let safety = self.alert_severity(c, r, FlagKind::Safety);
        let consent = self.alert_severity(c, r, FlagKind::Consent);
        let safety_mode = safety.is_some() || consent.is_some();
        let count =
            |ts: &[usize]| saturating_u8(ts.iter().filter(|&&t| self.present(r, t)).count());
        let seek_help = count(&r.seek_help_targets);
        let fading = count(&r.fading_targets);
        let fading_raised = !r.fading_targets.is_empty() && fading as usize >= r.fading_min;
        let unhealthy = saturating_u8(
            (0..r.unhealthy_targets.len())
                .filter(|&k| self.sign_flagged(r, k, safety_mode))
                .count(),
        );
        let mut flags = FlagCounts {
            safety,
            consent,
            seek_help,
            seek_help_raised: !r.seek_help_targets.is_empty()
                && seek_help as usize >= r.seek_help_min,
            pacing: false,
            rushing: false,
            unhealthy,
            fading,
            fading_raised,
        };
        if let Some(s) = r.seven {
            let reached = |si: usize| self.reached(r, s.framework, si);
            if r.pacing {
                // Physical closeness from the physical items alone, when the
                // instrument has them; else the physical stage.
                let physical = match r.physical_target {
                    Some(t) => {
                        let p = self.targets[t].percent;
                        (!p.is_nan()).then_some(p >= r.threshold)
                    }
                    None => reached(s.physical),
                };
                flags.pacing = physical == Some(true)
                    && (reached(s.disclosure) == Some(false)
                        || reached(s.vulnerability) == Some(false));
            }
            if r.rushing && self.early(c) == Some(true) && !fading_raised {
                flags.rushing = rushing(&self.stages[s.framework], r.threshold, s.physical);
            }
        }
        self.flags = flags;
    }
}

/// The sign threshold when neither the options nor the instrument set one:
/// "often" or more on a 0-4 frequency scale.
pub(crate) const DEFAULT_SIGN_THRESHOLD: f64 = 75.0;

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

/// `num` as a percent of `den`: `100 × num / den`, or, where the product
/// would overflow (spans near the largest doubles, which only an instrument
/// that skipped validation can have: fuzz finding F8), the share times 100.
fn percent(num: f64, den: f64) -> f64 {
    let p = 100.0 * num / den;
    if p.is_finite() { p } else { num / den * 100.0 }
}
