"""The shared scoring fixtures (tests/fixtures/scoring), run as in Rust, and
Python-specific scoring behaviour."""

import json
import math
import warnings

import numpy as np
import pytest

import intimacy
from intimacy import Instrument, OptionsError, ResponseError
from conftest import FIXTURES, read_fixture

CASES = sorted((FIXTURES / "scoring").glob("*.json"))
# The hand-worked respondent of each published key (same format, own folder).
KEY_CASES = sorted((FIXTURES / "keys").glob("*.json"))


def contains(actual, expected, path=""):
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: {actual!r}"
        for k, v in expected.items():
            assert k in actual, f"{path}.{k}: missing"
            contains(actual[k], v, f"{path}.{k}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{path}: {actual!r} vs {expected!r}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            contains(a, e, f"{path}[{i}]")
    elif isinstance(expected, (int, float)) and not isinstance(expected, bool):
        assert isinstance(actual, (int, float)) and not isinstance(actual, bool), f"{path}: {actual!r}"
        assert abs(actual - expected) <= 1e-9 * max(abs(expected), 1.0), f"{path}: {actual} vs {expected}"
    else:
        assert actual == expected, f"{path}: {actual!r} vs {expected!r}"


def load(case):
    inst = case["instrument"]
    return Instrument.builtin(inst) if isinstance(inst, str) else Instrument.from_json(json.dumps(inst))


def options(case):
    # Fixture options are the core's JSON; min_answered there is already {"count"/"fraction"}.
    return dict(case.get("options", {}))


def test_at_least_25_cases():
    assert len(CASES) >= 25


def test_every_published_key_has_a_hand_worked_case():
    covered = {read_fixture("keys", p.name)["instrument"] for p in KEY_CASES}
    published = {e.name for e in intimacy.registry() if e.status != "authored"}
    assert published and published <= covered, published - covered


@pytest.mark.parametrize("path", CASES + KEY_CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_scoring_fixture(path):
    case = read_fixture(path.parent.name, path.name)
    inst = load(case)
    if "expect_error" in case:
        err = case["expect_error"]
        with pytest.raises((ResponseError, OptionsError)) as info:
            inst.score(case["answers"], **options(case))
        e = info.value
        if isinstance(e, ResponseError):
            assert e.code == err["code"]
            if "item" in err:
                assert e.item == err["item"]
            if "value" in err:
                assert e.value == err["value"]
        else:
            assert err["code"] in ("invalid-option", "unknown-section")
        return
    report = inst.score(case["answers"], **options(case))
    view = report.to_dict()
    view["flag_kinds"] = [f.kind for f in report.flags]
    view["recommendation_keys"] = [r.practice for r in report.recommendations]
    contains(view, case["expect"])
    # Every case also as a one-row batch, as Rust and node do.
    row = [case["answers"].get(it.id) for it in inst.items]
    cells = np.array([[math.nan if v is None else v for v in row]], dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", intimacy.IntimacyWarning)
        out = inst.score_array(cells, **options(case))
    for sid, s in report.scales.items():
        got = out[sid][0]
        if s.score is None:
            assert math.isnan(got), f"{path.stem}: batch {sid} {got} vs none"
        else:
            assert abs(got - s.score) <= 1e-12 * max(1.0, abs(s.score)), f"{path.stem}: batch {sid}"
        assert out[f"{sid}:answered"][0] == s.answered, f"{path.stem}: answered {sid}"


def test_report_is_typed_and_round_trips():
    people = json.loads((FIXTURES.parents[1] / "intimacy-core" / "data" / "examples" / "couples.json").read_text())
    fay = next(p for p in people["respondents"] if p["respondent"] == "fay")
    inst = Instrument.builtin("levels-checkin")
    report = inst.score(fay["answers"], opted_in=fay["opted_in"])
    seven = report.placements["seven-levels"]
    assert isinstance(seven, intimacy.Placement)
    assert 0 <= seven.consecutive <= seven.peak <= 7
    assert all(g < seven.peak for g in seven.gaps)
    assert report.provenance.instrument == "levels-checkin"
    assert len(report.provenance.content_hash) == 64
    assert report.to_dict()["scales"].keys() == report.scales.keys()
    svg = report.to_svg("staircase")
    assert svg.startswith("<svg") and "<title" in svg and "<desc" in svg
    assert report.to_svg("radar").startswith("<svg")
    with pytest.raises(ValueError):
        report.to_svg("pie")
    assert "levels-checkin" in repr(report)


def test_safety_flag_cannot_be_switched_off():
    inst = Instrument.builtin("levels-checkin-short")
    off = {"pacing": False, "rushing": False, "unhealthy_signs": False, "fading": False, "seek_help": False}
    report = inst.score({"safety": 1}, flags=off)
    assert [f.kind for f in report.flags] == ["safety"]
    with pytest.raises(OptionsError):
        inst.score({"safety": 1}, flags={"safety": False})


def test_invalid_answers_can_be_recorded_instead():
    inst = Instrument.builtin("ras")
    report = inst.score({"ras1": 9, "ras2": 4, "nope": 3}, invalid="missing", min_answered=1)
    assert sorted(p.item for p in report.problems) == ["nope", "ras1"]
    assert report.scales["satisfaction"].answered == 1


@pytest.mark.parametrize("value", ["4", True, [4], {"v": 4}])
def test_an_answer_that_is_not_a_number_names_its_item(value):
    # The core's rule, the same in every language: a number or None.
    with pytest.raises(ResponseError) as e:
        Instrument.builtin("ras").score({"ras2": 3, "ras1": value})
    assert (e.value.code, e.value.item) == ("invalid-responses", "ras1")


@pytest.mark.parametrize("answers", [{1: 4}, [("ras1", 4)], "ras1=4", None])
def test_answers_that_are_not_a_mapping_of_ids_are_argument_errors(answers):
    with pytest.raises(TypeError) as e:
        Instrument.builtin("ras").score(answers)
    assert isinstance(e.value, intimacy.ArgumentError) and e.value.code == "invalid-argument"


@pytest.mark.parametrize(
    "answers, code",
    [
        ({"ras1": math.nan}, "invalid-answer"),
        ({"ras1": math.inf}, "invalid-answer"),
        ({"ras1": -math.inf}, "invalid-answer"),
        ({"ras1": 0}, "invalid-answer"),
        ({"ras1": 3.5}, "invalid-answer"),
        ({"ras8": 3}, "unknown-item"),
        ({"": 3}, "unknown-item"),
    ],
)
def test_bad_answer_values_are_response_errors(answers, code):
    with pytest.raises(ResponseError) as info:
        Instrument.builtin("ras").score(answers)
    assert info.value.code == code
    assert info.value.item == next(iter(answers))


@pytest.mark.parametrize(
    "opts",
    [
        {"missing": "sometimes"},
        {"threshold": 101},
        {"threshold": float("nan")},
        {"min_answered": 0},
        {"min_answered": 1.5},
        {"opted_in": ["nowhere"]},
        {"flags": {"pacing": "yes"}},
        {"max_recommendations": -1},
    ],
)
def test_bad_options_are_typed_errors(opts):
    with pytest.raises((OptionsError, TypeError)):
        Instrument.builtin("levels-checkin").score({}, **opts)
