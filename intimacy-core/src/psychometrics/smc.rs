//! Squared multiple correlations, as psych's `smc` finds them.
//!
//! psych inverts the correlation matrix with its `Pinv`: a pseudo-inverse
//! from the singular value decomposition that drops singular values at or
//! below `sqrt(machine epsilon)` times the largest. For a symmetric matrix
//! the singular values are the absolute eigenvalues, so the same inverse
//! comes from the symmetric eigendecomposition, which is what is used here.
//! Each SMC is `1 - 1 / inverse[i][i]`, clipped to [0, 1] as psych does.

use nalgebra::{DMatrix, SymmetricEigen};

/// psych's tolerance: `sqrt(.Machine$double.eps)`.
const PINV_TOL: f64 = 1.490_116_119_384_765_6e-8;

/// The diagonal of the pseudo-inverse of a symmetric matrix, and whether
/// the matrix is positive definite (no eigenvalue dropped, none negative).
#[derive(Debug, Clone)]
pub(crate) struct Inverse {
    /// The full pseudo-inverse, row-major.
    pub inv: Vec<f64>,
    /// Positive definite within psych's tolerance.
    pub positive_definite: bool,
}

/// Pseudo-inverse of the k × k symmetric matrix `m` (row-major); `None`
/// when it holds a non-finite value or the eigensolver does not converge.
pub(crate) fn pinv(m: &[f64], k: usize) -> Option<Inverse> {
    if k == 0 || m.len() != k * k || m.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let mat = DMatrix::from_row_slice(k, k, m);
    let eig = SymmetricEigen::try_new(mat, f64::EPSILON, 10_000)?;
    let largest = eig.eigenvalues.iter().fold(0.0f64, |a, l| a.max(l.abs()));
    let cut = (PINV_TOL * largest).max(0.0);
    let mut inv = vec![0.0; k * k];
    let mut positive_definite = true;
    for (l, &lambda) in eig.eigenvalues.iter().enumerate() {
        if lambda.abs() <= cut || lambda <= 0.0 {
            positive_definite = false;
        }
        if lambda.abs() <= cut {
            continue;
        }
        let v = eig.eigenvectors.column(l);
        for i in 0..k {
            let vi = v[i] / lambda;
            for j in 0..k {
                inv[i * k + j] += vi * v[j];
            }
        }
    }
    Some(Inverse {
        inv,
        positive_definite,
    })
}

/// psych's clipping of one SMC from the inverse's diagonal entry.
pub(crate) fn smc_from_diag(d: f64) -> f64 {
    (1.0 - 1.0 / d).clamp(0.0, 1.0)
}

/// SMCs of the k × k correlation matrix `r`; NaN for all when it cannot be
/// inverted (it holds an undefined correlation).
pub(crate) fn smc(r: &[f64], k: usize) -> Vec<f64> {
    match pinv(r, k) {
        Some(p) => (0..k).map(|i| smc_from_diag(p.inv[i * k + i])).collect(),
        None => vec![f64::NAN; k],
    }
}

/// SMCs of `r` without row and column `drop`, for every `drop`.
///
/// When `r` is positive definite its principal submatrices are too (their
/// eigenvalues interlace), so psych's pseudo-inverse of each is the plain
/// inverse, which follows from the full inverse by removing one pivot:
/// `inv(R₋ᵢ)[a][a] = inv(R)[a][a] − inv(R)[a][i]² / inv(R)[i][i]`.
/// Otherwise each submatrix is decomposed afresh.
pub(crate) fn smc_dropped(r: &[f64], k: usize, full: Option<&Inverse>) -> Vec<Vec<f64>> {
    if let Some(f) = full.filter(|f| f.positive_definite) {
        let inv = &f.inv;
        return (0..k)
            .map(|i| {
                let pivot = inv[i * k + i];
                (0..k)
                    .filter(|&a| a != i)
                    .map(|a| {
                        let c = inv[a * k + i];
                        smc_from_diag(inv[a * k + a] - c * c / pivot)
                    })
                    .collect()
            })
            .collect();
    }
    (0..k)
        .map(|i| {
            let sub: Vec<f64> = (0..k)
                .filter(|&a| a != i)
                .flat_map(|a| (0..k).filter(|&b| b != i).map(move |b| r[a * k + b]))
                .collect();
            smc(&sub, k - 1)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_by_two_is_r_squared() {
        let r = [1.0, 0.6, 0.6, 1.0];
        let s = smc(&r, 2);
        assert!((s[0] - 0.36).abs() < 1e-14 && (s[1] - 0.36).abs() < 1e-14);
    }

    #[test]
    fn singular_and_undefined() {
        // Two identical items: singular; the pseudo-inverse gives 1 - 1/0.25 < 0 → 0.
        let r = [1.0, 1.0, 1.0, 1.0];
        let s = smc(&r, 2);
        assert!(s.iter().all(|v| (0.0..=1.0).contains(v)));
        let r = [1.0, f64::NAN, f64::NAN, 1.0];
        assert!(smc(&r, 2).iter().all(|v| v.is_nan()));
    }

    #[test]
    fn dropped_by_pivot_equals_direct() {
        let r = [
            1.0, 0.5, 0.3, 0.2, //
            0.5, 1.0, 0.4, 0.1, //
            0.3, 0.4, 1.0, 0.35, //
            0.2, 0.1, 0.35, 1.0,
        ];
        let full = pinv(&r, 4);
        assert!(full.as_ref().is_some_and(|f| f.positive_definite));
        let fast = smc_dropped(&r, 4, full.as_ref());
        let slow = smc_dropped(&r, 4, None);
        for (a, b) in fast.iter().flatten().zip(slow.iter().flatten()) {
            assert!((a - b).abs() < 1e-13, "{a} {b}");
        }
    }
}
