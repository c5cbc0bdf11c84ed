"""``intimacy.reliability``: psych-style reliability of a block of items.

The statistics come from the Rust core; this module converts a DataFrame or
array in, and the result out (tables as pandas DataFrames when pandas is
installed, lists of records otherwise).
"""

from __future__ import annotations

from ._errors import ArgumentError

import json
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from . import _core
from ._arrays import as_block


class Reliability:
    """Reliability of a scale, with the numbers R's ``psych::alpha`` gives.

    Totals: ``alpha``, ``std_alpha``, ``g6`` (from squared multiple
    correlations), ``g6_raw`` (the lambda 6 ``scoreItems`` reports),
    ``average_r``, ``median_r``, ``var_r``, ``signal_noise``, ``ase``,
    ``feldt_ci`` and ``duhachek_ci`` (95 %), ``n`` (the N used), ``mean``, ``sd``.
    Tables: ``item_stats`` (raw_r, std_r, r_cor, r_drop, mean, sd, n by item),
    ``alpha_if_dropped`` (alpha, std_alpha, g6, average_r, signal_noise, ase,
    var_r, median_r by item), ``frequencies`` (share of each category, and
    missing, by item). ``zero_variance`` lists items left out for having no
    variance; ``notes`` say how the numbers depart from psych where they do.
    """

    def __init__(self, data: Dict[str, Any]) -> None:
        self._data = data
        self.alpha: float = data["alpha"]
        self.std_alpha: float = data["std_alpha"]
        self.g6: float = data["g6"]
        self.g6_raw: float = data["g6_raw"]
        self.average_r: float = data["average_r"]
        self.median_r: float = data["median_r"]
        self.var_r: float = data["var_r"]
        self.signal_noise: float = data["signal_noise"]
        self.ase: float = data["ase"]
        self.feldt_ci: Tuple[float, float] = (data["feldt_ci"][0], data["feldt_ci"][1])
        self.duhachek_ci: Tuple[float, float] = (data["duhachek_ci"][0], data["duhachek_ci"][1])
        self.n: int = data["n"]
        self.mean: float = data["mean"]
        self.sd: float = data["sd"]
        self.deletion: str = data["deletion"]
        self.zero_variance: List[str] = list(data["zero_variance"])
        self.notes: List[str] = list(data["notes"])

    @property
    def item_stats(self) -> Any:
        """Per item: raw_r, std_r, r_cor, r_drop, mean, sd, n (a DataFrame indexed by item)."""
        cols = ["raw_r", "std_r", "r_cor", "r_drop", "mean", "sd", "n"]
        return _table(self._data["items"], cols)

    @property
    def alpha_if_dropped(self) -> Any:
        """Per item, the statistics recomputed without it (a DataFrame indexed by item)."""
        cols = ["alpha", "std_alpha", "g6", "average_r", "signal_noise", "ase", "var_r", "median_r"]
        return _table(self._data["alpha_if_dropped"], cols)

    @property
    def frequencies(self) -> Any:
        """Per item, the share of each answer category and of missing answers."""
        rows = []
        for f in self._data["frequencies"]:
            row: Dict[str, Any] = {"name": f["name"]}
            for value, share in f["categories"]:
                row[_category(value)] = share
            row["miss"] = f["missing"]
            rows.append(row)
        try:
            import pandas as pd  # type: ignore[import-untyped,unused-ignore]
        except ImportError:
            return rows
        return pd.DataFrame(rows).set_index("name").rename_axis(None)

    def to_dict(self) -> Dict[str, Any]:
        """Everything as plain dicts and lists (the same JSON in every language)."""
        return json.loads(json.dumps(self._data))  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return (
            f"Reliability(alpha={self.alpha:.4f}, std_alpha={self.std_alpha:.4f}, g6={self.g6:.4f}, "
            f"average_r={self.average_r:.4f}, n={self.n}, items={len(self._data['items'])})"
        )


def _category(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _table(records: List[Dict[str, Any]], cols: List[str]) -> Any:
    try:
        import pandas as pd
    except ImportError:
        return records
    return pd.DataFrame([{c: r[c] for c in ["name", *cols]} for r in records]).set_index("name").rename_axis(None)


def reliability(
    data: Any,
    reverse: Sequence[Union[int, str]] = (),
    bounds: Optional[Union[Tuple[float, float], Sequence[Tuple[float, float]]]] = None,
    missing: str = "pairwise",
    missing_code: Optional[int] = None,
) -> Reliability:
    """Reliability of the items in ``data`` (a DataFrame or 2-D array, one
    column per item, NaN = missing), matching R's ``psych::alpha``.

    ``reverse`` names or indexes the negatively keyed items, reversed within
    the **declared** ``bounds`` (``(min, max)`` for all items, or one pair per
    item) as ``min + max - x`` (psych uses the observed range instead);
    ``missing`` is ``"pairwise"`` (psych's default) or ``"listwise"``.

    >>> import numpy as np
    >>> x = np.array([[1, 2, 2], [2, 3, 3], [4, 4, 5], [5, 5, 4]], dtype=float)
    >>> round(reliability(x).alpha, 4)
    0.9444
    """
    arr, options, missing_code = _prepare(data, reverse, bounds, missing, missing_code, "reliability")
    return Reliability(json.loads(_core.reliability_json(arr, options, missing_code)))


def _prepare(
    data: Any,
    reverse: Sequence[Union[int, str]],
    bounds: Optional[Union[Tuple[float, float], Sequence[Tuple[float, float]]]],
    missing: str,
    missing_code: Optional[int],
    what: str,
) -> Tuple[Any, Dict[str, Any], Optional[int]]:
    """The block and the options JSON shared by reliability and omega."""
    import numpy as np

    names: List[str] = []
    try:
        import pandas as pd

        if isinstance(data, pd.DataFrame):
            names = [str(c) for c in data.columns]
            for c in data.columns:
                dt = data[c].dtype
                if dt.kind == "b" or not pd.api.types.is_numeric_dtype(dt):
                    raise ArgumentError(f"column {c!r} holds {dt} values; answers must be numbers")
            data = data.to_numpy(dtype=np.float64, na_value=np.nan)
    except ImportError:
        pass
    arr, missing_code = as_block(data, missing_code, what)
    if not names:
        names = [f"V{j + 1}" for j in range(arr.shape[1])]
    # The core resolves names, checks indexes and reads one pair or one per item.
    from . import _plain

    options = _plain({"reverse": list(reverse), "bounds": bounds, "missing": missing, "item_names": names})
    return arr, options, missing_code


class Omega:
    """McDonald's omega, as psych's ``omega``: ``omega_total``, ``omega_h``,
    ``nfactors``, ``flipped`` (items psych would flip), ``n`` and ``notes``.

    With ``nfactors=1`` (one-factor minres): ``loadings`` and ``uniquenesses``
    by item; ``omega_h`` is then the share of the total score's variance due
    to the one factor. With ``nfactors >= 2`` (minres, oblimin, Schmid-Leiman,
    psych's default of 3): ``loadings`` are the general-factor loadings,
    ``group_loadings`` the group-factor loadings and ``communalities`` by item.
    """

    def __init__(self, data: Dict[str, Any]) -> None:
        self._data = data
        self.omega_total: float = data["omega_total"]
        self.omega_h: float = data["omega_h"]
        self.nfactors: int = data.get("nfactors", 1)
        self.method: str = data.get("method", "minres, oblimin, Schmid-Leiman")
        self.loadings: Dict[str, float] = {k: v for k, v in data.get("loadings", data.get("general_loadings", []))}
        self.uniquenesses: Dict[str, float] = {k: v for k, v in data.get("uniquenesses", [])}
        self.group_loadings: Dict[str, List[float]] = {k: list(v) for k, v in data.get("group_loadings", [])}
        self.communalities: Dict[str, float] = {k: v for k, v in data.get("communalities", [])}
        self.flipped: List[str] = list(data["flipped"])
        self.n: int = data["n"]
        self.notes: List[str] = list(data["notes"])

    def to_dict(self) -> Dict[str, Any]:
        """Everything as plain dicts and lists."""
        return json.loads(json.dumps(self._data))  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"Omega(omega_total={self.omega_total:.4f}, omega_h={self.omega_h:.4f}, n={self.n}, items={len(self.loadings)})"


def omega(
    data: Any,
    nfactors: int = 3,
    reverse: Sequence[Union[int, str]] = (),
    bounds: Optional[Union[Tuple[float, float], Sequence[Tuple[float, float]]]] = None,
    missing: str = "pairwise",
    missing_code: Optional[int] = None,
) -> Omega:
    """McDonald's omega of the items in ``data``, as psych's ``omega``:
    hierarchical by default (``nfactors=3`` group factors, minres, oblimin,
    Schmid-Leiman; at least 3 items per factor), or from a one-factor minres
    solution with ``nfactors=1``. Other arguments as for :func:`reliability`."""
    if isinstance(nfactors, bool) or not isinstance(nfactors, int) or nfactors < 1:
        raise ArgumentError(f"nfactors must be a whole number of at least 1, got {nfactors!r}")
    arr, options, missing_code = _prepare(data, reverse, bounds, missing, missing_code, "omega")
    return Omega(json.loads(_core.omega_json(arr, options, nfactors, missing_code)))
