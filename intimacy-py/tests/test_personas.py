"""The persona fixtures (tests/fixtures/personas), as Rust and node run them:
the flags that must and must not appear, safety mode, what must never be
recommended, resources in every report, and nothing private in a joint report."""

import json

import pytest

import intimacy
from conftest import FIXTURES

PERSONAS = sorted((FIXTURES / "personas").glob("*.json"))
FLAGS = ["safety", "consent", "seek-help", "pacing", "rushing", "unhealthy-sign", "fading"]


def scored(inst, answers, options):
    return inst.score(answers, **options)


def check(name, report, case):
    kinds = [f.kind for f in report.flags]
    for k in case.get("must_flag", []):
        assert k in kinds, f"{name}: flag {k} missing ({kinds})"
    for k in case.get("must_not_flag", []):
        assert k not in kinds, f"{name}: flag {k} must not appear"
    if "safety_mode" in case:
        assert report.safety_mode == case["safety_mode"], name
    for k, want in case.get("severity", {}).items():
        assert [f.severity for f in report.flags if f.kind == k] == [want], f"{name}: {k}"
    recs = [r.practice for r in report.recommendations]
    for c in case.get("must_not_recommend_categories", []):
        assert all(r.category != c for r in report.recommendations), f"{name}: {recs}"
    for p in case.get("must_not_recommend", []):
        assert p not in recs, f"{name}: {p}"
    if "first_recommendation" in case:
        assert recs[:1] == [case["first_recommendation"]], f"{name}: {recs}"
    for fw, text in case.get("summary_contains", {}).items():
        assert text in report.placements[fw].summary, name
    assert report.resources.message and report.resources.emergency, name
    assert report.safety_mode == any(f.kind in ("safety", "consent") for f in report.flags), name
    if report.safety_mode:
        assert all(not r.together and r.category != "couple" for r in report.recommendations), f"{name}: {recs}"
        if report.recommendations:
            assert report.recommendations[0].category in ("safety", "individual"), f"{name}: {recs}"


def test_there_are_enough_personas():
    assert len(PERSONAS) >= 20


@pytest.mark.parametrize("path", PERSONAS, ids=lambda p: p.stem)
def test_persona(path):
    case = json.loads(path.read_text())
    inst = intimacy.Instrument.builtin(case["instrument"])
    report = scored(inst, case["answers"], case["options"])
    check(path.stem, report, case)
    partner = case.get("partner")
    if partner:
        other = scored(inst, partner["answers"], partner["options"])
        check(f"{path.stem} (partner)", other, partner)
        joint = json.dumps(intimacy.couples(inst, report, other).to_dict())
        for private in inst.private_ids():
            assert f'"{private}"' not in joint, private
        for word in ("consent", "safety_mode", "resources"):
            assert word not in joint


@pytest.mark.parametrize("form", ["levels-checkin", "levels-checkin-short"])
def test_every_flag_is_raisable_on_every_form(form):
    raised = set()
    for path in PERSONAS:
        case = json.loads(path.read_text())
        if case["instrument"] == form:
            raised.update(case["must_flag"])
    assert raised >= set(FLAGS), set(FLAGS) - raised
