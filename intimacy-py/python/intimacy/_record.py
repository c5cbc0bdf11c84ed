"""What the generated model classes (``_model.py``) share: conversion to
plain dicts, building from the core's JSON, and the few hand-written parts
(``MinAnswered``, ``Framework.stage``, the pandas tables of ``Reliability``,
the ``Omega`` both omega results are)."""

from __future__ import annotations

import dataclasses
import sys
import typing
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple, Type, TypeVar

T = TypeVar("T")


class _Record:
    """Shared behaviour of the model's dataclasses."""

    def to_dict(self) -> Dict[str, Any]:
        """The value as plain dicts and lists (``None`` fields left out)."""
        return _to_dict(self)  # type: ignore[no-any-return]


def _to_dict(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            # An optional field is left out when None; a required one is null (NaN).
            if v is None and (f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING):
                continue
            # A dict by name that the JSON holds as (name, value) pairs.
            out[f.metadata.get("json", f.name)] = _to_dict(list(v.items()) if f.metadata.get("pairs") else v)
        return out
    if isinstance(value, (list, tuple)):
        return [_to_dict(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_dict(v) for k, v in value.items()}
    return value


_HINTS: Dict[type, Dict[str, Any]] = {}


def _build(tp: Any, data: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin is typing.Union:
        if data is None:
            return None
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return _build(inner, data)
    if origin in (list, List):
        (inner,) = typing.get_args(tp)
        return [_build(inner, d) for d in data]
    if origin in (tuple, Tuple):
        return tuple(_build(t, d) for t, d in zip(typing.get_args(tp), data))
    if origin in (dict, Dict):
        _, inner = typing.get_args(tp)
        pairs = data.items() if isinstance(data, dict) else data
        return {k: _build(inner, v) for k, v in pairs}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return tp(**fields(tp, data))
    return data


def build(cls: Type[T], data: Any) -> T:
    """Build ``cls`` (a dataclass of this module) from parsed JSON."""
    return _build(cls, data)  # type: ignore[no-any-return]


def fields(cls: type, data: Any) -> Dict[str, Any]:
    """The arguments that build dataclass ``cls`` from parsed JSON."""
    hints = _HINTS.get(cls)
    if hints is None:
        hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
        _HINTS[cls] = hints
    kwargs = {}
    for f in dataclasses.fields(cls):
        key = f.metadata.get("json", f.name)
        if key in data:
            kwargs[f.name] = _build(hints[f.name], data[key])
    return kwargs


@dataclass(frozen=True)
class MinAnswered(_Record):
    """How many items must be answered: a ``count`` or a ``fraction``."""

    count: Optional[int] = None
    fraction: Optional[float] = None


class _FrameworkMethods:
    """Methods of ``Framework``."""

    stages: List[Any]

    def stage(self, key: str) -> Optional[Any]:
        """The stage with this key."""
        return next((s for s in self.stages if s.key == key), None)


class _CoupleMethods:
    """Methods of ``CoupleReport``."""

    def to_svg(self, chart: str) -> Optional[str]:
        """A classic model's chart with both partners overlaid: ``"triangle"``
        (Sternberg) or ``"attachment"`` (the attachment plane); ``None`` when
        the couple report has no reading of that model."""
        import json

        from . import _core

        return _core.couple_svg(json.dumps(self.to_dict()), chart)  # type: ignore[attr-defined]


class _ReliabilityTables:
    """Reliability of a scale, with the numbers R's ``psych::alpha`` gives.

    Totals: ``alpha``, ``std_alpha``, ``g6`` (from squared multiple
    correlations), ``g6_raw`` (the lambda 6 ``scoreItems`` reports),
    ``average_r``, ``median_r``, ``var_r``, ``signal_noise``, ``ase``,
    ``feldt_ci`` and ``duhachek_ci`` (95 %), ``n`` (the N used), ``mean``, ``sd``.
    Tables (pandas DataFrames indexed by item when pandas is installed, lists
    of records otherwise): ``item_stats`` (raw_r, std_r, r_cor, r_drop, mean,
    sd, n by item), ``alpha_if_dropped`` (alpha, std_alpha, g6, average_r,
    signal_noise, ase, var_r, median_r by item), ``frequencies`` (share of
    each category, and missing, by item). ``zero_variance`` lists items left
    out for having no variance; ``notes`` say how the numbers depart from
    psych where they do.
    """

    items: List[Any]
    _alpha_if_dropped: List[Any]
    _frequencies: List[Any]
    n: int

    @property
    def item_stats(self) -> Any:
        """Per item: raw_r, std_r, r_cor, r_drop, mean, sd, n (a DataFrame indexed by item)."""
        return _table(self.items, ["raw_r", "std_r", "r_cor", "r_drop", "mean", "sd", "n"])

    @property
    def alpha_if_dropped(self) -> Any:
        """Per item, the statistics recomputed without it (a DataFrame indexed by item)."""
        cols = ["alpha", "std_alpha", "g6", "average_r", "signal_noise", "ase", "var_r", "median_r"]
        return _table(self._alpha_if_dropped, cols)

    @property
    def frequencies(self) -> Any:
        """Per item, the share of each answer category and of missing answers."""
        rows = [
            {"name": f.name, **{_category(value): share for value, share in f.categories}, "miss": f.missing}
            for f in self._frequencies
        ]
        return _frame(rows, rows)

    def __repr__(self) -> str:
        totals = ", ".join(f"{name}={getattr(self, name):.4f}" for name in ("alpha", "std_alpha", "g6", "average_r"))
        return f"Reliability({totals}, n={self.n}, items={len(self.items)})"


def _category(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _table(records: List[Any], cols: List[str]) -> Any:
    return _frame([{c: getattr(r, c) for c in ["name", *cols]} for r in records], [r.to_dict() for r in records])


def _frame(rows: List[Dict[str, Any]], without_pandas: Any) -> Any:
    """``rows`` as a DataFrame indexed by their ``name``; ``without_pandas`` when pandas is not installed."""
    try:
        import pandas as pd  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return without_pandas
    return pd.DataFrame(rows).set_index("name").rename_axis(None)


class Omega(_Record):
    """McDonald's omega, as psych's ``omega``: ``omega_total``, ``omega_h``,
    ``nfactors``, ``flipped`` (items psych would flip), ``n`` and ``notes``.

    With ``nfactors=1`` (one-factor minres, a ``OneFactorOmega``):
    ``loadings`` and ``uniquenesses`` by item; ``omega_h`` is then the share
    of the total score's variance due to the one factor. With ``nfactors >=
    2`` (minres, oblimin, Schmid-Leiman, psych's default of 3; an
    ``OmegaHierarchical``): ``loadings`` are the general-factor loadings,
    ``group_loadings`` the group-factor loadings and ``communalities`` by item.
    """

    omega_total: float
    omega_h: float
    nfactors: int
    method: str
    loadings: Dict[str, float]
    uniquenesses: Dict[str, float]
    group_loadings: Dict[str, List[float]]
    communalities: Dict[str, float]
    flipped: List[str]
    n: int
    notes: List[str]

    def __repr__(self) -> str:
        return f"Omega(omega_total={self.omega_total:.4f}, omega_h={self.omega_h:.4f}, n={self.n}, items={len(self.loadings)})"


class _OneFactorOmega(Omega):
    """What a one-factor omega has no field for: one factor, and no group factors."""

    nfactors = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "group_loadings", {})
        object.__setattr__(self, "communalities", {})


class _HierarchicalOmega(Omega):
    """A hierarchical omega's ``loadings`` are its general loadings; it has no ``uniquenesses``."""

    method = "minres, oblimin, Schmid-Leiman"
    general_loadings: Dict[str, float]

    def __post_init__(self) -> None:
        object.__setattr__(self, "loadings", self.general_loadings)
        object.__setattr__(self, "uniquenesses", {})
