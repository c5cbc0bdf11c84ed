"""The registry of published keys in Python: the listing, statuses, and the
ECR-R key scored from a DataFrame against a plain pandas computation."""

import numpy as np
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
