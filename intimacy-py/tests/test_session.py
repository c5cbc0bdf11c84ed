"""The session from Python (issue 16): the shared session fixtures run with
the same outcomes as in Rust and JS, and the binding's own checks."""

import json
from pathlib import Path

import pytest

import intimacy
from conftest import contains
from intimacy import Instrument, Session

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "sessions"
CASES = sorted(FIXTURES.glob("*.json"))


def _apply(s, call, inst):
    kind = call["call"]
    if kind == "answer":
        s.answer(call["item"], call["value"])
    elif kind in ("skip", "back", "acknowledge", "stop"):
        getattr(s, kind)()
    elif kind in ("opt_in", "opt_out"):
        getattr(s, kind)(call["section"])
    elif kind == "resume":
        return Session.from_json(s.to_json(), inst)
    elif kind == "resume_from":
        return Session.from_json(json.dumps(call["state"]), inst)
    else:
        raise AssertionError(f"unknown call {kind}")
    return s


def _direct(s, inst):
    state = json.loads(s.to_json())
    opted = [sec for sec, entered in state.get("sections", []) if entered]
    form = inst.with_form(state["form"]) if "form" in state else inst
    return form.score(dict(state["answers"]), opted_in=opted)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_shared_session_fixture(path):
    c = json.loads(path.read_text())
    inst = Instrument.builtin(c["instrument"])
    s = Session(inst, form=c.get("form"), **c.get("options", {}))
    for n, call in enumerate(c["calls"]):
        at = f"{c['name']} call {n}"
        kind = call["call"]
        if kind == "next":
            step = s.next()
            view = step.to_dict()
            view["flag_kinds"] = [f.kind for f in step.flags]
            contains(view, call["expect"], at)
        elif kind == "next_page":
            page = [p.to_dict() for p in s.next_page()]
            contains(page, call["expect"], at)
        elif kind == "progress":
            contains(s.progress.to_dict(), call["expect"], at)
        elif kind == "finish":
            report = s.finish()
            assert report.to_dict() == _direct(s, inst).to_dict(), at
            contains(report.to_dict(), call["expect"], at)
        elif kind == "error":
            before = s.to_json()
            with pytest.raises(intimacy.IntimacyError) as e:
                _apply(s, call["do"], inst)
            assert s.to_json() == before, at
            want = call["expect"]
            assert e.value.code == want["code"], f"{at}: {e.value}"
            if "item" in want:
                assert e.value.item == want["item"], at
            if "value" in want:
                assert e.value.value == want["value"], at
        else:
            s = _apply(s, call, inst)


def test_answers_that_are_not_numbers_are_refused_and_the_session_lives_on():
    s = Session(Instrument.builtin("levels-checkin"), form="short")
    for bad, what in [(True, "boolean"), ("2", "string"), (None, "skip"), ([1], "not a number")]:
        with pytest.raises(intimacy.ResponseError, match=what) as e:
            s.answer("screen-fear", bad)
        assert e.value.item == "screen-fear"
    with pytest.raises(intimacy.SessionError) as e:
        Session.from_json("{", Instrument.builtin("levels-checkin"))
    assert e.value.code == "bad-state"
    with pytest.raises(intimacy.OptionsError):
        Session(Instrument.builtin("levels-checkin"), locale="en_GB!")
    s.answer("screen-fear", 0)
    assert s.next().item == "screen-hurt" and "answered=1" in repr(s)


def test_a_session_runs_to_the_end_and_its_report_is_the_direct_one():
    inst = Instrument.builtin("ras")
    s = Session(inst)
    while (step := s.next()).kind != "done":
        assert step.kind == "question"
        s.answer(step.item, step.options[-1].value)
    report = s.finish()
    assert report.to_dict() == inst.score({f"ras{i}": 5 for i in range(1, 8)}).to_dict()
    assert s.progress.fraction == 1


def test_checkin_texts_are_the_core_messages_and_refuse_an_unknown_locale():
    t = intimacy.checkin_texts("en")
    assert t["next"] == "Next"
    assert "{position}" in t["progress"] and "{total}" in t["progress"]
    assert all(not k.startswith("checkin.") for k in t)
    with pytest.raises(intimacy.OptionsError) as e:
        intimacy.checkin_texts("en GB")
    assert e.value.code == "invalid-option"


def test_next_page_starts_with_next_and_keeps_to_one_section():
    s = intimacy.Session(intimacy.Instrument.builtin("levels-checkin"), form="short")
    page = s.next_page()
    assert page[0] == s.next()
    assert {p.section for p in page} == {"screen"}
    s.answer("screen-fear", 2)
    assert [p.kind for p in s.next_page()] == ["support"]
