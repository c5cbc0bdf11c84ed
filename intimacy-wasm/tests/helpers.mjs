import assert from "node:assert/strict";
// Shared helpers of the node tests: the fixtures directory and key conversion.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "tests", "fixtures");

export function readFixture(...parts) {
  return JSON.parse(readFileSync(join(fixtures, ...parts), "utf8"));
}

export function fixtureFiles(dir) {
  return readdirSync(join(fixtures, dir)).filter((f) => f.endsWith(".json")).sort();
}

/** The fixture's snake_case struct fields in the camelCase the JS API uses
 * (only for values without user-data map keys, such as frameworks). */
export function camelKeys(value) {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), camelKeys(v)]),
    );
  }
  return value;
}

/** Debian's Chromium and the flags every browser test launches it with
 * (headless, no sandbox as root, no background requests to Google's hosts). */
export const chromiumPath = "/usr/bin/chromium";
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** `expected` is contained in `actual` (a shared fixture's subset): objects by
 * key, arrays element-wise with equal length, numbers within 1e-9. */
export function contains(actual, expected, path = "") {
  if (Array.isArray(expected)) {
    assert.equal(actual.length, expected.length, `${path}: ${JSON.stringify(actual)}`);
    expected.forEach((e, i) => contains(actual[i], e, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === "object") {
    for (const [k, v] of Object.entries(expected)) {
      assert.ok(actual && (k in actual || v === null), `${path}.${k}: missing in ${JSON.stringify(actual)}`);
      contains(actual[k], v, `${path}.${k}`);
    }
  } else if (typeof expected === "number") {
    assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(Math.abs(expected), 1), `${path}: ${actual} vs ${expected}`);
  } else {
    assert.equal(actual ?? null, expected, path);
  }
}
