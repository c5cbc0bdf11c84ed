"""Conversion of array input for the native module (one place for every entry point)."""

from __future__ import annotations

from ._errors import ArgumentError

from typing import Any, Iterable, Optional, Tuple


def as_block(data: Any, missing_code: Optional[int], what: str) -> Tuple[Any, Optional[int]]:
    """A 2-D C- or Fortran-contiguous array of float64, uint8 or int16 (read
    without copying by the core), and the missing code that still applies.
    Other numeric dtypes become float64 (integer ``missing_code`` cells become
    NaN); anything else is a TypeError, a wrong shape a ValueError."""
    import numpy as np

    arr = np.asarray(data)
    if arr.ndim != 2:
        raise ArgumentError(f"{what} needs a 2-D array (rows x items), got {arr.ndim} dimension(s)")
    if arr.dtype.kind not in "uif":
        raise ArgumentError(f"answers must be numbers; got an array of dtype {arr.dtype}")
    if arr.dtype not in (np.float64, np.uint8, np.int16):
        if arr.dtype.kind in "iu":
            floats = arr.astype(np.float64)
            if missing_code is not None:
                floats[arr == missing_code] = np.nan
            arr, missing_code = floats, None
        else:
            arr = arr.astype(np.float64)
    if not (arr.flags.c_contiguous or arr.flags.f_contiguous):
        arr = np.ascontiguousarray(arr)
    return arr, missing_code


def require_numbers(df: Any, positions: Iterable[int]) -> None:
    """An ``ArgumentError`` naming the first of these columns of the pandas
    DataFrame ``df`` that does not hold numbers (bools do not count)."""
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    dtypes = df.dtypes.tolist()  # once: a column's Series costs more than its dtype
    for j in positions:
        dt = dtypes[j]
        if dt.kind == "b" or not pd.api.types.is_numeric_dtype(dt):
            raise ArgumentError(f"column {df.columns[j]!r} holds {dt} values; answers must be numbers")
