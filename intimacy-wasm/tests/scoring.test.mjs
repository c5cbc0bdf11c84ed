// Scoring in JS: the shared fixtures (same cases as Rust and Python, same
// results), batch scoring with typed arrays, and errors that never trap wasm.
import { test } from "node:test";
import assert from "node:assert/strict";

import * as intimacy from "intimacy";
import { camelKeys, fixtureFiles, readFixture } from "./helpers.mjs";

const { Instrument } = intimacy;

function contains(actual, expected, path = "") {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${path}: ${JSON.stringify(actual)}`);
    expected.forEach((e, i) => contains(actual[i], e, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === "object") {
    assert.ok(actual !== null && typeof actual === "object", `${path}: ${JSON.stringify(actual)}`);
    for (const [k, v] of Object.entries(expected)) {
      assert.ok(k in actual, `${path}.${k}: missing`);
      contains(actual[k], v, `${path}.${k}`);
    }
  } else if (typeof expected === "number") {
    assert.equal(typeof actual, "number", `${path}: ${actual}`);
    assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(Math.abs(expected), 1), `${path}: ${actual} vs ${expected}`);
  } else {
    assert.equal(actual, expected, path);
  }
}

const load = (c) => (typeof c.instrument === "string" ? Instrument.builtin(c.instrument) : Instrument.fromJson(JSON.stringify(c.instrument)));

test("the shared scoring fixtures give the same results as in Rust", () => {
  const files = fixtureFiles("scoring").map((f) => ["scoring", f]);
  assert.ok(files.length >= 25);
  // The hand-worked respondent of each published key (same format).
  const keys = fixtureFiles("keys").map((f) => ["keys", f]);
  const covered = new Set(keys.map(([d, f]) => readFixture(d, f).instrument));
  const published = intimacy.registry().filter((e) => e.status !== "authored").map((e) => e.name);
  assert.ok(published.length > 0 && published.every((n) => covered.has(n)), `not covered: ${published.filter((n) => !covered.has(n))}`);
  for (const [dir, file] of [...files, ...keys]) {
    const c = readFixture(dir, file);
    const inst = load(c);
    const options = camelKeys(c.options ?? {});
    if (c.expect_error) {
      assert.throws(() => inst.score(c.answers, options), (e) => {
        assert.ok(e instanceof Error, file);
        assert.equal(e.code, c.expect_error.code, `${file}: ${e.message}`);
        if ("item" in c.expect_error) assert.equal(e.item, c.expect_error.item, file);
        if ("value" in c.expect_error) assert.equal(e.value, c.expect_error.value, file);
        return true;
      }, file);
      continue;
    }
    const report = inst.score(c.answers, options);
    // The fixture speaks the shared (snake_case) JSON.
    const view = JSON.parse(report.toJson());
    view.flag_kinds = report.flags.map((f) => f.kind);
    view.recommendation_keys = report.recommendations.map((r) => r.practice);
    try {
      contains(view, c.expect);
    } catch (e) {
      e.message = `${file}: ${e.message}`;
      throw e;
    }
    // Every case also as a one-row batch, filled in place in wasm memory.
    const items = inst.items.map((it) => it.id);
    const input = new intimacy.BatchInput(1, items.length);
    input.values().set(items.map((id) => c.answers[id] ?? NaN));
    const batch = inst.scoreBatchInput(input, options);
    input.free();
    for (const col of batch.scales) {
      const x = view.scales[col.id].score;
      const b = col.score[0];
      assert.ok(x === null ? Number.isNaN(b) : Math.abs(x - b) <= 1e-12 * Math.max(1, Math.abs(x)), `${file}: batch ${col.id} ${b} vs ${x}`);
      assert.equal(col.answered[0], view.scales[col.id].answered, `${file}: answered ${col.id}`);
    }
  }
});

test("a report is plain camelCase data with typed accessors and charts", () => {
  const inst = Instrument.builtin("levels-checkin-short");
  const report = inst.score({ safety: 1, l1a: 5, "l2-routine": 5 }, { optedIn: ["physical"] });
  assert.equal(report.flags[0].kind, "safety");
  assert.equal(report.flags[0].evidence[0].item, "safety");
  const obj = report.toObject();
  assert.equal(Object.getPrototypeOf(obj.scales), Object.prototype);
  assert.ok("level-surface" in obj.scales, "scale ids stay as keys");
  assert.ok("optedIn" in obj && "loveLanguages" in obj);
  assert.equal(report.safetyMode, true);
  assert.equal(obj.safetyMode, true);
  assert.deepEqual(report.resources, obj.resources);
  assert.match(obj.resources.emergency, /emergency/);
  assert.equal(obj.recommendations[0].practice, "confidential-support");
  assert.ok(obj.recommendations.every((r) => !r.together));
  assert.equal(obj.provenance.contentHash.length, 64);
  assert.match(report.toSvg("staircase"), /^<svg[\s\S]*<title[\s\S]*<desc/);
  assert.match(report.toSvg("radar"), /^<svg/);
  assert.throws(() => report.toSvg("pie"), TypeError);
});

test("scoreBatch takes typed arrays and returns typed-array columns, one per row", () => {
  const inst = Instrument.fromKeys({ a: ["q1", "-q2", "q3"], b: ["q4", "q5"] }, { bounds: [1, 5], minAnswered: 2 });
  const rows = [
    [5, 1, 5, 4, 4],
    [1, 5, NaN, 2, NaN],
    [3, 3, 3, 9, 3], // 9 is out of range: recorded, treated as missing
  ];
  const out = inst.scoreBatch(Float64Array.from(rows.flat()), rows.length);
  assert.equal(out.rows, 3);
  const a = out.scales.find((s) => s.id === "a");
  assert.ok(a.score instanceof Float64Array && a.answered instanceof Uint32Array);
  assert.deepEqual(Array.from(a.score), [5, 1, 3]);
  const b = out.scales.find((s) => s.id === "b");
  assert.ok(Number.isNaN(b.score[1]) && Number.isNaN(b.score[2]));
  assert.deepEqual(out.problems.map((p) => [p.row, p.item, p.value]), [[2, "q4", 9]]);
  // The same through column-major u8 codes with 0 as the missing code.
  const cm = new Uint8Array(15);
  rows.forEach((r, i) => r.forEach((v, j) => { cm[j * 3 + i] = Number.isNaN(v) ? 0 : v; }));
  const out2 = inst.scoreBatch(cm, 3, { layout: "column-major", missingCode: 0 });
  assert.deepEqual(Array.from(out2.scales[0].score), [5, 1, 3]);
  // Every row agrees with scoring that row alone.
  for (const [i, r] of rows.entries()) {
    const answers = Object.fromEntries(["q1", "q2", "q3", "q4", "q5"].map((q, j) => [q, Number.isNaN(r[j]) ? null : r[j]]));
    const single = inst.score(answers, { invalid: "missing" }).scales;
    for (const s of out.scales) {
      const x = single[s.id].score;
      assert.ok(x === null ? Number.isNaN(s.score[i]) : x === s.score[i], `row ${i} ${s.id}`);
    }
  }
});

test("BatchInput is filled in place and scores as scoreBatch does, without a copy", () => {
  const { BatchInput } = intimacy;
  const inst = Instrument.fromKeys({ a: ["q1", "-q2", "q3"], b: ["q4", "q5"] }, { bounds: [1, 5], minAnswered: 2 });
  // 37 rows: several whole tiles and a partial one, with a bad cell in the last.
  const n = 37;
  const cells = Float64Array.from({ length: n * 5 }, (_, i) => (i % 11 === 0 ? NaN : 1 + ((i * 7) % 5)));
  cells[n * 5 - 1] = 9;
  const input = new BatchInput(n, 5);
  assert.equal(input.nRows, n);
  assert.equal(input.nCols, 5);
  assert.ok(Array.from(input.values()).every(Number.isNaN), "a new input is all unanswered");
  input.values().set(cells);
  const inPlace = inst.scoreBatchInput(input);
  const copied = inst.scoreBatch(cells, n);
  assert.equal(inPlace.rows, n);
  for (const [i, s] of inPlace.scales.entries()) {
    assert.deepEqual(Array.from(s.score), Array.from(copied.scales[i].score));
    assert.deepEqual(Array.from(s.answered), Array.from(copied.scales[i].answered));
  }
  assert.deepEqual(inPlace.problems.map((p) => [p.row, p.item, p.value]), [[n - 1, "q5", 9]]);
  // The same input read column-major is another block: options apply.
  const strict = () => inst.scoreBatchInput(input, { invalid: "error" });
  assert.throws(strict, (e) => e instanceof Error && e.row === n - 1 && e.item === "q5" && e.value === 9);
  // Bad shapes are typed errors, and the instance keeps working.
  for (const [rows, cols] of [[-1, 5], [1.5, 5], [2, NaN]]) {
    assert.throws(() => new BatchInput(rows, cols), (e) => e instanceof TypeError && typeof e.code === "string");
  }
  assert.throws(() => inst.scoreBatchInput(new BatchInput(2, 3)), (e) => e instanceof Error && /columns/.test(e.message));
  assert.deepEqual(Array.from(inst.scoreBatchInput(input).scales[0].score), Array.from(copied.scales[0].score));
  input.free();
});

test("a large batch scores every row", () => {
  const inst = Instrument.builtin("levels-checkin");
  const n = 20000;
  const cols = inst.items.length;
  const values = new Float64Array(n * cols).fill(NaN);
  for (let r = 0; r < n; r++) values[r * cols + (r % cols)] = 3;
  const out = inst.scoreBatch(values, n, { optedIn: ["physical"] });
  assert.equal(out.rows, n);
  for (const s of out.scales) assert.equal(s.score.length, n);
  for (const f of out.flags) assert.equal(f.values.length, n);
});

const badCalls = [
  (i) => i.score(null),
  (i) => i.score([1, 2]),
  (i) => i.score("ras1=4"),
  (i) => i.score({ ras1: "4" }),
  (i) => i.score({ ras1: true }),
  (i) => i.score({ ras1: NaN }),
  (i) => i.score({ ras1: Infinity }),
  (i) => i.score({ ras1: 0 }),
  (i) => i.score({ ras1: 2.5 }),
  (i) => i.score({ nope: 1 }),
  (i) => i.score({}, { missing: "sometimes" }),
  (i) => i.score({}, { threshold: 200 }),
  (i) => i.score({}, { nope: 1 }),
  (i) => i.score({}, { optedIn: ["nowhere"] }),
  (i) => i.score({}, { flags: { safety: false } }),
  (i) => i.score({}, "strict"),
  (i) => i.scoreBatch([1, 2, 3], 1),
  (i) => i.scoreBatch(new Float64Array(8), 1), // 8 columns for 7 items
  (i) => i.scoreBatch(new Float64Array(14), 2, { columns: ["ras1"] }),
  (i) => i.scoreBatch(new Float64Array(7), -1),
  (i) => i.scoreBatch(new Float64Array(7), 1.5),
  (i) => i.scoreBatch(new Float64Array(7).fill(9), 1, { invalid: "error" }),
  (i) => i.scoreBatch(new Float64Array(7), 1, { layout: "diagonal" }),
  (i) => i.scoreBatch(new Uint8Array(7), 1, { missingCode: 300 }),
  (i) => i.scoreBatch(new Float64Array(7), 1, { columns: ["ras1", "ras1", "ras2", "ras3", "ras4", "ras5", "ras6"] }),
];

test("bad scoring input throws Error objects with a code and never traps the instance", () => {
  const inst = Instrument.builtin("ras");
  for (const [k, call] of badCalls.entries()) {
    assert.throws(() => call(inst), (e) => {
      assert.ok(e instanceof Error, `case ${k}: ${e}`);
      assert.equal(typeof e.code, "string", `case ${k}`);
      return true;
    }, `case ${k}`);
    assert.equal(inst.score({ ras1: 5 }, { minAnswered: 1 }).scales.satisfaction.score, 5, `instance broken after case ${k}`);
  }
  assert.throws(() => inst.score({ ras1: 9 }), (e) => e.name === "ResponseError" && e.item === "ras1" && e.value === 9);
  assert.throws(() => inst.scoreBatch(new Float64Array(7).fill(9), 1, { invalid: "error" }), (e) => e.row === 0 && e.item === "ras1");
});
