//! The fuzz targets' shared code: see `shared.rs` (also included by
//! `intimacy-core/tests/fuzz_regressions.rs`).

pub mod shared;
pub use shared::*;

/// Decode `data` with `derive(Arbitrary)` (as the fuzz target does) and with
/// the hand-written [`Decode`] the test suite replays seeds with; they must agree.
pub fn decode<'a, T>(data: &'a [u8]) -> T
where
    T: arbitrary::Arbitrary<'a> + Decode + PartialEq + std::fmt::Debug,
{
    let mut u = arbitrary::Unstructured::new(data);
    let derived = T::arbitrary(&mut u).expect("derived Arbitrary never fails on these types");
    let hand = T::from_bytes(data);
    assert_eq!(
        derived, hand,
        "derive(Arbitrary) and the hand decoder disagree"
    );
    derived
}
