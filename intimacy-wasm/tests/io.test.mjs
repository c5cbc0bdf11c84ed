// The shared survey-export cases (tests/fixtures/exports/cases-*.json), run
// through the JS adapters: the same rows, log or error as in Rust and Python.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

import * as intimacy from "intimacy";
import { fixtures } from "./helpers.mjs";

const { Instrument, fromSurveyJs, readJsPsych, readQualtrics, readRedcap, readCsv, readRedcapDictionary } = intimacy;
const exportsDir = join(fixtures, "exports");
const cases = readdirSync(exportsDir)
  .filter((f) => /^cases-.*\.json$/.test(f))
  .sort()
  .flatMap((f) => JSON.parse(readFileSync(join(exportsDir, f), "utf8")));
const READERS = { csv: readCsv, qualtrics: readQualtrics, redcap: readRedcap, jspsych: readJsPsych };

function instrumentOf(c) {
  if (c.dictionary) return Instrument.fromRedcapDictionary(readFileSync(join(exportsDir, c.dictionary)));
  if (typeof c.instrument === "string") return Instrument.builtin(c.instrument);
  return Instrument.fromJson(JSON.stringify(c.instrument));
}

/** The input as text (files as bytes, to test that form too). */
function inputOf(c) {
  if (c.input !== undefined) return new Uint8Array(readFileSync(join(exportsDir, c.input)));
  if (c.input_text !== undefined) return c.input_text;
  return c.input_json;
}

function read(c) {
  const options = c.options ?? {};
  if (c.reader === "redcap-dictionary") return readRedcapDictionary(inputOf(c), options);
  const inst = instrumentOf(c);
  if (c.reader === "to-surveyjs") return inst.toSurveyJs();
  if (c.reader === "surveyjs") {
    let data = inputOf(c);
    if (data instanceof Uint8Array) data = new TextDecoder().decode(data);
    return fromSurveyJs(inst, data, options);
  }
  return READERS[c.reader](inputOf(c), inst, options);
}

/** Rows of either result shape: one respondent's {answers, optedIn} or a table. */
function rowsOf(out) {
  if (out.answers) {
    const answers = Object.fromEntries(Object.entries(out.answers).filter(([, v]) => v !== null));
    return { answers: [answers], optedIn: [out.optedIn ?? null], log: out.log };
  }
  const answers = [];
  for (let r = 0; r < out.rows; r++) {
    const row = {};
    out.items.forEach((item, i) => {
      const v = out.values[r * out.items.length + i];
      if (!Number.isNaN(v)) row[item] = v;
    });
    answers.push(row);
  }
  return { keyNames: out.keyNames, keys: out.keys, answers, optedIn: out.optedIn, log: out.log };
}

function checkLog(log, want = {}) {
  for (const [k, v] of Object.entries(want)) {
    if (["rows_read", "rows_kept", "format"].includes(k)) assert.equal(log[k.replace(/_([a-z])/g, (_, c) => c.toUpperCase())] ?? log[k], v, k);
    else if (k === "excluded") assert.equal(log.excluded.length, v);
    else if (k === "excluded_lines") assert.deepEqual(log.excluded.map((e) => e.line), v);
    else if (k === "excluded_ids") assert.deepEqual(log.excluded.map((e) => e.id), v);
    else if (k === "dropped") assert.equal(log.dropped.length, v);
    else if (k === "dropped_items") assert.deepEqual(log.dropped.map((d) => [d.row, d.item]), v);
    else if (k === "ignored_columns") assert.deepEqual((log.ignoredColumns ?? log.ignored_columns).toSorted(), v);
    else if (k === "items_without_column") assert.deepEqual(log.itemsWithoutColumn ?? log.items_without_column, v);
    else if (k === "refused") {
      assert.equal(log.refused.length, v.length, "refused");
      v.forEach((w, i) => assert.deepEqual(Object.fromEntries(Object.keys(w).map((f) => [f, log.refused[i][f]])), w));
    } else if (k === "notes_contain") for (const t of v) assert.ok(log.notes.some((n) => n.includes(t)), t);
    else assert.fail(`unknown log field ${k}`);
  }
}

function pointer(doc, path) {
  return path.split("/").slice(1).reduce((d, p) => d[p.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
}

const camel = { column_name: "columnName" };

for (const c of cases) {
  test(`export case: ${c.name}`, () => {
    if (c.error) {
      let thrown;
      try {
        read(c);
      } catch (e) {
        thrown = e;
      }
      assert.ok(thrown instanceof Error, "expected an error");
      assert.equal(thrown.code, c.error.code, thrown.message);
      for (const k of ["row", "line", "item", "column_name", "text"]) {
        if (k in c.error) assert.equal(thrown[camel[k] ?? k], c.error[k], `${k}: ${thrown.message}`);
      }
      if ("option" in c.error) assert.equal(thrown.option ?? thrown.path, c.error.option);
      if ("message_contains" in c.error) assert.ok(thrown.message.includes(c.error.message_contains), thrown.message);
      return;
    }
    const out = read(c);
    if (c.reader === "to-surveyjs") {
      for (const [path, value] of Object.entries(c.expect_contains)) assert.deepEqual(pointer(out, path), value, path);
      return;
    }
    const want = c.expect;
    if (c.reader === "redcap-dictionary") {
      const inst = out.instrument;
      if (want.id) assert.equal(inst.id, want.id);
      if (want.items) assert.deepEqual(inst.items.map((i) => i.id), want.items);
      if (want.sections) {
        for (const [item, section] of Object.entries(want.sections)) {
          assert.equal(inst.items.find((i) => i.id === item).section, section, item);
        }
      }
      if (want.response_scales) {
        const def = inst.toObject();
        for (const [item, fields] of Object.entries(want.response_scales)) {
          const it = def.items.find((i) => i.id === item);
          const rs = def.responseScales.find((s) => s.id === (it.responseScale ?? def.defaultResponseScale));
          for (const [k, v] of Object.entries(fields)) {
            let got = rs[k];
            if (k === "step" && got === undefined) got = 1;
            if (k === "continuous" && got === undefined) got = false;
            assert.deepEqual(got, v, `${item}.${k}`);
          }
        }
      }
      checkLog(out.log, want.log);
      return;
    }
    const rows = rowsOf(out);
    if (want.key_names && rows.keyNames) assert.deepEqual(rows.keyNames, want.key_names);
    if (want.keys && rows.keys) assert.deepEqual(rows.keys, want.keys);
    if (want.answers) assert.deepEqual(rows.answers, want.answers);
    if (want.opted_in) assert.deepEqual(rows.optedIn, want.opted_in);
    checkLog(rows.log, want.log);
  });
}

test("the cases reach every reader", () => {
  const readers = new Set(cases.map((c) => c.reader));
  for (const r of ["csv", "qualtrics", "redcap", "redcap-dictionary", "surveyjs", "jspsych", "to-surveyjs"]) assert.ok(readers.has(r), r);
});

test("SurveyJS round trip: one result scores like the answers themselves", () => {
  const short = Instrument.builtin("levels-checkin-short");
  const survey = short.toSurveyJs();
  assert.ok(survey.pages.length > 1);
  const read = fromSurveyJs(short, { l1a: 5, "l2-routine": "4", l4a: 2, safety: 5 });
  const got = short.score(read.answers, { optedIn: read.optedIn ?? [] });
  const want = short.score({ l1a: 5, "l2-routine": 4, l4a: 2, safety: 5 });
  assert.deepEqual(got.toObject(), want.toObject());
});

test("a 0-based export fails loudly, and the instance keeps working", () => {
  const ras = Instrument.builtin("ras");
  const text = "id,ras1,ras2,ras3,ras4,ras5,ras6,ras7\na,4,4,4,4,4,4,4\nb,0,1,2,3,4,4,4\n";
  for (let i = 0; i < 200; i++) {
    assert.throws(() => readCsv(text, ras, { idColumn: "id" }), (e) =>
      e.name === "ReadError" && e.code === "invalid-value" && e.line === 3 && e.row === 1 && e.column === 1 &&
      e.columnName === "ras1" && e.text === "0");
  }
  const ok = readCsv(text.replace("b,0", "b,1"), ras, { idColumn: "id" });
  assert.equal(ok.rows, 2);
  assert.deepEqual(ok.keys, [["a"], ["b"]]);
  const scores = ras.scoreBatch(ok.values, ok.rows);
  assert.equal(scores.rows, 2);
});

test("bad arguments are TypeErrors before anything enters WebAssembly", () => {
  const ras = Instrument.builtin("ras");
  assert.throws(() => readCsv(42, ras), (e) => e instanceof TypeError && e.code === "invalid-argument");
  assert.throws(() => readCsv("a,b\n", ras, { nope: 1 }), (e) => e.name === "OptionsError");
  assert.equal(readCsv("ras1,ras2,ras3,ras4,ras5,ras6,ras7\n", ras).rows, 0);
});
