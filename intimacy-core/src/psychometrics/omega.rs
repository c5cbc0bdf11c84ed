//! McDonald's omega of one scale from a one-factor minres solution, as
//! psych's `omega(x, nfactors = 1)` computes it.
//!
//! The factor is found as psych's `fa(r, nfactors = 1, fm = "minres")`
//! defines it: the uniquenesses ψ minimise the sum of squared off-diagonal
//! residuals of the correlation matrix R, the loadings are the first
//! principal axis of R − diag(ψ) (`√μ v` for its largest eigenvalue μ and
//! eigenvector v), and ψ is kept within [0.005, 1]. Inside those bounds the
//! minimum is where ψᵢ = 1 − λᵢ², which is where the loadings minimise
//! `F(λ) = Σ_{i<j} (rᵢⱼ − λᵢλⱼ)²`; that minimum is found by Newton's method
//! on λ (from psych's start, the first principal axis of R with squared
//! multiple correlations on the diagonal), guarded by exact coordinate
//! descent steps, and then confirmed to be the first principal axis of
//! R − diag(1 − λ²). When a uniqueness would fall below psych's bound of
//! 0.005 (a Heywood case) the bounded problem is solved instead by the
//! projected fixed point ψ ← clamp(1 − λ(ψ)², 0.005, 1); the loading of an
//! item held at the bound may then exceed 1, as in psych.
//!
//! From the loadings, with psych's conventions: the loadings' signs are
//! chosen so that they sum to a non-negative number; items loading
//! negatively are flipped; `Vt` is the sum of all elements of the flipped
//! correlation matrix; omega total is `1 − Σ(1 − λᵢ²) / Vt` and omega_h
//! (one factor) is `(Σ|λᵢ|)² / Vt`.

use nalgebra::{DMatrix, DVector, SymmetricEigen};
use serde::{Deserialize, Serialize};

use super::moments::{self, Prepared};
use super::reliability::{
    Deletion, Pass, ReliabilityError, ReliabilityOptions, Sums, check_shape, correlation, one_pass,
};
use super::smc;
use crate::block::Block;
#[cfg(test)]
use crate::block::{BlockData, Layout};
use crate::numeric::{count_f64, saturating_usize};

/// psych's lower bound on a uniqueness in `fa`'s minres fit.
const PSI_MIN: f64 = 0.005;
/// Newton iterations before giving up.
const MAX_NEWTON: usize = 100;
/// Coordinate-descent sweeps made when a Newton step is refused.
const SWEEPS: usize = 20;
/// Agreement with the exact reference solution (R: principal-axis fixed
/// point to 1e-15, oblimin to a projected gradient of 1e-8); the largest
/// difference on the reference data is 9e-9 (a factor's general loading).
#[cfg(test)]
const EXACT_TOL: f64 = 1e-7;
/// Agreement with psych's own numbers, limited by its optimisers (L-BFGS-B
/// for minres on the items and on Φ, GPArotation stopping at 1e-5): omega_h,
/// omega total, item g loadings, communalities, group loadings, factors'
/// general loadings. Largest differences on the reference data: 2.8e-6,
/// 3.7e-8, 4.6e-6, 1.7e-5, 1.5e-5, 1.03e-5.
#[cfg(test)]
const PSYCH_H_TOL: [f64; 6] = [5e-6, 1e-6, 3e-5, 3e-5, 3e-5, 3e-5];
/// Iterations of the bounded fixed point (Heywood cases).
const MAX_BOUNDED: usize = 5_000;

/// What [`omega`] and [`omega_hierarchical`] are asked to do: the same
/// options as [`ReliabilityOptions`], checked the same way. Under pairwise
/// deletion the correlations follow psych's `omega`, which correlates with
/// `cor(x, use = "pairwise")`: each correlation from the rows answering both
/// items, their means and standard deviations included.
pub type OmegaOptions = ReliabilityOptions;

/// McDonald's omega of one scale from a one-factor minres solution.
///
/// Numbers that cannot be computed are NaN (`null` in JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Omega {
    /// Omega total, psych's `omega.tot`: `1 − Σ uᵢ² / Vt`, where `uᵢ² =
    /// 1 − λᵢ²` and `Vt` is the sum of all elements of the correlation
    /// matrix after flipping the items that load negatively.
    pub omega_total: f64,
    /// psych's `omega_h` with one factor: `(Σ|λᵢ|)² / Vt`, the share of the
    /// variance of the (standardised, flipped) total score due to the single
    /// factor. With one factor there are no group factors, so this is not a
    /// hierarchical omega in the bifactor sense (psych warns so); it is
    /// McDonald's omega of the one-factor model with the observed variance
    /// of the total as denominator, and differs from
    /// [`omega_total`](Self::omega_total) by the sum of the off-diagonal
    /// residuals over `Vt`.
    pub omega_h: f64,
    /// How the factor was found: `"one-factor minres"`.
    pub method: String,
    /// Per analysed item, in column order: its loading on the factor (signs
    /// such that the loadings sum to ≥ 0; psych's `fa` loadings).
    pub loadings: Vec<(String, f64)>,
    /// Per analysed item, in column order: `1 − λ²` (psych's `u2`).
    pub uniquenesses: Vec<(String, f64)>,
    /// Items loading negatively, flipped when forming `Vt` (psych's
    /// `flip = TRUE`); usually a sign that an item's reversal is missing.
    pub flipped: Vec<String>,
    /// Items whose uniqueness parameter is held at psych's lower bound of
    /// 0.005 (a Heywood case). Their loadings may exceed 1 and their `u2`
    /// be negative, as in psych, and omega total may then exceed 1.
    pub heywood: Vec<String>,
    /// Sum of the squared off-diagonal residuals `Σ_{i<j} (rᵢⱼ − λᵢλⱼ)²`,
    /// the minres criterion at the solution.
    pub residual_ss: f64,
    /// The deletion used.
    pub deletion: Deletion,
    /// Rows in the block.
    pub rows: usize,
    /// Rows used: with at least one answer (pairwise), or answering every
    /// item (listwise).
    pub n: usize,
    /// Rows answering every item.
    pub n_complete: usize,
    /// The smallest number of rows behind any correlation of the analysed
    /// items.
    pub n_pairwise_min: usize,
    /// Items analysed (columns less those without variance).
    pub n_items: usize,
    /// Items left out because their variance is zero or undefined.
    pub zero_variance: Vec<String>,
    /// What a reader should know: deletion, items left out or flipped,
    /// Heywood cases, what omega_h means with one factor.
    pub notes: Vec<String>,
}

/// Why omega could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum OmegaError {
    /// The block or the options are unusable, as for
    /// [`reliability`](super::reliability) (shape, bounds, reversal, item
    /// names, answers out of bounds, too few rows, too many items).
    #[error(transparent)]
    Data(#[from] ReliabilityError),
    /// Fewer than 3 items with variance: a one-factor model of two items is
    /// not identified.
    #[error(
        "omega needs at least 3 items with variance; {usable} of {columns} column(s) usable{}",
        if excluded.is_empty() { String::new() } else { format!(" ({} without variance)", excluded.join(", ")) }
    )]
    TooFewItems {
        /// Items with variance.
        usable: usize,
        /// Columns in the block.
        columns: usize,
        /// Items without variance (or with fewer than 2 answers).
        excluded: Vec<String>,
    },
    /// Some pairs of items share fewer than 2 rows (or one of them is
    /// constant over the shared rows), so their correlation is undefined.
    #[error("the correlation of item pair(s) {} is undefined (fewer than 2 shared rows)", pairs.join(", "))]
    UndefinedCorrelation {
        /// The pairs, as `"a/b"`.
        pairs: Vec<String>,
    },
    /// The factor solution did not converge.
    #[error("the minres factor solution (or its rotation) did not converge")]
    NotConverged,
    /// `omega_hierarchical` was asked for fewer than 2 group factors, or
    /// for more than a third of the items analysed.
    #[error(
        "omega hierarchical needs 2 to items/3 group factors; asked for {nfactors} with {items} item(s)"
    )]
    FactorCount {
        /// Group factors asked for.
        nfactors: usize,
        /// Items analysed.
        items: usize,
    },
    /// [`omega_factors`] was asked for no factor at all: an argument no
    /// analysis takes (an `ArgumentError`, as a count of the wrong type is).
    #[error("nfactors must be a whole number of at least 1, got 0")]
    NoFactors,
}

impl OmegaError {
    /// A stable short code for the variant; for [`OmegaError::Data`] the
    /// code of the [`ReliabilityError`] inside.
    pub fn code(&self) -> &'static str {
        match self {
            OmegaError::Data(e) => e.code(),
            OmegaError::TooFewItems { .. } => "too-few-items",
            OmegaError::UndefinedCorrelation { .. } => "undefined-correlation",
            OmegaError::NotConverged => "not-converged",
            OmegaError::FactorCount { .. } => "factor-count",
            OmegaError::NoFactors => "invalid-argument",
        }
    }

    /// Where: that of the [`ReliabilityError`] inside, the argument
    /// `nfactors` for [`OmegaError::NoFactors`], else nowhere in particular.
    pub fn location(&self) -> crate::error::Location {
        match self {
            OmegaError::Data(e) => e.location(),
            OmegaError::NoFactors => crate::error::Location {
                path: Some("nfactors".into()),
                ..Default::default()
            },
            _ => crate::error::Location::default(),
        }
    }
}

/// McDonald's omega total (and the one-factor omega_h) of the scale formed
/// by the columns of `block`, from a one-factor minres solution.
///
/// Follows psych's `omega(x, nfactors = 1, fm = "minres")` (version 2.2.9)
/// on the correlation matrix, with the data handling of
/// [`reliability`](super::reliability): reversal within declared bounds,
/// pairwise (default) or listwise deletion, items without variance left out
/// (and listed). psych stops its optimiser early (a step lowering the
/// criterion by less than about 2·10⁻⁹), so its loadings agree with the exact
/// minimum found here only to about 10⁻⁶; see the module documentation for
/// the method.
///
/// Omega hierarchical with group factors (Schmid–Leiman on an oblique
/// rotation, psych's default of 3 factors) is computed by
/// `omega_hierarchical`.
///
/// ```
/// use intimacy_core::{Block, BlockData, Layout, OmegaOptions, omega};
/// let data = [
///     4.0, 5.0, 4.0, 2.0,
///     2.0, 2.0, 1.0, 4.0,
///     3.0, 4.0, 3.0, 3.0,
///     5.0, 4.0, 5.0, 1.0,
///     1.0, 2.0, 2.0, 5.0,
///     3.0, 3.0, 4.0, 2.0,
/// ];
/// let block = Block { data: BlockData::F64(&data), rows: 6, cols: 4, layout: Layout::RowMajor };
/// let options = OmegaOptions {
///     reverse: vec![3.into()],
///     bounds: Some(vec![(1.0, 5.0)]),
///     ..Default::default()
/// };
/// let w = omega(&block, &options).unwrap();
/// assert!(w.omega_total > 0.8 && w.omega_total <= 1.0);
/// assert_eq!(w.loadings.len(), 4);
/// ```
pub fn omega(block: &Block<'_>, options: &OmegaOptions) -> Result<Omega, OmegaError> {
    let c = correlations(block, options)?;
    let m = c.keep.len();
    let r = &c.r;
    let names: Vec<&str> = c.keep.iter().map(|&i| c.names[i].as_str()).collect();

    let fit = one_factor_minres(r, m).ok_or(OmegaError::NotConverged)?;
    let lambda = fit.loadings;

    let sign: Vec<f64> = lambda
        .iter()
        .map(|&l| if l < 0.0 { -1.0 } else { 1.0 })
        .collect();
    let mut vt = 0.0;
    let mut residual_ss = 0.0;
    for a in 0..m {
        for b in 0..m {
            vt += sign[a] * sign[b] * r[a * m + b];
            if b > a {
                let e = r[a * m + b] - lambda[a] * lambda[b];
                residual_ss += e * e;
            }
        }
    }
    let u2: Vec<f64> = lambda.iter().map(|l| 1.0 - l * l).collect();
    let sum_u2: f64 = u2.iter().sum();
    let sum_abs: f64 = lambda.iter().map(|l| l.abs()).sum();
    let (omega_total, omega_h) = if vt > 0.0 {
        ((vt - sum_u2) / vt, sum_abs * sum_abs / vt)
    } else {
        (f64::NAN, f64::NAN)
    };

    let flipped: Vec<String> = names
        .iter()
        .zip(&lambda)
        .filter(|(_, l)| **l < 0.0)
        .map(|(n, _)| (*n).to_owned())
        .collect();
    let heywood: Vec<String> = names
        .iter()
        .zip(&fit.heywood)
        .filter(|(_, h)| **h)
        .map(|(n, _)| (*n).to_owned())
        .collect();

    let mut notes = c.notes;
    if !flipped.is_empty() {
        notes.push(format!(
            "loading negatively, so flipped when forming omega (as psych does); check their keying: {}",
            flipped.join(", ")
        ));
    }
    if !heywood.is_empty() {
        notes.push(format!(
            "Heywood case: uniqueness held at psych's lower bound of 0.005 for {}; loadings may exceed 1, and psych's optimiser may stop at a slightly different point",
            heywood.join(", ")
        ));
    }
    if omega_total.is_nan() {
        notes.push(
            "the (flipped) correlations do not sum to a positive number, so omega is undefined"
                .into(),
        );
    }
    notes.push(
        "omega_h with one factor is the share of total-score variance due to that factor; there are no group factors, so it is not a hierarchical omega".into(),
    );

    Ok(Omega {
        omega_total,
        omega_h,
        method: "one-factor minres".into(),
        loadings: names
            .iter()
            .zip(&lambda)
            .map(|(n, l)| ((*n).to_owned(), *l))
            .collect(),
        uniquenesses: names
            .iter()
            .zip(&u2)
            .map(|(n, u)| ((*n).to_owned(), *u))
            .collect(),
        flipped,
        heywood,
        residual_ss,
        deletion: options.missing,
        rows: block.rows,
        n: c.n,
        n_complete: c.n_complete,
        n_pairwise_min: c.n_pairwise_min,
        n_items: m,
        zero_variance: c.zero_variance,
        notes,
    })
}

/// Omega hierarchical from a Schmid–Leiman transformation of an oblique
/// minres solution, as psych's `omega(x, nfactors)` computes it by default.
///
/// Numbers that cannot be computed are NaN (`null` in JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OmegaHierarchical {
    /// psych's `omega_h`: `(Σ gᵢ)² / Vt`, the share of the variance of the
    /// (standardised, flipped) total score due to the general factor, where
    /// `gᵢ` are the items' general-factor loadings and `Vt` is the sum of
    /// all elements of the correlation matrix after flipping the items whose
    /// general loading is negative.
    pub omega_h: f64,
    /// psych's `omega.tot`: `1 − Σ uᵢ² / Vt`, with `uᵢ² = 1 − hᵢ²` and `hᵢ²`
    /// the communalities of the minres solution.
    pub omega_total: f64,
    /// Number of first-order (group) factors.
    pub nfactors: usize,
    /// Per analysed item, in column order: its loading on the general factor
    /// (psych's `schmid$sl[, "g"]`, after flipping).
    pub general_loadings: Vec<(String, f64)>,
    /// Per analysed item, in column order: its loadings on the group factors
    /// (residualised first-order factors, psych's `F1*`, `F2*`, ...). The
    /// order and signs of the group factors are arbitrary; each factor is
    /// signed so that its oblique pattern loadings sum to ≥ 0.
    pub group_loadings: Vec<(String, Vec<f64>)>,
    /// Per analysed item, in column order: its communality `hᵢ²` (psych's
    /// `h2`), the sum of its squared general and group loadings.
    pub communalities: Vec<(String, f64)>,
    /// The loadings of the first-order factors on the general factor (psych's
    /// `schmid$gloading`).
    pub factor_general_loadings: Vec<f64>,
    /// The correlations of the first-order (oblimin) factors, row by row.
    pub factor_correlations: Vec<Vec<f64>>,
    /// Items whose general loading is negative, flipped when forming `Vt`
    /// (psych's `flip = TRUE`).
    pub flipped: Vec<String>,
    /// The deletion used.
    pub deletion: Deletion,
    /// Rows in the block.
    pub rows: usize,
    /// Rows used (as for [`Omega::n`]).
    pub n: usize,
    /// Items analysed (columns less those without variance).
    pub n_items: usize,
    /// Items left out because their variance is zero or undefined.
    pub zero_variance: Vec<String>,
    /// What a reader should know: deletion, items left out or flipped,
    /// Heywood cases, the identification of two factors.
    pub notes: Vec<String>,
}

/// Omega hierarchical and omega total of the scale formed by the columns of
/// `block`, from `nfactors` group factors.
///
/// Follows psych's `omega(x, nfactors, fm = "minres", rotate = "oblimin")`
/// (version 2.2.9, GPArotation 2022.10-2) on the correlation matrix, with the
/// data handling of [`omega`]:
///
/// 1. minres extraction of `nfactors` factors: the uniquenesses ψ are the
///    fixed point ψ = 1 − h²(ψ) of the principal axes of R − diag(ψ) (the
///    stationary point of the sum of squared off-diagonal residuals), started
///    from 1 − SMC and kept within psych's bounds [0.005, 1];
/// 2. oblimin rotation (γ = 0, no Kaiser normalisation, as psych calls
///    `GPArotation::oblimin`) by Jennrich's (2002) gradient projection
///    algorithm, started (as in psych) from the varimax solution and run to
///    a projected gradient of 1e-9 (GPArotation stops at 1e-5);
/// 3. Schmid–Leiman: the factor correlations Φ are fitted by one factor
///    (minres; with two factors both loadings are `√|φ₁₂|`, psych's
///    `option = "equal"`), giving the general loadings `b` of the factors;
///    items' general loadings are `P b` and their group loadings
///    `Pᵢⱼ √(1 − bⱼ²)` for the pattern P;
/// 4. omega_h = `(Σ g)² / Vt` and omega total = `1 − Σ(1 − h²) / Vt`.
///
/// psych's own numbers differ from this exact solution by its optimisers'
/// tolerances (about 1e-5 in the loadings).
///
/// `nfactors` must be at least 2 and at most a third of the items analysed.
pub fn omega_hierarchical(
    block: &Block<'_>,
    options: &OmegaOptions,
    nfactors: usize,
) -> Result<OmegaHierarchical, OmegaError> {
    let c = correlations(block, options)?;
    let m = c.keep.len();
    let k = nfactors;
    if k < 2 || k.saturating_mul(3) > m {
        return Err(OmegaError::FactorCount { nfactors, items: m });
    }
    let r = &c.r;
    let names: Vec<&str> = c.keep.iter().map(|&i| c.names[i].as_str()).collect();

    let fit = minres(r, m, k).ok_or(OmegaError::NotConverged)?;
    let h2: Vec<f64> = (0..m)
        .map(|i| (0..k).map(|j| fit.loadings[(i, j)].powi(2)).sum())
        .collect();
    let (pattern, phi) = rotate(&fit.loadings).ok_or(OmegaError::NotConverged)?;
    let mut notes = c.notes;
    let b = general_factor(&phi, &mut notes)?;
    let mut general: Vec<f64> = (0..m)
        .map(|i| (0..k).map(|j| pattern[(i, j)] * b[j]).sum())
        .collect();
    let scale: Vec<f64> = b.iter().map(|x| (1.0 - x * x).max(0.0).sqrt()).collect();
    let mut group: Vec<Vec<f64>> = (0..m)
        .map(|i| (0..k).map(|j| pattern[(i, j)] * scale[j]).collect())
        .collect();

    let (sign, vt) = flip_to_general(&mut general, &mut group, r);
    let sum_g: f64 = general.iter().sum();
    let sum_u2: f64 = h2.iter().map(|h| 1.0 - h).sum();
    let (omega_h, omega_total) = if vt > 0.0 {
        (sum_g * sum_g / vt, (vt - sum_u2) / vt)
    } else {
        (f64::NAN, f64::NAN)
    };

    let flipped: Vec<String> = names
        .iter()
        .zip(&sign)
        .filter(|(_, s)| **s < 0.0)
        .map(|(n, _)| (*n).to_owned())
        .collect();
    if !flipped.is_empty() {
        notes.push(format!(
            "loading negatively on the general factor, so flipped when forming omega (as psych does); check their keying: {}",
            flipped.join(", ")
        ));
    }
    if fit.heywood {
        notes.push("Heywood case: a uniqueness is held at psych's lower bound of 0.005; psych's optimiser may stop at a slightly different point".into());
    }
    if omega_h.is_nan() {
        notes.push(
            "the (flipped) correlations do not sum to a positive number, so omega is undefined"
                .into(),
        );
    }
    let named = |v: &[f64]| -> Vec<(String, f64)> {
        names
            .iter()
            .zip(v)
            .map(|(n, x)| ((*n).to_owned(), *x))
            .collect()
    };
    Ok(OmegaHierarchical {
        omega_h,
        omega_total,
        nfactors: k,
        general_loadings: named(&general),
        group_loadings: names
            .iter()
            .zip(group)
            .map(|(n, g)| ((*n).to_owned(), g))
            .collect(),
        communalities: named(&h2),
        factor_general_loadings: b,
        factor_correlations: (0..k)
            .map(|a| (0..k).map(|bb| phi[(a, bb)]).collect())
            .collect(),
        flipped,
        deletion: options.missing,
        rows: block.rows,
        n: c.n,
        n_items: m,
        zero_variance: c.zero_variance,
        notes,
    })
}

/// The oblimin pattern and factor correlations, started (as psych does)
/// from the varimax rotation of `loadings`, each factor signed so that its
/// loadings sum to ≥ 0. `None` when a rotation does not converge.
fn rotate(loadings: &DMatrix<f64>) -> Option<(DMatrix<f64>, DMatrix<f64>)> {
    let start = varimax(loadings)?;
    let (mut pattern, mut phi) = oblimin(&start)?;
    for j in 0..pattern.ncols() {
        if pattern.column(j).sum() < 0.0 {
            pattern.column_mut(j).neg_mut();
            phi.column_mut(j).neg_mut();
            phi.row_mut(j).neg_mut();
        }
    }
    Some((pattern, phi))
}

/// The factors' loadings on the general factor, from their correlations
/// `phi` (Schmid–Leiman), noting the two-factor and Heywood cases.
fn general_factor(phi: &DMatrix<f64>, notes: &mut Vec<String>) -> Result<Vec<f64>, OmegaError> {
    let k = phi.ncols();
    let b: Vec<f64> = if k == 2 {
        let p = phi[(0, 1)];
        notes.push("with two factors the general factor is not identified: both factors' general loadings are set to √|φ₁₂| (psych's option = \"equal\")".into());
        vec![p.abs().sqrt(), p.signum() * p.abs().sqrt()]
    } else {
        let flat: Vec<f64> = (0..k)
            .flat_map(|a| (0..k).map(move |bb| (a, bb)))
            .map(|(a, bb)| phi[(a, bb)])
            .collect();
        one_factor_minres(&flat, k)
            .ok_or(OmegaError::NotConverged)?
            .loadings
    };
    if b.iter().any(|x| x.abs() > 1.0) {
        notes.push("a first-order factor loads above 1 on the general factor (a Heywood case); its group loadings are set to 0, as psych does".into());
    }
    Ok(b)
}

/// Flips the items loading negatively on the general factor (in `general`
/// and `group`, as psych does); returns each item's sign and Vt, the sum of
/// the flipped correlations `r` (m × m, row-major).
fn flip_to_general(general: &mut [f64], group: &mut [Vec<f64>], r: &[f64]) -> (Vec<f64>, f64) {
    let m = general.len();
    let sign: Vec<f64> = general
        .iter()
        .map(|&g| if g < 0.0 { -1.0 } else { 1.0 })
        .collect();
    let mut vt = 0.0;
    for a in 0..m {
        for bb in 0..m {
            vt += sign[a] * sign[bb] * r[a * m + bb];
        }
    }
    for i in 0..m {
        general[i] *= sign[i];
        for x in &mut group[i] {
            *x *= sign[i];
        }
    }
    (sign, vt)
}

/// The result of [`omega_factors`]: one of the two omegas, serialised as
/// that omega alone.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum OmegaFit {
    /// One factor: [`omega`].
    OneFactor(Omega),
    /// Two or more group factors: [`omega_hierarchical`].
    Hierarchical(OmegaHierarchical),
}

/// Omega as psych's `omega(x, nfactors)` reads `nfactors`: from a
/// one-factor minres solution when it is 1 ([`omega`]), hierarchical with
/// that many group factors otherwise ([`omega_hierarchical`], which needs at
/// most a third of the items). No factor at all is [`OmegaError::NoFactors`].
///
/// ```
/// use intimacy_core::psychometrics::{OmegaError, OmegaFit, OmegaOptions, omega_factors};
/// use intimacy_core::{Block, BlockData, Layout};
/// let data = [4.0, 5.0, 4.0, 2.0, 2.0, 1.0, 3.0, 4.0, 3.0, 5.0, 4.0, 5.0, 1.0, 2.0, 2.0];
/// let block = Block { data: BlockData::F64(&data), rows: 5, cols: 3, layout: Layout::RowMajor };
/// let fit = omega_factors(&block, &OmegaOptions::default(), 1).unwrap();
/// assert!(matches!(fit, OmegaFit::OneFactor(_)));
/// let none = omega_factors(&block, &OmegaOptions::default(), 0).unwrap_err();
/// assert_eq!((none.code(), none.location().path.as_deref()), ("invalid-argument", Some("nfactors")));
/// assert!(matches!(omega_factors(&block, &OmegaOptions::default(), 2), Err(OmegaError::FactorCount { .. })));
/// ```
pub fn omega_factors(
    block: &Block<'_>,
    options: &OmegaOptions,
    nfactors: usize,
) -> Result<OmegaFit, OmegaError> {
    match nfactors {
        0 => Err(OmegaError::NoFactors),
        1 => omega(block, options).map(OmegaFit::OneFactor),
        k => omega_hierarchical(block, options, k).map(OmegaFit::Hierarchical),
    }
}

/// A minres solution with several factors.
struct MultiFit {
    /// m × k unrotated loadings.
    loadings: DMatrix<f64>,
    /// Whether some uniqueness is held at psych's lower bound.
    heywood: bool,
}

/// Iterations of the principal-axis fixed point.
const MAX_AXIS: usize = 50_000;

/// The k-factor minres solution of the m × m correlation matrix `r`: the
/// fixed point ψ = clamp(1 − h²(ψ), 0.005, 1) of the principal axes of
/// R − diag(ψ), from ψ = 1 − SMC.
fn minres(r: &[f64], m: usize, k: usize) -> Option<MultiFit> {
    let smcs = smc::smc(r, m);
    let mut psi: Vec<f64> = smcs
        .iter()
        .map(|s| {
            if s.is_finite() {
                (1.0 - s).clamp(PSI_MIN, 1.0)
            } else {
                PSI_MIN
            }
        })
        .collect();
    let axes = |psi: &[f64]| -> Option<DMatrix<f64>> {
        let mut s = DMatrix::from_row_slice(m, m, r);
        for (a, p) in psi.iter().enumerate() {
            s[(a, a)] = 1.0 - p;
        }
        let eig = SymmetricEigen::try_new(s, f64::EPSILON, 10_000)?;
        let mut order: Vec<usize> = (0..m).collect();
        order.sort_by(|&a, &b| eig.eigenvalues[b].total_cmp(&eig.eigenvalues[a]));
        let mut l = DMatrix::zeros(m, k);
        for (j, &o) in order.iter().take(k).enumerate() {
            let scale = eig.eigenvalues[o].max(0.0).sqrt();
            let v = eig.eigenvectors.column(o);
            let sign = if v.sum() < 0.0 { -1.0 } else { 1.0 };
            for i in 0..m {
                l[(i, j)] = sign * scale * v[i];
            }
        }
        l.iter().all(|x| x.is_finite()).then_some(l)
    };
    for _ in 0..MAX_AXIS {
        let l = axes(&psi)?;
        let next: Vec<f64> = (0..m)
            .map(|i| {
                let h: f64 = (0..k).map(|j| l[(i, j)].powi(2)).sum();
                (1.0 - h).clamp(PSI_MIN, 1.0)
            })
            .collect();
        let moved = next
            .iter()
            .zip(&psi)
            .fold(0.0f64, |a, (x, y)| a.max((x - y).abs()));
        psi = next;
        if moved <= 1e-14 {
            let loadings = axes(&psi)?;
            return Some(MultiFit {
                heywood: psi.iter().any(|p| *p <= PSI_MIN),
                loadings,
            });
        }
    }
    None
}

/// Varimax rotation (Kaiser 1958) of the loadings `a` with Kaiser
/// normalisation, by the singular-value iteration, stopping as R's
/// `varimax` does (relative gain of the criterion below 1e-5). Used only as
/// the starting point of the oblimin rotation, as psych does.
fn varimax(a: &DMatrix<f64>) -> Option<DMatrix<f64>> {
    let (p, k) = (a.nrows(), a.ncols());
    let norms: Vec<f64> = (0..p)
        .map(|i| {
            let n = a.row(i).norm();
            if n > 0.0 && n.is_finite() { n } else { 1.0 }
        })
        .collect();
    let mut x = a.clone();
    for (i, n) in norms.iter().enumerate() {
        x.row_mut(i).unscale_mut(*n);
    }
    let mut t = DMatrix::<f64>::identity(k, k);
    let mut d = 0.0;
    for _ in 0..1000 {
        let z = &x * &t;
        let mut target = z.map(|v| v * v * v);
        for j in 0..k {
            let ss = z.column(j).norm_squared() / count_f64(p);
            for i in 0..p {
                target[(i, j)] -= z[(i, j)] * ss;
            }
        }
        let svd = (x.transpose() * target).try_svd(true, true, f64::EPSILON, 10_000)?;
        t = svd.u? * svd.v_t?;
        let past = d;
        d = svd.singular_values.sum();
        if !d.is_finite() {
            return None;
        }
        if d < past * (1.0 + 1e-5) {
            break;
        }
    }
    let mut z = &x * &t;
    for (i, n) in norms.iter().enumerate() {
        z.row_mut(i).scale_mut(*n);
    }
    Some(z)
}

/// Oblimin (γ = 0) criterion and its gradient at the loadings `l`:
/// `Σᵢ Σ_{j≠k} lᵢⱼ² lᵢₖ² / 4` and `lᵢⱼ Σ_{k≠j} lᵢₖ²`.
fn oblimin_criterion(l: &DMatrix<f64>) -> (f64, DMatrix<f64>) {
    let mut f = 0.0;
    let mut g = DMatrix::zeros(l.nrows(), l.ncols());
    for i in 0..l.nrows() {
        let row: f64 = (0..l.ncols()).map(|j| l[(i, j)].powi(2)).sum();
        for j in 0..l.ncols() {
            let sq = l[(i, j)].powi(2);
            let others = row - sq;
            f += sq * others / 4.0;
            g[(i, j)] = l[(i, j)] * others;
        }
    }
    (f, g)
}

/// Gradient-projection iterations of the oblique rotation.
const MAX_ROTATION: usize = 100_000;

/// Oblimin (γ = 0, no normalisation) rotation of the loadings `a` by the
/// oblique gradient projection algorithm (Jennrich 2002), from the identity:
/// the pattern `A (Tᵀ)⁻¹` and the factor correlations `TᵀT`.
fn oblimin(a: &DMatrix<f64>) -> Option<(DMatrix<f64>, DMatrix<f64>)> {
    let k = a.ncols();
    let mut t = DMatrix::<f64>::identity(k, k);
    let pattern = |t: &DMatrix<f64>| -> Option<DMatrix<f64>> {
        Some(a * t.clone().try_inverse()?.transpose())
    };
    let mut l = pattern(&t)?;
    let (mut f, mut gq) = oblimin_criterion(&l);
    let gradient = |l: &DMatrix<f64>, gq: &DMatrix<f64>, t: &DMatrix<f64>| {
        let ti = t.clone().try_inverse()?;
        Some(-(l.transpose() * gq * ti).transpose())
    };
    let mut g = gradient(&l, &gq, &t)?;
    let mut step = 1.0;
    for _ in 0..MAX_ROTATION {
        // Project onto the tangent space of unit-length columns.
        let mut gp = g.clone();
        for j in 0..k {
            let d = t.column(j).dot(&g.column(j));
            for i in 0..k {
                gp[(i, j)] -= t[(i, j)] * d;
            }
        }
        let s = gp.norm();
        if !s.is_finite() {
            return None;
        }
        if s < 1e-9 {
            return Some((l, t.transpose() * &t));
        }
        step *= 2.0;
        let mut accepted = None;
        for _ in 0..30 {
            let mut x = &t - &gp * step;
            for j in 0..k {
                let n = x.column(j).norm();
                if n > 0.0 {
                    x.column_mut(j).unscale_mut(n);
                }
            }
            if let Some(lt) = pattern(&x) {
                let (ft, gqt) = oblimin_criterion(&lt);
                if ft < f - 0.5 * s * s * step {
                    accepted = Some((x, lt, ft, gqt));
                    break;
                }
            }
            step /= 2.0;
        }
        // No descent left in floating point: at the minimum to rounding.
        let Some((x, lt, ft, gqt)) = accepted else {
            return (s < 1e-6).then(|| (l.clone(), t.transpose() * &t));
        };
        t = x;
        l = lt;
        f = ft;
        gq = gqt;
        g = gradient(&l, &gq, &t)?;
    }
    None
}

/// The correlation matrix of the items with variance.
struct Correlations {
    /// Every column's name.
    names: Vec<String>,
    /// Columns analysed.
    keep: Vec<usize>,
    /// Their correlations, row-major.
    r: Vec<f64>,
    n: usize,
    n_complete: usize,
    n_pairwise_min: usize,
    zero_variance: Vec<String>,
    notes: Vec<String>,
}

// The data handling below (validation, reversal, the one pass over the
// block) is shared with `reliability`; the covariances are formed from the
// same accumulated sums in the same way.
fn correlations(block: &Block<'_>, options: &OmegaOptions) -> Result<Correlations, OmegaError> {
    check_shape(block, 3, |k| OmegaError::TooFewItems {
        usable: k,
        columns: k,
        excluded: Vec::new(),
    })?;
    let k = block.cols;
    let Pass {
        names,
        prep,
        mom,
        pairwise,
        n,
    } = one_pass(block, options)?;
    let sums = Sums { m: &mom, pairwise };
    let variance = |j: usize| {
        let (n, s, _, sq) = sums.pair(j, j);
        if n < 2.0 {
            return f64::NAN;
        }
        let v = (sq - s * s / n) / (n - 1.0);
        // A constant column, up to rounding of fractional answers.
        if v <= 64.0 * f64::EPSILON * (sq / n) {
            0.0
        } else {
            v
        }
    };
    let var: Vec<f64> = (0..k).map(variance).collect();
    let keep: Vec<usize> = (0..k).filter(|&j| var[j] > 0.0).collect();
    let zero_variance: Vec<String> = (0..k)
        .filter(|j| !keep.contains(j))
        .map(|j| names[j].clone())
        .collect();
    if keep.len() < 3 {
        return Err(OmegaError::TooFewItems {
            usable: keep.len(),
            columns: k,
            excluded: zero_variance,
        });
    }
    let (r, n_min) = pairwise_correlations(block, &prep, &sums, &keep, &names)?;
    let notes = correlation_notes(prep.deletion, &mom, n_min, &zero_variance);
    Ok(Correlations {
        names,
        keep,
        r,
        n,
        n_complete: mom.complete,
        n_pairwise_min: n_min,
        zero_variance,
        notes,
    })
}

/// The correlations of the items `keep` (m × m, row-major) and the fewest
/// rows behind any of them; an error naming the pairs whose correlation is
/// undefined.
fn pairwise_correlations(
    block: &Block<'_>,
    prep: &Prepared,
    sums: &Sums<'_>,
    keep: &[usize],
    names: &[String],
) -> Result<(Vec<f64>, usize), OmegaError> {
    let (mom, k, m) = (sums.m, prep.k, keep.len());
    // psych's omega correlates with R's cor(x, use = "pairwise"): each
    // correlation's means and standard deviations come from the rows
    // answering both items. The accumulated sums hold Σxᵢ and Σxᵢxⱼ over
    // those rows but not Σxᵢ², which a second look at the incomplete rows
    // supplies.
    let pair_sq = if sums.pairwise && mom.complete < mom.any {
        pair_squares(block, prep)
    } else {
        Vec::new()
    };
    let mut r = vec![1.0; m * m];
    let mut n_min = usize::MAX;
    let mut undefined = Vec::new();
    for (a, &i) in keep.iter().enumerate() {
        for (b, &j) in keep.iter().enumerate().skip(a + 1) {
            let (nij, si, sj, sp) = sums.pair(i, j);
            // A sum of two row counts, exact in f64 (see count_f64).
            n_min = n_min.min(saturating_usize(nij));
            let mut sii = mom.c_prod[i * k + i];
            let mut sjj = mom.c_prod[j * k + j];
            if !pair_sq.is_empty() {
                sii += pair_sq[i * k + j];
                sjj += pair_sq[j * k + i];
            }
            let v = correlation(nij, si, sj, sii, sjj, sp);
            if !v.is_finite() {
                undefined.push(format!("{}/{}", names[i], names[j]));
            }
            r[a * m + b] = v;
            r[b * m + a] = v;
        }
    }
    if undefined.is_empty() {
        Ok((r, n_min))
    } else {
        Err(OmegaError::UndefinedCorrelation { pairs: undefined })
    }
}

/// Which rows the deletion left out, and the items without variance.
fn correlation_notes(
    deletion: Deletion,
    mom: &moments::Moments,
    n_min: usize,
    zero_variance: &[String],
) -> Vec<String> {
    let mut notes = Vec::new();
    match deletion {
        Deletion::Pairwise if mom.complete < mom.rows => notes.push(format!(
            "pairwise deletion: {} of {} rows answer every item; each correlation uses the rows answering both items (at least {n_min})",
            mom.complete, mom.rows
        )),
        Deletion::Listwise if mom.complete < mom.rows => notes.push(format!(
            "listwise deletion: {} of {} rows left out for a missing answer; N = {}",
            mom.rows - mom.complete,
            mom.rows,
            mom.complete
        )),
        _ => {}
    }
    if !zero_variance.is_empty() {
        notes.push(format!(
            "left out for zero or undefined variance: {}",
            zero_variance.join(", ")
        ));
    }
    notes
}

/// Over the rows with some but not all items answered: at `i * k + j`, the
/// sum of the (keyed, shifted) xᵢ² over the rows answering both i and j.
/// The cells were checked by the accumulation already.
fn pair_squares(block: &Block<'_>, prep: &Prepared) -> Vec<f64> {
    let k = prep.k;
    let mut out = vec![0.0; k * k];
    let mut x = vec![0.0; k];
    let mut present = Vec::with_capacity(k);
    for row in 0..block.rows {
        present.clear();
        for (j, xj) in x.iter_mut().enumerate() {
            let v = block.cell(row, j);
            if !v.is_nan() {
                *xj = prep.add[j] + prep.sign[j] * v - prep.shift[j];
                present.push(j);
            }
        }
        if present.len() == k {
            continue;
        }
        for &i in &present {
            let sq = x[i] * x[i];
            for &j in &present {
                out[i * k + j] += sq;
            }
        }
    }
    out
}

/// A one-factor solution.
#[derive(Debug, Clone)]
struct Fit {
    loadings: Vec<f64>,
    /// Per item: uniqueness at psych's lower bound.
    heywood: Vec<bool>,
}

/// `Σ_{i<j} (rᵢⱼ − λᵢλⱼ)²`.
fn criterion(r: &[f64], m: usize, l: &[f64]) -> f64 {
    let mut f = 0.0;
    for a in 0..m {
        for b in a + 1..m {
            let e = r[a * m + b] - l[a] * l[b];
            f += e * e;
        }
    }
    f
}

/// The first principal axis of `r` with `diag` on its diagonal: `√μ v` for
/// the largest eigenvalue μ (0 if negative) and its eigenvector v, signed
/// so that the loadings sum to ≥ 0 (psych's `FAout.wls`).
fn principal_axis(r: &[f64], m: usize, diag: &[f64]) -> Option<Vec<f64>> {
    let mut s = DMatrix::from_row_slice(m, m, r);
    for (a, d) in diag.iter().enumerate() {
        s[(a, a)] = *d;
    }
    let eig = SymmetricEigen::try_new(s, f64::EPSILON, 10_000)?;
    let (top, mu) =
        eig.eigenvalues
            .iter()
            .copied()
            .enumerate()
            .fold((0, f64::NEG_INFINITY), |best, (i, v)| {
                if v > best.1 { (i, v) } else { best }
            });
    let scale = mu.max(0.0).sqrt();
    let v = eig.eigenvectors.column(top);
    let mut l: Vec<f64> = v.iter().map(|x| x * scale).collect();
    if l.iter().sum::<f64>() < 0.0 {
        for x in &mut l {
            *x = -*x;
        }
    }
    l.iter().all(|x| x.is_finite()).then_some(l)
}

/// One exact coordinate-descent sweep on `F(λ)`: each loading in turn set
/// to `Σ_{j≠i} rᵢⱼλⱼ / Σ_{j≠i} λⱼ²`, which never raises `F`.
fn sweep(r: &[f64], m: usize, l: &mut [f64]) {
    let mut sq: f64 = l.iter().map(|x| x * x).sum();
    for a in 0..m {
        let others = sq - l[a] * l[a];
        if others.is_nan() || others <= 0.0 {
            continue;
        }
        let dot: f64 = (0..m)
            .filter(|&b| b != a)
            .map(|b| r[a * m + b] * l[b])
            .sum();
        let new = dot / others;
        sq = others + new * new;
        l[a] = new;
    }
}

/// One Newton step on `F(λ)`; `None` when the Hessian is not positive
/// definite.
fn newton_step(r: &[f64], m: usize, l: &[f64]) -> Option<Vec<f64>> {
    let sq: f64 = l.iter().map(|x| x * x).sum();
    // Half the gradient and half the Hessian of F.
    let mut grad = DVector::zeros(m);
    let mut hess = DMatrix::zeros(m, m);
    for a in 0..m {
        let mut g = 0.0;
        for b in 0..m {
            if b == a {
                continue;
            }
            let rab = r[a * m + b];
            g -= (rab - l[a] * l[b]) * l[b];
            hess[(a, b)] = -(rab - 2.0 * l[a] * l[b]);
        }
        grad[a] = g;
        hess[(a, a)] = sq - l[a] * l[a];
    }
    let step = hess.cholesky()?.solve(&grad);
    step.iter()
        .all(|x| x.is_finite())
        .then(|| step.iter().map(|x| -x).collect())
}

/// The one-factor minres solution of the m × m correlation matrix `r`.
fn one_factor_minres(r: &[f64], m: usize) -> Option<Fit> {
    let smcs = smc::smc(r, m);
    let start: Vec<f64> = smcs
        .iter()
        .map(|s| if s.is_finite() { *s } else { 1.0 })
        .collect();
    let mut l = principal_axis(r, m, &start)?;

    let mut converged = false;
    if l.iter().any(|x| *x != 0.0) {
        for _ in 0..MAX_NEWTON {
            let f = criterion(r, m, &l);
            match newton_step(r, m, &l) {
                Some(d) => {
                    let size = d.iter().fold(0.0f64, |a, x| a.max(x.abs()));
                    let trial: Vec<f64> = l.iter().zip(&d).map(|(a, b)| a + b).collect();
                    let ft = criterion(r, m, &trial);
                    // Near the minimum F changes by less than its rounding.
                    if ft <= f + 8.0 * f64::EPSILON * (f + 1.0) {
                        l = trial;
                        if size <= 1e-13 {
                            converged = true;
                            break;
                        }
                        continue;
                    }
                    for _ in 0..SWEEPS {
                        sweep(r, m, &mut l);
                    }
                }
                None => {
                    for _ in 0..SWEEPS {
                        sweep(r, m, &mut l);
                    }
                }
            }
        }
    } else {
        // No common variance at all: the zero loadings are the solution.
        converged = true;
    }

    // psych's parameters are the uniquenesses: check that these loadings
    // are the first principal axis at ψ = 1 − λ², inside its bounds.
    if converged && l.iter().all(|x| x * x <= 1.0 - PSI_MIN) {
        // The diagonal of R − diag(ψ) is then λ².
        let diag: Vec<f64> = l.iter().map(|x| x * x).collect();
        if let Some(axis) = principal_axis(r, m, &diag) {
            let sign = if l.iter().sum::<f64>() < 0.0 {
                -1.0
            } else {
                1.0
            };
            let off = axis
                .iter()
                .zip(&l)
                .fold(0.0f64, |a, (x, y)| a.max((x - sign * y).abs()));
            if off <= 1e-9 {
                return Some(Fit {
                    loadings: l.iter().map(|x| sign * x).collect(),
                    heywood: vec![false; m],
                });
            }
        }
    }

    // Bounded: the projected fixed point ψ ← clamp(1 − λ(ψ)², 0.005, 1).
    let mut psi: Vec<f64> = if l.iter().all(|x| x.is_finite()) {
        l.iter()
            .map(|x| (1.0 - x * x).clamp(PSI_MIN, 1.0))
            .collect()
    } else {
        start
            .iter()
            .map(|s| (1.0 - s).clamp(PSI_MIN, 1.0))
            .collect()
    };
    for _ in 0..MAX_BOUNDED {
        let diag: Vec<f64> = psi.iter().map(|p| 1.0 - p).collect();
        let axis = principal_axis(r, m, &diag)?;
        let next: Vec<f64> = axis
            .iter()
            .map(|x| (1.0 - x * x).clamp(PSI_MIN, 1.0))
            .collect();
        let moved = next
            .iter()
            .zip(&psi)
            .fold(0.0f64, |a, (x, y)| a.max((x - y).abs()));
        psi = next;
        if moved <= 1e-14 {
            let diag: Vec<f64> = psi.iter().map(|p| 1.0 - p).collect();
            let loadings = principal_axis(r, m, &diag)?;
            return Some(Fit {
                heywood: psi.iter().map(|p| *p <= PSI_MIN).collect(),
                loadings,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `tests/reference/omega_h.json`: psych 2.2.9's `omega(x)` (3 factors,
    /// minres, oblimin) and the same steps solved exactly in R.
    fn omega_h_reference() -> serde_json::Value {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/reference/omega_h.json"
        );
        let text = std::fs::read_to_string(path).expect("tests/reference/omega_h.json");
        serde_json::from_str(&text).expect("valid JSON")
    }

    fn numbers(v: &serde_json::Value) -> Vec<f64> {
        v.as_array()
            .expect("array")
            .iter()
            .map(|x| x.as_f64().unwrap_or(f64::NAN))
            .collect()
    }

    fn rows(v: &serde_json::Value) -> Vec<Vec<f64>> {
        v.as_array().expect("array").iter().map(numbers).collect()
    }

    fn run_reference(c: &serde_json::Value) -> OmegaHierarchical {
        let data: Vec<f64> = rows(&c["data"]).concat();
        let (rows_, cols) = (
            usize::try_from(c["rows"].as_u64().expect("present")).expect("fits"),
            usize::try_from(c["cols"].as_u64().expect("present")).expect("fits"),
        );
        let block = Block {
            data: BlockData::F64(&data),
            rows: rows_,
            cols,
            layout: Layout::RowMajor,
        };
        let nf = usize::try_from(c["nfactors"].as_u64().expect("present")).expect("fits");
        let options = OmegaOptions {
            item_names: c["item_names"]
                .as_array()
                .expect("present")
                .iter()
                .map(|x| x.as_str().expect("present").to_owned())
                .collect(),
            ..Default::default()
        };
        omega_hierarchical(&block, &options, nf).expect("omega_h")
    }

    /// The group factors matched to the reference's columns by the largest
    /// absolute inner product (their order and signs are arbitrary).
    fn matched(got: &[Vec<f64>], want: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let k = want[0].len();
        let mut used = vec![false; k];
        let mut order = vec![(0usize, 1.0f64); k];
        for (w, slot) in order.iter_mut().enumerate() {
            let best = (0..k)
                .filter(|&j| !used[j])
                .map(|j| {
                    let dot: f64 = got.iter().zip(want).map(|(g, x)| g[j] * x[w]).sum();
                    (j, dot)
                })
                .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
                .expect("present");
            used[best.0] = true;
            *slot = (best.0, best.1.signum());
        }
        got.iter()
            .map(|g| order.iter().map(|&(j, s)| s * g[j]).collect())
            .collect()
    }

    fn max_diff(a: &[f64], b: &[f64]) -> f64 {
        assert_eq!(a.len(), b.len());
        a.iter()
            .zip(b)
            .fold(0.0f64, |m, (x, y)| m.max((x - y).abs()))
    }

    #[test]
    fn omega_h_matches_psych() {
        let reference = omega_h_reference();
        for c in reference["cases"].as_array().expect("present") {
            let w = run_reference(c);
            let name = c["name"].as_str().expect("present");
            let g: Vec<f64> = w.general_loadings.iter().map(|x| x.1).collect();
            let h2: Vec<f64> = w.communalities.iter().map(|x| x.1).collect();
            let group: Vec<Vec<f64>> = w.group_loadings.iter().map(|x| x.1.clone()).collect();
            let mut fg = w.factor_general_loadings.clone();
            fg.sort_by(f64::total_cmp);
            for (which, tol) in [("exact", [EXACT_TOL; 6]), ("psych", PSYCH_H_TOL)] {
                let want = &c[which];
                let d = [
                    (w.omega_h - want["omega_h"].as_f64().expect("present")).abs(),
                    (w.omega_total - want["omega_total"].as_f64().expect("present")).abs(),
                    max_diff(&g, &numbers(&want["g"])),
                    max_diff(&h2, &numbers(&want["h2"])),
                    {
                        let wg = rows(&want["group"]);
                        max_diff(&matched(&group, &wg).concat(), &wg.concat())
                    },
                    {
                        let mut wf = numbers(&want["factor_g"]);
                        wf.sort_by(f64::total_cmp);
                        max_diff(&fg, &wf)
                    },
                ];
                eprintln!("{name} {which}: {d:?}");
                for ((x, tol), what) in d.iter().zip(tol).zip([
                    "omega_h",
                    "omega_total",
                    "g",
                    "h2",
                    "group",
                    "factor g",
                ]) {
                    assert!(*x <= tol, "{name}: {which} {what}: off by {x:e}");
                }
            }
            assert_eq!(w.nfactors as u64, c["nfactors"].as_u64().expect("present"));
            let flipped: Vec<&str> = c["psych"]["flipped"]
                .as_array()
                .expect("present")
                .iter()
                .map(|x| x.as_str().expect("present"))
                .collect();
            assert_eq!(w.flipped, flipped, "{name}: flipped");
            assert_eq!(w.n as u64, c["psych"]["n_obs"].as_u64().expect("present"));
            // The Schmid–Leiman loadings reproduce the communalities.
            for ((gi, gr), h) in g.iter().zip(&group).zip(&h2) {
                let sum = gi * gi + gr.iter().map(|x| x * x).sum::<f64>();
                assert!((sum - h).abs() < 1e-8, "{name}: {sum} vs {h}");
            }
            let json = serde_json::to_value(&w).expect("present");
            let back: OmegaHierarchical = serde_json::from_value(json).expect("present");
            assert_eq!(back, w);
        }
    }

    #[test]
    fn omega_h_factor_count_errors() {
        let reference = omega_h_reference();
        let c = &reference["cases"][0];
        let data: Vec<f64> = rows(&c["data"]).concat();
        let block = Block {
            data: BlockData::F64(&data),
            rows: 600,
            cols: 9,
            layout: Layout::RowMajor,
        };
        let o = OmegaOptions::default();
        for nf in [0, 1, 4, usize::MAX] {
            let e = omega_hierarchical(&block, &o, nf).expect_err("an error");
            assert_eq!(e.code(), "factor-count", "{nf}");
        }
        let w = omega_hierarchical(&block, &o, 2).expect("present");
        assert!(w.omega_h.is_finite() && w.omega_total.is_finite());
        assert!(w.notes.iter().any(|n| n.contains("not identified")));
        let few = [1.0, 2.0, 2.0, 3.0, 3.0, 1.0];
        let tiny = Block {
            data: BlockData::F64(&few),
            rows: 3,
            cols: 2,
            layout: Layout::RowMajor,
        };
        assert_eq!(
            omega_hierarchical(&tiny, &o, 3)
                .expect_err("an error")
                .code(),
            "too-few-items"
        );
    }

    /// Random small blocks (answers 1–5, some missing, some constant items)
    /// give a result or an error, never a panic.
    #[test]
    fn omega_h_never_panics() {
        let mut state = 0x1234_5678_9abc_def0u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        for _ in 0..300 {
            let rows = next() % 40;
            let cols = next() % 13;
            let data: Vec<f64> = (0..rows * cols)
                .map(|_| match next() % 10 {
                    0 => f64::NAN,
                    v => count_f64(v % 5 + 1),
                })
                .collect();
            let block = Block {
                data: BlockData::F64(&data),
                rows,
                cols,
                layout: Layout::RowMajor,
            };
            let missing = if next() % 2 == 0 {
                Deletion::Pairwise
            } else {
                Deletion::Listwise
            };
            let o = OmegaOptions {
                missing,
                ..Default::default()
            };
            if let Ok(w) = omega_hierarchical(&block, &o, 2 + next() % 3) {
                assert!(w.general_loadings.iter().all(|x| x.1.is_finite()));
                assert_eq!(w.group_loadings.len(), w.n_items);
            }
        }
    }

    #[test]
    fn exact_one_factor_is_recovered() {
        let l = [0.8, 0.7, 0.6, 0.5, 0.4];
        let m = l.len();
        let mut r = vec![1.0; m * m];
        for a in 0..m {
            for b in 0..m {
                if a != b {
                    r[a * m + b] = l[a] * l[b];
                }
            }
        }
        let fit = one_factor_minres(&r, m).expect("converges");
        for (x, y) in fit.loadings.iter().zip(&l) {
            assert!((x - y).abs() < 1e-12, "{x} {y}");
        }
        assert!(fit.heywood.iter().all(|h| !h));
    }

    #[test]
    fn heywood_is_bounded() {
        // r12 r13 / r23 = 1.2 > 1: the exact fit needs λ1² > 1.
        let r = [
            1.0, 0.8, 0.6, //
            0.8, 1.0, 0.4, //
            0.6, 0.4, 1.0,
        ];
        let fit = one_factor_minres(&r, 3).expect("converges");
        // psych 2.2.9, fa(r, 1, fm = "minres"): ψ₁ at its bound 0.005, and
        // the loadings of the first principal axis of R − diag(ψ) (the
        // first above 1), to its optimiser's tolerance.
        let psych = [1.012611438518, 0.770316074795, 0.565672691594];
        assert_eq!(fit.heywood, [true, false, false]);
        for (x, y) in fit.loadings.iter().zip(&psych) {
            assert!((x - y).abs() < 1e-5, "{x} {y}");
        }
    }

    #[test]
    fn uncorrelated_items_give_zero_loadings() {
        let r = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0];
        let fit = one_factor_minres(&r, 3).expect("converges");
        assert!(fit.loadings.iter().all(|x| *x == 0.0));
    }
}
