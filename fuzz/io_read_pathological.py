#!/usr/bin/env python3
"""Pathological inputs for the survey adapters, run through the built
`io_read` fuzz target (which reads each with `read_csv` and `CsvRows`, or the
JSON adapter, plus its checks) one at a time, each with libFuzzer's
`-timeout` and `-rss_limit_mb`: prints the wall time and peak memory of each.

    cargo +nightly fuzz build -s none io_read
    fuzz/io_read_pathological.py [--timeout 10] [--rss-limit-mb 2048] [--keep DIR]

The inputs (about 150 MB in all) are written to a temporary folder, never
into the repository. The layout of an input is described in
fuzz/src/io_read.rs: adapter byte, instrument byte, streaming byte, then the
options as JSON and 0xFF, then the export."""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent
BINARY = ROOT / "target/x86_64-unknown-linux-gnu/release/io_read"
SEP = b"\xff"
CSV, QUALTRICS, REDCAP, JSPSYCH, SURVEYJS, DICTIONARY = range(6)
RAS = 0
RAS_ITEMS = [f"ras{k}" for k in range(1, 8)]


def head(adapter, options=b"{}", inst=RAS, chunk=3):
    return bytes([adapter, inst, chunk]) + options + SEP


def nested(depth, open_, close):
    return open_ * depth + close * depth


def inputs():
    # A single CSV line of 1M columns (~10 MB): the header only, then with a row.
    names = ",".join(RAS_ITEMS + [f"c{k}" for k in range(1_000_000)])
    yield "csv-1m-columns-header-only", head(CSV) + names.encode()
    cells = ",".join(["3"] * 7 + ["x"] * 1_000_000)
    yield "csv-1m-columns-one-row", head(CSV) + (names + "\n" + cells + "\n").encode()
    yield "redcap-1m-checkbox-columns", head(REDCAP) + (
        "record_id," + ",".join(RAS_ITEMS) + "," + ",".join(f"f___{k}" for k in range(1_000_000))
        + "\nr1," + ",".join(["3"] * 7) + "," * 1_000_000 + "\n").encode()
    yield "csv-1m-columns-same-name", head(CSV) + ("a," * 1_000_000 + "ras1").encode()
    # 10 MB in one cell, and 1M empty records (blank lines are skipped).
    yield "csv-10mb-cell", head(CSV, b'{"missing_columns":"missing"}') + (
        "id,ras1\n" + "x" * 10_000_000 + ",1\n").encode()
    yield "csv-1m-rows", head(CSV, b'{"id_column":"id"}') + (
        "id," + ",".join(RAS_ITEMS) + "\n" + "".join(f"r{k},1,2,3,4,5,1,2\n" for k in range(1_000_000))).encode()
    yield "csv-crlf-1m-rows", head(CSV) + (
        ",".join(RAS_ITEMS) + "\r\n" + "1,2,3,4,5,1,2\r\n" * 1_000_000).encode()
    # Qualtrics: 100k rows that all look like the ImportId header row.
    cols = ["ResponseId", "Finished", "Status"] + [f"Q{k}" for k in range(10)]
    import_id = ",".join('"{""ImportId"":""%s""}"' % c for c in cols)
    yield "qualtrics-100k-header-rows", head(
        QUALTRICS, b'{"missing_columns":"missing","finished_only":true,"keep_status":["0"]}') + (
        ",".join(cols) + "\n" + ",".join(cols) + "\n" + (import_id + "\n") * 100_000).encode()
    yield "qualtrics-100k-legacy-text-rows", head(QUALTRICS, b'{"missing_columns":"missing"}') + (
        "V1,V2,V10\n" + "ResponseID,ResponseSet,Finished\n" * 100_000).encode()
    # JSON nested 10k deep (serde_json stops at depth 128).
    for name, adapter in [("surveyjs", SURVEYJS), ("jspsych", JSPSYCH)]:
        yield f"{name}-array-10k-deep", head(adapter) + nested(10_000, b"[", b"]")
        yield f"{name}-object-10k-deep", head(adapter) + b"[" + b'{"a":' * 10_000 + b"1" + b"}" * 10_000 + b"]"
    deep_cell = '"' + ('{""a"":' * 10_000) + "1" + "}" * 10_000 + '"'
    yield "jspsych-csv-10k-deep-cell", head(JSPSYCH, b'{"likert_values":[1,2,3,4,5]}') + (
        "trial_type,response\nsurvey-likert," + deep_cell + "\n").encode()
    # jsPsych CSV with a 5 MB JSON cell: many keys, and one long string.
    many = "{" + ",".join(f'""k{k}"":1' for k in range(400_000)) + ',""ras1"":2}'
    yield "jspsych-csv-5mb-cell-keys", head(JSPSYCH, b'{"likert_values":[1,2,3,4,5]}') + (
        'trial_type,response\nsurvey-likert,"' + many + '"\n').encode()
    long_text = '{""ras1"":""' + "x" * 5_000_000 + '""}'
    yield "jspsych-csv-5mb-cell-string", head(JSPSYCH) + (
        'trial_type,response\nsurvey-text,"' + long_text + '"\n').encode()
    bad = '{""ras1"":' + "1" * 5_000_000
    yield "jspsych-csv-5mb-cell-malformed", head(JSPSYCH) + (
        'trial_type,response\nsurvey-text,"' + bad + '"\n').encode()
    # jsPsych JSON: 100k participants; SurveyJS: 100k objects, 1M keys.
    trials = [{"trial_type": "survey-text", "participant": f"p{k}", "response": {"ras1": "3"}}
              for k in range(100_000)]
    yield "jspsych-json-100k-participants", head(JSPSYCH) + json.dumps(trials).encode()
    yield "surveyjs-100k-objects", head(SURVEYJS) + json.dumps([{"ras1": 3, "x": k} for k in range(100_000)]).encode()
    yield "surveyjs-1m-keys", head(SURVEYJS) + json.dumps({f"k{k}": 1 for k in range(1_000_000)}).encode()
    yield "surveyjs-matrix-1m-rows", head(SURVEYJS) + json.dumps(
        {"m": {**{f"k{k}": 1 for k in range(1_000_000)}, "ras1": 2}}).encode()
    # REDCap data dictionaries of 100k fields: each on its own form, its own
    # choices, its own field type, its own matrix group.
    hd = 'Variable / Field Name,Form Name,Field Type,Field Label,"Choices, Calculations, OR Slider Labels",Text Validation Min,Text Validation Max,Matrix Group Name\nrecord_id,f,text,ID,,,,\n'
    n = 100_000
    yield "dictionary-100k-forms", head(DICTIONARY) + (hd + "".join(
        f"q{k},form{k},yesno,Q,,,,\n" for k in range(n))).encode()
    yield "dictionary-100k-scales", head(DICTIONARY) + (hd + "".join(
        f'q{k},f,radio,Q,"0, a | {k + 1}, b",,,\n' for k in range(n))).encode()
    yield "dictionary-100k-sliders", head(DICTIONARY) + (hd + "".join(
        f"q{k},f,slider,Q,,0,{k + 1},\n" for k in range(n))).encode()
    yield "dictionary-100k-field-types", head(DICTIONARY) + (hd + "q,f,yesno,Q,,,,\n" + "".join(
        f"t{k},f,type{k},T,,,,\n" for k in range(n))).encode()
    yield "dictionary-100k-matrix-groups", head(DICTIONARY) + (hd + "".join(
        f'q{k},f,radio,Q,"1, a | 2, b",,,g{k}\n' for k in range(n))).encode()
    yield "dictionary-100k-same-name-scales", head(DICTIONARY) + (hd + "".join(
        f'q,f,radio,Q,"0, a | {k + 1}, b",,,\n' for k in range(n))).encode()


TIME = pathlib.Path("/usr/bin/time")


def run(path, timeout, rss):
    """Wall time, peak memory (MB), exit code and stderr of one run. The peak
    is measured by /usr/bin/time when there is one: a child forked from this
    script counts the script's own memory before exec."""
    command = [str(BINARY), f"-timeout={timeout}", f"-rss_limit_mb={rss}", str(path)]
    if TIME.exists():
        command = [str(TIME), "-f", "MAXRSS-KB %M"] + command
    start = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss
    for line in err.splitlines():
        if line.startswith("MAXRSS-KB "):
            peak = int(line.split()[1])
    return wall, peak / 1024, code, err


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--timeout", type=int, default=10)
    p.add_argument("--rss-limit-mb", type=int, default=2048)
    p.add_argument("--keep", help="write the inputs to this folder and keep them")
    p.add_argument("--only", help="run the inputs whose name contains this")
    a = p.parse_args()
    if not BINARY.exists():
        sys.exit(f"{BINARY} is missing: cargo +nightly fuzz build -s none io_read")
    folder = pathlib.Path(a.keep or tempfile.mkdtemp(prefix="io-read-pathological-"))
    folder.mkdir(parents=True, exist_ok=True)
    failed = 0
    print(f"{'input':40} {'MB':>7} {'seconds':>8} {'peak MB':>8}")
    for name, data in inputs():
        if a.only and a.only not in name:
            continue
        path = folder / name
        path.write_bytes(data)
        wall, peak, code, err = run(path, a.timeout, a.rss_limit_mb)
        flag = "" if code == 0 else f"  FAILED (exit {code})"
        print(f"{name:40} {len(data) / 1e6:7.1f} {wall:8.2f} {peak:8.0f}{flag}", flush=True)
        if code != 0:
            failed += 1
            tail = [l for l in err.splitlines() if "panicked" in l or "timeout" in l.lower() or "rss" in l.lower() or "ERROR" in l]
            print("    " + "\n    ".join(tail[:6]))
        if not a.keep:
            path.unlink()
    if not a.keep:
        folder.rmdir()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
