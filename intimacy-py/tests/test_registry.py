"""The registry of published keys in Python: the listing, statuses, and the
ECR-R key scored from a DataFrame against a plain pandas computation."""

import numpy as np
import pytest
import pandas as pd

import intimacy
from intimacy import Instrument


def test_registry_lists_every_builtin_with_status_licence_and_citation():
    entries = intimacy.registry()
    assert [e.name for e in entries] == intimacy.builtin_instruments()
    by = {e.name: e for e in entries}
    assert by["levels-checkin"].status == "authored"
    assert by["ecr-r"].status == "secondary"
    assert by["rdas"].status == "unconfirmed"
    for e in entries:
        assert e.status == Instrument.builtin(e.name).status
        assert e.licence
        if e.status == "authored":
            continue
        assert e.citation and e.facts
        order = ["unconfirmed", "secondary", "verified"]
        assert e.status == min((f.status for f in e.facts), key=order.index)
        for f in e.facts:
            if f.status == "verified":
                assert any(s.primary for s in f.sources), (e.name, f.statement)
    cut = next(f for f in by["rdas"].facts if f.fact == "cutoff")
    assert (cut.value, cut.status) == (48.0, "verified")


def test_ecr_r_score_frame_equals_a_plain_pandas_computation():
    ecr = Instrument.builtin("ecr-r")
    rng = np.random.default_rng(7)
    cols = [f"ecrr{i}" for i in range(1, 37)]
    df = pd.DataFrame(rng.integers(1, 8, size=(500, 36)).astype(float), columns=cols)
    df.iloc[3, 5] = np.nan  # one gap: the scale is not scored (every item needed)
    # The key as published: anxiety 1-18, avoidance 19-36, these reversed (8 - x).
    reversed_items = {9, 11, 20, 22, 26, 27, 28, 29, 30, 31, 33, 34, 35, 36}
    keyed = df.copy()
    for i in reversed_items:
        keyed[f"ecrr{i}"] = 8 - keyed[f"ecrr{i}"]
    anxiety = keyed[[f"ecrr{i}" for i in range(1, 19)]].mean(axis=1, skipna=False)
    avoidance = keyed[[f"ecrr{i}" for i in range(19, 37)]].mean(axis=1, skipna=False)
    out = ecr.score_frame(df)
    np.testing.assert_allclose(out["anxiety"], anxiety, rtol=1e-12)
    np.testing.assert_allclose(out["avoidance"], avoidance, rtol=1e-12)
    assert np.isnan(out["anxiety"].iloc[3]) and not np.isnan(out["avoidance"].iloc[3])


def test_a_key_whose_fact_disagrees_is_refused_with_the_path():
    d = Instrument.builtin("ecr-s").to_dict()
    i = next(k for k, f in enumerate(d["facts"]) if f["fact"] == "reverse-items")
    d["facts"][i]["items"] = ["ecrs1", "ecrs5", "ecrs8"]  # item 9 left out
    import json

    try:
        Instrument.from_json(json.dumps(d))
    except intimacy.InstrumentError as e:
        assert [(p.path, p.code) for p in e.problems] == [(f"facts[{i}].items", "fact-mismatch")]
    else:
        raise AssertionError("a fact that disagrees with its key was accepted")


def test_ios_svg_is_the_drawing_of_the_seven_options():
    import re

    svg = intimacy.ios_svg()
    assert [int(v) for v in re.findall(r'data-value="(\d)"', svg)] == [1, 2, 3, 4, 5, 6, 7]
    assert Instrument.builtin("ios").score({"ios": 5}).scales["closeness"].score == 5


def test_instrument_reliability_keys_the_scale_as_the_instrument_does():
    ecr = Instrument.builtin("ecr-r")
    rng = np.random.default_rng(3)
    trait = rng.normal(0, 1, 300)
    cols = [f"ecrr{i}" for i in range(1, 37)]
    reversed_items = {9, 11, 20, 22, 26, 27, 28, 29, 30, 31, 33, 34, 35, 36}
    raw = np.clip(np.rint(4 + trait[:, None] + rng.normal(0, 1, (300, 36))), 1, 7)
    for i in reversed_items:
        raw[:, i - 1] = 8 - raw[:, i - 1]
    df = pd.DataFrame(raw, columns=cols)
    df["extra"] = 1.0  # not an item: ignored
    anxiety = [f"ecrr{i}" for i in range(1, 19)]
    by_hand = intimacy.reliability(df[anxiety], reverse=["ecrr9", "ecrr11"], bounds=(1, 7))
    keyed = ecr.reliability("anxiety", df)
    assert keyed.alpha == pytest.approx(by_hand.alpha, abs=1e-12)
    assert keyed.alpha > 0.9
    assert [s.reversed for s in keyed.items] == [c in ("ecrr9", "ecrr11") for c in anxiety]
    # The same from an array with one column per item.
    assert ecr.reliability("anxiety", raw).alpha == pytest.approx(by_hand.alpha, abs=1e-12)
    with pytest.raises(intimacy.ReliabilityError) as e:
        ecr.reliability("anxietyy", df)
    assert e.value.code == "unknown-scale"


def test_an_instruments_facts_and_item_listing():
    ecr = Instrument.builtin("ecr-r")
    kinds = {f.fact for f in ecr.facts}
    assert {"items", "response-range", "reverse-items", "subscale", "scoring", "licence"} <= kinds
    reverse = next(f for f in ecr.facts if f.fact == "reverse-items")
    assert reverse.items == [i.id for i in ecr.items if i.reverse]
    assert ecr.item_listing is not None and "anxiety items 1-18" in ecr.item_listing.name
    assert Instrument.builtin("levels-checkin").facts == []
    assert Instrument.builtin("levels-checkin").item_listing is None
