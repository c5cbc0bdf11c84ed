"""The shared bad-input catalogue (tests/fixtures/bad-input/cases.json), run in
Python: every case reaches the outcome Rust and node reach (error class, code
and location, or the same result), and the library works after each."""

from __future__ import annotations

import math
import warnings
from typing import Any, Dict

import numpy as np
import pytest

import intimacy
from conftest import read_fixture

CASES = [c for c in read_fixture("bad-input", "cases.json") if "python" in c.get("only", ["python"])]
DTYPES = {"f64": np.float64, "u8": np.uint8, "i16": np.int16}


def number(v: Any) -> Any:
    if isinstance(v, dict) and "$" in v:
        return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf, "-0": -0.0}[v["$"]]
    return v


def decode(v: Any) -> Any:
    """Markers as Python values, everywhere in a value."""
    if isinstance(v, dict):
        return number(v) if "$" in v else {k: decode(x) for k, x in v.items()}
    if isinstance(v, list):
        return [decode(x) for x in v]
    return v


def text(v: Any) -> str:
    if isinstance(v, str):
        return v
    out = []
    for p in v["$text"]:
        if isinstance(p, dict):
            out.append(p["sep"].join(p["each"].replace("{i}", str(i)) for i in range(p["count"])))
        else:
            out.append(p[0] * p[1])
    return "".join(out)


def block(c: Dict[str, Any]) -> Any:
    return np.array(decode(c["values"]), dtype=DTYPES[c["dtype"]]).reshape(c["rows"], c["cols"])


def run(c: Dict[str, Any]) -> Dict[str, Any]:
    options = decode(c.get("options", {}))
    call = c["call"]
    if call == "instrument":
        inst = intimacy.Instrument.from_json(text(c["text"]))
        return {"ok": {"items": len(inst.items)}}
    if call == "score":
        report = intimacy.Instrument.builtin(c["instrument"]).score(decode(c["answers"]), **options)
        return {"ok": {"status": {k: s.status for k, s in report.scales.items()}}}
    if call == "batch":
        columns = options.pop("columns", None)
        missing_code = options.pop("missing_code", None)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", intimacy.IntimacyWarning)
            out = intimacy.Instrument.builtin(c["instrument"]).score_array(block(c), columns=columns, missing_code=missing_code, **options)
        rows = len(next(iter(out.values())))
        first = out.problems[0] if out.problems else None
        return {"ok": {"rows": rows, "problems": len(out.problems),
                       "first_problem": first and {"row": first.row, "column": first.column, "item": first.item}}}
    if call == "keys":
        inst = intimacy.Instrument.from_keys(c["keys"], **options)
        return {"ok": {"items": len(inst.items)}}
    if call == "reliability":
        r = intimacy.reliability(block(c), **options)
        return {"ok": {"zero_variance": list(r.zero_variance)}}
    if call == "reliable_change":
        rc = intimacy.reliable_change(*decode(c["params"]))
        return {"ok": {"classification": rc.classification}}
    raise AssertionError(f"unknown call {call}")


def outcome(c: Dict[str, Any]) -> Dict[str, Any]:
    try:
        return run(c)
    except intimacy.IntimacyError as e:
        got: Dict[str, Any] = {"class": type(e).__name__, "code": e.code}
        path = getattr(e, "option", None) if isinstance(e, intimacy.OptionsError) else e.path
        for key, value in (("path", path), ("row", e.row), ("column", e.column), ("item", e.item)):
            if value is not None:
                got[key] = value
        return {"error": got}


def agrees(want: Any, got: Any) -> bool:
    if isinstance(want, dict):
        return isinstance(got, dict) and all(k in got and agrees(v, got[k]) for k, v in want.items())
    return bool(want == got)


def test_the_catalogue_is_large_enough():
    print(f"bad-input catalogue: {len(CASES)} cases run in Python")
    assert len(CASES) >= 60


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input_gets_its_typed_outcome(case):
    got = outcome(case)
    assert agrees(case["expect"], got), f"expected {case['expect']}, got {got}"
    # The library still works.
    r = intimacy.Instrument.builtin("ras").score({"ras1": 5}, min_answered=1)
    assert r.scales["satisfaction"].score == 5
