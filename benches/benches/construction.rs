//! Building and scoring at scale (issue 12, "linear time"): instruments of
//! 10 k, 100 k and 1 M items (10 scales, every third item reversed) built
//! from JSON text (parse + validate) and from scoring keys; and batches of
//! 10 M cells (250 k respondents × 40 items) all valid or all invalid, the
//! invalid ones treated as missing and each recorded as a problem (the
//! default of `score_batch`). Valid cells are timed both through the
//! vectorised kernel and through the general path (the same instrument with
//! a "does not apply" code, which the kernel leaves to it). Invalid cells go
//! through the kernel, which treats them as missing; each is then recorded
//! in 24 bytes (`CellProblems`).
//!
//! Each build or batch is timed without dropping its result (a 1 M-item
//! instrument, or 10 M problems, take a while to free).
use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use intimacy_core::{
    Block, BlockData, Instrument, KeysOptions, Layout, ScaleLabel, ScoreOptions, Scorer,
};

/// The whole answers 1-5.
const ANSWERS: [f64; 5] = [1.0, 2.0, 3.0, 4.0, 5.0];

const SCALES: usize = 10;

/// Item `i` of scale `s`, with a leading `-` when reversed.
fn key(s: usize, i: usize) -> String {
    if i % 3 == 2 {
        format!("-s{s}_{i}")
    } else {
        format!("s{s}_{i}")
    }
}

/// Scoring keys of `n` items in [`SCALES`] scales.
fn keys(n: usize) -> Vec<(String, Vec<String>)> {
    let per = n / SCALES;
    (0..SCALES)
        .map(|s| (format!("scale{s}"), (0..per).map(|i| key(s, i)).collect()))
        .collect()
}

/// The same instrument as JSON text: a 1-5 response scale, the items, the scales.
fn json(n: usize) -> String {
    let per = n / SCALES;
    let mut items = Vec::with_capacity(n);
    let mut scales = Vec::with_capacity(SCALES);
    for s in 0..SCALES {
        let mut members = Vec::with_capacity(per);
        for i in 0..per {
            let reverse = if i % 3 == 2 { r#","reverse":true"# } else { "" };
            items.push(format!(r#"{{"id":"s{s}_{i}"{reverse}}}"#));
            members.push(format!(r#""s{s}_{i}""#));
        }
        scales.push(format!(
            r#"{{"id":"scale{s}","items":[{}]}}"#,
            members.join(",")
        ));
    }
    format!(
        r#"{{"id":"large","version":"1","title":"Large","licence":"MIT","verification":{{"status":"authored"}},"default_response_scale":"agree","response_scales":[{{"id":"agree","min":1,"max":5}}],"items":[{}],"scales":[{}]}}"#,
        items.join(","),
        scales.join(",")
    )
}

fn build(c: &mut Criterion) {
    let options = KeysOptions {
        bounds: Some((1.0, 5.0)),
        ..Default::default()
    };
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
    group.sampling_mode(SamplingMode::Flat);
    for n in [10_000usize, 100_000, 1_000_000] {
        group.throughput(Throughput::Elements(n as u64));
        let text = json(n);
        assert_eq!(
            Instrument::from_json(&text).map(|i| i.items.len()),
            Ok(n),
            "a valid instrument"
        );
        group.bench_with_input(BenchmarkId::new("from_json", n), &text, |b, text| {
            b.iter_with_large_drop(|| Instrument::from_json(black_box(text)))
        });
        let keys = keys(n);
        group.bench_with_input(BenchmarkId::new("from_keys", n), &keys, |b, keys| {
            b.iter_with_large_drop(|| {
                Instrument::from_keys(black_box(keys).iter().map(|(s, m)| (s, m)), &options)
            })
        });
    }
    group.finish();
}

fn batch(c: &mut Criterion) {
    let (rows, cols) = (250_000usize, 40usize);
    let mut inst = Instrument::from_keys(
        (0..5).map(|s| {
            (
                format!("scale{s}"),
                (0..cols / 5).map(|i| key(s, i)).collect::<Vec<_>>(),
            )
        }),
        &KeysOptions {
            bounds: Some((1.0, 5.0)),
            ..Default::default()
        },
    )
    .expect("valid keys");
    inst.response_scales[0].continuous = false;
    let mut general = inst.clone();
    general.response_scales[0].not_applicable = Some(ScaleLabel {
        value: 0.0,
        label: "does not apply".into(),
    });
    let kernel = Scorer::new(&inst, &ScoreOptions::default()).expect("options");
    let general = Scorer::new(&general, &ScoreOptions::default()).expect("options");
    // Whole answers 1-5; or out of range (9) and off the steps (2.5) in turn.
    let valid: Vec<f64> = (0..rows * cols).map(|k| ANSWERS[k % 5]).collect();
    let invalid: Vec<f64> = (0..rows * cols)
        .map(|k| if k % 2 == 0 { 9.0 } else { 2.5 })
        .collect();
    fn block(data: &[f64], rows: usize, cols: usize) -> Block<'_> {
        Block {
            data: BlockData::F64(data),
            rows,
            cols,
            layout: Layout::RowMajor,
        }
    }
    let problems = |s: &Scorer, data: &[f64]| {
        s.score_batch(&block(data, rows, cols), None)
            .map(|o| (o.rows, o.problems.len()))
    };
    assert_eq!(problems(&kernel, &valid), Ok((rows, 0)));
    assert_eq!(problems(&general, &valid), Ok((rows, 0)));
    assert_eq!(problems(&kernel, &invalid), Ok((rows, rows * cols)));

    let mut group = c.benchmark_group("batch 10M cells");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(5));
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Elements((rows * cols) as u64));
    let cases: [(&str, &Scorer, &[f64]); 3] = [
        ("valid (kernel)", &kernel, &valid),
        ("valid (general path)", &general, &valid),
        ("invalid (recorded as problems)", &kernel, &invalid),
    ];
    for (name, scorer, data) in cases {
        group.bench_function(name, |b| {
            let blk = block(data, rows, cols);
            b.iter_with_large_drop(|| scorer.score_batch(black_box(&blk), None))
        });
    }
    group.finish();
}

criterion_group!(benches, build, batch);
criterion_main!(benches);
