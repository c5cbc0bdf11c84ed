"""Translations (issue 16): the shared fixture tests/fixtures/translations/
(also run by Rust and node), the pseudo-locale and the locale list."""
import json

import pytest

import intimacy
from conftest import contains, read_fixture
from intimacy import Instrument, InstrumentError, Session

CASES = read_fixture("translations", "cases.json")


def _instrument() -> Instrument:
    return Instrument.from_json(json.dumps(CASES["instrument"]))


@pytest.mark.parametrize("case", CASES["sessions"], ids=lambda c: c["name"])
def test_sessions_speak_the_nearest_translation(case):
    inst = _instrument()
    if case["side"]:
        inst = inst.with_translation(json.dumps(CASES["side"]))
    s = Session(inst, locale=case["locale"])
    for n, call in enumerate(case["calls"]):
        at = f"{case['name']} call {n}"
        if call["call"] == "next":
            contains(s.next().to_dict(), call["expect"], at)
        elif call["call"] == "answer":
            s.answer(call["item"], call["value"])
        elif call["call"] == "opt_in":
            s.opt_in(call["section"])
        else:
            raise AssertionError(f"{at}: unknown call")
    assert s.finish() is not None


def test_what_a_translation_lacks_is_listed():
    inst = _instrument().with_translation(json.dumps(CASES["side"]))
    for locale, want in CASES["missing"].items():
        assert inst.missing_translations(locale) == want, locale
    assert len(inst.missing_translations("de")) == 1 + 3 + 3 + 4


@pytest.mark.parametrize("bad", CASES["bad_sides"], ids=lambda b: b["path"] or "syntax")
def test_bad_side_files_are_refused_with_the_path(bad):
    with pytest.raises(InstrumentError) as e:
        _instrument().with_translation(json.dumps(bad["side"]))
    assert any((p.path, p.code) == (bad["path"], bad["code"]) for p in e.value.problems), e.value.problems


def test_the_pseudo_locale_translates_every_report_text():
    # The same walk as the Rust test, on one instrument: every text field
    # of the report is accented (no plain vowel outside {placeholders}).
    inst = Instrument.builtin("levels-checkin")
    answers = {i.id: 3 for i in inst.items if i.id.startswith("l")}
    answers.update({"screen-fear": 2, "safety": 1})
    report = inst.score(answers, locale="en-XA").to_dict()

    def plain(s: str) -> bool:
        depth = 0
        for ch in s:
            depth += ch == "{"
            if depth == 0 and ch in "aeiouyAEIOUY":
                return True
            depth -= ch == "}" and depth > 0
        return False

    texts = []

    def walk(v, key=""):
        if isinstance(v, dict):
            for k, x in v.items():
                if k != "provenance":
                    walk(x, k)
        elif isinstance(v, list):
            for x in v:
                walk(x, key)
        elif isinstance(v, str) and key in {"name", "summary", "steps", "message", "detail", "note", "label", "emergency", "text", "rule"}:
            texts.append(v)

    walk(report)
    assert len(texts) > 20
    assert [t for t in texts if plain(t)] == []
    assert report["flags"][0]["message"].startswith("\u27e6")


def test_locales_and_their_review_status():
    info = {l.locale: l for l in intimacy.locale_info()}
    assert info["en"].status == "source" and info["en"].translated == info["en"].total
    assert info["en-XA"].status == "pseudo"
    assert intimacy.missing_messages("en-XA") == []
    assert intimacy.missing_messages("fr") is None
    # Any well-formed tag falls back (here to English); a malformed one is refused.
    assert intimacy.checkin_texts("fr-CA")["next"] == "Next"
    assert intimacy.checkin_texts("en-XA")["next"].startswith("\u27e6")
    with pytest.raises(intimacy.OptionsError):
        Instrument.builtin("ras").score({}, locale="fr CA")
