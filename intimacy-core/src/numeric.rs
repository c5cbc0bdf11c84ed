//! Conversions between counts and floats, named for why they are safe.
//!
//! The workspace denies the casts that could lose precision, truncate or
//! lose a sign; the few places that need one go through these helpers, so
//! each reason is written once. Every helper gives exactly what the bare
//! `as` cast gave, so no score moves.

/// A count (of items, rows, cells, characters) as `f64`.
///
/// Exact: every integer up to 2^53 (about 9·10^15) is an `f64`, and no
/// count of things held in memory comes near it.
#[allow(
    clippy::cast_precision_loss,
    reason = "exact below 2^53, which no count of things in memory reaches"
)]
#[inline]
pub(crate) fn count_f64(n: usize) -> f64 {
    n as f64
}

/// A 64-bit count (rows tallied in a `u64` so that 32-bit targets cannot
/// overflow it) as `f64`; exact for the same reason as [`count_f64`].
#[allow(
    clippy::cast_precision_loss,
    reason = "exact below 2^53, which no count of rows reaches"
)]
#[inline]
pub(crate) fn count64_f64(n: u64) -> f64 {
    n as f64
}

/// `x` as an `i64` when it is a whole number that `i64` holds exactly, else
/// `None` (fractions, NaN, infinities, and magnitudes of 2^63 or more).
///
/// Converts with the saturating `as` and keeps the result only when it
/// converts back to `x`: two instructions, cheaper than `fract()` in the
/// tallying loop. `-0.0` gives `Some(0)`.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    reason = "the round trip below accepts only the exact conversions"
)]
#[inline]
pub(crate) fn exact_i64(x: f64) -> Option<i64> {
    let i = x as i64;
    // i64::MAX is not an f64, so a cast that gives it saturated (from 2^63
    // or more) even when it converts back to the same float.
    (i as f64 == x && i != i64::MAX).then_some(i)
}

/// `x` rounded toward zero as a `usize`, saturating: NaN and negatives give
/// 0, values beyond `usize::MAX` give `usize::MAX` (Rust's `as`).
///
/// For floats that hold a count or a size already clamped to a small range;
/// each caller says why its value is in range.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "the saturating conversion is the intended one; callers bound the value"
)]
#[inline]
pub(crate) fn saturating_usize(x: f64) -> usize {
    x as usize
}

/// A count as a `u8`, saturating at 255 (a flag's count column).
#[inline]
pub(crate) fn saturating_u8(n: usize) -> u8 {
    u8::try_from(n).unwrap_or(u8::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_i64_takes_only_whole_numbers_in_range() {
        assert_eq!(exact_i64(3.0), Some(3));
        assert_eq!(exact_i64(-0.0), Some(0));
        assert_eq!(exact_i64(-9_223_372_036_854_775_808.0), Some(i64::MIN));
        assert_eq!(exact_i64(9_223_372_036_854_775_808.0), None);
        assert_eq!(exact_i64(2.5), None);
        assert_eq!(exact_i64(f64::NAN), None);
        assert_eq!(exact_i64(f64::INFINITY), None);
        assert_eq!(exact_i64(f64::NEG_INFINITY), None);
    }

    #[test]
    fn saturating_usize_is_the_as_cast() {
        assert_eq!(saturating_usize(7.9), 7);
        assert_eq!(saturating_usize(-1.0), 0);
        assert_eq!(saturating_usize(f64::NAN), 0);
        assert_eq!(saturating_usize(1e300), usize::MAX);
        assert_eq!(saturating_u8(300), 255);
        assert_eq!(saturating_u8(254), 254);
    }

    #[test]
    fn counts_are_exact() {
        assert_eq!(count_f64(1 << 52), 4_503_599_627_370_496.0);
        assert_eq!(count64_f64(123), 123.0);
    }
}
