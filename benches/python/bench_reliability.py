"""The full reliability table (intimacy.reliability) on 1 M respondents x 8
items, side by side in one run with pingouin.cronbach_alpha (alpha and its CI
only) and, where R and psych are installed, psych::alpha.

Run: ``.venv/bin/python benches/python/bench_reliability.py [rows]``
(``pip install pingouin`` first for the pingouin column).
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
ITEMS = 8


def data(rows: int) -> np.ndarray:
    """One-factor Likert 1-5 data with 2 % missing, items 3 and 6 reversed."""
    rng = np.random.default_rng(7)
    f = rng.normal(size=(rows, 1))
    x = np.clip(np.rint(3 + 0.9 * f + rng.normal(size=(rows, ITEMS))), 1, 5)
    x[:, [2, 5]] = 6 - x[:, [2, 5]]
    x[rng.random(x.shape) < 0.02] = np.nan
    return x


def best(f, repeat: int = 3):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> None:
    x = data(ROWS)
    df = pd.DataFrame(x, columns=[f"q{i + 1}" for i in range(ITEMS)])
    t_ours, ours = best(lambda: intimacy.reliability(df, reverse=["q3", "q6"], bounds=(1, 5)))
    print(f"{ROWS:,} rows x {ITEMS} items, 2 % missing, best of 3")
    print(f"  intimacy.reliability (full table, pairwise) : {t_ours * 1e3:8.1f} ms  alpha {ours.alpha:.6f}")
    try:
        import pingouin as pg

        keyed = df.copy()
        keyed[["q3", "q6"]] = 6 - keyed[["q3", "q6"]]
        t_pg, (alpha, ci) = best(lambda: pg.cronbach_alpha(data=keyed, nan_policy="pairwise"))
        print(f"  pingouin.cronbach_alpha (alpha + CI only)   : {t_pg * 1e3:8.1f} ms  alpha {alpha:.6f}")
        print(f"  ratio pingouin / intimacy : {t_pg / t_ours:.1f}x")
    except ImportError:
        print("  pingouin not installed")
    if shutil.which("Rscript") and subprocess.run(["Rscript", "-e", "library(psych)"], capture_output=True).returncode == 0:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "x.bin"
            x.astype("<f8").tofile(path)
            script = f"""
suppressMessages(library(psych))
x <- matrix(readBin('{path}', 'double', n={x.size}, endian='little'), nrow={ROWS}, byrow=TRUE)
t <- system.time(a <- alpha(x, keys=c(1, 1, -1, 1, 1, -1, 1, 1), warnings=FALSE))
cat(t[['elapsed']], a$total$raw_alpha)
"""
            r = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True)
            if r.returncode == 0:
                t_r, a_r = (float(v) for v in r.stdout.split()[-2:])
                print(f"  R psych::alpha (full table)                 : {t_r * 1e3:8.1f} ms  alpha {a_r:.6f}")
                print(f"  ratio psych / intimacy : {t_r / t_ours:.1f}x")
            else:
                print("  R psych::alpha failed:", r.stderr.strip()[-300:])


if __name__ == "__main__":
    main()
