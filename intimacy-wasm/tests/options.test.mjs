// The shared options fixtures (tests/fixtures/options), as Rust and pytest
// run them. Options are given in JavaScript's camelCase (the fixtures are in
// the core's snake_case).
import { test } from "node:test";
import assert from "node:assert/strict";

import * as intimacy from "intimacy";
import { fixtureFiles, readFixture } from "./helpers.mjs";

const camel = (k) => k.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
/** camelCase struct fields; user-data keys (scale ids in norms) stay as they are. */
function camelOptions(value, userKeys = false) {
  if (Array.isArray(value)) return value.map((v) => camelOptions(v));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [userKeys ? k : camel(k), camelOptions(v, !userKeys && k === "norms")]),
    );
  }
  return value;
}
const camelPath = (p) => p.split(".").map(camel).join(".");

function contains(actual, expected, path) {
  if (expected && typeof expected === "object" && !Array.isArray(expected)) {
    for (const [k, v] of Object.entries(expected)) {
      assert.ok(actual && k in actual, `${path}.${k}: missing`);
      contains(actual[k], v, `${path}.${k}`);
    }
  } else if (Array.isArray(expected)) {
    assert.equal(actual.length, expected.length, path);
    expected.forEach((e, i) => contains(actual[i], e, `${path}[${i}]`));
  } else if (typeof expected === "number") {
    assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${path}: ${actual} vs ${expected}`);
  } else {
    assert.deepEqual(actual, expected, path);
  }
}

function run(c) {
  const options = camelOptions(c.options);
  if (c.entry === "score") {
    return JSON.parse(intimacy.Instrument.builtin(c.instrument).score(c.answers, options).toJson());
  }
  if (c.entry === "keys") return JSON.parse(intimacy.Instrument.fromKeys(c.keys, options).toJson());
  const inst = intimacy.Instrument.builtin(c.instrument);
  const waves = c.waves.map((w) => inst.score(w));
  return intimacy.change(waves, options);
}

const files = fixtureFiles("options");

test("there are enough options cases", () => assert.ok(files.length >= 25));

test("every options case gives the result or the error it must, as in Rust and Python", () => {
  for (const file of files) {
    const c = readFixture("options", file);
    if (c.expect_error) {
      assert.throws(
        () => run(c),
        (e) => {
          assert.equal(e.name, "OptionsError", `${file}: ${e.name} ${e.message}`);
          assert.equal(e.code, c.expect_error.code, file);
          // A known option is named by the core's (snake_case) path in every
          // language; an unknown key is named as it was given.
          const want = c.expect_error.option;
          assert.ok([want, camelPath(want)].includes(e.option), `${file}: ${e.option} vs ${want}`);
          return true;
        },
        file,
      );
    } else {
      // A change report comes back as camelCase objects; the rest as the core's JSON.
      const expect = c.entry === "change" ? camelOptions(c.expect) : c.expect;
      contains(run(c), expect, file);
    }
  }
});

test("values JSON cannot hold are refused with their option's path, not dropped", () => {
  const ras = intimacy.Instrument.builtin("ras");
  for (const bad of [NaN, Infinity, -Infinity, () => 1]) {
    assert.throws(() => ras.score({ ras1: 3 }, { threshold: bad }), (e) => e.name === "OptionsError" && e.option === "threshold");
  }
  // Both spellings of one option are an error, not a silent choice.
  assert.throws(() => ras.score({ ras1: 3 }, { minAnswered: 1, min_answered: 7 }), (e) => e.name === "OptionsError");
});
