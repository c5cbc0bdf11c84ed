"""Translations (issue 16): the shared fixture tests/fixtures/translations/
(also run by Rust and node), the pseudo-locale and the locale list."""
import dataclasses
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


def _plain(s: str) -> bool:
    """Whether ``s`` has a plain vowel outside {placeholders}."""
    depth = 0
    for ch in s:
        depth += ch == "{"
        if depth == 0 and ch in "aeiouyAEIOUY":
            return True
        depth -= ch == "}" and depth > 0
    return False


def _texts(report):
    """Every text field of a report (outside provenance)."""
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
    return texts


def test_the_pseudo_locale_translates_every_report_text():
    # The same walk as the Rust test, on one instrument: every text field
    # of the report is accented (no plain vowel outside {placeholders}).
    inst = Instrument.builtin("levels-checkin")
    answers = {i.id: 3 for i in inst.items if i.id.startswith("l")}
    answers.update({"screen-fear": 2, "safety": 1})
    report = inst.score(answers, locale="en-XA").to_dict()
    texts = _texts(report)
    assert len(texts) > 20
    assert [t for t in texts if _plain(t)] == []
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


def _accent(text: str) -> str:
    """Vowels outside {placeholders} accented: a stand-in translation."""
    table = dict(zip("aeiouyAEIOUY", "åéîöûýÅÉÎÖÛÝ"))
    out, depth = [], 0
    for ch in text:
        depth += ch == "{"
        out.append(ch if depth else table.get(ch, ch))
        depth -= ch == "}" and depth > 0
    return "".join(out)


def test_a_locale_with_every_key_translated_leaves_no_english():
    # An app's locale ("qpy", for local use) from the two templates, every
    # word "translated": a report with flags, practices and placements in
    # it has no English left (the Rust test walks every instrument).
    template = intimacy.messages_file("qpy")
    assert template.status == "draft" and template.locale == "qpy"
    template = dataclasses.replace(template, messages={k: _accent(v) for k, v in template.messages.items()})
    info = intimacy.add_messages(template)
    assert info.translated == info.total
    inst = Instrument.builtin("levels-checkin")
    side = inst.translation_file("qpy")
    side = dataclasses.replace(side, words={k: _accent(v) for k, v in side.words.items()})
    inst = inst.with_translation(side)
    answers = {i.id: 3 for i in inst.items if i.id.startswith("l")}
    answers.update({"screen-fear": 2, "safety": 1})
    report = inst.score(answers, locale="qpy").to_dict()
    texts = _texts(report)
    assert len(texts) > 20 and report["recommendations"]
    assert [t for t in texts if _plain(t)] == []


def test_a_translation_file_is_the_template_with_the_nearest_words():
    inst = _instrument().with_translation(CASES["side"])  # a mapping works as well as text
    for locale, want in CASES["templates"].items():
        got = inst.translation_file(locale)
        assert got.to_dict() == want, locale
        assert inst.with_translation(got) is not None  # what it writes, it reads back
    with pytest.raises(intimacy.OptionsError) as e:
        inst.translation_file("e s")
    assert e.value.option == "locale"


def test_an_app_adds_the_librarys_messages_in_its_language():
    want = CASES["expect_messages"]
    info = intimacy.add_messages(json.dumps(CASES["messages"]))
    contains(info.to_dict(), want["info"], "info")
    for locale in ("qaa", "qaa-XY"):
        contains(intimacy.checkin_texts(locale), want["checkin"], locale)
        report = _instrument().score({"t1": 2, "t2": 1, "p1": 2}, locale=locale)
        kind = next(k for k in report.kinds if k.target == want["kind"]["target"])
        assert kind.name == want["kind"]["name"], locale
        assert report.provenance.words is not None
        contains(report.provenance.words.to_dict(), want["words"], locale)
    missing = intimacy.missing_messages("qaa")
    assert missing is not None
    assert all(k in missing for k in want["missing_has"])
    assert not any(k in missing for k in want["missing_lacks"])
    assert len(missing) + info.translated == info.total
    assert "qaa" in intimacy.locales()
    file = intimacy.messages_file("qaa")
    assert len(file.messages) == info.total
    assert file.messages["checkin.next"] == "Weiter (qaa)"
    assert file.messages["checkin.back"] == "Back"


@pytest.mark.parametrize("bad", CASES["bad_messages"], ids=lambda b: f"{b['path'] or 'syntax'}-{b['code']}")
def test_bad_messages_files_are_refused_with_the_path(bad):
    others = lambda: [l for l in intimacy.locale_info() if l.locale != "qaa"]
    before = others()
    with pytest.raises(intimacy.MessagesError) as e:
        intimacy.add_messages(bad["text"])
    assert e.value.code == "invalid-messages"
    assert any((p.path, p.code) == (bad["path"], bad["code"]) for p in e.value.problems), e.value.problems
    assert others() == before


def test_messages_that_are_not_a_document_are_an_argument_error():
    with pytest.raises(intimacy.ArgumentError):
        intimacy.add_messages(42)  # type: ignore[arg-type]
    with pytest.raises(intimacy.ArgumentError):
        intimacy.add_messages({"locale": "qaa", "x": float("nan")})
