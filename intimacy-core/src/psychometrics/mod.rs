//! Psychometrics of the scales scored with this library: the reliability
//! (internal consistency) of one scale with [`reliability`], and McDonald's
//! omega total from a one-factor minres solution with [`omega`].
//!
//! The numbers follow R's psych package (`psych::alpha`, and the alpha,
//! lambda 6 and item–total correlations of `psych::scoreItems`); the
//! reference data in `tests/reference/` and the test
//! `intimacy-core/tests/reliability.rs` check them to 1e-8. Where the two
//! differ on purpose, [`reliability`] says so.

mod error;
mod fdist;
mod keyed;
mod moments;
mod omega;
mod reliability;
mod smc;

pub use keyed::{scale_reliability, scale_reliability_deletion, scale_reliability_options};
pub use omega::{
    Omega, OmegaError, OmegaFit, OmegaHierarchical, OmegaOptions, omega, omega_factors,
    omega_hierarchical,
};
pub use reliability::{
    Deletion, DroppedStats, Frequencies, ItemRef, ItemStats, MAX_ANALYSED_VALUE, MAX_ITEMS,
    Reliability, ReliabilityError, ReliabilityOptions, reliability,
};
