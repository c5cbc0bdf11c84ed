//! Blocks given as one slice per column (`BlockData::Columns`, how a data
//! frame's or an Arrow table's columns are borrowed where they lie) score
//! and analyse exactly as the same cells in one row-major block, on the
//! kernel's path and the general one, in whole and partial tiles.
use intimacy_core::{
    BatchScores, Block, BlockData, Instrument, KeysOptions, Layout, MinAnswered,
    ReliabilityOptions, ScoreOptions, Scorer, reliability,
};

fn keyed(items: usize) -> Instrument {
    let names: Vec<String> = (0..items)
        .map(|i| {
            if i % 3 == 1 {
                format!("-q{i}")
            } else {
                format!("q{i}")
            }
        })
        .collect();
    let (a, b) = names.split_at(items / 2);
    Instrument::from_keys(
        [("a", a.to_vec()), ("b", b.to_vec())],
        &KeysOptions {
            bounds: Some((1.0, 5.0)),
            min_answered: Some(MinAnswered::Count(2)),
            ..Default::default()
        },
    )
    .expect("valid keys")
}

/// Answers 1..5, some missing, now and then 9 or 2.5 (not allowed).
fn cells(rows: usize, cols: usize) -> Vec<f64> {
    let mut s: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..rows * cols)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            match s % 503 {
                0 => 9.0,
                1 => 2.5,
                v if v % 17 == 0 => f64::NAN,
                v => f64::from(u32::try_from(1 + v % 5).expect("small")),
            }
        })
        .collect()
}

/// Every column and problem of two results, compared bit for bit.
fn assert_same(a: &BatchScores, b: &BatchScores) {
    assert_eq!(a.rows, b.rows);
    assert_eq!(a.scales.len(), b.scales.len());
    for (x, y) in a.scales.iter().zip(&b.scales) {
        assert_eq!(x.id, y.id);
        let bits = |v: &[f64]| v.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&x.score), bits(&y.score), "scale {}", x.id);
        assert_eq!(x.answered, y.answered, "scale {}", x.id);
    }
    assert_eq!(a.placements, b.placements);
    assert_eq!(a.flags, b.flags);
    let problems = |s: &BatchScores| {
        s.problems
            .iter()
            .map(|p| {
                (
                    p.row,
                    p.column,
                    p.item.to_owned(),
                    p.value.to_bits(),
                    p.message.to_owned(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(problems(a), problems(b));
}

/// The cells of a row-major block stored as a frame would hold them: each
/// column contiguous, in the order `order` (frame column k holds item
/// `order[k]`), with an extra column before them; and the item columns
/// borrowed from there in the instrument's order.
fn frame_columns(data: &[f64], rows: usize, cols: usize, order: &[usize]) -> Vec<f64> {
    let mut frame = vec![7.0; rows];
    for &i in order {
        frame.extend((0..rows).map(|r| data[r * cols + i]));
    }
    frame
}

fn check(inst: &Instrument, rows: usize, options: &ScoreOptions) {
    let cols = inst.items.len();
    let data = cells(rows, cols);
    let order: Vec<usize> = (0..cols).rev().collect();
    let frame = frame_columns(&data, rows, cols, &order);
    let columns: Vec<&[f64]> = (0..cols)
        .map(|i| {
            let k = 1 + order.iter().position(|&o| o == i).expect("every item");
            &frame[k * rows..(k + 1) * rows]
        })
        .collect();
    let scorer = Scorer::new(inst, options).expect("options");
    let row_major = Block {
        data: BlockData::F64(&data),
        rows,
        cols,
        layout: Layout::RowMajor,
    };
    let by_column = Block {
        data: BlockData::Columns(&columns),
        ..row_major
    };
    assert!(by_column.fits());
    let expected = scorer.score_batch(&row_major, None).expect("scores");
    assert!(
        !expected.problems.is_empty() || rows < 20,
        "the data holds bad cells"
    );
    assert_same(
        &scorer.score_batch(&by_column, None).expect("scores"),
        &expected,
    );
    // Named columns map as they do for any block.
    let names: Vec<&str> = inst.items.iter().map(|i| i.id.as_str()).collect();
    assert_same(
        &scorer
            .score_batch(&by_column, Some(&names))
            .expect("scores"),
        &expected,
    );
}

#[test]
fn columns_score_as_the_row_major_block_on_the_kernels_path() {
    // 40 000 × 12 cells pass the size from which columns are prefetched;
    // 13 rows leave a partial tile.
    for rows in [0, 1, 13, 40_000] {
        check(&keyed(12), rows, &ScoreOptions::default());
        let prorate = ScoreOptions {
            missing: intimacy_core::MissingPolicy::Prorate,
            ..Default::default()
        };
        check(&keyed(12), rows, &prorate);
    }
}

#[test]
fn columns_score_as_the_row_major_block_on_the_general_path() {
    // Targets, sections and flags: the general path reads cell by cell.
    let checkin = Instrument::builtin("levels-checkin").expect("builtin");
    let options = ScoreOptions {
        opted_in: vec!["physical".into()],
        ..Default::default()
    };
    for rows in [3, 500] {
        let cols = checkin.items.len();
        // Answers 1..5 fit most of its items; the others are problems.
        let data = cells(rows, cols);
        let scorer = Scorer::new(&checkin, &options).expect("options");
        let t: Vec<f64> = (0..cols)
            .flat_map(|j| (0..rows).map(move |r| (r, j)))
            .map(|(r, j)| data[r * cols + j])
            .collect();
        let columns: Vec<&[f64]> = t.chunks(rows).collect();
        let row_major = Block {
            data: BlockData::F64(&data),
            rows,
            cols,
            layout: Layout::RowMajor,
        };
        let expected = scorer.score_batch(&row_major, None).expect("scores");
        let by_column = Block {
            data: BlockData::Columns(&columns),
            ..row_major
        };
        assert_same(
            &scorer.score_batch(&by_column, None).expect("scores"),
            &expected,
        );
    }
}

#[test]
fn columns_that_do_not_fit_the_shape_are_a_shape_error() {
    let inst = keyed(4);
    let scorer = Scorer::new(&inst, &ScoreOptions::default()).expect("options");
    let (a, b) = ([1.0, 2.0, 3.0], [1.0, 2.0]);
    let uneven = [&a[..], &b[..], &a[..], &a[..]];
    let block = Block {
        data: BlockData::Columns(&uneven),
        rows: 3,
        cols: 4,
        layout: Layout::ColumnMajor,
    };
    assert!(!block.fits());
    let e = scorer.score_batch(&block, None).expect_err("uneven");
    assert_eq!(e.code(), "shape");
    assert!(e.to_string().contains("column 1 holds 2 cells"), "{e}");
    let three = [&a[..], &a[..], &a[..]];
    let e = scorer
        .score_batch(
            &Block {
                data: BlockData::Columns(&three),
                ..block
            },
            None,
        )
        .expect_err("too few");
    assert!(e.to_string().contains("4 columns but 3 were given"), "{e}");
    // Reliability refuses them too (it would read past a column).
    let r = reliability(
        &Block {
            data: BlockData::Columns(&uneven),
            ..block
        },
        &ReliabilityOptions::default(),
    );
    assert_eq!(r.expect_err("uneven").code(), "shape");
}

#[test]
fn reliability_reads_columns_as_the_row_major_block() {
    let (rows, cols) = (60, 5);
    let data = cells(rows, cols);
    let t: Vec<f64> = (0..cols)
        .flat_map(|j| (0..rows).map(move |r| (r, j)))
        .map(|(r, j)| data[r * cols + j])
        .collect();
    let columns: Vec<&[f64]> = t.chunks(rows).collect();
    let row_major = Block {
        data: BlockData::F64(&data),
        rows,
        cols,
        layout: Layout::RowMajor,
    };
    let a = reliability(&row_major, &ReliabilityOptions::default()).expect("alpha");
    let b = reliability(
        &Block {
            data: BlockData::Columns(&columns),
            ..row_major
        },
        &ReliabilityOptions::default(),
    )
    .expect("alpha");
    assert_eq!(
        serde_json::to_string(&a).expect("json"),
        serde_json::to_string(&b).expect("json")
    );
}
