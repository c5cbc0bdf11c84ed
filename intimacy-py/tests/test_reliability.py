"""intimacy.reliability against R psych (tests/reference/reliability.json,
made by tests/reference/reliability.R), at 1e-8, with the same documented
departures as the Rust test (intimacy-core/tests/reliability.rs): N under
pairwise deletion for the ASE and CIs, reversal by declared bounds, items
without variance reported."""

import json
import math

import numpy as np
import pytest

import intimacy
from conftest import FIXTURES

pd = pytest.importorskip("pandas")
REFERENCE = json.loads((FIXTURES.parent / "reference" / "reliability.json").read_text())
TOL = 1e-8


def close(got, want, what):
    if want is None:
        assert got is None or math.isnan(got), what
        return
    assert abs(got - want) <= TOL * max(abs(want), 1.0), f"{what}: {got!r} vs {want!r}"


@pytest.mark.parametrize("case", REFERENCE["cases"], ids=lambda c: c["name"])
def test_matches_psych_alpha(case):
    data = np.array([[np.nan if v is None else v for v in row] for row in case["data"]], dtype=float)
    df = pd.DataFrame(data, columns=case["item_names"])
    r = intimacy.reliability(
        df,
        reverse=[case["item_names"][i] for i in case["reverse"]],
        bounds=tuple(case["bounds"]),
        missing=case["deletion"],
    )
    p, ours = case["psych"], case["ours"]
    name = case["name"]
    bounds_differ = name == "declared-bounds-differ"
    same_n = p["nsub"] == ours["n_pairwise_min"]
    assert r.zero_variance == p["zero_variance"]
    for ours_name, psych_name in [
        ("alpha", "raw_alpha"), ("std_alpha", "std_alpha"), ("g6", "g6"), ("average_r", "average_r"),
        ("signal_noise", "signal_noise"), ("median_r", "median_r"), ("var_r", "var_r"),
    ]:
        close(getattr(r, ours_name), p[psych_name], f"{name}.{ours_name}")
    if not bounds_differ:
        close(r.mean, p["mean"], f"{name}.mean")
        close(r.sd, p["sd"], f"{name}.sd")
    close(r.ase, ours["ase"], f"{name}.ase")
    for i in range(2):
        close(r.feldt_ci[i], ours["feldt"][i], f"{name}.feldt[{i}]")
        close(r.duhachek_ci[i], ours["duhachek"][i], f"{name}.duhachek[{i}]")
        if same_n:
            close(r.feldt_ci[i], p["feldt"][i], f"{name}.psych feldt[{i}]")
    drop = r.alpha_if_dropped
    pd_ = p["alpha_drop"]
    for i, item in enumerate(pd_["name"]):
        for col in ["alpha", "std_alpha", "g6", "average_r", "signal_noise", "var_r", "median_r"]:
            v = drop.loc[item, col]
            close(None if v is None else float(v), pd_[col][i], f"{name}.alpha_if_dropped[{item}].{col}")
    st = r.item_stats
    ps = p["item_stats"]
    for i, item in enumerate(ps["name"]):
        assert st.loc[item, "n"] == ps["n"][i]
        for col in ["std_r", "r_cor", "r_drop", "sd"]:
            close(float(st.loc[item, col]), ps[col][i], f"{name}.item_stats[{item}].{col}")
        if not bounds_differ:
            close(float(st.loc[item, "raw_r"]), ps["raw_r"][i], f"{name}.item_stats[{item}].raw_r")
            close(float(st.loc[item, "mean"]), ps["mean"][i], f"{name}.item_stats[{item}].mean")
    freq = r.frequencies
    for f in p["response_freq"]:
        close(float(freq.loc[f["name"], "miss"]), f["missing"], f"{name}.freq[{f['name']}].miss")
        for v, share in zip(f["values"], f["shares"]):
            col = str(int(v)) if float(v).is_integer() else str(v)
            got = float(freq.loc[f["name"], col]) if col in freq.columns else 0.0
            close(0.0 if math.isnan(got) else got, share, f"{name}.freq[{f['name']}][{col}]")


def test_numpy_arrays_and_integer_codes_agree():
    case = REFERENCE["cases"][0]
    data = np.array([[np.nan if v is None else v for v in row] for row in case["data"]], dtype=float)
    a = intimacy.reliability(data, reverse=case["reverse"], bounds=tuple(case["bounds"]))
    codes = np.where(np.isnan(data), 255, data).astype(np.uint8)
    b = intimacy.reliability(codes, reverse=case["reverse"], bounds=tuple(case["bounds"]))
    c = intimacy.reliability(np.asfortranarray(data), reverse=case["reverse"], bounds=tuple(case["bounds"]))
    assert a.alpha == b.alpha == c.alpha
    assert a.to_dict()["items"] == c.to_dict()["items"]


@pytest.mark.parametrize(
    "call, exc",
    [
        (lambda: intimacy.reliability(np.ones((5, 1))), intimacy.ReliabilityError),
        (lambda: intimacy.reliability(np.ones(5)), ValueError),
        (lambda: intimacy.reliability(np.array([["a", "b"]])), TypeError),
        (lambda: intimacy.reliability(np.eye(3), reverse=[0]), intimacy.ReliabilityError),
        (lambda: intimacy.reliability(np.eye(3), reverse=[7], bounds=(0, 1)), intimacy.ReliabilityError),
        (lambda: intimacy.reliability(np.eye(3), reverse=["zz"], bounds=(0, 1)), intimacy.ReliabilityError),
        (lambda: intimacy.reliability(np.eye(3), reverse=[1.5], bounds=(0, 1)), intimacy.OptionsError),
        (lambda: intimacy.reliability(np.eye(3) * 9, bounds=(0, 1)), intimacy.ReliabilityError),
        (lambda: intimacy.reliability(np.full((3, 3), np.inf)), intimacy.ReliabilityError),
        (lambda: intimacy.reliability(np.eye(3), missing="some"), ValueError),
        (lambda: intimacy.reliability(np.eye(3), bounds=(5, 1)), intimacy.ReliabilityError),
    ],
)
def test_bad_input_is_a_typed_error(call, exc):
    with pytest.raises(exc):
        call()


def test_out_of_bounds_names_row_item_and_value():
    x = np.array([[1, 2, 3], [2, 9, 3], [3, 3, 1], [4, 2, 2]], dtype=float)
    with pytest.raises(intimacy.ReliabilityError) as info:
        intimacy.reliability(x, bounds=(1, 5))
    e = info.value
    assert (e.code, e.row, e.column, e.item, e.value) == ("out-of-bounds", 1, 1, "V2", 9.0)


OMEGA = json.loads((FIXTURES.parent / "reference" / "omega.json").read_text())


@pytest.mark.parametrize("case", OMEGA["cases"], ids=lambda c: c["name"])
def test_omega_matches_the_exact_minres_solution_and_psych(case):
    data = np.array([[np.nan if v is None else v for v in row] for row in case["data"]], dtype=float)
    o = intimacy.omega(
        pd.DataFrame(data, columns=case["item_names"]),
        nfactors=1,
        reverse=case["reverse"],
        bounds=tuple(case["bounds"]),
        missing=case["deletion"],
    )
    exact = case["exact"]
    close(o.omega_total, exact["omega_total"], "omega_total")
    close(o.omega_h, exact["omega_h"], "omega_h")
    for name, want in zip(case["item_names"], exact["loadings"]):
        close(abs(o.loadings[name]), abs(want), f"loading {name}")
    # psych's optimiser stops short of the exact minimum: its printed values agree to 2e-6.
    assert abs(o.omega_total - case["psych"]["omega_total"]) < 2e-6


def test_omega_errors():
    with pytest.raises(intimacy.ReliabilityError) as info:
        intimacy.omega(np.eye(2) + 1, nfactors=1)
    assert info.value.code
    with pytest.raises(intimacy.ReliabilityError):
        intimacy.omega(np.eye(4) * 9, nfactors=1, bounds=(0, 1))
    with pytest.raises(intimacy.ReliabilityError) as info:
        intimacy.omega(np.random.default_rng(1).normal(size=(50, 6)))
    assert info.value.code == "factor-count"
    with pytest.raises(ValueError):
        intimacy.omega(np.eye(4), nfactors=0)


OMEGA_H = json.loads((FIXTURES.parent / "reference" / "omega_h.json").read_text())


@pytest.mark.parametrize("case", OMEGA_H["cases"], ids=lambda c: c["name"])
def test_omega_hierarchical_matches_psych(case):
    data = np.array([[np.nan if v is None else v for v in row] for row in case["data"]], dtype=float)
    o = intimacy.omega(pd.DataFrame(data, columns=case["item_names"]), nfactors=case["nfactors"], missing=case["deletion"])
    # Against the same steps solved tightly in R (1e-7), and psych's own printed values (5e-6).
    assert abs(o.omega_h - case["exact"]["omega_h"]) < 1e-7
    assert abs(o.omega_total - case["exact"]["omega_total"]) < 1e-7
    assert abs(o.omega_h - case["psych"]["omega_h"]) < 5e-6
    assert o.nfactors == case["nfactors"]
    assert len(o.group_loadings) == len(case["item_names"])


def test_reverse_by_name_or_index_is_resolved_by_the_core():
    x = np.array([[1, 5, 2], [2, 4, 3], [4, 2, 5], [5, 1, 4], [3, 3, 3]], dtype=float)
    by_index = intimacy.reliability(x, reverse=[1], bounds=(1, 5))
    by_name = intimacy.reliability(x, reverse=["V2"], bounds=[(1, 5)] * 3)
    assert by_index.alpha == by_name.alpha
    with pytest.raises(intimacy.ReliabilityError) as e:
        intimacy.reliability(x, reverse=["nope"], bounds=(1, 5))
    assert e.value.code == "reverse-unknown-item"
    with pytest.raises(intimacy.ReliabilityError) as e:
        intimacy.reliability(x, reverse=[3], bounds=(1, 5))
    assert e.value.code == "reverse-out-of-range"


def test_results_are_the_generated_classes_and_convert_back_to_the_core_json():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(200, 6)) + rng.normal(size=(200, 1))
    r = intimacy.reliability(x)
    assert isinstance(r, intimacy.Reliability) and isinstance(r.items[0], intimacy.ItemStats)
    assert isinstance(r.feldt_ci, tuple) and r.deletion == "pairwise" and r.rows == 200
    assert intimacy.build(intimacy.Reliability, r.to_dict()) == r
    one, three = intimacy.omega(x, nfactors=1), intimacy.omega(np.hstack([x, x[:, ::-1] + rng.normal(size=(200, 6))]), nfactors=3)
    assert isinstance(one, intimacy.OneFactorOmega) and isinstance(three, intimacy.OmegaHierarchical)
    assert isinstance(one, intimacy.Omega) and isinstance(three, intimacy.Omega)
    assert (one.nfactors, one.method, one.group_loadings, one.communalities) == (1, "one-factor minres", {}, {})
    assert (three.method, three.uniquenesses, three.loadings) == ("minres, oblimin, Schmid-Leiman", {}, three.general_loadings)
    # (name, value) pairs in the JSON, dicts by item in Python, pairs again in to_dict.
    assert one.to_dict()["loadings"] == [[k, v] for k, v in one.loadings.items()]
    assert intimacy.build(intimacy.OneFactorOmega, one.to_dict()) == one
    assert repr(one).startswith("Omega(omega_total=") and repr(r).startswith("Reliability(alpha=")


@pytest.mark.parametrize("nfactors", [0, -1, 1.5, True, "3", None])
def test_omega_refuses_a_factor_count_that_is_not_one_or_more(nfactors):
    with pytest.raises(intimacy.ArgumentError) as info:
        intimacy.omega(np.eye(4), nfactors=nfactors)
    assert info.value.code == "invalid-argument"
    assert "nfactors" in str(info.value)
    if nfactors == 0:
        # The core decides: 0 is refused there, with the argument's name as its path.
        assert info.value.path == "nfactors"
