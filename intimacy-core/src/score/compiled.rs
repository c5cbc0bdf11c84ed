//! An instrument compiled for scoring: indices instead of ids, bounds and
//! reverse keys resolved, scale membership and target membership precomputed.

use std::collections::HashMap;

use crate::catalogue::catalogue;
use crate::instrument::{
    Aggregation, Instrument, MinAnswered, ResponseScale, ScoreBasis, first_index,
};
use crate::model::Target;
use crate::model::{Correspondence, StageRef};

#[derive(Debug, Clone)]
pub(crate) struct ItemSpec {
    pub id: String,
    pub lo: f64,
    pub hi: f64,
    pub bounded: bool,
    pub step: Option<f64>,
    pub reverse: bool,
    pub weight: f64,
    /// Index into `Compiled::sections` of the item's opt-in section.
    pub opt_in_section: Option<usize>,
    pub response_scale: Option<usize>,
    /// The "does not apply" code of its response scale.
    pub na_code: Option<f64>,
}

impl ItemSpec {
    /// Whether `x` is an allowed answer.
    #[inline]
    pub fn allows(&self, x: f64) -> bool {
        if !x.is_finite() {
            return false;
        }
        if !self.bounded {
            return true;
        }
        if x < self.lo || x > self.hi {
            return false;
        }
        match self.step {
            None => true,
            // Whole-number steps from a whole-number minimum: the common Likert case.
            Some(1.0) if self.lo == self.lo.trunc() => x == x.trunc(),
            Some(step) => {
                let k = (x - self.lo) / step;
                (k - k.round()).abs() < 1e-9
            }
        }
    }

    /// The answer keyed: reversed within the declared bounds when the item is reversed.
    #[inline]
    pub fn keyed(&self, x: f64) -> f64 {
        if self.reverse {
            self.lo + self.hi - x
        } else {
            x
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct ScaleSpec {
    pub id: String,
    pub items: Vec<usize>,
    pub aggregation: Aggregation,
    pub min_answered: Option<MinAnswered>,
    pub cutoff: Option<usize>,
    /// Every item has declared bounds (percent of maximum is defined).
    pub bounded: bool,
    /// Every item has the same bounds: a raw answer of one item means the
    /// same on another (else imputation and prorating go through percent of
    /// maximum).
    pub uniform: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct SectionSpec {
    pub id: String,
    pub items: Vec<usize>,
}

/// A target the instrument measures, and how its percent is found.
#[derive(Debug, Clone)]
pub(crate) struct TargetSpec {
    pub target: Target,
    /// A scale that measures the target as a whole (used when present).
    pub scale: Option<usize>,
    /// The items that measure it.
    pub items: Vec<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct StageSpec {
    pub level: u32,
    pub key: String,
    pub source: StageSource,
}

#[derive(Debug, Clone)]
pub(crate) enum StageSource {
    /// Measured: the index of its target.
    Target(usize),
    /// Derived through the crosswalk: (stage index in the measured framework, weight).
    Derived(Vec<(usize, f64)>),
    /// Neither measured nor derivable.
    None,
}

#[derive(Debug, Clone)]
pub(crate) struct FrameworkSpec {
    pub key: String,
    pub via: Option<String>,
    pub stages: Vec<StageSpec>,
    /// Index of the framework this one is derived from (in `Compiled::frameworks`).
    pub via_index: Option<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub items: Vec<ItemSpec>,
    pub index: HashMap<String, usize>,
    pub scales: Vec<ScaleSpec>,
    pub sections: Vec<SectionSpec>,
    pub targets: Vec<TargetSpec>,
    /// The index of each target in `targets`.
    pub target_indices: HashMap<Target, usize>,
    /// Each target's string form, by target index.
    pub target_names: Vec<String>,
    /// For each catalogue practice (in order), the indices of the targets it
    /// addresses that this instrument measures.
    pub practice_targets: Vec<Vec<usize>>,
    pub frameworks: Vec<FrameworkSpec>,
    /// Alert rules: (item index, rule), in item order.
    pub alerts: Vec<(usize, crate::instrument::Alert)>,
    /// The relationship-length item and the last answer meaning "early".
    pub early: Option<(usize, f64)>,
    /// The instrument's own sign threshold.
    pub sign_threshold: Option<f64>,
    /// Points within which love languages tie.
    pub love_language_margin: f64,
}

/// Why an answer outside `rs`'s bounds is not allowed.
pub(crate) fn outside_message(rs: &ResponseScale) -> String {
    format!(
        "outside the response scale {:?} ({} to {})",
        rs.id, rs.min, rs.max
    )
}

/// Why an answer within `rs`'s bounds but off its steps is not allowed.
pub(crate) fn off_step_message(rs: &ResponseScale) -> String {
    let step = rs.effective_step().unwrap_or(1.0);
    format!(
        "not one of the values of response scale {:?} (steps of {step} from {} to {})",
        rs.id, rs.min, rs.max
    )
}

/// Weight of a derived stage's counterpart by how closely it corresponds.
fn correspondence_weight(c: Correspondence) -> f64 {
    match c {
        Correspondence::Close => 1.0,
        Correspondence::Partial => 0.5,
    }
}

impl Compiled {
    pub fn new(inst: &Instrument) -> Compiled {
        let (items, index, sections) = compile_items(inst);
        let scales = compile_scales(inst, &items, &index);
        let (targets, target_indices) = compile_targets(inst);
        let frameworks = compile_frameworks(&target_indices);
        let cat = catalogue();
        let target_names = targets.iter().map(|t| t.target.to_string()).collect();
        let practice_targets = cat
            .practices
            .iter()
            .map(|p| {
                p.addresses
                    .iter()
                    .filter_map(|a| target_indices.get(a).copied())
                    .collect()
            })
            .collect();
        let alerts = inst
            .items
            .iter()
            .enumerate()
            .flat_map(|(i, it)| it.alerts.iter().map(move |a| (i, a.clone())))
            .collect();
        let rules = &inst.report_rules;
        let early = rules
            .early_relationship
            .as_ref()
            .and_then(|e| index.get(&e.item).map(|&i| (i, e.at_most)));
        Compiled {
            items,
            index,
            scales,
            sections,
            targets,
            target_indices,
            target_names,
            practice_targets,
            frameworks,
            alerts,
            early,
            sign_threshold: rules.sign_threshold,
            love_language_margin: rules.love_language_margin.unwrap_or(10.0),
        }
    }

    /// Why `x`, an answer to item `i` of `inst` (the instrument compiled)
    /// that [`ItemSpec::allows`] refuses, is not allowed, as a small number
    /// (a batch records one per invalid cell): 0 not finite, 1 any other
    /// reason, `2 + 2r` outside response scale `r`, `3 + 2r` off its steps.
    /// [`Compiled::reason_words`] gives what [`super::invalid_reason`] says.
    pub fn refusal(&self, inst: &Instrument, i: usize, x: f64) -> u32 {
        if !x.is_finite() {
            return 0;
        }
        let Some(r) = self.items[i].response_scale else {
            return 1;
        };
        let (Some(rs), Ok(r)) = (inst.response_scales.get(r), u32::try_from(r)) else {
            return 1;
        };
        if rs.is_not_applicable(x) || r >= u32::MAX / 2 - 1 {
            1
        } else if x < rs.min || x > rs.max {
            2 + 2 * r
        } else if !rs.allows(x) {
            3 + 2 * r
        } else {
            1
        }
    }

    /// The words of a [`Compiled::refusal`].
    pub fn reason_words(inst: &Instrument, reason: u32) -> String {
        let scale = (reason >= 2)
            .then(|| inst.response_scales.get(((reason - 2) / 2) as usize))
            .flatten();
        match (reason, scale) {
            (0, _) => "not a finite number".to_owned(),
            (_, Some(rs)) if reason % 2 == 0 => outside_message(rs),
            (_, Some(rs)) => off_step_message(rs),
            _ => "not an allowed answer".to_owned(),
        }
    }

    /// Items required out of `applicable` for a scale under a rule.
    pub fn required(rule: Option<MinAnswered>, applicable: usize) -> usize {
        match rule {
            None => applicable,
            Some(r) => r.required(applicable).min(applicable),
        }
    }

    pub fn target_index(&self, t: &Target) -> Option<usize> {
        self.target_indices.get(t).copied()
    }

    /// The band label of a score, when the scale has cut-offs.
    pub fn band(
        inst: &Instrument,
        cutoff: Option<usize>,
        total: Option<f64>,
        mean: Option<f64>,
        aggregation: Aggregation,
    ) -> Option<&str> {
        let c = &inst.cutoffs[cutoff?];
        let value = match (c.score, aggregation) {
            (ScoreBasis::Total, _) | (ScoreBasis::Score, Aggregation::Sum) => total?,
            (ScoreBasis::Mean, _) | (ScoreBasis::Score, Aggregation::Mean) => mean?,
        };
        c.bands
            .iter()
            .find(|b| b.min.is_none_or(|lo| value >= lo) && b.max.is_none_or(|hi| value < hi))
            .map(|b| b.label.as_str())
    }
}

/// The items resolved against their response scales, the index of their
/// ids, and the opt-in sections with their items.
fn compile_items(inst: &Instrument) -> (Vec<ItemSpec>, HashMap<String, usize>, Vec<SectionSpec>) {
    let opt_in_sections: Vec<&crate::instrument::Section> =
        inst.sections.iter().filter(|s| s.opt_in).collect();
    let mut sections: Vec<SectionSpec> = opt_in_sections
        .iter()
        .map(|s| SectionSpec {
            id: s.id.clone(),
            items: Vec::new(),
        })
        .collect();
    // Ids lead to their first holder, as the scans of `Instrument` find.
    let response_scales = first_index(inst.response_scales.iter().map(|r| r.id.as_str()));
    let opt_in_index = first_index(opt_in_sections.iter().map(|s| s.id.as_str()));
    let default_rs = inst
        .default_response_scale
        .as_deref()
        .and_then(|id| response_scales.get(id).copied());
    let mut items = Vec::with_capacity(inst.items.len());
    let mut index = HashMap::with_capacity(inst.items.len());
    for (i, item) in inst.items.iter().enumerate() {
        let rs_index = match &item.response_scale {
            Some(id) => response_scales.get(id.as_str()).copied(),
            None => default_rs,
        };
        let rs = rs_index.map(|r| &inst.response_scales[r]);
        let opt_in_section = item
            .section
            .as_deref()
            .and_then(|s| opt_in_index.get(s).copied());
        if let Some(s) = opt_in_section {
            sections[s].items.push(i);
        }
        items.push(ItemSpec {
            id: item.id.clone(),
            lo: rs.map_or(f64::NEG_INFINITY, |r| r.min),
            hi: rs.map_or(f64::INFINITY, |r| r.max),
            bounded: rs.is_some(),
            step: rs.and_then(|r| r.effective_step()),
            reverse: item.reverse && rs.is_some(),
            weight: item.weight,
            opt_in_section,
            response_scale: rs_index,
            na_code: rs.and_then(|r| r.not_applicable.as_ref()).map(|l| l.value),
        });
        index.insert(item.id.clone(), i);
    }
    (items, index, sections)
}

/// The scales with their members as item indices.
fn compile_scales(
    inst: &Instrument,
    items: &[ItemSpec],
    index: &HashMap<String, usize>,
) -> Vec<ScaleSpec> {
    let cutoff_index = first_index(inst.cutoffs.iter().map(|c| c.scale.as_str()));
    // With every item id distinct, a scale member that is the item after
    // the previous member needs no lookup: scales mostly list items in order.
    let distinct = index.len() == items.len();
    let mut prev: Option<usize> = None;
    let mut item_of = |id: &String| -> Option<usize> {
        let next = prev.map_or(0, |p| p + 1);
        let found = match inst.items.get(next) {
            Some(it) if distinct && it.id == *id => Some(next),
            _ => index.get(id).copied(),
        };
        prev = found.or(prev);
        found
    };
    inst.scales
        .iter()
        .map(|s| {
            let members: Vec<usize> = s.items.iter().filter_map(&mut item_of).collect();
            let uniform = members
                .windows(2)
                .all(|w| (items[w[0]].lo, items[w[0]].hi) == (items[w[1]].lo, items[w[1]].hi));
            ScaleSpec {
                id: s.id.clone(),
                bounded: members.iter().all(|&i| items[i].bounded),
                uniform,
                items: members,
                aggregation: s.aggregation,
                min_answered: s.min_answered,
                cutoff: cutoff_index.get(s.id.as_str()).copied(),
            }
        })
        .collect()
}

/// The targets the items and scales measure, in order of first mention
/// (items, then scales), and their index.
fn compile_targets(inst: &Instrument) -> (Vec<TargetSpec>, HashMap<Target, usize>) {
    let mut targets: Vec<TargetSpec> = Vec::new();
    let mut target_indices: HashMap<Target, usize> = HashMap::new();
    let mut target_of = |t: &Target, targets: &mut Vec<TargetSpec>| -> usize {
        *target_indices.entry(t.clone()).or_insert_with(|| {
            targets.push(TargetSpec {
                target: t.clone(),
                scale: None,
                items: Vec::new(),
            });
            targets.len() - 1
        })
    };
    for (i, item) in inst.items.iter().enumerate() {
        for t in &item.measures {
            let ti = target_of(t, &mut targets);
            targets[ti].items.push(i);
        }
    }
    for (si, s) in inst.scales.iter().enumerate() {
        for t in &s.measures {
            let ti = target_of(t, &mut targets);
            if targets[ti].scale.is_none() {
                targets[ti].scale = Some(si);
            }
        }
    }
    (targets, target_indices)
}

/// The frameworks the instrument places: those it measures (a stage is a
/// target), then those derivable from them through the crosswalk.
fn compile_frameworks(target_indices: &HashMap<Target, usize>) -> Vec<FrameworkSpec> {
    let cat = catalogue();
    let mut frameworks: Vec<FrameworkSpec> = Vec::new();
    // Only the article frameworks are placed by stage scores; the classic
    // models are read by their own rules (`Report::models`).
    let staged = || {
        cat.frameworks
            .iter()
            .filter(|f| f.family == crate::model::FrameworkFamily::Article)
    };
    for f in staged() {
        let stages: Vec<StageSpec> = f
            .stages
            .iter()
            .map(|s| {
                let t = Target::Stage(StageRef::new(&f.key, &s.key));
                StageSpec {
                    level: s.level,
                    key: s.key.clone(),
                    source: match target_indices.get(&t) {
                        Some(&ti) => StageSource::Target(ti),
                        None => StageSource::None,
                    },
                }
            })
            .collect();
        if stages
            .iter()
            .any(|s| matches!(s.source, StageSource::Target(_)))
        {
            frameworks.push(FrameworkSpec {
                key: f.key.clone(),
                via: None,
                via_index: None,
                stages,
            });
        }
    }
    let measured = frameworks.len();
    for f in staged() {
        if frameworks.iter().any(|m| m.key == f.key) {
            continue;
        }
        // Derive from the first measured framework with direct links.
        let derived = frameworks[..measured]
            .iter()
            .enumerate()
            .find_map(|(mi, m)| derived_framework(f, m, mi));
        frameworks.extend(derived);
    }
    frameworks
}

/// Framework `f` derived from the measured framework `m` (at `mi`) through
/// its direct links; `None` when no stage of `f` can be derived.
fn derived_framework(
    f: &crate::model::Framework,
    m: &FrameworkSpec,
    mi: usize,
) -> Option<FrameworkSpec> {
    let cat = catalogue();
    let parts: Vec<Vec<(usize, f64)>> = f
        .stages
        .iter()
        .map(|s| {
            let links = cat.counterparts(&StageRef::new(&f.key, &s.key), &m.key);
            links
                .iter()
                .filter(|c| c.via.is_none())
                .filter_map(|c| {
                    m.stages
                        .iter()
                        .position(|ms| ms.key == c.stage.stage)
                        .map(|p| (p, correspondence_weight(c.correspondence)))
                })
                .collect()
        })
        .collect();
    // A measured stage linked to several stages of this framework
    // cannot tell them apart: a stage linked to it alone is not derived.
    let fan_out: Vec<usize> = (0..m.stages.len())
        .map(|p| {
            parts
                .iter()
                .filter(|ps| ps.iter().any(|x| x.0 == p))
                .count()
        })
        .collect();
    let stages: Vec<StageSpec> = f
        .stages
        .iter()
        .zip(parts)
        .map(|(s, parts)| StageSpec {
            level: s.level,
            key: s.key.clone(),
            source: match parts.as_slice() {
                [] => StageSource::None,
                [(p, _)] if fan_out[*p] > 1 => StageSource::None,
                _ => StageSource::Derived(parts),
            },
        })
        .collect();
    stages
        .iter()
        .any(|s| matches!(s.source, StageSource::Derived(_)))
        .then(|| FrameworkSpec {
            key: f.key.clone(),
            via: Some(m.key.clone()),
            via_index: Some(mi),
            stages,
        })
}
