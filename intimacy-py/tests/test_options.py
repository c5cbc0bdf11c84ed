"""The shared options fixtures (tests/fixtures/options), as Rust and node run
them: the same options give the same result summary, or the same error code
and option path, in every language."""

import json

import pytest

import intimacy
from conftest import FIXTURES

CASES = sorted((FIXTURES / "options").glob("*.json"))


def _contains(actual, expected, path):
    if isinstance(expected, dict):
        for k, v in expected.items():
            assert k in actual, f"{path}.{k}: missing"
            _contains(actual[k], v, f"{path}.{k}")
    elif isinstance(expected, list):
        assert len(actual) == len(expected), path
        for i, (a, e) in enumerate(zip(actual, expected)):
            _contains(a, e, f"{path}[{i}]")
    elif isinstance(expected, (int, float)) and not isinstance(expected, bool):
        assert actual == pytest.approx(expected, rel=1e-9, abs=1e-9), path
    else:
        assert actual == expected, path


def run(case):
    options = case["options"]
    if case["entry"] == "score":
        inst = intimacy.Instrument.builtin(case["instrument"])
        return inst.score(case["answers"], **options).to_dict()
    if case["entry"] == "keys":
        return json.loads(intimacy.Instrument.from_keys(case["keys"], **options).to_json())
    inst = intimacy.Instrument.builtin(case["instrument"])
    waves = [inst.score(w) for w in case["waves"]]
    return intimacy.change(waves, **options).to_dict()


def test_there_are_enough_cases():
    assert len(CASES) >= 25


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_options_case(path):
    case = json.loads(path.read_text())
    if "expect_error" in case:
        with pytest.raises(intimacy.OptionsError) as e:
            run(case)
        want = case["expect_error"]
        assert (e.value.code, e.value.option) == (want["code"], want["option"]), str(e.value)
    else:
        _contains(run(case), case["expect"], case["name"])


def test_non_finite_options_are_refused_with_their_path():
    ras = intimacy.Instrument.builtin("ras")
    for value in (float("nan"), float("inf")):
        with pytest.raises(intimacy.OptionsError) as e:
            ras.score({"ras1": 3}, threshold=value)
        assert e.value.option == "threshold"
