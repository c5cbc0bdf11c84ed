"""Scoring Dask DataFrames: each partition is scored by
:meth:`intimacy.Instrument.score_frame` on the worker that holds it.

>>> import intimacy.dask  # doctest: +SKIP
>>> scores = intimacy.dask.score_frame(ddf, intimacy.Instrument.builtin("levels-checkin"))  # doctest: +SKIP

Instruments travel to the workers as their JSON (they pickle), so any
instrument works, built-in or your own.
"""

from __future__ import annotations

from ._errors import ArgumentError, NotFoundError

from typing import Any

from . import Instrument

__all__ = ["score_frame"]


def _score_partition(part: Any, instrument: Instrument, kwargs: dict[str, Any]) -> Any:
    return instrument.score_frame(part, **kwargs)


def score_frame(ddf: Any, instrument: Instrument, **kwargs: Any) -> Any:
    """Score a Dask DataFrame partition by partition; returns a lazy Dask
    DataFrame with the same index and divisions, one row per input row, the
    columns of :meth:`Instrument.score_frame`. Keyword arguments are passed
    to ``score_frame`` (``extra_columns``, ``missing_columns`` and the scoring
    options)."""
    import dask.dataframe as dd  # type: ignore[import-untyped,unused-ignore]

    if not isinstance(ddf, dd.DataFrame):
        raise ArgumentError(f"intimacy.dask.score_frame needs a dask DataFrame, got {type(ddf).__name__}")
    if not isinstance(instrument, Instrument):
        raise ArgumentError("instrument must be an intimacy.Instrument")
    # The output's shape, computed on an empty frame of the input's columns.
    meta = instrument.score_frame(ddf._meta, **kwargs)
    # dask's map_partitions is not annotated: the untyped-call check cannot apply.
    return ddf.map_partitions(_score_partition, instrument, kwargs, meta=meta)  # type: ignore[no-untyped-call,unused-ignore]
