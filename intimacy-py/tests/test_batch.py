"""score_array and score_frame: dtypes, memory orders, index, problems, and
agreement with scoring one respondent at a time."""

import math
import warnings

import numpy as np
import pytest

import intimacy
from intimacy import Instrument, IntimacyWarning, ResponseError

pd = pytest.importorskip("pandas")


@pytest.fixture
def keyed():
    return Instrument.from_keys({"a": ["q1", "-q2", "q3"], "b": ["q4", "q5"]}, bounds=(1, 5), min_answered=2)


ROWS = np.array([[5, 1, 5, 4, 4], [1, 5, np.nan, 2, np.nan], [3, 3, 3, 2, 3]], dtype=float)


def test_score_array_matches_single_scoring(keyed):
    out = keyed.score_array(ROWS)
    for r, row in enumerate(ROWS):
        answers = {f"q{j + 1}": (None if math.isnan(v) else v) for j, v in enumerate(row)}
        single = keyed.score(answers)
        for sid, s in single.scales.items():
            got = out[sid][r]
            assert (math.isnan(got) and s.score is None) or got == s.score
            assert out[f"{sid}:answered"][r] == s.answered
    # A research instrument raises no flags, so it gets no flag columns.
    assert not [k for k in out if k.startswith(("flag:", "count:"))]


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.uint8, np.int16])
def test_dtypes_and_orders_agree(keyed, order, dtype):
    expected = keyed.score_array(ROWS)
    if np.dtype(dtype).kind == "f":
        arr = np.asarray(ROWS, dtype=dtype, order=order)
        out = keyed.score_array(arr)
    else:
        codes = np.where(np.isnan(ROWS), 0, ROWS).astype(dtype)
        out = keyed.score_array(np.asarray(codes, order=order), missing_code=0)
    for k, v in expected.items():
        np.testing.assert_array_equal(out[k], v)


def test_refused_dtypes_and_shapes(keyed):
    with pytest.raises(TypeError):
        keyed.score_array(np.array([["1", "2", "3", "4", "5"]]))
    with pytest.raises(TypeError):
        keyed.score_array(np.ones((2, 5), dtype=bool))
    with pytest.raises(ValueError):
        keyed.score_array(np.ones(5))
    with pytest.raises(ResponseError) as info:
        keyed.score_array(np.ones((2, 4)))
    assert info.value.code == "shape"
    with pytest.raises(ValueError):
        keyed.score_array(np.ones((2, 5), dtype=np.uint8), missing_code=300)


def test_non_contiguous_views_are_scored(keyed):
    wide = np.repeat(ROWS, 2, axis=1)[:, ::2]
    out = keyed.score_array(wide)
    np.testing.assert_array_equal(out["a"], keyed.score_array(ROWS)["a"])


def test_problems_are_collected_and_warned(keyed):
    bad = ROWS.copy()
    bad[2, 3] = 9
    bad[0, 0] = np.inf
    with pytest.warns(IntimacyWarning, match="2 invalid"):
        out = keyed.score_array(bad)
    assert [(p.row, p.item, p.value) for p in out.problems] == [(0, "q1", math.inf), (2, "q4", 9.0)]
    assert len(out["a"]) == 3
    with pytest.raises(ResponseError) as info:
        keyed.score_array(bad, invalid="error")
    assert (info.value.row, info.value.item) == (0, "q1")


def test_columns_by_name(keyed):
    reordered = ROWS[:, [4, 3, 2, 1, 0]]
    out = keyed.score_array(reordered, columns=["q5", "q4", "q3", "q2", "q1"])
    np.testing.assert_array_equal(out["a"], keyed.score_array(ROWS)["a"])
    with pytest.raises(ResponseError):
        keyed.score_array(ROWS, columns=["q1", "q2", "q3", "q4", "zz"])


def test_score_frame_keeps_the_index_of_the_frame():
    inst = Instrument.builtin("levels-checkin")
    rng = np.random.default_rng(7)
    items = [i.id for i in inst.items]
    scales = {i.id: inst.response_scale_of(i.id) for i in inst.items}
    lo_hi = {k: (int(r.min), int(r.max)) for k, r in scales.items() if r is not None}
    data = {c: rng.integers(lo_hi[c][0], lo_hi[c][1] + 1, size=6).astype(float) for c in items}
    index = pd.Index([1001, 7, 42, 3, 99, 5], name="respondent")
    df = pd.DataFrame(data, index=index)
    df.iloc[2, 5] = np.nan
    out = inst.score_frame(df)
    assert out.index.equals(index)
    assert len(out) == len(df)
    assert "seven-levels:consecutive" in out.columns and "flag:safety" in out.columns
    # Same numbers as scoring each respondent alone.
    for pos, (rid, row) in enumerate(df.iterrows()):
        answers = {k: (None if math.isnan(v) else v) for k, v in row.items()}
        rep = inst.score(answers)
        assert out.loc[rid, "seven-levels:peak"] == rep.placements["seven-levels"].peak
        for sid, s in rep.scales.items():
            got = out.loc[rid, sid]
            assert (math.isnan(got) and s.score is None) or got == pytest.approx(s.score, abs=1e-12)


def test_score_frame_columns_policy(keyed):
    df = pd.DataFrame(ROWS, columns=["q1", "q2", "q3", "q4", "q5"])
    df["note"] = "x"
    with pytest.raises(ValueError, match="not items"):
        keyed.score_frame(df)
    out = keyed.score_frame(df, extra_columns="ignore")
    assert list(out["a"]) == list(keyed.score_array(ROWS)["a"])
    with pytest.raises(ValueError, match="no column"):
        keyed.score_frame(df[["q1", "q2", "q3", "q4"]])
    part = keyed.score_frame(df[["q1", "q2", "q3", "q4"]], missing_columns="missing")
    assert part["b:answered"].tolist() == [1, 1, 1]
    with pytest.raises(TypeError):
        keyed.score_frame(ROWS)
    text = pd.DataFrame({c: ["1"] * 3 for c in ["q1", "q2", "q3", "q4", "q5"]})
    with pytest.raises(TypeError):
        keyed.score_frame(text)


def test_pandas_nullable_integers(keyed):
    df = pd.DataFrame({c: pd.array([1, None, 3], dtype="Int64") for c in ["q1", "q2", "q3", "q4", "q5"]})
    out = keyed.score_frame(df)
    assert out["a:answered"].tolist() == [3, 0, 3]


def test_frame_columns_are_matched_by_the_core():
    inst = Instrument.from_keys({"a": ["q1", "q2"]}, bounds=(1, 5))
    both = pd.DataFrame([[1.0, 2.0, 3.0]], columns=["q1", "q1", "q2"])
    with pytest.raises(intimacy.ResponseError) as e:
        inst.score_frame(both)
    assert e.value.code == "shape" and "more than once" in str(e.value)
    extra = pd.DataFrame([[4.0, 2.0, 9.0]], columns=["q2", "q1", "id"])
    with pytest.raises(intimacy.ResponseError, match="not items"):
        inst.score_frame(extra)
    out = inst.score_frame(extra, extra_columns="ignore")
    assert out["a"].iloc[0] == 3.0
    with pytest.raises(intimacy.ResponseError, match="no column"):
        inst.score_frame(pd.DataFrame({"q1": [5.0]}))
    assert inst.score_frame(pd.DataFrame({"q1": [5.0]}), missing_columns="missing", min_answered=1)["a"].iloc[0] == 5.0
