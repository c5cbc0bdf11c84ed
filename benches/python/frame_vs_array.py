"""What a data frame costs over a numpy array, side by side in one run:
``Instrument.score_array`` on a C-ordered float64 array, ``score_frame`` on
a pandas DataFrame of the same cells (float64, in item order and shuffled),
and ``score_frame`` on a polars DataFrame (one chunk, read from its Arrow
memory), on a polars DataFrame of 8 chunks with nulls (converted), and on
a pyarrow Table (its columns in pyarrow's memory pool).

1 M respondents x 40 items (5 scales x 8 items, 3 reversed each; bounds
1-5, min_answered 6), 2 % missing. Best of several rounds, the runs taken
in turn in each round; ratios to score_array. Not a test: the timings
depend on the machine and its load (printed with them).
Run: ``.venv/bin/python benches/python/frame_vs_array.py [rows] [repeats]``.
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from typing import Any, Callable, Dict, List

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa

import intimacy

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
REPEATS = int(sys.argv[2]) if len(sys.argv) > 2 else 7
SCALES, PER, MIN_ANSWERED = 5, 8, 6
REVERSED = {2, 5, 7}


def keys() -> Dict[str, List[str]]:
    return {f"scale{s}": [("-" if i in REVERSED else "") + f"s{s}_{i}" for i in range(PER)] for s in range(SCALES)}


def best_of(runs: Dict[str, Callable[[], Any]]) -> Dict[str, float]:
    """The best time of each run over REPEATS rounds, the runs taken in turn
    within each round (so a change of the machine's load falls on all)."""
    for run in runs.values():
        run()  # warm: first touch of pages, the scorer cache
    best = {name: float("inf") for name in runs}
    for _ in range(REPEATS):
        for name, run in runs.items():
            t = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - t)
    return best


def main() -> None:
    inst = intimacy.Instrument.from_keys(keys(), bounds=(1, 5), min_answered=MIN_ANSWERED)
    items = [i.id for i in inst.items]
    rng = np.random.default_rng(2026)
    x = rng.integers(1, 6, size=(ROWS, len(items))).astype(np.float64)
    x[rng.random(x.shape) < 0.02] = np.nan

    df = pd.DataFrame(x, columns=items)
    shuffled = df[list(rng.permutation(items))]
    polars_one = pl.from_numpy(x, schema=items)
    # Copied from the strided columns into pyarrow's own memory pool.
    table = pa.table({c: x[:, j] for j, c in enumerate(items)})
    polars_chunks = pl.concat(
        [pl.from_numpy(part, schema=items).fill_nan(None) for part in np.array_split(x, 8)], rechunk=False
    )

    # Same numbers everywhere before timing anything.
    expected = inst.score_array(x)
    for frame in (df, shuffled, polars_one, polars_chunks, table):
        out = inst.score_frame(frame)
        for k, v in expected.items():
            got = out.column(k) if isinstance(out, pa.Table) else out[k]
            np.testing.assert_array_equal(np.asarray(got.to_numpy()), v, err_msg=k)

    runs = {
        "score_array (numpy, C order)": lambda: inst.score_array(x),
        "score_frame (pandas float64, item order)": lambda: inst.score_frame(df),
        "score_frame (pandas float64, shuffled)": lambda: inst.score_frame(shuffled),
        "score_frame (polars, 1 chunk)": lambda: inst.score_frame(polars_one),
        "score_frame (polars, 8 chunks, nulls)": lambda: inst.score_frame(polars_chunks),
        "score_frame (pyarrow Table)": lambda: inst.score_frame(table),
    }
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{ROWS:,} rows x {len(items)} items, best of {REPEATS}; load average {load:.2f} on {os.cpu_count()} CPUs")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", intimacy.IntimacyWarning)
        best = best_of(runs)
    base = best["score_array (numpy, C order)"]
    for name, t in best.items():
        print(f"  {name:<44} {t * 1e3:8.1f} ms   {t / base:5.2f}x")


if __name__ == "__main__":
    main()
