//! Quantiles of the F distribution for Feldt's confidence interval.
//!
//! Small degrees of freedom go to `statrs` (its regularised incomplete beta
//! is accurate there). For large degrees of freedom its continued fraction
//! stops short, so the quantile is found here by integrating the density of
//! `y = ln F` numerically: for large degrees of freedom that density is
//! smooth, unimodal at `y = 0` and close to normal with variance
//! `2 (1/d1 + 1/d2)`, so composite Gauss–Legendre over ±40 standard
//! deviations loses nothing measurable.

use statrs::distribution::{ContinuousCDF, FisherSnedecor};

use crate::numeric::count_f64;

/// Above this many degrees of freedom `statrs` is no longer trusted.
const STATRS_MAX_DF: f64 = 10_000.0;
/// Below this the integration's tails would be too heavy for its window.
const INTEGRATE_MIN_DF: f64 = 50.0;
/// Gauss–Legendre points per panel.
const GL_POINTS: usize = 16;
/// Panels per standard deviation and half-width of the window in standard deviations.
const PANELS_PER_SD: u32 = 2;
const HALF_WIDTH_SD: u32 = 40;

/// The `p` quantile of F(`d1`, `d2`); NaN when the arguments make no sense.
pub(crate) fn f_quantile(p: f64, d1: f64, d2: f64) -> f64 {
    if !(p > 0.0 && p < 1.0 && d1 > 0.0 && d2 > 0.0 && d1.is_finite() && d2.is_finite()) {
        return f64::NAN;
    }
    if d1.max(d2) < STATRS_MAX_DF || d1.min(d2) < INTEGRATE_MIN_DF {
        return match FisherSnedecor::new(d1, d2) {
            Ok(f) => f.inverse_cdf(p),
            Err(_) => f64::NAN,
        };
    }
    integrated_quantile(p, d1, d2)
}

/// Nodes and weights of Gauss–Legendre on [-1, 1], by Newton's method on
/// the Legendre polynomial.
fn gauss_legendre() -> ([f64; GL_POINTS], [f64; GL_POINTS]) {
    let n = GL_POINTS;
    let mut nodes = [0.0; GL_POINTS];
    let mut weights = [0.0; GL_POINTS];
    let nf = count_f64(n);
    for i in 0..n.div_ceil(2) {
        // Tricomi's starting value for the i-th largest root.
        let mut x = (std::f64::consts::PI * (count_f64(i) + 0.75) / (nf + 0.5)).cos();
        let mut dp = 1.0;
        for _ in 0..100 {
            // P_n(x) and P_n'(x) by the three-term recurrence.
            let (mut p0, mut p1) = (1.0, x);
            for m in 2..=n {
                let mf = count_f64(m);
                let p2 = ((2.0 * mf - 1.0) * x * p1 - (mf - 1.0) * p0) / mf;
                p0 = p1;
                p1 = p2;
            }
            dp = nf * (x * p1 - p0) / (x * x - 1.0);
            let step = p1 / dp;
            x -= step;
            if step.abs() < 1e-16 {
                break;
            }
        }
        let w = 2.0 / ((1.0 - x * x) * dp * dp);
        nodes[i] = -x;
        weights[i] = w;
        nodes[n - 1 - i] = x;
        weights[n - 1 - i] = w;
    }
    (nodes, weights)
}

/// The quantile from the integrated density of `ln F`.
fn integrated_quantile(p: f64, d1: f64, d2: f64) -> f64 {
    // Unnormalised log-density of y = ln F, zero at its mode y = 0:
    // (d1 + d2)/2 * (b y - ln(1 + b (e^y - 1))) with b = d1 / (d1 + d2).
    let half = 0.5 * (d1 + d2);
    let b = d1 / (d1 + d2);
    let density = |y: f64| (half * (b * y - (b * y.exp_m1()).ln_1p())).exp();
    let sd = (2.0 * (1.0 / d1 + 1.0 / d2)).sqrt();
    let (nodes, weights) = gauss_legendre();
    let integral = |a: f64, z: f64| {
        let mid = 0.5 * (a + z);
        let rad = 0.5 * (z - a);
        let mut s = 0.0;
        for (x, w) in nodes.iter().zip(&weights) {
            s += w * density(mid + rad * x);
        }
        s * rad
    };
    let width = 1.0 / f64::from(PANELS_PER_SD) * sd;
    let panels = 2 * HALF_WIDTH_SD * PANELS_PER_SD;
    let start = -f64::from(HALF_WIDTH_SD) * sd;
    let areas: Vec<f64> = (0..panels)
        .map(|i| {
            let a = start + f64::from(i) * width;
            integral(a, a + width)
        })
        .collect();
    let total: f64 = areas.iter().sum();
    let target = p * total;
    let mut below = 0.0;
    for (i, &area) in areas.iter().enumerate() {
        if below + area >= target {
            // Bisection inside this panel on the partial integral.
            let a = start + count_f64(i) * width;
            let (mut lo, mut hi) = (a, a + width);
            for _ in 0..200 {
                let mid = 0.5 * (lo + hi);
                if mid <= lo || mid >= hi {
                    break;
                }
                if below + integral(a, mid) < target {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return (0.5 * (lo + hi)).exp();
        }
        below += area;
    }
    f64::NAN
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legendre_weights_sum_to_two() {
        let (nodes, weights) = gauss_legendre();
        let s: f64 = weights.iter().sum();
        assert!((s - 2.0).abs() < 1e-14);
        // Exact for x^2 up to rounding.
        let m2: f64 = nodes.iter().zip(&weights).map(|(x, w)| w * x * x).sum();
        assert!((m2 - 2.0 / 3.0).abs() < 1e-14);
    }

    /// Reference quantiles from a 40-digit computation (mpmath: the
    /// density of ln F normalised with log-gamma, integrated by `quad`, the
    /// root found by `findroot`). R's `qf` switches to a chi-square
    /// approximation above 4e5 denominator degrees of freedom and misses
    /// these by up to 6e-4.
    #[test]
    fn large_degrees_of_freedom_are_exact() {
        let cases = [
            (0.025, 9_999.0, 69_993.0, 0.970_638_055_221_055),
            (0.025, 99_999.0, 699_993.0, 0.990_656_722_170_482_6),
            (0.025, 999_999.0, 6_999_993.0, 0.997_039_532_004_931_9),
            (0.025, 9_999_999.0, 489_999_951.0, 0.999_114_779_735_384_6),
            (0.975, 1_999.0, 13_993.0, 1.067_645_229_241_664_3),
            (0.975, 99_999.0, 699_993.0, 1.009_397_703_459_068_5),
            (0.975, 999_999.0, 6_999_993.0, 1.002_965_910_502_115_5),
        ];
        for (p, d1, d2, want) in cases {
            let got = f_quantile(p, d1, d2);
            assert!(
                (got - want).abs() < 1e-13,
                "F({d1}, {d2}) at {p}: {got} != {want}"
            );
        }
    }

    #[test]
    fn nonsense_is_nan() {
        assert!(f_quantile(0.0, 3.0, 4.0).is_nan());
        assert!(f_quantile(0.5, 0.0, 4.0).is_nan());
        assert!(f_quantile(f64::NAN, 3.0, 4.0).is_nan());
        assert!(f_quantile(0.5, f64::INFINITY, 4.0).is_nan());
    }
}
