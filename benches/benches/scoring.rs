//! Scoring throughput: one full check-in report, and batches of 10 k and 1 M
//! respondents × 40 items (5 scales × 8 items, 3 reversed each, 2 % missing,
//! a minimum-answered rule), against a one-pass row sum over the same block as
//! the hardware reference. Batches are timed both into fresh output columns
//! (`score_batch`) and into reused ones (`score_batch_into`, like the
//! reference, which writes into a buffer it allocated beforehand).
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use intimacy_core::{
    Block, BlockData, Instrument, KeysOptions, Layout, MinAnswered, ScoreOptions, Scorer,
    example_respondents,
};

/// 5 scales × 8 items on 1..5, items 3, 6 and 8 of each reversed.
pub fn research_instrument() -> Instrument {
    let keys: Vec<(String, Vec<String>)> = (0..5)
        .map(|s| {
            let items = (0..8)
                .map(|i| {
                    let id = format!("s{s}_{i}");
                    if matches!(i, 2 | 5 | 7) {
                        format!("-{id}")
                    } else {
                        id
                    }
                })
                .collect();
            (format!("scale{s}"), items)
        })
        .collect();
    Instrument::from_keys(
        keys,
        &KeysOptions {
            bounds: Some((1.0, 5.0)),
            min_answered: Some(MinAnswered::Count(6)),
            ..Default::default()
        },
    )
    .expect("valid keys")
}

/// A deterministic block of whole-number answers with 2 % missing.
pub fn block(rows: usize, cols: usize) -> Vec<f64> {
    let mut s: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..rows * cols)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            if s.is_multiple_of(50) {
                f64::NAN
            } else {
                f64::from(u32::try_from(1 + (s >> 8) % 5).expect("1 to 5"))
            }
        })
        .collect()
}

fn row_sums(data: &[f64], cols: usize, out: &mut [f64]) {
    for (row, o) in data.chunks_exact(cols).zip(out.iter_mut()) {
        let mut acc = 0.0;
        for &x in row {
            if !x.is_nan() {
                acc += x;
            }
        }
        *o = acc;
    }
}

fn single(c: &mut Criterion) {
    let inst = Instrument::builtin("levels-checkin").expect("built-in");
    let person = &example_respondents()[2];
    let options = ScoreOptions {
        opted_in: person.opted_in.clone(),
        ..Default::default()
    };
    let scorer = Scorer::new(&inst, &options).expect("options");
    c.bench_function("report: levels-checkin full (prepared scorer)", |b| {
        b.iter(|| scorer.score(black_box(&person.answers)))
    });
    c.bench_function(
        "report: levels-checkin full (score(), incl. preparation)",
        |b| b.iter(|| intimacy_core::score(&inst, black_box(&person.answers), &options)),
    );
}

fn batch(c: &mut Criterion) {
    let inst = research_instrument();
    let scorer = Scorer::new(&inst, &ScoreOptions::default()).expect("options");
    let mut group = c.benchmark_group("batch 40 items");
    group.sample_size(10);
    for rows in [10_000usize, 1_000_000] {
        let data = block(rows, 40);
        group.throughput(Throughput::Bytes((data.len() * 8) as u64));
        let blk = Block {
            data: BlockData::F64(&data),
            rows,
            cols: 40,
            layout: Layout::RowMajor,
        };
        group.bench_with_input(BenchmarkId::new("score_batch", rows), &blk, |b, blk| {
            b.iter(|| scorer.score_batch(black_box(blk), None))
        });
        let mut reused = scorer.score_batch(&blk, None).expect("scores");
        group.bench_with_input(
            BenchmarkId::new("score_batch_into (reused columns)", rows),
            &blk,
            |b, blk| b.iter(|| scorer.score_batch_into(black_box(blk), None, &mut reused)),
        );
        let mut out = vec![0.0; rows];
        group.bench_with_input(
            BenchmarkId::new("row-sum reference", rows),
            &data,
            |b, d| b.iter(|| row_sums(black_box(d), 40, &mut out)),
        );
    }
    group.finish();
}

criterion_group!(benches, single, batch);
criterion_main!(benches);
