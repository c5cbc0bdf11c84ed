// The shared bad-input catalogue (tests/fixtures/bad-input/cases.json), run in
// JavaScript: every case reaches the outcome Rust and Python reach (error
// class, code and location, or the same result), and the instance works
// after each.
import { test } from "node:test";
import assert from "node:assert/strict";

import * as intimacy from "intimacy";
import { readFixture } from "./helpers.mjs";

const { Instrument, reliability, reliableChange } = intimacy;
const cases = readFixture("bad-input", "cases.json").filter((c) => (c.only ?? ["js"]).includes("js"));
const TYPED = { f64: Float64Array, u8: Uint8Array, i16: Int16Array };
const MARKERS = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity, "-0": -0 };
const camel = (k) => k.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

/** Markers as JS values; option keys in camelCase when `keys` says so. */
function decode(v, keys = false) {
  if (Array.isArray(v)) return v.map((x) => decode(x, keys));
  if (v && typeof v === "object") {
    if ("$" in v) return MARKERS[v.$];
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [keys ? camel(k) : k, decode(x, keys)]));
  }
  return v;
}

function text(v) {
  if (typeof v === "string") return v;
  return v.$text
    .map((p) => (Array.isArray(p) ? p[0].repeat(p[1]) : Array.from({ length: p.count }, (_, i) => p.each.replaceAll("{i}", String(i))).join(p.sep)))
    .join("");
}

const cells = (c) => TYPED[c.dtype].from(decode(c.values));

function run(c) {
  const options = decode(c.options ?? {}, true);
  switch (c.call) {
    case "instrument":
      return { ok: { items: Instrument.fromJson(text(c.text)).items.length } };
    case "score": {
      const report = Instrument.builtin(c.instrument).score(decode(c.answers), options);
      return { ok: { status: Object.fromEntries(Object.entries(report.scales).map(([k, s]) => [k, s.status])) } };
    }
    case "batch": {
      const out = Instrument.builtin(c.instrument).scoreBatch(cells(c), c.rows, options);
      const first = out.problems[0];
      return { ok: { rows: out.rows, problems: out.problems.length, first_problem: first ? { row: first.row, column: first.column, item: first.item } : null } };
    }
    case "keys":
      return { ok: { items: Instrument.fromKeys(c.keys, options).items.length } };
    case "reliability":
      return { ok: { zero_variance: reliability(cells(c), c.rows, c.cols, options).zeroVariance } };
    case "reliable_change":
      return { ok: { classification: reliableChange(...decode(c.params)).classification } };
    default:
      throw new Error(`unknown call ${c.call}`);
  }
}

function outcome(c) {
  try {
    return run(c);
  } catch (e) {
    const cls = e instanceof TypeError && e.code === "invalid-argument" ? "ArgumentError" : e.name;
    const got = { class: cls, code: e.code };
    const path = e.name === "OptionsError" ? e.option : e.path;
    for (const [k, v] of [["path", path], ["row", e.row], ["column", e.column], ["item", e.item]]) {
      if (v !== undefined && v !== null) got[k] = v;
    }
    return { error: got };
  }
}

function agrees(want, got) {
  if (want && typeof want === "object" && !Array.isArray(want)) {
    return got !== null && typeof got === "object" && Object.entries(want).every(([k, v]) => k in got && agrees(v, got[k]));
  }
  return JSON.stringify(want) === JSON.stringify(got);
}

test("every bad input gets its typed outcome, as in Rust and Python, and the instance lives", () => {
  console.log(`bad-input catalogue: ${cases.length} cases run in JavaScript`);
  assert.ok(cases.length >= 60, `at least 60 cases, got ${cases.length}`);
  const ras = Instrument.builtin("ras");
  const failures = [];
  for (const c of cases) {
    const got = outcome(c);
    if (!agrees(c.expect, got)) failures.push(`${c.name}: expected ${JSON.stringify(c.expect)}, got ${JSON.stringify(got)}`);
    assert.equal(ras.score({ ras1: 5 }, { minAnswered: 1 }).scales.satisfaction.score, 5, `instance broken after ${c.name}`);
  }
  assert.deepEqual(failures, []);
});
