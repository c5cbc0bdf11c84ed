"""The peer of ``intimacy score`` in the CLI benchmark: pandas ``read_csv``,
the same scoring vectorised with numpy, and ``to_csv`` of the same columns.

Run by ``bench_cli.py``; on its own:
``python pandas_score.py IN.csv OUT.csv [c|pyarrow]``. Prints the time of
each phase on stderr.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from bench_cli import KEYS, LOW, HIGH, MIN_ANSWERED


def score(df: pd.DataFrame) -> pd.DataFrame:
    """Reverse the negatively keyed items within the declared bounds; the mean
    of the answered items where at least MIN_ANSWERED are answered, else NaN."""
    out = {"id": df["id"]}
    for name, members in KEYS.items():
        block = df[[m.lstrip("-") for m in members]].to_numpy(dtype=np.float64)
        reversed_ = np.array([m.startswith("-") for m in members])
        keyed = np.where(reversed_, LOW + HIGH - block, block)
        answered = np.sum(~np.isnan(keyed), axis=1)
        with np.errstate(invalid="ignore"):
            mean = np.nanmean(keyed, axis=1)
        out[name] = np.where(answered >= MIN_ANSWERED, mean, np.nan)
        out[f"{name}:answered"] = answered
    return pd.DataFrame(out)


def main() -> None:
    src, dst = sys.argv[1], sys.argv[2]
    engine = sys.argv[3] if len(sys.argv) > 3 else "c"
    t0 = time.perf_counter()
    df = pd.read_csv(src, engine=engine)
    t1 = time.perf_counter()
    scores = score(df)
    del df
    t2 = time.perf_counter()
    scores.to_csv(dst, index=False)
    t3 = time.perf_counter()
    print(f"phases: read_csv {t1 - t0:.2f} s, score {t2 - t1:.2f} s, to_csv {t3 - t2:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
