"""Conversion of data frames for the native module: which kind of frame it
is, its item columns as the core reads them, and the output frame of the
same kind. Which column is which item, and what is an error, is the core's."""

from __future__ import annotations

import sys
from typing import Any, Dict, List, Optional

from ._errors import ArgumentError


def kind(df: Any) -> str:
    """``"pandas"`` for a pandas DataFrame, ``"arrow"`` for any other frame
    exporting the Arrow PyCapsule interface (polars, pyarrow, DuckDB, ...);
    an :class:`ArgumentError` otherwise."""
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(df, pd.DataFrame):
        return "pandas"
    if hasattr(type(df), "__arrow_c_stream__"):
        return "arrow"
    raise ArgumentError(
        "score_frame needs a pandas DataFrame or a frame with the Arrow PyCapsule interface "
        f"(__arrow_c_stream__: polars, pyarrow, ...), got {type(df).__name__}"
    )


def is_arrow_backed(df: Any, positions: List[int]) -> bool:
    """Whether the pandas columns at ``positions`` (at least one) all hold
    Arrow data (``pd.ArrowDtype``): then they are read through Arrow."""
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    arrow_dtype = getattr(pd, "ArrowDtype", None)
    return (
        arrow_dtype is not None
        and bool(positions)
        and all(isinstance(df.dtypes.iloc[j], arrow_dtype) for j in positions)
    )


def pandas_columns(df: Any, plan: List[Optional[int]]) -> List[Any]:
    """For each item, its pandas column as a 1-D contiguous float64 array
    (float64 columns read where they lie, no copy; others converted, pandas'
    missing values becoming NaN), or None where it has no column."""
    import numpy as np

    # Every column's Series at once (df.items() is the cheap way to them).
    series = [s for _, s in df.items()]
    out: List[Any] = []
    for j in plan:
        if j is None:
            out.append(None)
            continue
        column = series[j]
        if column.dtype == np.float64:
            values = column.to_numpy()
        else:
            values = column.to_numpy(dtype=np.float64, na_value=np.nan)
        out.append(np.ascontiguousarray(values))
    return out


def arrow_table(df: Any, plan: List[Optional[int]], items: List[str]) -> Any:
    """The Arrow-backed item columns of the pandas frame ``df`` as a pyarrow
    Table named by item (no copy), for the core's Arrow reader."""
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]

    return pa.table({items[i]: df.iloc[:, j].array.__arrow_array__() for i, j in enumerate(plan) if j is not None})


def arrow_output(df: Any, columns: Dict[str, Any]) -> Any:
    """The scores as a frame of the input's kind: polars in, polars out;
    any other Arrow frame (pyarrow Table or RecordBatch, ...), a pyarrow Table."""
    if type(df).__module__.split(".")[0] == "polars":
        import polars as pl  # type: ignore[import-not-found,unused-ignore]

        return pl.DataFrame(columns)
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]

    return pa.table(columns)
