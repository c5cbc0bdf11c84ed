//! Loading and validating instruments: the cost a check-in app pays at start-up.
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use intimacy_core::Instrument;

fn loading(c: &mut Criterion) {
    let json = Instrument::builtin("levels-checkin")
        .map(|i| i.to_json())
        .unwrap_or_default();
    c.bench_function("from_json levels-checkin (parse + validate)", |b| {
        b.iter(|| Instrument::from_json(black_box(&json)))
    });
    c.bench_function("builtin levels-checkin-short (form derivation)", |b| {
        b.iter(|| Instrument::builtin(black_box("levels-checkin-short")))
    });
}

criterion_group!(benches, loading);
criterion_main!(benches);
