"""``intimacy score`` on a 1 GB CSV against pandas, side by side in one run.

Generates (once) a CSV of about 1 GB in /tmp/intimacy-cli-bench/ (not in
the repository): an id column and 40 items (5 scales of 8, 3 reversed in
each), integer answers 1-5 with 2 % left empty. Then runs, each under
``/usr/bin/time -v``:

- ``intimacy score`` (release build): CSV in, one row of scores per
  respondent out;
- pandas ``read_csv`` (C engine, and pyarrow's when installed), the same
  scoring with numpy, ``to_csv`` of the same columns (``pandas_score.py``);

and reports wall time and peak resident memory of each, the ratios, and
checks that both wrote the same scores.

Run from the repository root, after ``cargo build --release -p
intimacy-cli``: ``.venv/bin/python benches/cli/bench_cli.py [GB]``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np

SCALES, PER, MIN_ANSWERED, LOW, HIGH = 5, 8, 6, 1, 5
REVERSED = {2, 5, 7}
KEYS = {
    f"scale{s}": [("-" if i in REVERSED else "") + f"s{s}_{i}" for i in range(PER)]
    for s in range(SCALES)
}
ITEMS = [m.lstrip("-") for ms in KEYS.values() for m in ms]
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
WORK = Path("/tmp/intimacy-cli-bench")


def generate(path: Path, size: float) -> int:
    """Write the CSV (about `size` bytes): fixed-width rows made in numpy,
    empty cells cut out afterwards. Returns the rows written."""
    rng = np.random.default_rng(2026)
    k = len(ITEMS)
    width = 10 + 2 * k + 1  # "r" + 9 digits, then ",d" per item, newline
    rows = int(size // (width - 0.02 * k))
    chunk = 1_000_000
    with path.open("wb") as f:
        f.write(("id," + ",".join(ITEMS) + "\n").encode())
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            line = np.empty((n, width), dtype=np.uint8)
            ids = np.char.zfill(np.arange(start + 1, start + n + 1).astype(str), 9)
            line[:, 0] = ord("r")
            line[:, 1:10] = np.frombuffer("".join(ids).encode(), dtype=np.uint8).reshape(n, 9)
            answers = rng.integers(1, 6, size=(n, k), dtype=np.uint8) + ord("0")
            answers[rng.random((n, k)) < 0.02] = 0  # cut out below: an empty cell
            line[:, 10::2] = ord(",")
            line[:, 11:-1:2] = answers
            line[:, -1] = ord("\n")
            f.write(line.tobytes().replace(b"\x00", b""))
    return rows


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """Run `cmd` under /usr/bin/time -v: wall seconds, peak RSS in MB, stderr."""
    r = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", r.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    assert wall and rss, r.stderr
    h, m, s = wall.groups()
    seconds = int(h or 0) * 3600 + int(m) * 60 + float(s)
    return seconds, int(rss.group(1)) / 1024, r.stderr


def same_scores(a: Path, b: Path) -> str:
    """Compare the two outputs on every 1000th row (pandas reads both)."""
    import pandas as pd

    skip = lambda i: i > 0 and i % 1000 != 0  # noqa: E731
    x = pd.read_csv(a, skiprows=skip, dtype={"id": str})
    y = pd.read_csv(b, skiprows=skip, dtype={"id": str})
    assert list(x["id"]) == list(y["id"]), "the same rows, in order"
    for name in KEYS:
        np.testing.assert_allclose(x[name], y[name], rtol=1e-12, equal_nan=True)
        assert (x[f"{name}:answered"] == y[f"{name}:answered"]).all()
    return f"same scores on {len(x):,} sampled rows"


def main() -> None:
    size = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    WORK.mkdir(exist_ok=True)
    data = WORK / f"answers-{size:g}GB.csv"
    if not data.exists():
        rows = generate(data, size * 1e9)
        print(f"generated {data} ({rows:,} rows)")
    import intimacy

    inst = intimacy.Instrument.from_keys(KEYS, bounds=(LOW, HIGH), min_answered=MIN_ANSWERED)
    (WORK / "instrument.json").write_text(inst.to_json())
    binary = ROOT / "target" / "release" / "intimacy"
    mb = data.stat().st_size / 1e6
    load = os.getloadavg()[0]
    print(f"{data.name}: {mb:,.0f} MB; load average before: {load:.2f} on {os.cpu_count()} cores")

    ours = WORK / "scores-intimacy.csv"
    cmd = [str(binary), "score", "--instrument", str(WORK / "instrument.json"),
           "--id-column", "id", str(data), "-o", str(ours)]
    results = [("intimacy score", *timed(cmd)[:2])]
    engines = ["c"]
    try:
        import pyarrow  # noqa: F401

        engines.append("pyarrow")
    except ImportError:
        pass
    for engine in engines:
        theirs = WORK / f"scores-pandas-{engine}.csv"
        wall, rss, err = timed([sys.executable, str(HERE / "pandas_score.py"), str(data), str(theirs), engine])
        phases = re.search(r"phases: read_csv ([\d.]+) s, score ([\d.]+) s, to_csv ([\d.]+) s", err)
        results.append((f"pandas ({engine} engine)", wall, rss))
        if phases:
            read, score, write = (float(x) for x in phases.groups())
            print(f"  pandas {engine}: read_csv {read:.1f} s, score {score:.1f} s, to_csv {write:.1f} s")
            results.append((f"  of which read+score", read + score, float("nan")))
        print(f"  check: {same_scores(ours, theirs)}")
    print(f"{'':24} {'wall':>9} {'peak RSS':>10} {'MB/s':>7} {'wall ratio':>11}")
    base = results[0][1]
    for name, wall, rss in results:
        memory = f"{rss:8.0f}MB" if rss == rss else f"{'':10}"
        print(f"{name:24} {wall:8.1f}s {memory} {mb / wall:7.0f} {wall / base:10.2f}x")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
