import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures"


def read_fixture(*parts: str) -> Any:
    return json.loads(FIXTURES.joinpath(*parts).read_text(encoding="utf-8"))


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def contains(actual: Any, expected: Any, path: str = "") -> None:
    """``expected`` is contained in ``actual`` (a shared fixture's subset):
    dicts by key (a null expected may be absent, as ``to_dict()`` leaves out
    None), lists element-wise with equal length, numbers within 1e-9."""
    if isinstance(expected, dict):
        for k, v in expected.items():
            assert isinstance(actual, dict) and (k in actual or v is None), f"{path}.{k}: missing in {actual!r}"
            contains(actual.get(k), v, f"{path}.{k}")
    elif isinstance(expected, list):
        assert len(actual) == len(expected), f"{path}: {actual!r}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            contains(a, e, f"{path}[{i}]")
    elif isinstance(expected, (int, float)) and not isinstance(expected, bool):
        assert abs(actual - expected) <= 1e-9 * max(abs(expected), 1.0), f"{path}: {actual} vs {expected}"
    else:
        assert actual == expected, f"{path}: {actual!r} vs {expected!r}"
