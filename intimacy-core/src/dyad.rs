//! Couples: two partners' reports side by side, and agreement across couples.
//!
//! Partners are compared scale by scale and level by level; a cut-off is
//! applied to each partner separately (averaging two partners and comparing
//! the mean with an individual cut-off would hide a distressed partner).
//!
//! A couple report is a joint output: it never carries a private item, a
//! private scale (one that holds a private item), a placement resting on
//! either, or either partner's safety or consent flag. Each partner's own
//! report keeps them.

use serde::{Deserialize, Serialize};

use crate::instrument::Instrument;
use crate::model::LoveLanguageKey;
use crate::numeric::count_f64;
use crate::ordered::OrderedMap;
use crate::report::{FlagKind, ModelReading, Report};

/// Which partners fall below a scale's cut-off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum BelowCutoff {
    /// Both partners.
    Both,
    /// Partner A only.
    OnlyA,
    /// Partner B only.
    OnlyB,
    /// Neither.
    Neither,
}

/// Which partner is further along.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Ahead {
    /// Partner A reaches it, partner B does not.
    A,
    /// Partner B reaches it, partner A does not.
    B,
    /// Both reach it, or neither does.
    Even,
    /// At least one partner's answers do not tell.
    Unknown,
}

/// One scale for both partners.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScalePair {
    /// Partner A's score.
    pub a: Option<f64>,
    /// Partner B's score.
    pub b: Option<f64>,
    /// A minus B.
    pub difference: Option<f64>,
    /// |A − B|.
    pub absolute_difference: Option<f64>,
    /// The couple mean (for description only, never against an individual cut-off).
    pub couple_mean: Option<f64>,
    /// Each partner against the scale's cut-off, when it has one and both are scored.
    pub below_cutoff: Option<BelowCutoff>,
}

/// One framework for both partners.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PlacementPair {
    /// Partner A's consecutive level.
    pub a: u32,
    /// Partner B's consecutive level.
    pub b: u32,
    /// The level both partners reach: the lower of the two consecutive levels.
    pub shared: u32,
    /// Per stage (in order): who reaches it.
    pub ahead: Vec<Ahead>,
}

/// One classic model read for both partners.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ModelPair {
    /// Partner A's reading.
    pub a: ModelReading,
    /// Partner B's reading.
    pub b: ModelReading,
    /// Per part, in the model's order: both scores and A minus B.
    pub differences: Vec<PartDifference>,
    /// The two readings fall in the same type (both typed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_type: Option<bool>,
}

/// One part of a model for both partners.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PartDifference {
    /// The part's key.
    pub key: String,
    /// Partner A's score.
    pub a: Option<f64>,
    /// Partner B's score.
    pub b: Option<f64>,
    /// A minus B, when both are scored.
    pub difference: Option<f64>,
}

/// Two partners' reports compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CoupleReport {
    /// Per scale, in the instrument's order.
    pub scales: OrderedMap<ScalePair>,
    /// Per framework.
    pub placements: OrderedMap<PlacementPair>,
    /// Per classic model measured by the instrument (never a derived
    /// reading, never one resting on a private scale): both readings and
    /// where the partners' parts differ.
    #[serde(default)]
    pub models: OrderedMap<ModelPair>,
    /// The partners' primary love languages share none (both answered).
    pub love_languages_mismatch: Option<bool>,
    /// Partner A's primary love languages.
    pub love_languages_a: Vec<LoveLanguageKey>,
    /// Partner B's primary love languages.
    pub love_languages_b: Vec<LoveLanguageKey>,
    /// One partner's pacing is flagged, or one reaches physical intimacy and
    /// the other does not.
    pub pacing_mismatch: bool,
}

/// Why partners could not be compared.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CoupleError {
    /// The two reports were scored with different instruments.
    #[error("the partners' reports come from different instruments: {0} and {1}")]
    DifferentInstruments(String, String),
    /// A report was not scored with the instrument given.
    #[error(
        "partner {partner}'s report comes from {report}, not from the instrument given ({instrument})"
    )]
    NotThisInstrument {
        /// `"A"` or `"B"`.
        partner: &'static str,
        /// The report's instrument and version.
        report: String,
        /// The instrument given, and its version.
        instrument: String,
    },
    /// The series of the two partners differ in length.
    #[error("partner A has {0} values and partner B {1}; couples are paired by position")]
    LengthMismatch(usize, usize),
    /// Too few complete couples for an agreement statistic.
    #[error("{0} complete couple(s): agreement needs at least 3")]
    TooFewCouples(usize),
}

impl CoupleError {
    /// A stable short code: `"different-instruments"`, `"not-this-instrument"`,
    /// `"length-mismatch"`, `"too-few-couples"`.
    pub fn code(&self) -> &'static str {
        match self {
            CoupleError::DifferentInstruments(..) => "different-instruments",
            CoupleError::NotThisInstrument { .. } => "not-this-instrument",
            CoupleError::LengthMismatch(..) => "length-mismatch",
            CoupleError::TooFewCouples(_) => "too-few-couples",
        }
    }

    /// Where: nowhere in particular (the reports or series as a whole).
    pub fn location(&self) -> crate::error::Location {
        crate::error::Location::default()
    }
}

/// Compare two partners' reports from the same instrument.
///
/// The result holds nothing private: no private item or scale (see
/// [`Instrument::private_ids`]), no placement resting on one, and nothing of
/// either partner's safety or consent flags.
pub fn couple(
    instrument: &Instrument,
    a: &Report,
    b: &Report,
) -> Result<CoupleReport, CoupleError> {
    let (pa, pb) = (&a.provenance, &b.provenance);
    if pa.instrument != pb.instrument || pa.instrument_version != pb.instrument_version {
        return Err(CoupleError::DifferentInstruments(
            format!("{} {}", pa.instrument, pa.instrument_version),
            format!("{} {}", pb.instrument, pb.instrument_version),
        ));
    }
    for (partner, p) in [("A", pa), ("B", pb)] {
        if p.instrument != instrument.id || p.instrument_version != instrument.version {
            return Err(CoupleError::NotThisInstrument {
                partner,
                report: format!("{} {}", p.instrument, p.instrument_version),
                instrument: format!("{} {}", instrument.id, instrument.version),
            });
        }
    }
    let private = instrument.private_ids();
    let private_frameworks = private_frameworks(instrument, &private);
    let mut scales = OrderedMap::new();
    for (id, sa) in a.scales.iter() {
        if private.iter().any(|p| p == id) {
            continue;
        }
        let sb = b.scales.get(id);
        let (x, y) = (sa.score, sb.and_then(|s| s.score));
        let below = below_cutoff(instrument, id, sa, sb);
        let both = x.zip(y);
        scales.push(
            id,
            ScalePair {
                a: x,
                b: y,
                difference: both.map(|(x, y)| x - y),
                absolute_difference: both.map(|(x, y)| (x - y).abs()),
                couple_mean: both.map(|(x, y)| (x + y) / 2.0),
                below_cutoff: below,
            },
        );
    }
    let mut placements = OrderedMap::new();
    for (fw, p) in a.placements.iter() {
        let Some(q) = b.placements.get(fw) else {
            continue;
        };
        let rests_on_private = |key: &str| private_frameworks.iter().any(|f| f == key);
        if rests_on_private(fw) || p.via.as_deref().is_some_and(rests_on_private) {
            continue;
        }
        let ahead = p
            .stages
            .iter()
            .zip(&q.stages)
            .map(|(x, y)| match (x.reached, y.reached) {
                (Some(true), Some(false)) => Ahead::A,
                (Some(false), Some(true)) => Ahead::B,
                (Some(_), Some(_)) => Ahead::Even,
                _ => Ahead::Unknown,
            })
            .collect();
        placements.push(
            fw,
            PlacementPair {
                a: p.consecutive,
                b: q.consecutive,
                shared: p.consecutive.min(q.consecutive),
                ahead,
            },
        );
    }
    let primary = |r: &Report| r.love_languages.as_ref().map(|l| l.primary.clone());
    let (la, lb) = (primary(a), primary(b));
    let love_languages_mismatch = match (&la, &lb) {
        (Some(x), Some(y)) => Some(!x.iter().any(|k| y.contains(k))),
        _ => None,
    };
    let paced = |r: &Report| r.flags.iter().any(|f| f.kind == FlagKind::Pacing);
    let physical = |r: &Report| {
        r.placement("seven-levels")
            .and_then(|p| p.stages.iter().find(|s| s.key == "physical-intimacy"))
            .and_then(|s| s.reached)
    };
    let pacing_mismatch =
        paced(a) != paced(b) || matches!((physical(a), physical(b)), (Some(x), Some(y)) if x != y);
    let models = model_pairs(instrument, a, b, &private);
    Ok(CoupleReport {
        scales,
        placements,
        models,
        love_languages_mismatch,
        love_languages_a: la.unwrap_or_default(),
        love_languages_b: lb.unwrap_or_default(),
        pacing_mismatch,
    })
}

/// Both partners' readings of each model the instrument measures, unless a
/// part rests on a private scale. Derived readings stay out: they rest on
/// answers (fading, unhealthy signs) a partner may not see.
fn model_pairs(
    instrument: &Instrument,
    a: &Report,
    b: &Report,
    private: &[String],
) -> OrderedMap<ModelPair> {
    let mut out = OrderedMap::new();
    for link in &instrument.models {
        if link.parts.values().any(|s| private.contains(s)) {
            continue;
        }
        let (Some(x), Some(y)) = (a.models.get(&link.framework), b.models.get(&link.framework))
        else {
            continue;
        };
        if x.derived || y.derived {
            continue;
        }
        let differences = x
            .parts
            .iter()
            .map(|p| {
                let q = y
                    .parts
                    .iter()
                    .find(|q| q.key == p.key)
                    .and_then(|q| q.score);
                PartDifference {
                    key: p.key.clone(),
                    a: p.score,
                    b: q,
                    difference: p.score.zip(q).map(|(u, v)| u - v),
                }
            })
            .collect();
        let same_type = x
            .typology
            .as_ref()
            .zip(y.typology.as_ref())
            .map(|(s, t)| s.key == t.key);
        out.push(
            link.framework.clone(),
            ModelPair {
                a: x.clone(),
                b: y.clone(),
                differences,
                same_type,
            },
        );
    }
    out
}

/// The frameworks a stage of which is measured by a private item or scale.
fn private_frameworks(instrument: &Instrument, private: &[String]) -> Vec<String> {
    use crate::model::Target;
    let is_private = |id: &str| private.iter().any(|p| p == id);
    let item_targets = instrument
        .items
        .iter()
        .filter(|i| is_private(&i.id))
        .flat_map(|i| i.measures.iter());
    let scale_targets = instrument
        .scales
        .iter()
        .filter(|s| is_private(&s.id))
        .flat_map(|s| s.measures.iter());
    let mut out: Vec<String> = item_targets
        .chain(scale_targets)
        .filter_map(|t| match t {
            Target::Stage(r) => Some(r.framework.clone()),
            _ => None,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Agreement between partners across couples on one score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DyadicAgreement {
    /// Couples with both scores.
    pub n: usize,
    /// Pearson r of A with B (for distinguishable dyads: A and B are roles).
    pub pearson: f64,
    /// The pairwise (double-entry) intraclass correlation for exchangeable
    /// dyads (Griffin & Gonzalez, 1995): each couple entered twice, as (A, B)
    /// and (B, A), and the two columns correlated.
    pub icc_pairwise: f64,
}

/// Which partners score in the first band of the scale's cut-off (`None`
/// without a cut-off or a band for both).
fn below_cutoff(
    instrument: &Instrument,
    id: &str,
    sa: &crate::report::ScaleScore,
    sb: Option<&crate::report::ScaleScore>,
) -> Option<BelowCutoff> {
    instrument
        .cutoffs
        .iter()
        .find(|c| c.scale == id)
        .and_then(|c| {
            let first = c.bands.first()?.label.as_str();
            // The report's band is already on the cut-off's own basis.
            let band = |s: Option<&crate::report::ScaleScore>| -> Option<bool> {
                s?.band.as_deref().map(|l| l == first)
            };
            Some(match (band(Some(sa)), band(sb)) {
                (Some(true), Some(true)) => BelowCutoff::Both,
                (Some(true), Some(false)) => BelowCutoff::OnlyA,
                (Some(false), Some(true)) => BelowCutoff::OnlyB,
                (Some(false), Some(false)) => BelowCutoff::Neither,
                _ => return None,
            })
        })
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = count_f64(x.len());
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    sxy / (sxx * syy).sqrt()
}

/// Agreement between partners A (`a[i]`) and B (`b[i]`) of couple `i`;
/// couples with a missing (NaN) score are left out.
///
/// ```
/// let a = [3.0, 4.0, 2.5, 5.0];
/// let g = intimacy_core::dyadic_agreement(&a, &a).unwrap();
/// assert!((g.icc_pairwise - 1.0).abs() < 1e-12);
/// ```
pub fn dyadic_agreement(a: &[f64], b: &[f64]) -> Result<DyadicAgreement, CoupleError> {
    if a.len() != b.len() {
        return Err(CoupleError::LengthMismatch(a.len(), b.len()));
    }
    let (x, y): (Vec<f64>, Vec<f64>) = a
        .iter()
        .zip(b)
        .filter(|(p, q)| p.is_finite() && q.is_finite())
        .map(|(p, q)| (*p, *q))
        .unzip();
    if x.len() < 3 {
        return Err(CoupleError::TooFewCouples(x.len()));
    }
    let double_x: Vec<f64> = x.iter().chain(&y).copied().collect();
    let double_y: Vec<f64> = y.iter().chain(&x).copied().collect();
    Ok(DyadicAgreement {
        n: x.len(),
        pearson: pearson(&x, &y),
        icc_pairwise: pearson(&double_x, &double_y),
    })
}
