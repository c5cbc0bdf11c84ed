"""The foundation in Python: catalogue, instruments, the shared malformed
catalogue, and exceptions (never a PanicException)."""

import pickle
from pathlib import Path

import pytest

import intimacy
from intimacy import Instrument, InstrumentError, IntimacyError
from conftest import FIXTURES, read_fixture


def test_frameworks_identical_to_rust():
    fw = intimacy.frameworks()
    assert [(f.key, len(f.stages)) for f in fw][:3] == [("seven-levels", 7), ("five-levels", 5), ("four-stages", 4)]
    assert len(fw) == 11
    assert [f.to_dict() for f in fw] == read_fixture("frameworks.json")
    s = fw[0].stages[0]
    assert (s.level, s.key, s.name) == (1, "surface", "Surface-level interaction")
    assert s.summary


def test_framework_lookup_and_stage():
    seven = intimacy.framework("seven-levels")
    assert seven.stage("emotional-disclosure").level == 4
    assert seven.stage("nope") is None
    with pytest.raises(KeyError, match="seven-levels"):
        intimacy.framework("nine-levels")


def test_catalogue_sizes():
    c = intimacy.catalogue()
    assert len(c.kinds) == 5
    assert len(c.fading_signs) == 6
    assert len(c.seek_help) == 5
    assert len(c.love_languages) == 5
    assert {"A", "B", "C", "D", "E", "safety-practice"} <= {s.key for s in c.sources}
    # The classic models cite their original works, with authors and year.
    assert {"sternberg-1986", "knapp-1978", "fraley-waller-brennan-2000"} <= {s.key for s in c.sources if s.year}
    assert "interpretation" in c.crosswalk.note


def test_counterparts():
    assert [c.level for c in intimacy.counterparts("five-levels", "feelings-and-fears", "seven-levels")] == [4, 5]
    derived = intimacy.counterparts("five-levels", "feelings-and-fears", "four-stages")
    assert derived and all(c.via == "seven-levels" for c in derived)
    assert intimacy.counterparts("seven-levels", "physical-intimacy", "five-levels") == []


def test_builtin_instruments_match_shared_fixture():
    expected = read_fixture("builtin-instruments.json")
    assert sorted(intimacy.builtin_instruments()) == sorted(expected)
    for name in intimacy.builtin_instruments():
        inst = Instrument.builtin(name)
        assert inst.to_dict() == expected[name], name
    short = Instrument.builtin("levels-checkin-short")
    assert len(short.items) < len(Instrument.builtin("levels-checkin").items) / 2
    assert Instrument.builtin("levels-checkin").with_form("short") == short


def test_items_and_scales_are_typed():
    inst = Instrument.builtin("ras")
    assert [i.id for i in inst.items if i.reverse] == ["ras4", "ras7"]
    assert inst.scales[0].aggregation == "mean"
    checkin = Instrument.builtin("levels-checkin")
    level4 = next(s for s in checkin.scales if s.id == "level-emotional-disclosure")
    assert level4.min_answered == intimacy.MinAnswered(count=3)
    safety = next(i for i in checkin.items if i.id == "safety")
    assert safety.measures == ["safety"]


def test_round_trip_and_pickle(tmp_path: Path):
    inst = Instrument.builtin("csi-16")
    assert Instrument.from_json(inst.to_json()) == inst
    assert pickle.loads(pickle.dumps(inst)) == inst
    f = tmp_path / "csi.json"
    f.write_text(inst.to_json(), encoding="utf-8")
    assert Instrument.from_file(f) == inst
    assert Instrument.from_file(str(f)) == inst


def test_from_file_toml(tmp_path: Path):
    f = tmp_path / "tiny.toml"
    f.write_text(
        'id = "tiny"\nversion = "1"\ntitle = "Tiny"\nlicence = "MIT"\n'
        'verification = { status = "authored" }\n'
        'response_scales = [{ id = "l", min = 1, max = 5 }]\n'
        'default_response_scale = "l"\n'
        'items = [{ id = "a" }, { id = "b", reverse = true }]\n'
        'scales = [{ id = "s", items = ["a", "b"], min_answered = { count = 1 } }]\n',
        encoding="utf-8",
    )
    inst = Instrument.from_file(f)
    assert inst.id == "tiny" and [i.reverse for i in inst.items] == [False, True]


def test_from_file_missing_is_os_error(tmp_path: Path):
    with pytest.raises(OSError):
        Instrument.from_file(tmp_path / "absent.json")


def test_from_keys():
    inst = Instrument.from_keys({"warmth": ["q1", "-q2", "q3"], "trust": ["q4", "q5"]}, bounds=(1, 5), min_answered=2)
    assert [(i.id, i.reverse) for i in inst.items] == [("q1", False), ("q2", True), ("q3", False), ("q4", False), ("q5", False)]
    assert [s.min_answered for s in inst.scales] == [intimacy.MinAnswered(count=2)] * 2
    frac = Instrument.from_keys({"a": ["x", "y"]}, min_answered={"fraction": 0.5}, aggregation="sum")
    assert frac.scales[0].min_answered == intimacy.MinAnswered(fraction=0.5)
    # One meaning in every language: a number is a count of items, never a fraction.
    assert Instrument.from_keys({"a": ["x", "y"]}, min_answered=1.0).scales[0].min_answered == intimacy.MinAnswered(count=1)
    with pytest.raises(intimacy.OptionsError, match=r'\{"fraction": 0.5\}') as e:
        Instrument.from_keys({"a": ["x", "y"]}, min_answered=0.5)
    assert (e.value.code, e.value.option) == ("invalid-option", "min_answered")
    assert frac.scales[0].aggregation == "sum"


def test_from_keys_reverse_without_bounds():
    with pytest.raises(InstrumentError) as info:
        Instrument.from_keys({"a": ["x", "-y"]})
    assert info.value.code == "invalid"
    assert [(p.path, p.code) for p in info.value.problems] == [("items[1].reverse", "reverse-without-bounds")]
    assert isinstance(info.value, ValueError) and isinstance(info.value, IntimacyError)


def test_from_keys_conflicting_reversal():
    with pytest.raises(InstrumentError) as info:
        Instrument.from_keys({"a": ["x", "y"], "b": ["-x"]}, bounds=(1, 5))
    assert [p.path for p in info.value.problems] == ["keys.b[0]"]


BAD_CALLS = [
    lambda: Instrument.from_keys([("a", ["x"])]),  # not a dict
    lambda: Instrument.from_keys({"a": "x"}),
    lambda: Instrument.from_keys({"a": [1, 2]}),
    lambda: Instrument.from_keys({1: ["x"]}),
    lambda: Instrument.from_keys({"a": ["x"]}, bounds=(1,)),
    lambda: Instrument.from_keys({"a": ["x"]}, bounds=("a", "b")),
    lambda: Instrument.from_keys({"a": ["x"]}, bounds=(5, 1)),
    lambda: Instrument.from_keys({"a": ["x"]}, bounds=(float("nan"), 1)),
    lambda: Instrument.from_keys({"a": ["x"]}, aggregation="median"),
    lambda: Instrument.from_keys({"a": ["x"]}, min_answered=-1),
    lambda: Instrument.from_keys({"a": ["x"]}, min_answered=1.5),
    lambda: Instrument.from_keys({"a": ["x"]}, min_answered=True),
    lambda: Instrument.from_keys({"a": ["x"]}, min_answered="all"),
    lambda: Instrument.from_keys({"a": ["x"]}, min_answered={"fraction": 0.5, "count": 1}),
    lambda: Instrument.from_keys({"a": []}),
    lambda: Instrument.from_keys({"a": ["x"]}, min_answered=2**40),
    lambda: Instrument.from_json(""),
    lambda: Instrument.from_json("null"),
    lambda: Instrument.from_json("\x00\uffff"),
    lambda: Instrument.from_json(b"{}"),  # bytes, not str
    lambda: Instrument.from_toml("= nope"),
    lambda: Instrument.builtin(""),
    lambda: Instrument.builtin(None),
    lambda: Instrument.builtin("levels-checkin").with_form("long"),
    lambda: Instrument("not native"),
]


@pytest.mark.parametrize("call", BAD_CALLS, ids=[str(i) for i in range(len(BAD_CALLS))])
def test_bad_input_raises_typed_errors_never_panics(call):
    with pytest.raises((InstrumentError, TypeError, ValueError, OverflowError)) as info:
        call()
    assert "PanicException" not in type(info.value).__name__
    assert str(info.value)


def _invalid_cases():
    return sorted((FIXTURES / "invalid-instruments").glob("*.json"))


@pytest.mark.parametrize("path", _invalid_cases(), ids=lambda p: p.stem)
def test_malformed_catalogue(path):
    case = read_fixture("invalid-instruments", path.name)
    import json as _json

    text = case.get("text") or _json.dumps(case["instrument"])
    load = Instrument.from_toml if case["format"] == "toml" else Instrument.from_json
    with pytest.raises(InstrumentError) as info:
        load(text)
    got = sorted((p.path, p.code) for p in info.value.problems)
    want = sorted((p["path"], p["code"]) for p in case["expect"])
    assert got == want
    assert all(p.message for p in info.value.problems)


def test_catalogue_has_at_least_15_cases():
    assert len(_invalid_cases()) >= 15


def test_schema():
    schema = intimacy.instrument_schema()
    assert schema["title"] == "intimacy instrument"
    assert "items" in schema["required"]


def test_version():
    assert intimacy.__version__ == "0.1.0"


def test_item_weights_have_a_maximum_so_totals_stay_finite():
    base = '{"id": "w", "version": "1", "title": "W", "licence": "MIT", "verification": {"status": "authored"}, '
    ok = base + '"response_scales": [{"id": "r", "min": 1, "max": 5}], "default_response_scale": "r", "items": [{"id": "a", "weight": 1000000}]}'
    assert Instrument.from_json(ok).items[0].weight == 1e6
    with pytest.raises(intimacy.InstrumentError) as e:
        Instrument.from_json(ok.replace("1000000", "1e308"))
    assert [(p.path, p.code) for p in e.value.problems] == [("items[0].weight", "invalid-number")]


def test_errors_take_their_attributes_by_keyword_with_the_class_defaults():
    defaults = {
        intimacy.InstrumentError: "invalid", intimacy.ResponseError: "invalid-answer",
        intimacy.OptionsError: "invalid-option", intimacy.ChangeError: "invalid-parameter",
        intimacy.CoupleError: "different-instruments", intimacy.ReliabilityError: "",
        intimacy.ArgumentError: "invalid-argument", intimacy.NotFoundError: "not-found",
        intimacy.OutOfMemoryError: "out-of-memory",
    }
    for cls, code in defaults.items():
        e = cls("message")
        assert (e.code, e.path, e.row, e.column, e.item, e.value, e.problems) == (code, None, None, None, None, None, [])
        assert str(e) == "message"
    e = intimacy.ResponseError("bad", row=3, item="q1", value=9.0, code="invalid-answer")
    assert (e.row, e.item, e.value) == (3, "q1", 9.0)
    assert intimacy.OptionsError("bad", option="min_answered").option == "min_answered"
    assert intimacy.InstrumentError("bad", problems=[("items[0]", "empty", "m")]).problems == [intimacy.Problem("items[0]", "empty", "m")]
    with pytest.raises(TypeError):
        intimacy.ChangeError("bad", option="x")
