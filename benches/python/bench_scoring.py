"""Batch scoring from Python, side by side in one run:

- intimacy: ``Instrument.score_array`` (numpy) and ``score_frame`` (pandas);
- a well-written vectorised pandas/numpy implementation of the same scoring
  (reverse keys by declared bounds, mean of answered items when at least 6
  of 8 are answered, NaN otherwise);
- R ``psych::scoreItems`` where R and psych are installed (its own missing-data
  rule: mean of the answered items, no minimum).

1 M respondents x 40 items (5 scales x 8 items, 3 reversed each), 2 % missing.
Run: ``.venv/bin/python benches/python/bench_scoring.py [rows]``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import intimacy

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
SCALES, PER, MIN_ANSWERED = 5, 8, 6
REVERSED = {2, 5, 7}


def keys() -> dict[str, list[str]]:
    return {
        f"scale{s}": [("-" if i in REVERSED else "") + f"s{s}_{i}" for i in range(PER)]
        for s in range(SCALES)
    }


def data(rows: int) -> np.ndarray:
    rng = np.random.default_rng(2026)
    x = rng.integers(1, 6, size=(rows, SCALES * PER)).astype(np.float64)
    x[rng.random(x.shape) < 0.02] = np.nan
    return x


def pandas_scoring(df: pd.DataFrame) -> pd.DataFrame:
    """The same scoring written idiomatically in pandas/numpy."""
    out = {}
    for name, members in keys().items():
        cols = [m.lstrip("-") for m in members]
        block = df[cols].to_numpy()
        rev = np.array([m.startswith("-") for m in members])
        keyed = np.where(rev, 1 + 5 - block, block)
        answered = np.sum(~np.isnan(keyed), axis=1)
        with np.errstate(invalid="ignore"):
            mean = np.nanmean(keyed, axis=1)
        out[name] = np.where(answered >= MIN_ANSWERED, mean, np.nan)
        out[f"{name}:answered"] = answered
    return pd.DataFrame(out, index=df.index)


def best(f, repeat: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - t)
    return min(times), result


def main() -> None:
    x = data(ROWS)
    columns = [m.lstrip("-") for ms in keys().values() for m in ms]
    df = pd.DataFrame(x, columns=columns)
    inst = intimacy.Instrument.from_keys(keys(), bounds=(1, 5), min_answered=MIN_ANSWERED)

    t_array, ours = best(lambda: inst.score_array(x))
    t_frame, ours_df = best(lambda: inst.score_frame(df))
    t_pandas, theirs = best(lambda: pandas_scoring(df))
    for s in range(SCALES):
        np.testing.assert_allclose(ours[f"scale{s}"], theirs[f"scale{s}"].to_numpy(), rtol=1e-12, equal_nan=True)
    gb = x.nbytes / 1e9
    print(f"{ROWS:,} rows x {x.shape[1]} items ({gb:.2f} GB of float64), best of 3, results equal")
    print(f"  intimacy score_array : {t_array * 1e3:9.1f} ms  ({gb / t_array:5.2f} GB/s)")
    print(f"  intimacy score_frame : {t_frame * 1e3:9.1f} ms")
    print(f"  pandas (vectorised)  : {t_pandas * 1e3:9.1f} ms")
    print(f"  ratio pandas / score_array : {t_pandas / t_array:6.1f}x")
    print(f"  ratio pandas / score_frame : {t_pandas / t_frame:6.1f}x")

    if shutil.which("Rscript") and subprocess.run(["Rscript", "-e", "library(psych)"], capture_output=True).returncode == 0:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "x.bin"
            x.astype("<f8").tofile(path)
            keys_r = "list(" + ", ".join(
                f"scale{s}=c(" + ", ".join(f"'{m}'" for m in ms) + ")" for s, ms in enumerate(keys().values())
            ) + ")"
            script = f"""
suppressMessages(library(psych))
x <- matrix(readBin('{path}', 'double', n={x.size}, endian='little'), nrow={ROWS}, byrow=TRUE)
colnames(x) <- c({", ".join(f"'{c}'" for c in columns)})
k <- make.keys(x, {keys_r})
t <- system.time(s <- scoreItems(k, x, min=1, max=5, impute='none'))
cat(t[['elapsed']])
"""
            r = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True)
            if r.returncode == 0:
                t_r = float(r.stdout.strip().split()[-1])
                print(f"  R psych::scoreItems  : {t_r * 1e3:9.1f} ms  (ratio {t_r / t_array:6.1f}x)")
            else:
                print("  R psych::scoreItems  : failed:", r.stderr.strip()[-300:])
    else:
        print("  R psych::scoreItems  : R or psych not installed")


if __name__ == "__main__":
    main()
