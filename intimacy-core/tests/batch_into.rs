//! Large batches (scored by several threads with the default `parallel`
//! feature) against the same rows scored in chunks into reused columns, and
//! `score_batch_into` reshaping columns left by another instrument.
use intimacy_core::{
    BatchScores, Block, BlockData, Instrument, InvalidPolicy, KeysOptions, Layout, MinAnswered,
    ScoreError, ScoreOptions, Scorer,
};

fn instrument(scales: usize, per: usize) -> Instrument {
    let keys: Vec<(String, Vec<String>)> = (0..scales)
        .map(|s| {
            let items = (0..per)
                .map(|i| {
                    if i % 3 == 1 {
                        format!("-s{s}i{i}")
                    } else {
                        format!("s{s}i{i}")
                    }
                })
                .collect();
            (format!("scale{s}"), items)
        })
        .collect();
    let mut inst = Instrument::from_keys(
        keys,
        &KeysOptions {
            bounds: Some((1.0, 5.0)),
            min_answered: Some(MinAnswered::Count(3)),
            ..Default::default()
        },
    )
    .expect("valid keys");
    inst.response_scales[0].continuous = false;
    inst
}

/// Whole answers 1..5 with some missing, and now and then 9 or 2.5 (not allowed).
fn cells(rows: usize, cols: usize) -> Vec<f64> {
    let mut s: u64 = 0x2545_F491_4F6C_DD1D;
    (0..rows * cols)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            match s % 997 {
                0 => 9.0,
                1 => 2.5,
                v if v % 20 == 0 => f64::NAN,
                v => f64::from(u32::try_from(1 + v % 5).unwrap()),
            }
        })
        .collect()
}

fn block(data: &[f64], cols: usize) -> Block<'_> {
    Block {
        data: BlockData::F64(data),
        rows: data.len() / cols,
        cols,
        layout: Layout::RowMajor,
    }
}

fn same(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits()
}

#[test]
fn a_large_batch_equals_its_chunks_scored_into_reused_columns() {
    let inst = instrument(3, 5);
    let cols = 15;
    let rows = 10_000;
    let data = cells(rows, cols);
    let scorer = Scorer::new(&inst, &ScoreOptions::default()).expect("options");
    let full = scorer
        .score_batch(&block(&data, cols), None)
        .expect("scores");
    assert_eq!(full.rows, rows);
    assert!(full.problems.len() > 50, "the data holds bad cells");
    assert!(
        full.problems
            .iter()
            .zip(full.problems.iter().skip(1))
            .all(|(a, b)| a.row <= b.row)
    );

    // Chunks of 3000 rows (the last shorter) into one reused result.
    let mut out = scorer
        .score_batch(&block(&[], cols), None)
        .expect("an empty block");
    assert_eq!(out.rows, 0);
    for start in (0..rows).step_by(3000) {
        let end = (start + 3000).min(rows);
        scorer
            .score_batch_into(
                &block(&data[start * cols..end * cols], cols),
                None,
                &mut out,
            )
            .expect("scores");
        assert_eq!(out.rows, end - start);
        for (a, b) in out.scales.iter().zip(&full.scales) {
            assert_eq!(a.score.len(), end - start);
            assert!(
                a.score
                    .iter()
                    .zip(&b.score[start..end])
                    .all(|(x, y)| same(*x, *y))
            );
            assert_eq!(a.answered, b.answered[start..end]);
        }
        let expected: Vec<(usize, String)> = full
            .problems
            .iter()
            .filter(|p| (start..end).contains(&p.row))
            .map(|p| (p.row - start, p.item.to_owned()))
            .collect();
        let got: Vec<(usize, String)> = out
            .problems
            .iter()
            .map(|p| (p.row, p.item.to_owned()))
            .collect();
        assert_eq!(got, expected);
    }
}

#[test]
fn columns_left_by_another_instrument_are_reshaped() {
    let (a, b) = (instrument(3, 5), instrument(2, 4));
    let options = ScoreOptions::default();
    let (sa, sb) = (
        Scorer::new(&a, &options).expect("options"),
        Scorer::new(&b, &options).expect("options"),
    );
    let (da, db) = (cells(5000, 15), cells(37, 8));
    let mut out: BatchScores = sa.score_batch(&block(&da, 15), None).expect("scores");
    sb.score_batch_into(&block(&db, 8), None, &mut out)
        .expect("scores");
    let fresh = sb.score_batch(&block(&db, 8), None).expect("scores");
    assert_eq!(out.scales.len(), 2);
    assert_eq!(out.rows, fresh.rows);
    for (x, y) in out.scales.iter().zip(&fresh.scales) {
        assert_eq!(x.id, y.id);
        assert!(x.score.iter().zip(&y.score).all(|(p, q)| same(*p, *q)));
        assert_eq!(x.answered, y.answered);
    }
    assert_eq!(out.problems, fresh.problems);
}

#[test]
fn strict_scoring_stops_at_the_first_bad_row_whatever_the_threads() {
    let inst = instrument(3, 5);
    let data = cells(10_000, 15);
    let first = Scorer::new(&inst, &ScoreOptions::default())
        .expect("options")
        .score_batch(&block(&data, 15), None)
        .expect("scores")
        .problems
        .get(0)
        .expect("a problem")
        .row;
    let strict = ScoreOptions {
        invalid: Some(InvalidPolicy::Error),
        ..Default::default()
    };
    let err = Scorer::new(&inst, &strict)
        .expect("options")
        .score_batch(&block(&data, 15), None)
        .expect_err("a bad cell");
    match err {
        ScoreError::InvalidAnswer { row, .. } => assert_eq!(row, Some(first)),
        other => panic!("unexpected error {other:?}"),
    }
}
