"""The shared survey-export cases (tests/fixtures/exports/cases-*.json), run
through intimacy.io: the same rows, log or error as in Rust and JavaScript."""

import json
import math
from pathlib import Path

import pytest

import intimacy
import intimacy.io

EXPORTS = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "exports"
CASES = [c for f in sorted(EXPORTS.glob("cases-*.json")) for c in json.loads(f.read_text())]

READERS = {
    "csv": intimacy.io.read_csv,
    "qualtrics": intimacy.io.read_qualtrics,
    "redcap": intimacy.io.read_redcap,
    "jspsych": intimacy.io.read_jspsych,
}


def instrument_of(case):
    if "dictionary" in case:
        return intimacy.Instrument.from_redcap_dictionary(EXPORTS / case["dictionary"])
    spec = case["instrument"]
    if isinstance(spec, str):
        return intimacy.Instrument.builtin(spec)
    return intimacy.Instrument.from_json(json.dumps(spec))


def input_of(case):
    """The input as the reader takes it: a path, or the text, or the JSON value."""
    if "input" in case:
        return EXPORTS / case["input"]
    if "input_text" in case:
        return case["input_text"]
    return case["input_json"]


def read(case):
    options = case.get("options", {})
    reader = case["reader"]
    if reader == "redcap-dictionary":
        return None, intimacy.Instrument.from_redcap_dictionary(input_of(case), with_log=True, **options)
    inst = instrument_of(case)
    if reader == "to-surveyjs":
        return inst, inst.to_surveyjs()
    if reader == "surveyjs":
        data = input_of(case)
        text = data.read_text() if isinstance(data, Path) else data if isinstance(data, str) else json.dumps(data)
        return inst, intimacy.io.from_surveyjs(inst, text, **options)
    return inst, READERS[reader](input_of(case), inst, **options)


def rows_of(out):
    """(key_names, keys, answers, opted_in, lines, log) of a reader's result."""
    if isinstance(out, intimacy.io.SurveyAnswers):
        return None, None, [out.answers], [out.opted_in], None, out.log
    names = list(out.index.names)
    keys = [list(k) if isinstance(k, tuple) else [k] for k in out.index]
    answers = [{c: v for c, v in row.items() if not math.isnan(v)} for _, row in out.iterrows()]
    opted = out.attrs.get("opted_in", [None] * len(out))
    return names, keys, answers, opted, out.attrs.get("lines"), out.attrs["log"]


def check_log(log, want):
    for k, v in want.items():
        if k in ("rows_read", "rows_kept", "format"):
            assert getattr(log, k) == v, k
        elif k == "excluded":
            assert len(log.excluded) == v
        elif k == "excluded_lines":
            assert [e.line for e in log.excluded] == v
        elif k == "excluded_ids":
            assert [e.id for e in log.excluded] == v
        elif k == "dropped":
            assert len(log.dropped) == v
        elif k == "dropped_items":
            assert [[d.row, d.item] for d in log.dropped] == v
        elif k == "ignored_columns":
            assert sorted(log.ignored_columns) == v
        elif k == "items_without_column":
            assert log.items_without_column == v
        elif k == "refused":
            assert [{f: getattr(r, f) for f in w} for r, w in zip(log.refused, v)] == v
            assert len(log.refused) == len(v)
        elif k == "notes_contain":
            for text in v:
                assert any(text in n for n in log.notes), text
        else:
            raise AssertionError(f"unknown log field {k}")


def pointer(doc, path):
    for part in path.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_shared_export_case(case):
    if "error" in case:
        want = case["error"]
        with pytest.raises(intimacy.IntimacyError) as info:
            read(case)
        e = info.value
        assert e.code == want["code"], str(e)
        for k in ("row", "line", "item", "column_name", "text"):
            if k in want:
                assert getattr(e, k) == want[k], (k, str(e))
        if "option" in want:
            assert (e.option if isinstance(e, intimacy.OptionsError) else e.path) == want["option"]
        if "message_contains" in want:
            assert want["message_contains"] in str(e)
        return
    inst, out = read(case)
    if case["reader"] == "to-surveyjs":
        for path, value in case["expect_contains"].items():
            assert pointer(out, path) == value, path
        return
    if case["reader"] == "redcap-dictionary":
        built, log = out
        want = case["expect"]
        if "id" in want:
            assert built.id == want["id"]
        if "items" in want:
            assert [i.id for i in built.items] == want["items"]
        if "sections" in want:
            assert {i.id: i.section for i in built.items if i.id in want["sections"]} == want["sections"]
        if "response_scales" in want:
            for item, fields in want["response_scales"].items():
                rs = built.response_scale_of(item)
                for k, v in fields.items():
                    got = getattr(rs, k)
                    if k == "labels":
                        got = [{"value": label.value, "label": label.label} for label in got]
                    if k == "step" and got is None:
                        got = 1
                    assert got == v, (item, k)
        check_log(log, want.get("log", {}))
        return
    want = case["expect"]
    names, keys, answers, opted, lines, log = rows_of(out)
    if "key_names" in want and names is not None:
        assert names == want["key_names"]
    if "keys" in want and keys is not None:
        assert [[str(x) for x in k] for k in keys] == want["keys"]
    if "answers" in want:
        assert answers == want["answers"]
    if "opted_in" in want:
        assert opted == want["opted_in"]
    if "lines" in want and lines is not None:
        assert lines == want["lines"]
    check_log(log, want.get("log", {}))


def test_cases_cover_every_reader():
    assert {c["reader"] for c in CASES} >= {"surveyjs", "jspsych", "to-surveyjs"}


def test_a_zero_based_code_fails_loudly_with_line_column_and_value():
    ras = intimacy.Instrument.builtin("ras")
    text = "id,ras1,ras2,ras3,ras4,ras5,ras6,ras7\na,4,4,4,4,4,4,4\nb,0,1,2,3,4,4,4\n"
    with pytest.raises(intimacy.ReadError) as info:
        intimacy.io.read_csv(text, ras, id_column="id")
    e = info.value
    assert (e.code, e.line, e.row, e.column, e.column_name, e.item, e.text) == ("invalid-value", 3, 1, 1, "ras1", "ras1", "0")
    assert isinstance(e, ValueError)


def test_a_reader_takes_a_path_bytes_text_or_an_open_file(tmp_path):
    ras = intimacy.Instrument.builtin("ras")
    text = "id,ras1,ras2,ras3,ras4,ras5,ras6,ras7\na,5,4,4,2,4,5,1\n"
    path = tmp_path / "export.csv"
    path.write_text(text)
    frames = [
        intimacy.io.read_csv(source, ras, id_column="id")
        for source in (path, str(path), text.encode(), text, path.open("rb"), path.open("r"))
    ]
    for f in frames:
        assert list(f.index) == ["a"] and f.loc["a", "ras4"] == 2.0
    with pytest.raises(intimacy.ArgumentError):
        intimacy.io.read_csv(42, ras)
    with pytest.raises(intimacy.ArgumentError):
        intimacy.io.read_csv(str(tmp_path / "absent.csv"), ras)


def test_read_frames_score_like_the_answers_themselves():
    ras = intimacy.Instrument.builtin("ras")
    text = "id,ras1,ras2,ras3,ras4,ras5,ras6,ras7\na,5,4,4,2,4,5,1\nb,3,3,,3,3,3,2\n"
    df = intimacy.io.read_csv(text, ras, id_column="id")
    scores = ras.score_frame(df)
    direct = ras.score({"ras1": 5, "ras2": 4, "ras3": 4, "ras4": 2, "ras5": 4, "ras6": 5, "ras7": 1})
    assert scores.loc["a", "satisfaction-total"] == direct.scales["satisfaction-total"].total
    assert math.isnan(scores.loc["b", "satisfaction-total"])


def test_surveyjs_round_trip_gives_the_report_of_the_answers():
    short = intimacy.Instrument.builtin("levels-checkin-short")
    survey = short.to_surveyjs()
    names = [e["name"] for p in survey["pages"] for e in p["elements"]]
    assert names and all(isinstance(n, str) for n in names)
    data = {"l1a": 5, "l2-routine": "4", "l4a": 2, "safety": 5}
    read = intimacy.io.from_surveyjs(short, data)
    assert read.answers == {"safety": 5.0, "l1a": 5.0, "l2-routine": 4.0, "l4a": 2.0}
    got = short.score(read.answers, opted_in=read.opted_in or [])
    want = short.score({"l1a": 5, "l2-routine": 4, "l4a": 2, "safety": 5})
    assert got.to_json() == want.to_json()
