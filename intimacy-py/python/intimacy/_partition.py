"""What the distributed paths (:mod:`intimacy.dask`, :mod:`intimacy.spark`)
share: the invalid cells of one partition's pandas frame, as a frame that
names each cell by the partition's own row label and column name."""

from __future__ import annotations

import warnings
from typing import Any, Dict, List

from . import CellProblem, Instrument, IntimacyWarning


def problems_of(part: Any, instrument: Instrument, kwargs: Dict[str, Any]) -> List[CellProblem]:
    """The invalid cells :meth:`Instrument.score_frame` finds in ``part``
    (without its warning: they are returned instead)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IntimacyWarning)
        found: List[CellProblem] = instrument.score_frame(part, **kwargs).attrs.get("problems") or []
    return found


def problem_frame(part: Any, found: List[CellProblem], row_name: str = "index") -> Any:
    """The problems ``found`` in the partition ``part``, one row each: the
    row's index label (column ``row_name``), the input column's name, the
    item, the value and the message (no rows: an empty frame of those types)."""
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    return pd.DataFrame(
        {
            row_name: pd.Index([part.index[p.row] for p in found], dtype=part.index.dtype),
            "column": pd.Series([part.columns[p.column] for p in found], dtype=object),
            "item": pd.Series([p.item for p in found], dtype=object),
            "value": pd.Series([p.value for p in found], dtype="float64"),
            "message": pd.Series([p.message for p in found], dtype=object),
        }
    )
