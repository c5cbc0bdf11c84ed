"""``intimacy.reliability`` and ``intimacy.omega``: psych-style reliability
of a block of items.

The statistics come from the Rust core; this module converts a DataFrame or
array in, and the result out as the generated classes of ``_model.py``
(whose tables, pandas DataFrames when pandas is installed, are in
``_record.py``).
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from . import _core
from ._arrays import as_block, require_numbers
from ._model import OmegaHierarchical, OneFactorOmega, Reliability, build
from ._record import Omega


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
    return build(Reliability, json.loads(_core.reliability_json(arr, options, missing_code)))


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

    names: List[str] = []  # none: the core names the columns V1, V2, ... as R does
    try:
        import pandas as pd  # type: ignore[import-untyped,unused-ignore]

        if isinstance(data, pd.DataFrame):
            names = [str(c) for c in data.columns]
            require_numbers(data, range(data.shape[1]))
            data = data.to_numpy(dtype=np.float64, na_value=np.nan)
    except ImportError:
        pass
    arr, missing_code = as_block(data, missing_code, what)
    # The core resolves names, checks indexes and reads one pair or one per item.
    from . import _plain

    options = _plain({"reverse": list(reverse), "bounds": bounds, "missing": missing, "item_names": names})
    return arr, options, missing_code


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
    arr, options, missing_code = _prepare(data, reverse, bounds, missing, missing_code, "omega")
    # The core decides what nfactors means (and refuses 0).
    hierarchical, text = _core.omega_json(arr, options, nfactors, missing_code)
    return build(OmegaHierarchical if hierarchical else OneFactorOmega, json.loads(text))
