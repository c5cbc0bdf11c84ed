"""Change over time and couples from Python (the logic is the core's)."""

import json

import pytest

import intimacy
from conftest import contains
from conftest import FIXTURES


def example(name):
    people = json.loads((FIXTURES.parents[1] / "intimacy-core" / "data" / "examples" / "couples.json").read_text())
    return next(p for p in people["respondents"] if p["respondent"] == name)


def test_reliable_change_and_its_sign():
    c = intimacy.reliable_change(3.0, 4.2, sd=0.6, reliability=0.85)
    assert c.classification == "improved"
    assert c.rci == pytest.approx(1.2 / (0.6 * 0.3 ** 0.5))
    back = intimacy.reliable_change(4.2, 3.0, sd=0.6, reliability=0.85)
    assert back.rci == -c.rci
    with pytest.raises(ValueError):
        intimacy.reliable_change(1, 2, sd=0, reliability=0.8)


def test_couples_and_agreement():
    inst = intimacy.Instrument.builtin("levels-checkin")
    eli, fay = example("eli"), example("fay")
    a = inst.score(eli["answers"], opted_in=eli["opted_in"])
    b = inst.score(fay["answers"], opted_in=fay["opted_in"])
    c = intimacy.couples(inst, a, b)
    seven = c.placements["seven-levels"]
    assert seven.shared == min(seven.a, seven.b)
    assert len(seven.ahead) == 7
    # Nothing private reaches the joint report (Cleo is afraid of Dev).
    cleo, dev = example("cleo"), example("dev")
    ra = inst.score(cleo["answers"], opted_in=cleo["opted_in"])
    assert ra.safety_mode and [f.kind for f in ra.flags][:2] == ["safety", "consent"]
    joint = intimacy.couples(inst, ra, inst.score(dev["answers"], opted_in=dev["opted_in"]))
    text = json.dumps(joint.to_dict())
    for private in inst.private_ids():
        assert f'"{private}"' not in text
    assert not hasattr(joint, "safety")
    g = intimacy.dyadic_agreement([1, 3, 5], [2, 3, 4])
    assert g.icc_pairwise == pytest.approx(0.8)
    with pytest.raises(ValueError):
        intimacy.dyadic_agreement([1, 2], [1, 2])


def test_change_across_waves():
    inst = intimacy.Instrument.builtin("levels-checkin")
    w1 = inst.score({"k-emo1": 5, "k-emo2": 5, "f-disc": 0, "f-alone": 0})
    w2 = inst.score({"k-emo1": 2, "k-emo2": 2, "f-disc": 3, "f-alone": 4})
    ch = intimacy.change([w1, w2], norms={"kind-emotional": {"sd": 0.8, "reliability": 0.8}})
    assert ch.scales["kind-emotional"].change.classification == "deteriorated"
    assert ch.fading_present == [0, 2]
    assert [f.kind for f in ch.flags] == ["fading"]
    with pytest.raises(ValueError):
        intimacy.change([w1])
    with pytest.raises(ValueError):
        intimacy.change([w1, w2], norms={"kind-emotional": {"sd": 0.8}})


def test_pairwise_round_trip_and_errors():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(
        {"couple": ["c1", "c1", "c2", "c2"], "partner": ["a", "b", "a", "b"], "x": [1.0, 2.0, 3.0, 4.0], "y": [5, 6, 7, 8]}
    )
    pw = intimacy.to_pairwise(df)
    assert list(pw.columns) == ["couple", "partner", "x_actor", "x_partner", "y_actor", "y_partner"]
    assert pw[["x_actor", "x_partner"]].values.tolist() == [[1, 2], [2, 1], [3, 4], [4, 3]]
    back = intimacy.from_pairwise(pw)
    pd.testing.assert_frame_equal(back, df)
    indexed = intimacy.to_pairwise(df.set_index(["couple", "partner"]))
    pd.testing.assert_frame_equal(indexed, pw)
    with pytest.raises(ValueError, match="exactly two"):
        intimacy.to_pairwise(df.iloc[:3])
    with pytest.raises(KeyError):
        intimacy.to_pairwise(df, couple="dyad")
    with pytest.raises(TypeError):
        intimacy.to_pairwise(df.values)


SHARED = sorted((FIXTURES / "change-couples").glob("*.json"))


@pytest.mark.parametrize("path", SHARED, ids=lambda p: p.stem)
def test_shared_change_and_couples_fixture(path):
    c = json.loads(path.read_text())
    kind = c["kind"]
    if kind == "reliable-change":
        actual = intimacy.reliable_change(c["before"], c["after"], c["sd"], c["reliability"], c["higher_is_better"]).to_dict()
    elif kind == "change":
        inst = intimacy.Instrument.builtin(c["instrument"])
        # A case on a key's published criteria takes them from the key.
        options = inst.change_options() if c.get("key_criteria") else {"norms": c["norms"]}
        result = intimacy.change([inst.score(w) for w in c["waves"]], **options)
        actual = result.to_dict()
        actual["flag_kinds"] = [f.kind for f in result.flags]
    elif kind == "couple":
        inst = intimacy.Instrument.builtin(c["instrument"])
        options = c.get("options", {})
        pair = intimacy.couples(inst, inst.score(c["a"], **options), inst.score(c["b"], **options))
        actual = pair.to_dict()
        if "svg" in c:
            # The same chart, byte for byte, as the core draws in Rust.
            want = (path.parent / c["svg"]["file"]).read_text()
            assert pair.to_svg(c["svg"]["chart"]) == want, c["name"]
    else:
        actual = intimacy.dyadic_agreement(c["a"], c["b"]).to_dict()
    contains(actual, c["expect"], c["name"])


def test_pairwise_frames_never_carry_private_columns():
    pd = pytest.importorskip("pandas")
    inst = intimacy.Instrument.builtin("levels-checkin")
    people = [example(n) for n in ("ana", "ben", "cleo", "dev")]
    answers = pd.DataFrame([p["answers"] for p in people], columns=[i.id for i in inst.items], dtype=float)
    scores = inst.score_frame(answers, opted_in=["physical"])
    # Researchers' own batch output keeps every column, the private ones too.
    assert {"flag:safety", "flag:consent", "seek-help", "safety"} <= set(scores.columns) | set(answers.columns)
    frame = pd.concat([answers, scores], axis=1)
    frame.insert(0, "couple", ["ab", "ab", "cd", "cd"])
    frame.insert(1, "partner", ["a", "b", "a", "b"])
    private = set(intimacy._pairwise.private_columns(inst))
    assert {"safety", "screen-fear", "consent-obligation", "h-unsafe", "seek-help", "flag:safety"} <= private
    # The core names them: a private scale's answered count too, and without
    # an instrument those of every built-in instrument.
    assert "seek-help:answered" in private and "level-surface:answered" not in private
    assert private <= set(intimacy._pairwise.private_columns())
    for pw in (intimacy.to_pairwise(frame), intimacy.to_pairwise(frame, instrument=inst)):
        kept = {c.rsplit("_", 1)[0] for c in pw.columns}
        assert not kept & private, kept & private
        assert "level-surface_partner" in pw.columns and "flag:pacing_partner" in pw.columns
    with pytest.raises(ValueError, match="private"):
        intimacy.to_pairwise(frame, columns=["level-surface", "flag:safety"])


def test_change_and_couple_errors_have_codes_and_locations():
    with pytest.raises(intimacy.ChangeError) as e:
        intimacy.reliable_change(1.0, 2.0, sd=-1.0, reliability=0.8)
    assert (e.value.code, e.value.path, e.value.value) == ("invalid-parameter", "sd", -1.0)
    assert isinstance(e.value, intimacy.IntimacyError) and isinstance(e.value, ValueError)
    inst = intimacy.Instrument.builtin("levels-checkin")
    w = inst.score({"k-emo1": 4})
    with pytest.raises(intimacy.ChangeError) as e:
        intimacy.change([w])
    assert e.value.code == "too-few-waves"
    with pytest.raises(intimacy.CoupleError) as e:
        intimacy.dyadic_agreement([1, 2, 3], [1, 2])
    assert e.value.code == "length-mismatch"
    with pytest.raises(intimacy.CoupleError) as e:
        intimacy.couples(intimacy.Instrument.builtin("ras"), w, w)
    assert e.value.code == "not-this-instrument"
