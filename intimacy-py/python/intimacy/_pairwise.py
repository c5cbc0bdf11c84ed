"""Reshaping couples' data between individual rows (one person per row) and
pairwise rows (one row per person, their own columns as the *actor* and
their partner's as the *partner*), as dyadic analyses (APIM) expect."""

from __future__ import annotations

from ._errors import ArgumentError, NotFoundError

from typing import Any, List, Sequence, Tuple


def private_columns(instrument: Any = None) -> List[str]:
    """The columns a joint (pairwise) frame never carries: the private items
    and private scales of ``instrument`` (with their ``:answered`` columns), and
    the safety-family flag columns. Without an instrument: those of every
    built-in instrument."""
    from . import _core

    if instrument is None:
        return list(_core.builtin_private_frame_columns())
    return list(instrument._native.private_frame_columns())


def to_pairwise(
    df: Any,
    couple: str = "couple",
    person: str = "partner",
    columns: Sequence[str] = (),
    suffixes: Tuple[str, str] = ("_actor", "_partner"),
    instrument: Any = None,
) -> Any:
    """One row per person with each column twice: ``<col>_actor`` (their own)
    and ``<col>_partner`` (their partner's). ``couple`` and ``person`` name the
    identifying columns (or index levels); every couple must have exactly two
    people. ``columns`` limits which columns are paired (default: all others).

    A pairwise frame holds both partners' data, so it never carries a private
    column (:func:`private_columns`: the private items and scales of
    ``instrument``, or of every built-in instrument when none is given, and the
    safety and consent flag columns): they are left out, and naming one in
    ``columns`` raises ``ValueError``.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"couple": ["c1", "c1"], "partner": ["a", "b"], "x": [1, 2]})
    >>> to_pairwise(df)[["x_actor", "x_partner"]].values.tolist()
    [[1, 2], [2, 1]]
    """
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    if not isinstance(df, pd.DataFrame):
        raise ArgumentError(f"to_pairwise needs a pandas DataFrame, got {type(df).__name__}")
    flat = df.reset_index() if any(n in (df.index.names or []) for n in (couple, person)) else df.copy()
    for key in (couple, person):
        if key not in flat.columns:
            raise NotFoundError(f"no column or index level {key!r}")
    sizes = flat.groupby(couple, sort=False)[person].nunique()
    odd = sizes[sizes != 2]
    if len(odd):
        raise ArgumentError(
            f"every couple needs exactly two people; {len(odd)} couple(s) do not, e.g. "
            f"{odd.index[0]!r} with {int(odd.iloc[0])}"
        )
    if flat.duplicated([couple, person]).any():
        dup = flat[flat.duplicated([couple, person])].iloc[0]
        raise ArgumentError(f"person {dup[person]!r} of couple {dup[couple]!r} appears more than once")
    private = set(private_columns(instrument))
    named = [c for c in columns if c in private]
    if named:
        raise ArgumentError(
            f"column(s) {', '.join(map(repr, named))} are private to each partner and never paired"
        )
    cols = list(columns) or [c for c in flat.columns if c not in (couple, person) and c not in private]
    actor_s, partner_s = suffixes
    own = flat[[couple, person, *cols]]
    other = own.rename(columns={person: "__partner__", **{c: f"{c}{partner_s}" for c in cols}})
    merged = own.rename(columns={c: f"{c}{actor_s}" for c in cols}).merge(other, on=couple)
    merged = merged[merged[person] != merged["__partner__"]].drop(columns="__partner__")
    order = [couple, person] + [f"{c}{s}" for c in cols for s in (actor_s, partner_s)]
    return merged[order].reset_index(drop=True)


def from_pairwise(
    df: Any,
    couple: str = "couple",
    person: str = "partner",
    suffixes: Tuple[str, str] = ("_actor", "_partner"),
) -> Any:
    """Back from :func:`to_pairwise`: one row per person with their own
    (``_actor``) columns, the suffix removed."""
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise ArgumentError(f"from_pairwise needs a pandas DataFrame, got {type(df).__name__}")
    actor_s, _ = suffixes
    own = [c for c in df.columns if isinstance(c, str) and c.endswith(actor_s)]
    if not own:
        raise ArgumentError(f"no columns ending in {actor_s!r}")
    out = df[[couple, person, *own]].rename(columns={c: c[: -len(actor_s)] for c in own})
    return out.reset_index(drop=True)
