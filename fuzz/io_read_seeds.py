#!/usr/bin/env python3
"""Write the seeds of the `io_read` fuzz target (fuzz/seeds/io_read/) from the
shared export cases (tests/fixtures/exports/cases-*.json): each case's input,
prefixed with the bytes that choose its adapter and instrument and with its
options (see fuzz/src/io_read.rs for the layout), plus a few instruments made
by scoring keys. Run from anywhere; it rewrites the folder."""
import json
import pathlib
import re
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "tests/fixtures/exports"
OUT = ROOT / "fuzz/seeds/io_read"
SEP = b"\xff"
ADAPTER = {"csv": 0, "qualtrics": 1, "redcap": 2, "jspsych": 3, "surveyjs": 4, "to-surveyjs": 4,
           "redcap-dictionary": 5}
BUILTIN = {"ras": 0, "csi-4": 1, "levels-checkin-short": 2}


def compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def case_input(case):
    if "input" in case:
        return (EXPORTS / case["input"]).read_bytes()
    if "input_text" in case:
        return case["input_text"].encode()
    if "input_json" in case:
        return compact(case["input_json"])
    return b"{}"


def seed(case, k):
    reader = case["reader"]
    options = compact(case.get("options") or {})
    stream = k % 4 | (4 if k % 3 == 0 else 0)
    if reader == "redcap-dictionary":
        return bytes([5, 0, stream]) + options + SEP + case_input(case)
    if "dictionary" in case:
        dictionary = (EXPORTS / case["dictionary"]).read_bytes()
        return bytes([5, 0, stream]) + options + SEP + dictionary + SEP + case_input(case)
    inst = case.get("instrument", "ras")
    head = bytes([ADAPTER[reader]])
    if isinstance(inst, str):
        return head + bytes([BUILTIN[inst], stream]) + options + SEP + case_input(case)
    return head + bytes([3, stream]) + compact(inst) + SEP + options + SEP + case_input(case)


def name(case, k):
    words = re.sub(r"[^a-z0-9]+", "-", case["name"].lower()).strip("-")[:60]
    return f"{k:02d}-{words}"


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    k = 0
    for file in ["cases-csv.json", "cases-surveyjs-jspsych.json"]:
        for case in json.loads((EXPORTS / file).read_text()):
            (OUT / name(case, k)).write_bytes(seed(case, k))
            k += 1
    # Instruments made by scoring keys (bounds 1-5, none, 0-3, -2..2).
    keys = [
        (0, 1 << 2 | 3, b"s=a,-b,c;t=d", b"{}", b"id,a,b,c,d\nx,1,2,3,4\ny,5,,1,\n"),
        (2, 0 << 2 | 3, b"s=a,b", b'{"missing_values":["-99"]}', b"record_id,a,b,a_complete\nr1,-99,2.5,2\n"),
        (4, 2 << 2 | 3, b"s=a,-b;t=c", b'{"id_column":"who"}', b'[{"who":"p1","a":3,"m":{"b":0,"c":"2"}}]'),
        (3, 3 << 2 | 3, b"s=q0,q1", b'{"likert_declared":true}',
         b"trial_type,response,participant\r\nsurvey-likert,\"{\"\"q0\"\":4,\"\"q1\"\":0}\",p\r\n"),
        (1, 1 << 2 | 3, b"s=Q1,-Q2", b'{"finished_only":true}',
         b'ResponseId,Finished,Q1,Q2\nResponse ID,Finished,Q1,Q2\n{"ImportId":"_recordId"},{"ImportId":"finished"},{"ImportId":"QID1"},{"ImportId":"QID2"}\nR_1,1,5,1\nR_2,0,,\n'),
    ]
    for adapter, inst, spec, options, export in keys:
        data = bytes([adapter, inst, k % 4]) + spec + SEP + options + SEP + export
        (OUT / f"{k:02d}-keys-{adapter}").write_bytes(data)
        k += 1
    print(f"{k} seeds in {OUT}")


if __name__ == "__main__":
    main()
