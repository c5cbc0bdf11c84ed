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
