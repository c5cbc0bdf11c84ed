// The foundation in JS: the catalogue, instruments, the malformed-instrument
// catalogue (shared with Rust and Python), and errors that never trap wasm.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import * as intimacy from "intimacy";
import { camelKeys, fixtureFiles, fixtures, readFixture } from "./helpers.mjs";

const { Instrument, builtinInstruments } = intimacy;

test("frameworks are identical in content to Rust's (shared fixture)", () => {
  const fw = intimacy.frameworks();
  assert.deepEqual(fw.slice(0, 3).map((f) => [f.key, f.stages.length]), [["seven-levels", 7], ["five-levels", 5], ["four-stages", 4]]);
  assert.equal(fw.length, 11);
  assert.deepEqual(fw, camelKeys(readFixture("frameworks.json")));
  assert.equal(fw[0].stages[0].name, "Surface-level interaction");
});

test("results are plain objects and arrays, not Maps", () => {
  const c = intimacy.catalogue();
  assert.equal(Object.getPrototypeOf(c), Object.prototype);
  assert.ok(Array.isArray(c.fadingSigns));
  assert.equal(c.fadingSigns.length, 6);
  assert.equal(c.loveLanguages.length, 5);
  assert.ok(!("fading_signs" in c), "fields are camelCase");
});

test("counterparts follow the crosswalk", () => {
  const levels = intimacy.counterparts("five-levels", "feelings-and-fears", "seven-levels").map((c) => c.level);
  assert.deepEqual(levels, [4, 5]);
  assert.deepEqual(intimacy.counterparts("seven-levels", "physical-intimacy", "four-stages"), []);
});

test("every built-in instrument loads and matches the shared fixture", () => {
  const expected = readFixture("builtin-instruments.json");
  assert.deepEqual([...intimacy.builtinInstruments()].sort(), Object.keys(expected).sort());
  for (const name of intimacy.builtinInstruments()) {
    const inst = Instrument.builtin(name);
    assert.deepEqual(JSON.parse(inst.toJson()), expected[name], name);
    assert.equal(inst.id, expected[name].id);
  }
  const short = Instrument.builtin("levels-checkin-short");
  assert.ok(short.items.length < Instrument.builtin("levels-checkin").items.length / 2);
  assert.equal(Instrument.builtin("levels-checkin").withForm("short").toJson(), short.toJson());
});

test("an instrument round-trips through toJson and fromJson", () => {
  const inst = Instrument.builtin("csi-16");
  const again = Instrument.fromJson(inst.toJson());
  assert.equal(again.toJson(), inst.toJson());
  const obj = inst.toObject();
  // 0-6, 0-5, and 0-5 printed from 5 down (items 2, 11, 13, 14, 16).
  assert.equal(obj.responseScales.length, 3);
  assert.deepEqual(obj.responseScales[2].printed, [5, 4, 3, 2, 1, 0]);
  assert.equal(obj.cutoffs[0].bands[0].max, 51.5);
  // The camelCase object form reads back too, for every built-in.
  for (const name of builtinInstruments()) {
    const one = Instrument.builtin(name);
    assert.equal(Instrument.fromJson(JSON.stringify(one.toObject())).toJson(), one.toJson(), name);
  }
});

test("fromKeys builds psych-style keys", () => {
  const inst = Instrument.fromKeys({ warmth: ["q1", "-q2", "q3"], trust: ["q4", "q5"] }, { bounds: [1, 5], minAnswered: 2 });
  assert.deepEqual(inst.items.map((i) => [i.id, Boolean(i.reverse)]), [["q1", false], ["q2", true], ["q3", false], ["q4", false], ["q5", false]]);
  assert.deepEqual(inst.scales.map((s) => [s.id, s.minAnswered]), [["warmth", { count: 2 }], ["trust", { count: 2 }]]);
  const frac = Instrument.fromKeys({ a: ["x", "y"] }, { minAnswered: { fraction: 0.5 }, aggregation: "sum" });
  assert.deepEqual(frac.scales[0].minAnswered, { fraction: 0.5 });
  assert.equal(frac.scales[0].aggregation, "sum");
});

test("fromKeys without bounds refuses reversed items with a typed error", () => {
  assert.throws(() => Instrument.fromKeys({ a: ["x", "-y"] }), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, "InstrumentError");
    assert.equal(e.code, "invalid");
    assert.deepEqual(e.problems.map((p) => [p.path, p.code]), [["items[1].reverse", "reverse-without-bounds"]]);
    return true;
  });
});

const badArguments = [
  () => Instrument.fromKeys([1, 2]),
  () => Instrument.fromKeys("warmth"),
  () => Instrument.fromKeys(null),
  () => Instrument.fromKeys({ a: "q1" }),
  () => Instrument.fromKeys({ a: [1, 2] }),
  () => Instrument.fromKeys({ a: ["q1"] }, { bounds: [1] }),
  () => Instrument.fromKeys({ a: ["q1"] }, { bounds: "1-5" }),
  () => Instrument.fromKeys({ a: ["q1"] }, { aggregation: "median" }),
  () => Instrument.fromKeys({ a: ["q1"] }, { minAnswered: -1 }),
  () => Instrument.fromKeys({ a: ["q1"] }, { minAnswered: 1.5 }),
  () => Instrument.fromKeys({ a: ["q1"] }, { id: 7 }),
  () => Instrument.fromKeys({ a: ["q1"] }, 5),
  () => Instrument.fromKeys({ a: [] }),
  () => Instrument.fromKeys({ a: ["q1"] }, { bounds: [5, 1] }),
  () => Instrument.fromKeys({ a: ["q1"] }, { bounds: [NaN, 1] }),
  () => Instrument.fromJson(""),
  () => Instrument.fromJson("null"),
  () => Instrument.fromJson("[]"),
  () => Instrument.fromJson("{\"id\": 1}"),
  () => Instrument.fromJson("\u0000\uffff"),
  () => Instrument.builtin(""),
  () => Instrument.builtin("levels-checkin").withForm("long"),
];

test("bad arguments throw Error objects with a code and never trap the instance", () => {
  for (const [i, call] of badArguments.entries()) {
    assert.throws(call, (e) => {
      assert.ok(e instanceof Error, `case ${i}: thrown value is not an Error: ${e}`);
      assert.equal(typeof e.code, "string", `case ${i}: no code`);
      assert.ok(e.message.length > 0);
      return true;
    }, `case ${i}`);
    // The instance still works after every failure.
    assert.equal(intimacy.frameworks()[0].stages.length, 7, `instance broken after case ${i}`);
  }
});

test("the malformed-instrument catalogue yields every expected problem with its path", () => {
  const files = fixtureFiles("invalid-instruments");
  assert.ok(files.length >= 15);
  for (const file of files) {
    const c = readFixture("invalid-instruments", file);
    if (c.format !== "json") continue; // TOML loading is not part of the JS surface
    const text = c.text ?? JSON.stringify(c.instrument);
    assert.throws(() => Instrument.fromJson(text), (e) => {
      assert.equal(e.name, "InstrumentError", file);
      const got = e.problems.map((p) => `${p.path} ${p.code}`).sort();
      const want = c.expect.map((p) => `${p.path} ${p.code}`).sort();
      assert.deepEqual(got, want, file);
      for (const p of e.problems) assert.ok(p.message.length > 0, file);
      return true;
    }, file);
    assert.equal(intimacy.frameworks().length, 11, `instance broken after ${file}`);
  }
});

test("the package exposes its version", () => {
  const pkg = JSON.parse(readFileSync(join(fixtures, "..", "..", "intimacy-wasm", "package.json"), "utf8"));
  assert.equal(intimacy.version(), pkg.version);
});
