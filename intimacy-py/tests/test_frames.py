"""score_frame on pandas frames (float64 in item order and shuffled, mixed
dtypes, extra and absent columns) and on frames read through the Arrow
PyCapsule interface (polars, pyarrow, pandas with Arrow dtypes): the same
numbers and problems as score_array, and a frame of the input's kind."""

import gc
import math
import subprocess
import sys
import warnings

import numpy as np
import pytest

import intimacy
from intimacy import ArgumentError, Instrument, IntimacyWarning, ResponseError

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")

ITEMS = ["q1", "q2", "q3", "q4", "q5"]


@pytest.fixture
def keyed():
    return Instrument.from_keys({"a": ["q1", "-q2", "q3"], "b": ["q4", "q5"]}, bounds=(1, 5), min_answered=2)


def answers(rows=600, seed=3):
    """Whole answers 1-5, about 5% missing and 1% invalid (9 or 2.5)."""
    rng = np.random.default_rng(seed)
    x = rng.integers(1, 6, size=(rows, len(ITEMS))).astype(float)
    x[rng.random(x.shape) < 0.05] = np.nan
    bad = rng.random(x.shape) < 0.01
    x[bad] = np.where(rng.random(x.shape) < 0.5, 9.0, 2.5)[bad]
    return x


def quiet_score_array(inst, x, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IntimacyWarning)
        return inst.score_array(x, **kw)


def columns_of(out):
    """The output frame's columns as numpy arrays, whatever its kind."""
    if isinstance(out, pd.DataFrame):
        return {c: out[c].to_numpy() for c in out.columns}
    if isinstance(out, pl.DataFrame):
        return {c: out[c].to_numpy() for c in out.columns}
    return {c: out.column(c).to_numpy() for c in out.column_names}


def assert_same_scores(out, expected):
    got = columns_of(out)
    assert list(got) == list(expected)
    for k, v in expected.items():
        np.testing.assert_array_equal(got[k], v, err_msg=k)
        assert got[k].dtype == v.dtype, k


def score(inst, frame, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IntimacyWarning)
        return inst.score_frame(frame, return_problems=True, **kw)


# pandas, numpy dtypes


def test_pandas_float64_in_item_order_equals_score_array(keyed):
    x = answers()
    expected = quiet_score_array(keyed, x)
    index = pd.Index([f"r{i}" for i in range(len(x))], name="who")
    df = pd.DataFrame(x, columns=ITEMS, index=index)
    with pytest.warns(IntimacyWarning, match="invalid cell"):
        out = keyed.score_frame(df)
    assert out.index.equals(index)
    assert_same_scores(out, expected)
    assert out.attrs["problems"] == expected.problems
    assert len(expected.problems) > 5


def test_pandas_float64_in_shuffled_order_equals_score_array(keyed):
    x = answers()
    expected = quiet_score_array(keyed, x)
    order = [3, 0, 4, 2, 1]
    df = pd.DataFrame(x[:, order], columns=[ITEMS[j] for j in order])
    out, problems = score(keyed, df)
    assert_same_scores(out, expected)
    # The same cells, each at the frame's own column.
    assert [(p.row, p.item, p.value) for p in problems] == [(p.row, p.item, p.value) for p in expected.problems]
    assert all(df.columns[p.column] == p.item for p in problems)
    assert any(p.column != ITEMS.index(p.item) for p in problems)


def test_pandas_extra_and_absent_columns(keyed):
    x = answers()
    df = pd.DataFrame(x, columns=ITEMS)
    df.insert(0, "id", [f"p{i}" for i in range(len(x))])
    df.insert(3, "note", 1.5)
    out, problems = score(keyed, df, extra_columns="ignore")
    assert_same_scores(out, quiet_score_array(keyed, x))
    assert all(df.columns[p.column] == p.item for p in problems)
    # q4 absent: unanswered.
    part = df.drop(columns=["q4"])
    out, _ = score(keyed, part, extra_columns="ignore", missing_columns="missing")
    y = x.copy()
    y[:, 3] = np.nan
    assert_same_scores(out, quiet_score_array(keyed, y))
    with pytest.raises(ResponseError, match="no column"):
        keyed.score_frame(part, extra_columns="ignore")
    with pytest.raises(ResponseError, match="not items"):
        keyed.score_frame(df)


def test_pandas_mixed_dtypes_equal_their_floats(keyed):
    x = answers()
    whole = np.where(np.isnan(x) | (x == 2.5), 0, x)
    df = pd.DataFrame(
        {
            "q1": whole[:, 0].astype(np.int8),
            "q2": x[:, 1].astype(np.float32),
            "q3": pd.array(np.where(whole[:, 2] == 0, None, whole[:, 2]), dtype="Int64"),
            "q4": whole[:, 3].astype(np.uint16),
            "q5": x[:, 4],
        }
    )
    expected_cells = np.column_stack(
        [whole[:, 0], x[:, 1], np.where(whole[:, 2] == 0, np.nan, whole[:, 2]), whole[:, 3], x[:, 4]]
    )
    out, problems = score(keyed, df)
    expected = quiet_score_array(keyed, expected_cells)
    assert_same_scores(out, expected)
    assert problems == expected.problems
    # 0 is outside 1-5: a problem in the integer columns.
    assert any(p.item == "q1" and p.value == 0.0 for p in problems)


def test_pandas_frame_over_a_row_major_array(keyed):
    # A frame wrapping a C-ordered array without a copy: its columns are
    # strided, and are still read right.
    x = answers()
    df = pd.DataFrame(x, columns=ITEMS, copy=False)
    out, _ = score(keyed, df)
    assert_same_scores(out, quiet_score_array(keyed, x))


def test_pandas_with_arrow_dtypes_keeps_pandas_and_its_index(keyed):
    x = answers(50)
    whole = np.where(x == 2.5, np.nan, x)
    index = pd.RangeIndex(100, 150)
    cells = {c: [None if math.isnan(v) else v for v in whole[:, j]] for j, c in enumerate(ITEMS)}
    df = pd.DataFrame({c: pd.array(v, dtype="double[pyarrow]") for c, v in cells.items()}, index=index)
    df["q4"] = pd.array(cells["q4"], dtype="int16[pyarrow]")
    assert all(isinstance(t, pd.ArrowDtype) for t in df.dtypes)
    out, problems = score(keyed, df)
    assert isinstance(out, pd.DataFrame) and out.index.equals(index)
    expected = quiet_score_array(keyed, whole)
    assert_same_scores(out, expected)
    assert problems == expected.problems
    assert out.attrs["problems"] == problems


# Arrow: polars and pyarrow


def polars_frame(x, chunks=3):
    """x as a polars frame of several chunks, NaN as null in q1 and q3 (and
    left NaN elsewhere: both are unanswered)."""
    parts = [
        pl.DataFrame({c: part[:, j] for j, c in enumerate(ITEMS)}).with_columns(
            pl.col("q1").fill_nan(None), pl.col("q3").fill_nan(None)
        )
        for part in np.array_split(x, chunks)
    ]
    return pl.concat(parts, rechunk=False)


def test_polars_in_polars_out_across_chunks_with_nulls(keyed):
    x = answers()
    df = polars_frame(x)
    assert df.n_chunks() == 3 and df["q1"].null_count() > 0
    expected = quiet_score_array(keyed, x)
    with pytest.warns(IntimacyWarning, match="invalid cell"):
        out = keyed.score_frame(df)
    assert isinstance(out, pl.DataFrame) and out.height == len(x)
    assert_same_scores(out, expected)
    out, problems = score(keyed, df)
    assert problems == expected.problems
    assert {p.row for p in problems} & set(range(len(x) // 3 + 1, len(x)))


def test_polars_shuffled_extra_and_absent_columns(keyed):
    x = answers()
    df = polars_frame(x).select(["q5", "q3", "q1", "q2"]).with_columns(pl.lit("x").alias("id"))
    y = x.copy()
    y[:, 3] = np.nan
    out, problems = score(keyed, df, extra_columns="ignore", missing_columns="missing")
    expected = quiet_score_array(keyed, y)
    assert_same_scores(out, expected)
    assert all(df.columns[p.column] == p.item for p in problems)
    assert [(p.row, p.item) for p in problems] == [(p.row, p.item) for p in expected.problems]
    with pytest.raises(ResponseError, match="not items"):
        keyed.score_frame(df, missing_columns="missing")
    with pytest.raises(ResponseError, match="no column"):
        keyed.score_frame(df, extra_columns="ignore")


def test_polars_invalid_cells_can_be_errors_at_their_row(keyed):
    x = answers()
    first = quiet_score_array(keyed, x).problems[0]
    with pytest.raises(ResponseError) as info:
        keyed.score_frame(polars_frame(x), invalid="error")
    assert (info.value.row, info.value.item) == (first.row, first.item)


ARROW_TYPES = [pa.int8(), pa.int16(), pa.int32(), pa.int64(), pa.uint8(), pa.uint16(), pa.uint32(), pa.uint64(), pa.float32()]


@pytest.mark.parametrize("arrow_type", ARROW_TYPES, ids=str)
def test_pyarrow_table_of_several_batches_and_every_numeric_type(keyed, arrow_type):
    x = answers(90)
    whole = np.where(np.isnan(x) | (x == 2.5), np.nan, x)
    batches = []
    for part in np.array_split(whole, 4):
        arrays = [pa.array(part[:, j], type=pa.float64(), from_pandas=True) for j in range(len(ITEMS))]
        # q2 in the type under test, its NaN as null.
        arrays[1] = arrays[1].cast(arrow_type)
        batches.append(pa.RecordBatch.from_arrays(arrays, names=ITEMS))
    table = pa.Table.from_batches(batches)
    assert table.column("q2").num_chunks == 4 and table.column("q2").null_count > 0
    out, problems = score(keyed, table)
    assert isinstance(out, pa.Table)
    expected = quiet_score_array(keyed, whole)
    assert_same_scores(out, expected)
    assert problems == expected.problems


def test_pyarrow_slices_keep_their_offsets(keyed):
    x = answers(40)
    table = pa.table({c: pa.array(x[:, j], from_pandas=True) for j, c in enumerate(ITEMS)})
    part = table.slice(7, 20)
    out, _ = score(keyed, part)
    assert_same_scores(out, quiet_score_array(keyed, x[7:27]))
    batch = table.to_batches()[0].slice(3, 10)
    out, _ = score(keyed, batch)
    assert isinstance(out, pa.Table)
    assert_same_scores(out, quiet_score_array(keyed, x[3:13]))


def test_arrow_null_type_column_is_unanswered(keyed):
    x = answers(10)
    df = pl.DataFrame({c: x[:, j] for j, c in enumerate(ITEMS)}).with_columns(pl.lit(None).alias("q5"))
    assert df.schema["q5"] == pl.Null
    y = x.copy()
    y[:, 4] = np.nan
    out, _ = score(keyed, df)
    assert_same_scores(out, quiet_score_array(keyed, y))


def test_unsupported_arrow_types_name_the_column(keyed):
    x = answers(10)
    cols = {c: x[:, j] for j, c in enumerate(ITEMS)}
    text = pl.DataFrame({**cols, "q3": ["1"] * 10})
    with pytest.raises(ArgumentError, match=r'column "q3" holds Arrow type "(vu|U|u)"') as info:
        keyed.score_frame(text)
    assert isinstance(info.value, TypeError) and info.value.code == "invalid-argument"
    flags = pa.table({**cols, "q2": pa.array([True] * 10)})
    with pytest.raises(ArgumentError, match=r'column "q2" holds Arrow type "b"'):
        keyed.score_frame(flags)
    dictionary = pa.table({**cols, "q1": pa.array(x[:, 0], from_pandas=True).dictionary_encode()})
    with pytest.raises(ArgumentError, match=r'column "q1" holds Arrow type "dictionary of'):
        keyed.score_frame(dictionary)
    # A column that is not an item may hold anything when it is ignored.
    out, _ = score(keyed, pl.DataFrame({**cols, "who": ["x"] * 10}), extra_columns="ignore")
    assert out.height == 10


def test_arrow_duplicate_names_are_refused_by_the_core(keyed):
    x = answers(5)
    arrays = [pa.array(x[:, j], from_pandas=True) for j in range(len(ITEMS))] + [pa.array(x[:, 0], from_pandas=True)]
    table = pa.Table.from_arrays(arrays, names=ITEMS + ["q1"])
    with pytest.raises(ResponseError, match="more than once"):
        keyed.score_frame(table)


def test_the_stream_and_its_batches_are_released(keyed):
    # Batches made on demand by a reader: once scored, all their memory is
    # given back (every release callback was called).
    x = answers(20_000)

    def batches():
        for part in np.array_split(x, 5):
            # From lists: buffers of pyarrow's own pool (numpy's would be borrowed).
            yield pa.RecordBatch.from_arrays([pa.array(part[:, j].tolist()) for j in range(len(ITEMS))], names=ITEMS)

    schema = pa.schema([(c, pa.float64()) for c in ITEMS])
    gc.collect()
    before = pa.total_allocated_bytes()
    reader = pa.RecordBatchReader.from_batches(schema, batches())
    out, _ = score(keyed, reader)
    assert out.num_rows == len(x)
    del reader
    gc.collect()
    # Nothing is left of the batches' 800 KB (the output's columns come
    # from numpy, not from pyarrow's pool).
    assert pa.total_allocated_bytes() - before <= 4096


def test_anything_else_is_refused(keyed):
    with pytest.raises(ArgumentError, match="__arrow_c_stream__"):
        keyed.score_frame(answers(3).tolist())
    with pytest.raises(ArgumentError, match="extra_columns"):
        keyed.score_frame(polars_frame(answers(3), 1), extra_columns="drop")


def test_general_path_instrument_through_every_kind():
    # Opt-in sections, targets and flags: placements and flag columns too.
    inst = Instrument.builtin("levels-checkin")
    items = [i.id for i in inst.items]
    rng = np.random.default_rng(11)
    x = rng.integers(1, 6, size=(40, len(items))).astype(float)
    x[rng.random(x.shape) < 0.1] = np.nan
    expected = quiet_score_array(inst, x, opted_in=["physical"])
    assert "flag:safety" in expected
    frames = [
        pd.DataFrame(x, columns=items),
        pl.DataFrame({c: x[:, j] for j, c in enumerate(items)}),
        pa.table({c: x[:, j] for j, c in enumerate(items)}),
    ]
    for frame in frames:
        out, _ = score(inst, frame, opted_in=["physical"])
        assert_same_scores(out, expected)


def test_arrow_frames_are_scored_without_pandas():
    # In a fresh interpreter, scoring a polars frame never imports pandas.
    script = (
        "import sys, numpy as np, polars as pl, intimacy\n"
        "inst = intimacy.Instrument.from_keys({'a': ['q1', 'q2']}, bounds=(1, 5))\n"
        "out = inst.score_frame(pl.DataFrame({'q1': [1.0, None], 'q2': [5, 3]}))\n"
        "assert isinstance(out, pl.DataFrame), type(out)\n"
        "assert out['a'].to_list()[0] == 3.0\n"
        "print('pandas' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
