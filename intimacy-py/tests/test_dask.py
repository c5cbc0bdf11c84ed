"""intimacy.dask on a LocalCluster with several worker processes: results
equal the single-process results, index and row count kept."""

import numpy as np
import pytest

import intimacy
import intimacy.dask

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")


def test_dask_score_frame_on_a_local_cluster():
    inst = intimacy.Instrument.builtin("levels-checkin")
    items = [i.id for i in inst.items]
    rng = np.random.default_rng(11)
    n = 3000
    data = {}
    for it in inst.items:
        rs = inst.response_scale_of(it.id)
        lo, hi = int(rs.min), int(rs.max)
        col = rng.integers(lo, hi + 1, size=n).astype(float)
        col[rng.random(n) < 0.05] = np.nan
        data[it.id] = col
    df = pd.DataFrame(data, index=pd.RangeIndex(10_000, 10_000 + n, name="respondent"))
    expected = inst.score_frame(df)

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            assert len(client.scheduler_info()["workers"]) >= 2
            ddf = dd.from_pandas(df, npartitions=6)
            lazy = intimacy.dask.score_frame(ddf, inst)
            assert list(lazy.columns) == list(expected.columns)
            got = lazy.compute()
            # Work really ran on more than one worker process.
            assert len({w for w in client.run(lambda: __import__("os").getpid()).values()}) >= 2

    assert got.index.equals(expected.index)
    assert len(got) == n
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-12)
    assert set(items) <= set(df.columns)


def test_dask_rejects_non_dask_input():
    with pytest.raises(TypeError):
        intimacy.dask.score_frame(pd.DataFrame(), intimacy.Instrument.builtin("ras"))


def test_report_html_display():
    people = intimacy.Instrument.builtin("levels-checkin")
    report = people.score({"safety": 1, "l1a": 5})
    html = report._repr_html_()
    assert html.count("<svg") == 2 and "safety" in html and "<table>" in html


def test_dask_problems_name_rows_by_index_label_across_partitions():
    inst = intimacy.Instrument.builtin("ras")
    cols = [i.id for i in inst.items]
    rng = np.random.default_rng(5)
    n = 400
    values = rng.integers(1, 6, size=(n, len(cols))).astype(float)
    bad = rng.random(values.shape) < 0.02
    values[bad] = 9.0
    df = pd.DataFrame(values, columns=cols, index=pd.RangeIndex(500, 500 + n, name="respondent"))
    ddf = dd.from_pandas(df, npartitions=5)
    scored = intimacy.dask.score_frame(ddf, inst).compute(scheduler="synchronous")
    found = intimacy.dask.problems(ddf, inst).compute(scheduler="synchronous")
    # One output row per input row, in order; every invalid cell once, by label.
    assert scored.index.equals(df.index)
    assert len(found) == int(bad.sum())
    rows, cols_at = np.nonzero(bad)
    assert sorted(zip(found["index"], found["column"])) == sorted((500 + r, cols[c]) for r, c in zip(rows, cols_at))
    assert (found["value"] == 9.0).all()


@pytest.mark.filterwarnings("ignore::intimacy.IntimacyWarning")
def test_every_entry_point_gives_one_row_per_row_in_order():
    # Whatever the cells (NaN, ±inf, out of range, off step, huge), every entry
    # point returns exactly one output row per input row, in the input's order.
    inst = intimacy.Instrument.builtin("ras")
    cols = [i.id for i in inst.items]
    rng = np.random.default_rng(7)
    choices = np.array([np.nan, np.inf, -np.inf, 1e308, -0.0, 2.5, 0.0, 1, 2, 3, 4, 5, 99])
    for n in (0, 1, 2, 37):
        values = rng.choice(choices, size=(n, len(cols)))
        index = pd.Index(rng.permutation(10 * n + 1)[:n] + 1000, name="id")
        df = pd.DataFrame(values, columns=cols, index=index)
        arr = inst.score_array(values)
        assert all(len(v) == n for v in arr.values())
        frame = inst.score_frame(df)
        assert frame.index.equals(df.index)
        lazy = intimacy.dask.score_frame(dd.from_pandas(df, npartitions=3 if n else 1, sort=False), inst)
        assert lazy.compute(scheduler="synchronous").index.equals(df.index)


def _records(df, problems):
    """Problems as (row label, column name, item, value, message)."""
    return [(df.index[p.row], df.columns[p.column], p.item, p.value, p.message) for p in problems]


@pytest.mark.filterwarnings("ignore::intimacy.IntimacyWarning")
@pytest.mark.parametrize("npartitions", [1, 4, 7])
def test_dask_problems_equal_the_single_process_problems(npartitions):
    # Columns out of the instrument's order, one not an item, one item absent,
    # row labels not in order: each record names the frame's own row and column.
    inst = intimacy.Instrument.builtin("ras")
    cols = [i.id for i in inst.items]
    rng = np.random.default_rng(23)
    n = 90
    values = rng.choice(np.array([1, 2, 3, 4, 5, np.nan, 9, 2.5, -1, np.inf]), size=(n, len(cols)), p=[0.18] * 5 + [0.02] * 5)
    df = pd.DataFrame(values, columns=cols, index=pd.Index(rng.permutation(n) * 3 + 7, name="respondent"))
    df = df[["ras5", "ras1", "ras7", "ras3", "ras2", "ras6"]].assign(site="north")
    options = {"extra_columns": "ignore", "missing_columns": "missing", "missing": "prorate"}

    single = inst.score_frame(df, **options)
    want = _records(df, single.attrs["problems"])
    assert len(want) > 10
    assert all(column == item for _, column, item, _, _ in want)

    ddf = dd.from_pandas(df, npartitions=npartitions, sort=False)
    assert ddf.npartitions == npartitions
    found = intimacy.dask.problems(ddf, inst, **options).compute(scheduler="synchronous")
    got = list(zip(found["index"], found["column"], found["item"], found["value"], found["message"]))
    assert got == want
    scored = intimacy.dask.score_frame(ddf, inst, **options).compute(scheduler="synchronous")
    pd.testing.assert_frame_equal(scored, single, check_exact=False, rtol=1e-12)
