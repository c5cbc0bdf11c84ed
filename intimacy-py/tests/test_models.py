"""The classic models of closeness from Python (issue 15): the frameworks as
data, the readings in ``report.models``, the couple's charts. The rules are
the core's; these tests hold the binding to them."""

import json
from pathlib import Path

import pytest

import intimacy
from intimacy import Instrument

ROOT = Path(__file__).resolve().parents[2]
CLASSIC = {
    "knapp": "two-phase",
    "social-penetration": "linear",
    "powell": "linear",
    "levinger": "linear",
    "reis-shaver": "process",
    "sternberg": "components",
    "sound-relationship-house": "layered",
    "attachment": "axes",
}


def test_frameworks_lists_the_classic_models_with_their_shapes():
    fw = intimacy.frameworks()
    assert len(fw) >= 10
    shapes = {f.key: f.shape for f in fw}
    for key, shape in CLASSIC.items():
        assert shapes[key] == shape, key
        assert intimacy.framework(key).family == "classic"
    knapp = intimacy.framework("knapp")
    assert knapp.stage("bonding").mirror == "differentiating"
    assert knapp.stage("terminating").direction == "ending"
    assert knapp.stage("terminating").evidence == []
    kinds = [t.key for t in intimacy.framework("sternberg").typology.types]
    assert len(kinds) == 8 and "consummate-love" in kinds
    assert intimacy.framework("attachment").typology.on_request is True
    assert [s.key for s in intimacy.framework("sound-relationship-house").supports] == ["trust", "commitment"]
    sources = {s.key: s for s in intimacy.catalogue().sources}
    for key in CLASSIC:
        for st in intimacy.framework(key).stages:
            assert any(sources[k].year and sources[k].authors for k in st.sources), (key, st.key)


def _tls(i, p, c):
    return {f"tls15_{n}": (i if n <= 5 else p if n <= 10 else c) for n in range(1, 16)}


def _ecr(anxiety_high):
    answers = {f"ecrr{n}": 4 for n in range(1, 37)}
    if anxiety_high:
        answers.update({f"ecrr{n}": 6 for n in range(1, 7)})
    return answers


def test_a_couple_on_tls15_and_ecr_r_gets_profiles_scores_and_the_triangle():
    tls = Instrument.builtin("tls-15")
    a, b = tls.score(_tls(5, 2, 4)), tls.score(_tls(4, 4, 2))
    sa, sb = a.models["sternberg"], b.models["sternberg"]
    assert [p.score for p in sa.parts] == [5, 2, 4]
    assert (sa.typology.key, sb.typology.key) == ("companionate-love", "romantic-love")
    assert sa.rule in sa.typology.text and "not the person" in sa.typology.text
    pair = intimacy.couples(tls, a, b)
    assert [d.difference for d in pair.models["sternberg"].differences] == [1, -2, 2]
    svg = pair.to_svg("triangle")
    assert svg.startswith("<svg") and "Partner A" in svg and "Partner B" in svg
    assert svg == (ROOT / "tests/fixtures/change-couples/svg/couple-sternberg-profiles.svg").read_text()

    ecr = Instrument.builtin("ecr-r")
    ea, eb = ecr.score(_ecr(True)), ecr.score(_ecr(False))
    for r in (ea, eb):
        m = r.models["attachment"]
        # The two continuous scores first; no quadrant unless asked for.
        assert [p.key for p in m.parts] == ["anxiety", "avoidance"]
        assert m.typology is None and m.cut is None
    assert ea.models["attachment"].parts[0].score == pytest.approx(84 / 18)
    assert intimacy.couples(ecr, ea, eb).to_svg("attachment").count("Partner") >= 2


def test_a_quadrant_on_request_with_an_explicit_cut():
    ecr = Instrument.builtin("ecr-r")
    reports = [ecr.score(_ecr(h)) for h in (True, False, False)]
    cuts = intimacy.model_cuts("attachment", reports)
    assert cuts == {"anxiety": 4.0, "avoidance": 4.0}
    asked = ecr.score(_ecr(True), models={"attachment": {"typology": True, "cut": "sample-median", "cuts": cuts}})
    m = asked.models["attachment"]
    assert m.cut == "sample-median" and m.typology.key == "preoccupied"
    assert "sample median" in m.rule and m.rule in m.summary
    with pytest.raises(intimacy.OptionsError) as e:
        ecr.score(_ecr(True), models={"attachment": {"cut": "values", "cuts": {"anxiety": 4}}})
    assert e.value.option == "models.attachment.cuts.avoidance"
    with pytest.raises(intimacy.IntimacyError):
        intimacy.model_cuts("knapp", reports)


def test_derived_readings_from_the_checkin_and_the_knapp_snapshot():
    case = json.loads((ROOT / "tests/fixtures/scoring/56-knapp-derived-from-fading-signs.json").read_text())
    r = Instrument.builtin("levels-checkin").score(case["answers"])
    knapp = r.models["knapp"]
    assert knapp.derived and [s.key for s in knapp.stages] == ["stagnating", "avoiding"]
    assert "terminating" not in [s.key for s in knapp.stages]
    assert r.to_svg("knapp") == (ROOT / "intimacy-core/tests/snapshots/knapp-fading-signs.svg").read_text()
    assert r.models["social-penetration"].derived


def test_a_bad_chart_name_lists_the_charts():
    r = Instrument.builtin("tls-15").score(_tls(3, 3, 3))
    with pytest.raises(intimacy.ArgumentError, match="triangle"):
        r.to_svg("pie")
    assert r.to_svg("attachment") is None
