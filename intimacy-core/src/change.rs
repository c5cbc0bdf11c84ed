//! Change over time: the standard error of measurement, the Jacobson–Truax
//! reliable change index between two waves, and fading across waves.
//!
//! Jacobson, N. S., & Truax, P. (1991). Clinical significance: a statistical
//! approach to defining meaningful change in psychotherapy research. Journal of
//! Consulting and Clinical Psychology, 59(1), 12–19.

use serde::{Deserialize, Serialize};

use crate::ordered::OrderedMap;
use crate::report::{Evidence, FadingSummary, Flag, FlagKind, Report, Severity};

/// Why a change could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ChangeError {
    /// A parameter is out of its range.
    #[error("{name} must be {expected}, got {value}")]
    InvalidParameter {
        /// The parameter.
        name: &'static str,
        /// What it must be.
        expected: &'static str,
        /// What was given.
        value: f64,
    },
    /// The two reports come from different instruments (or versions).
    #[error("the waves were scored with different instruments: {first} and {second}")]
    DifferentInstruments {
        /// The first wave's instrument id and version.
        first: String,
        /// The second wave's.
        second: String,
    },
    /// Fewer than two waves were given.
    #[error("change needs at least two waves, got {0}")]
    TooFewWaves(usize),
}

impl ChangeError {
    /// A stable short code: `"invalid-parameter"`, `"different-instruments"`, `"too-few-waves"`.
    pub fn code(&self) -> &'static str {
        match self {
            ChangeError::InvalidParameter { .. } => "invalid-parameter",
            ChangeError::DifferentInstruments { .. } => "different-instruments",
            ChangeError::TooFewWaves(_) => "too-few-waves",
        }
    }

    /// Where: the parameter and its value, for a parameter out of range.
    pub fn location(&self) -> crate::error::Location {
        match self {
            ChangeError::InvalidParameter { name, value, .. } => crate::error::Location {
                path: Some((*name).to_owned()),
                value: Some(*value),
                ..Default::default()
            },
            _ => crate::error::Location::default(),
        }
    }
}

/// The standard error of measurement of a scale: `sd × √(1 − reliability)`.
///
/// ```
/// let sem = intimacy_core::standard_error_of_measurement(10.0, 0.91).unwrap();
/// assert!((sem - 3.0).abs() < 1e-12);
/// ```
pub fn standard_error_of_measurement(sd: f64, reliability: f64) -> Result<f64, ChangeError> {
    if !(sd.is_finite() && sd > 0.0) {
        return Err(ChangeError::InvalidParameter {
            name: "sd",
            expected: "a positive number",
            value: sd,
        });
    }
    if !(reliability.is_finite() && (0.0..1.0).contains(&reliability)) {
        return Err(ChangeError::InvalidParameter {
            name: "reliability",
            expected: "at least 0 and below 1",
            value: reliability,
        });
    }
    Ok(sd * (1.0 - reliability).sqrt())
}

/// Whether a change is reliable, and in which direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeClass {
    /// A reliable change in the better direction.
    Improved,
    /// A reliable change in the worse direction.
    Deteriorated,
    /// Within what measurement error explains.
    NoReliableChange,
}

/// The reliable change between two scores of the same person or couple.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReliableChange {
    /// Second wave minus first.
    pub difference: f64,
    /// The standard error of measurement.
    pub sem: f64,
    /// The standard error of the difference, `√2 × SEM`.
    pub se_difference: f64,
    /// The reliable change index, `difference / se_difference`.
    pub rci: f64,
    /// The |RCI| beyond which a change counts as reliable (1.96 by default).
    pub critical: f64,
    /// Improved, deteriorated or no reliable change.
    pub classification: ChangeClass,
}

/// The Jacobson–Truax reliable change index from `before` to `after`, given
/// the scale's SD and reliability (from norms or the sample), and whether a
/// higher score is better. Swapping the waves changes the index's sign.
///
/// ```
/// use intimacy_core::{ChangeClass, reliable_change};
/// let c = reliable_change(3.0, 4.2, 0.6, 0.85, true).unwrap();
/// assert_eq!(c.classification, ChangeClass::Improved);
/// let back = reliable_change(4.2, 3.0, 0.6, 0.85, true).unwrap();
/// assert_eq!(back.rci, -c.rci);
/// ```
pub fn reliable_change(
    before: f64,
    after: f64,
    sd: f64,
    reliability: f64,
    higher_is_better: bool,
) -> Result<ReliableChange, ChangeError> {
    reliable_change_with(before, after, sd, reliability, higher_is_better, 1.96)
}

/// [`reliable_change`] with another critical value (e.g. 1.645 for 90 %).
pub fn reliable_change_with(
    before: f64,
    after: f64,
    sd: f64,
    reliability: f64,
    higher_is_better: bool,
    critical: f64,
) -> Result<ReliableChange, ChangeError> {
    check_scores(before, after, critical)?;
    let sem = standard_error_of_measurement(sd, reliability)?;
    index(before, after, (sem, ("sd", sd)), higher_is_better, critical)
}

/// The reliable change from `before` to `after` against a published
/// criterion: a change of `difference` score points or more is reliable at
/// the critical value `published_at` (1.96 for the usual 95 %). The
/// standard error of the difference is `difference / published_at`, so with
/// `critical` equal to `published_at` a change is reliable exactly when it
/// exceeds `difference` in size.
///
/// ```
/// use intimacy_core::{ChangeClass, reliable_change_by_difference};
/// // The RDAS total: 11.58 points (Anderson et al. 2014).
/// let c = reliable_change_by_difference(40.0, 52.0, 11.58, 1.96, true, 1.96).unwrap();
/// assert_eq!(c.classification, ChangeClass::Improved);
/// let c = reliable_change_by_difference(40.0, 51.0, 11.58, 1.96, true, 1.96).unwrap();
/// assert_eq!(c.classification, ChangeClass::NoReliableChange);
/// ```
pub fn reliable_change_by_difference(
    before: f64,
    after: f64,
    difference: f64,
    published_at: f64,
    higher_is_better: bool,
    critical: f64,
) -> Result<ReliableChange, ChangeError> {
    check_scores(before, after, critical)?;
    for (name, v) in [("difference", difference), ("published_at", published_at)] {
        if !(v.is_finite() && v > 0.0) {
            return Err(ChangeError::InvalidParameter {
                name,
                expected: "a positive number",
                value: v,
            });
        }
    }
    let sem = difference / published_at / std::f64::consts::SQRT_2;
    index(
        before,
        after,
        (sem, ("difference", difference)),
        higher_is_better,
        critical,
    )
}

/// Finite scores and a positive critical value.
fn check_scores(before: f64, after: f64, critical: f64) -> Result<(), ChangeError> {
    for (name, v) in [("before", before), ("after", after)] {
        if !v.is_finite() {
            return Err(ChangeError::InvalidParameter {
                name,
                expected: "a finite score",
                value: v,
            });
        }
    }
    if !(critical.is_finite() && critical > 0.0) {
        return Err(ChangeError::InvalidParameter {
            name: "critical",
            expected: "a positive number",
            value: critical,
        });
    }
    Ok(())
}

/// The index and its class from the standard error of measurement (the
/// scores and critical value checked).
/// `spread` names the parameter the error comes from, and its value.
fn index(
    before: f64,
    after: f64,
    (sem, spread): (f64, (&'static str, f64)),
    higher_is_better: bool,
    critical: f64,
) -> Result<ReliableChange, ChangeError> {
    let se_difference = std::f64::consts::SQRT_2 * sem;
    // An sd near the largest double overflows the standard error of the
    // difference, one near the smallest underflows it to 0 (fuzz finding
    // F9): either way no index can be computed.
    if !(se_difference.is_finite() && se_difference > 0.0) {
        return Err(ChangeError::InvalidParameter {
            name: spread.0,
            expected: "a positive number whose standard error of the difference is finite and above 0",
            value: spread.1,
        });
    }
    let difference = after - before;
    if !difference.is_finite() {
        return Err(ChangeError::InvalidParameter {
            name: "after",
            expected: "a score whose difference from before is finite",
            value: after,
        });
    }
    let rci = difference / se_difference;
    let classification = if rci.abs() <= critical {
        ChangeClass::NoReliableChange
    } else if (rci > 0.0) == higher_is_better {
        ChangeClass::Improved
    } else {
        ChangeClass::Deteriorated
    };
    Ok(ReliableChange {
        difference,
        sem,
        se_difference,
        rci,
        critical,
        classification,
    })
}

/// What a scale's change is measured against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleNorm {
    /// The scale's SD (in its score units: mean or total).
    pub sd: f64,
    /// Its reliability (e.g. Cronbach's alpha).
    pub reliability: f64,
    /// Whether a higher score is better (false for fading, barriers, signs of trouble).
    #[serde(default = "yes", alias = "higherIsBetter")]
    pub higher_is_better: bool,
}

fn yes() -> bool {
    true
}

/// A published criterion of reliable change for a scale: a change of
/// `difference` score points or more is reliable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReliableDifference {
    /// The smallest reliable change, in the scale's score units.
    pub difference: f64,
    /// The critical value it was published at (default 1.96, 95 %).
    #[serde(default = "critical_95", alias = "publishedAt")]
    pub published_at: f64,
    /// Whether a higher score is better.
    #[serde(default = "yes", alias = "higherIsBetter")]
    pub higher_is_better: bool,
}

fn critical_95() -> f64 {
    1.96
}

/// Options of [`change`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ChangeOptions {
    /// SD and reliability per scale id; scales without one are reported
    /// without a reliable-change index.
    pub norms: OrderedMap<ScaleNorm>,
    /// Published criteria of reliable change per scale id (a key's own, from
    /// [`crate::Instrument::change_options`]); a scale with a norm uses the norm.
    pub differences: OrderedMap<ReliableDifference>,
    /// |RCI| beyond which a change is reliable (default 1.96).
    pub critical: f64,
}

impl ChangeOptions {
    /// Options from JSON (unknown options are errors, with their path); the
    /// camelCase spelling `higherIsBetter` is accepted too.
    ///
    /// ```
    /// let o = intimacy_core::ChangeOptions::from_json(r#"{"norms": {"kind-emotional": {"sd": 0.8, "reliability": 0.8}}}"#).unwrap();
    /// assert_eq!(o.critical, 1.96);
    /// assert!(intimacy_core::ChangeOptions::from_json(r#"{"norm": {}}"#).is_err());
    /// ```
    pub fn from_json(text: &str) -> Result<Self, crate::ScoreError> {
        crate::request::Request::read_json(text)
    }
}

impl Default for ChangeOptions {
    fn default() -> Self {
        ChangeOptions {
            norms: OrderedMap::new(),
            differences: OrderedMap::new(),
            critical: 1.96,
        }
    }
}

impl crate::Instrument {
    /// Options for [`change`] with the key's published criteria of reliable
    /// change (its `reliable-change` facts; a higher score taken as better):
    /// for the RDAS, 11.58 points on the total. Norms can be added to them.
    ///
    /// ```
    /// let o = intimacy_core::Instrument::builtin("rdas").unwrap().change_options();
    /// assert_eq!(o.differences.get("total").unwrap().difference, 11.58);
    /// ```
    pub fn change_options(&self) -> ChangeOptions {
        let mut differences = OrderedMap::new();
        for f in &self.facts {
            if let (crate::FactKind::ReliableChange, Some(scale), Some(value)) =
                (f.fact, f.scale.as_deref(), f.value)
            {
                differences.push(
                    scale,
                    ReliableDifference {
                        difference: value,
                        published_at: critical_95(),
                        higher_is_better: true,
                    },
                );
            }
        }
        ChangeOptions {
            differences,
            ..ChangeOptions::default()
        }
    }
}

/// One scale's course over the waves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScaleChange {
    /// The score in each wave (None when not scored).
    pub scores: Vec<Option<f64>>,
    /// First to last scored wave, when a norm is given and both are scored.
    pub change: Option<ReliableChange>,
}

/// Change across two or more waves of the same respondent or couple.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChangeReport {
    /// Waves compared.
    pub waves: usize,
    /// Per scale, in the instrument's order.
    pub scales: OrderedMap<ScaleChange>,
    /// Fading warning signs present in each wave (None where not asked).
    pub fading_present: Vec<Option<usize>>,
    /// Raised when a kind or characteristic declines reliably, or fading
    /// warning signs rise from the first wave to the last.
    pub flags: Vec<Flag>,
}

/// Compare reports of the same respondent (or couple) across waves, first to
/// last: per scale the reliable change where a norm is given; a fading flag
/// when a kind or characteristic of intimacy declines reliably or the
/// fading warning signs present rise.
pub fn change(waves: &[&Report], options: &ChangeOptions) -> Result<ChangeReport, ChangeError> {
    if waves.len() < 2 {
        return Err(ChangeError::TooFewWaves(waves.len()));
    }
    let first = &waves[0].provenance;
    for w in &waves[1..] {
        let p = &w.provenance;
        if p.instrument != first.instrument || p.instrument_version != first.instrument_version {
            return Err(ChangeError::DifferentInstruments {
                first: format!("{} {}", first.instrument, first.instrument_version),
                second: format!("{} {}", p.instrument, p.instrument_version),
            });
        }
    }
    let mut scales = OrderedMap::new();
    let mut declines: Vec<(String, ReliableChange)> = Vec::new();
    for id in waves[0].scales.keys() {
        let scores: Vec<Option<f64>> = waves
            .iter()
            .map(|w| w.scales.get(id).and_then(|s| s.score))
            .collect();
        let scored: Vec<f64> = scores.iter().flatten().copied().collect();
        let ends = match (scored.first(), scored.last()) {
            (Some(&a), Some(&b)) if scored.len() >= 2 => Some((a, b)),
            _ => None,
        };
        let change = match (ends, options.norms.get(id), options.differences.get(id)) {
            (Some((a, b)), Some(n), _) => Some(reliable_change_with(
                a,
                b,
                n.sd,
                n.reliability,
                n.higher_is_better,
                options.critical,
            )?),
            (Some((a, b)), None, Some(d)) => Some(reliable_change_by_difference(
                a,
                b,
                d.difference,
                d.published_at,
                d.higher_is_better,
                options.critical,
            )?),
            _ => None,
        };
        if let Some(c) = &change {
            if c.classification == ChangeClass::Deteriorated
                && (id.starts_with("kind-") || id.starts_with("characteristic-"))
            {
                declines.push((id.to_owned(), c.clone()));
            }
        }
        scales.push(id, ScaleChange { scores, change });
    }
    let fading_present: Vec<Option<usize>> = waves
        .iter()
        .map(|w| w.fading.as_ref().map(|f: &FadingSummary| f.present))
        .collect();
    let mut flags = Vec::new();
    let known: Vec<usize> = fading_present.iter().flatten().copied().collect();
    let rising = match (known.first(), known.last()) {
        (Some(a), Some(b)) if known.len() >= 2 && b > a => Some((*a, *b)),
        _ => None,
    };
    if !declines.is_empty() || rising.is_some() {
        flags.push(fading_flag(waves, &declines, rising));
    }
    Ok(ChangeReport {
        waves: waves.len(),
        scales,
        fading_present,
        flags,
    })
}

/// The fading flag of a change: the kinds and characteristics of intimacy
/// that declined reliably, and the fading signs' rise `(first, last)`.
fn fading_flag(
    waves: &[&Report],
    declines: &[(String, ReliableChange)],
    rising: Option<(usize, usize)>,
) -> Flag {
    let last = waves[waves.len() - 1];
    let m = crate::messages::messages(&last.provenance.options.locale)
        .or_else(|| crate::messages::messages("en"))
        .unwrap_or_else(|| unreachable!("the English messages are built in"));
    let mut parts = Vec::new();
    if !declines.is_empty() {
        let scales: Vec<String> = declines
            .iter()
            .map(|(id, c)| {
                m.fill(
                    "change.decline-scale",
                    &[("scale", id), ("rci", &format!("{:.2}", c.rci))],
                )
            })
            .collect();
        parts.push(m.fill("change.decline", &[("scales", &scales.join(", "))]));
    }
    if let Some((a, b)) = rising {
        parts.push(m.fill(
            "change.rising",
            &[("from", &a.to_string()), ("to", &b.to_string())],
        ));
    }
    let evidence: Vec<Evidence> = last
        .flags
        .iter()
        .filter(|f| f.kind == FlagKind::Fading)
        .flat_map(|f| f.evidence.iter().cloned())
        .collect();
    Flag {
        kind: FlagKind::Fading,
        severity: if declines.is_empty() {
            Severity::Notice
        } else {
            Severity::Concern
        },
        target: None,
        message: m.fill(
            "change.fading",
            &[
                ("waves", &waves.len().to_string()),
                ("changes", &parts.join(m.text("list.separator"))),
            ],
        ),
        evidence,
    }
}

impl crate::request::Request for ChangeOptions {}
