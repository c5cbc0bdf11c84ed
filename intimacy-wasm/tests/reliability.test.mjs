// Reliability in JS: the shared reference (R psych's numbers, checked to 1e-8
// as intimacy-core/tests/reliability.rs checks them, with the same
// departures), typed-array inputs, and errors that never trap wasm.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import * as intimacy from "intimacy";

const { reliability } = intimacy;

const reference = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), "..", "..", "tests", "reference", "reliability.json"), "utf8"),
);

const TOL = 1e-8;
/** A reference number: JSON null (R's NA) and anything else not a number is NaN. */
const num = (v) => (typeof v === "number" ? v : NaN);
const strings = (v) => (Array.isArray(v) ? v.map((s) => (typeof s === "string" ? s : "")) : []);
const close = (got, want) => (Number.isNaN(want) ? Number.isNaN(got) : Math.abs(got - want) <= TOL * Math.max(Math.abs(want), 1));

function check(name, what, got, want) {
  const w = num(want);
  assert.equal(typeof got, "number", `${name}: ${what}: ${got}`);
  assert.ok(close(got, w), `${name}: ${what}: got ${got}, psych ${w}`);
}

/** The case's data and options, as the Rust test reads them. */
function input(c) {
  const values = Float64Array.from(c.data.flat().map(num));
  assert.equal(values.length, c.rows * c.cols);
  const options = {
    reverse: c.reverse,
    bounds: [num(c.bounds[0]), num(c.bounds[1])],
    missing: c.deletion === "listwise" ? "listwise" : "pairwise",
    itemNames: strings(c.item_names),
  };
  return { values, options };
}

test("every reference case matches psych as in Rust (to 1e-8, same departures)", () => {
  const cases = reference.cases;
  assert.ok(cases.length >= 6);
  for (const c of cases) {
    const name = c.name;
    const { values, options } = input(c);
    const r = reliability(values, c.rows, c.cols, options);
    const p = c.psych;
    const ours = c.ours;
    // Reversal by declared bounds differs from psych's observed bounds here.
    const boundsDiffer = name === "declared-bounds-differ";
    // psych's N (every row) and ours (smallest pair count) agree.
    const sameN = num(p.nsub) === num(ours.n_pairwise_min);

    assert.deepEqual(r.zeroVariance, strings(p.zero_variance), name);
    assert.equal(r.nItems, num(p.nvar), name);
    assert.equal(r.nPairwiseMin, num(ours.n_pairwise_min), name);

    check(name, "alpha", r.alpha, p.raw_alpha);
    check(name, "stdAlpha", r.stdAlpha, p.std_alpha);
    check(name, "g6", r.g6, p.g6);
    check(name, "averageR", r.averageR, p.average_r);
    check(name, "signalNoise", r.signalNoise, p.signal_noise);
    check(name, "medianR", r.medianR, p.median_r);
    check(name, "varR", r.varR, p.var_r);
    if (boundsDiffer) {
      assert.ok(!close(r.mean, num(p.mean)), `${name}: total mean`);
    } else {
      check(name, "mean", r.mean, p.mean);
      check(name, "sd", r.sd, p.sd);
    }

    // Standard error and intervals: psych's formulas with our N.
    check(name, "ase", r.ase, ours.ase);
    check(name, "feldt lower", r.feldtCi[0], ours.feldt[0]);
    check(name, "feldt upper", r.feldtCi[1], ours.feldt[1]);
    check(name, "duhachek lower", r.duhachekCi[0], ours.duhachek[0]);
    check(name, "duhachek upper", r.duhachekCi[1], ours.duhachek[1]);
    if (sameN) {
      check(name, "psych ase", r.ase, p.ase);
      check(name, "psych feldt lower", r.feldtCi[0], p.feldt[0]);
      check(name, "psych feldt upper", r.feldtCi[1], p.feldt[1]);
      check(name, "psych duhachek lower", r.duhachekCi[0], p.duhachek[0]);
      check(name, "psych duhachek upper", r.duhachekCi[1], p.duhachek[1]);
    } else {
      // Fewer rows behind the covariances: a wider interval than psych's.
      assert.ok(r.ase > num(p.ase), name);
    }

    // Alpha if an item is dropped.
    const drop = p.alpha_drop;
    for (const [i, item] of strings(drop.name).entries()) {
      const d = r.alphaIfDropped.find((x) => x.name === item);
      assert.ok(d, `${name}: no dropped stats for ${item}`);
      const what = (s) => `alphaIfDropped[${item}].${s}`;
      check(name, what("alpha"), d.alpha, drop.alpha[i]);
      check(name, what("stdAlpha"), d.stdAlpha, drop.std_alpha[i]);
      check(name, what("g6"), d.g6, drop.g6[i]);
      check(name, what("averageR"), d.averageR, drop.average_r[i]);
      check(name, what("signalNoise"), d.signalNoise, drop.signal_noise[i]);
      check(name, what("varR"), d.varR, drop.var_r[i]);
      check(name, what("medianR"), d.medianR, drop.median_r[i]);
      check(name, what("ase"), d.ase, ours.drop_ase[i]);
      if (sameN) check(name, what("psych ase"), d.ase, drop.ase[i]);
    }

    // Item statistics.
    const st = p.item_stats;
    for (const [i, item] of strings(st.name).entries()) {
      const j = options.itemNames.indexOf(item);
      assert.ok(j >= 0, `${name}: ${item}`);
      const s = r.items[j];
      assert.equal(s.name, item);
      const what = (f) => `items[${item}].${f}`;
      assert.equal(s.n, num(st.n[i]), `${name}: ${what("n")}`);
      check(name, what("stdR"), s.stdR, st.std_r[i]);
      check(name, what("rCor"), s.rCor, st.r_cor[i]);
      check(name, what("rDrop"), s.rDrop, st.r_drop[i]);
      check(name, what("sd"), s.sd, st.sd[i]);
      if (boundsDiffer) {
        // Declared 1 + 5 against psych's observed 1 + 4.
        const offset = s.reversed ? 1 : 0;
        check(name, what("mean"), s.mean - offset, st.mean[i]);
      } else {
        check(name, what("rawR"), s.rawR, st.raw_r[i]);
        check(name, what("mean"), s.mean, st.mean[i]);
      }
    }
    for (const z of r.zeroVariance) {
      const s = r.items.find((x) => x.name === z);
      assert.ok(Number.isNaN(s.rawR) && Number.isNaN(s.rDrop) && s.sd === 0, name);
    }

    // Response frequencies.
    for (const f of p.response_freq) {
      const item = f.name;
      const mine = r.frequencies.find((x) => x.name === item);
      assert.ok(mine, `${name}: frequencies of ${item}`);
      check(name, `freq[${item}].missing`, mine.missing, f.missing);
      const values = Array.isArray(f.values) ? f.values : [f.values];
      const shares = Array.isArray(f.shares) ? f.shares : [f.shares];
      values.forEach((v, k) => {
        const got = mine.categories.find((cat) => cat[0] === num(v))?.[1] ?? 0;
        check(name, `freq[${item}][${v}]`, got, shares[k]);
      });
      const extra = mine.categories.filter((cat) => !values.some((v) => num(v) === cat[0])).reduce((a, cat) => a + cat[1], 0);
      assert.equal(extra, 0, `${name}: ${item} has answers psych did not see`);
    }

    // scoreItems.
    const si = c.score_items;
    check(name, "scoreItems alpha", r.alpha, si.alpha);
    check(name, "scoreItems G6", r.g6Raw, si.g6);
    const k = r.nItems;
    check(name, "scoreItems av.r", r.alpha / (k - r.alpha * (k - 1)), si.av_r);
    if (r.nComplete === r.n && !boundsDiffer) {
      const kept = r.items.filter((s) => s.sd !== 0);
      kept.forEach((it, i) => {
        const sign = it.reversed ? -1 : 1;
        check(name, `scoreItems item.cor[${it.name}]`, sign * it.rawR, si.item_cor[i]);
      });
    }
  }
});

const first = reference.cases[0];
const firstOptions = { reverse: [2, 5], bounds: [1, 5] };

function toColumnMajor(values, rows, cols) {
  const out = new Float64Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}

test("layouts, cell types and ways of naming options agree", () => {
  const { values } = input(first);
  const { rows, cols } = first;
  const want = reliability(values, rows, cols, firstOptions);
  const cm = toColumnMajor(values, rows, cols);
  assert.deepEqual(reliability(cm, rows, cols, { ...firstOptions, layout: "column-major" }), want);
  const codes = Uint8Array.from(values, (v) => (Number.isNaN(v) ? 255 : v));
  assert.deepEqual(reliability(codes, rows, cols, firstOptions), want);
  const zeroCoded = Uint8Array.from(values, (v) => (Number.isNaN(v) ? 0 : v));
  assert.deepEqual(reliability(zeroCoded, rows, cols, { ...firstOptions, missingCode: 0 }), want);
  const wide = Int16Array.from(cm, (v) => (Number.isNaN(v) ? -1 : v));
  assert.deepEqual(reliability(wide, rows, cols, { ...firstOptions, layout: "column-major" }), want);
  // Items by name (the names then replace V1, V2, ...), bounds per item.
  const itemNames = first.item_names;
  const named = reliability(values, rows, cols, { itemNames, reverse: ["q3", "q6"], bounds: itemNames.map(() => [1, 5]) });
  assert.deepEqual(named, reliability(values, rows, cols, { ...firstOptions, itemNames }));
  assert.equal(named.items[2].name, "q3");
  assert.ok(named.items[2].reversed && !named.items[0].reversed);
  // Defaults: pairwise, V1..Vk; null options are no options.
  const plain = reliability(values, rows, cols);
  assert.deepEqual(reliability(values, rows, cols, null), plain);
  assert.equal(plain.deletion, "pairwise");
  assert.deepEqual(plain.items.map((i) => i.name), ["V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8"]);
  assert.equal(reliability(values, rows, cols, { missing: "listwise" }).deletion, "listwise");
});

test("the result is a plain camelCase object", () => {
  const { values, options } = input(first);
  const r = reliability(values, first.rows, first.cols, options);
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
  assert.deepEqual(Object.keys(r).sort(), [
    "alpha", "alphaIfDropped", "ase", "averageR", "deletion", "duhachekCi", "feldtCi", "frequencies", "g6", "g6Raw",
    "items", "mean", "medianR", "n", "nComplete", "nItems", "nPairwiseMin", "notes", "rows", "sd", "signalNoise",
    "stdAlpha", "varR", "zeroVariance",
  ]);
  assert.deepEqual(Object.keys(r.items[0]).sort(), ["mean", "n", "name", "rCor", "rDrop", "rawR", "reversed", "sd", "stdR"]);
  assert.deepEqual(Object.keys(r.alphaIfDropped[0]).sort(), [
    "alpha", "ase", "averageR", "g6", "medianR", "name", "signalNoise", "stdAlpha", "varR",
  ]);
  assert.deepEqual(Object.keys(r.frequencies[0]).sort(), ["categories", "missing", "name"]);
  assert.ok(Array.isArray(r.frequencies[0].categories[0]) && r.frequencies[0].categories[0].length === 2);
  assert.equal(r.rows, first.rows);
  assert.ok(r.notes.some((n) => n.includes("pairwise deletion")));
  // Undefined statistics are NaN: with two items, alpha without one of them.
  const two = reliability(Float64Array.from([1, 2, 2, 2, 3, 4, 4, 5]), 4, 2);
  assert.ok(Number.isFinite(two.alpha));
  assert.ok(two.alphaIfDropped.every((d) => Number.isNaN(d.alpha)));
});

const ok = () => reliability(Float64Array.from([1, 2, 3, 2, 3, 4, 3, 3, 5]), 3, 3);

/** [call, name, code, fields]: each core error, with where it happened. */
const coreErrors = [
  [() => reliability(new Float64Array(9), 2, 3), "shape", {}],
  [() => reliability(new Float64Array(9), 2 ** 40, 3), "shape", {}],
  [() => reliability(new Float64Array(9), 9, 1), "too-few-items", {}],
  [() => reliability(Float64Array.from([1, 2, 1, 3, 1, 4]), 3, 2), "too-few-items", {}],
  [() => reliability(new Float64Array(2002).fill(1), 2, 1001), "too-many-items", {}],
  [() => reliability(Float64Array.from([1, 2, 3]), 1, 3), "too-few-rows", {}],
  [() => reliability(Float64Array.from([1, NaN, 2, 3, NaN, 4]), 3, 2, { missing: "listwise" }), "too-few-rows", {}],
  [() => reliability(new Uint8Array(6).fill(255), 3, 2), "too-few-rows", {}],
  [() => reliability(new Float64Array(9), 3, 3, { itemNames: ["a"] }), "item-names", {}],
  [() => reliability(new Float64Array(9).fill(2), 3, 3, { reverse: [3], bounds: [1, 5] }), "reverse-out-of-range", {}],
  [() => reliability(new Float64Array(9).fill(2), 3, 3, { reverse: [1, 1], bounds: [1, 5] }), "reverse-repeated", { column: 1, item: "V2" }],
  [() => reliability(new Float64Array(9).fill(2), 3, 3, { reverse: ["b", "b"], bounds: [1, 5], itemNames: ["a", "b", "c"] }), "reverse-repeated", { column: 1, item: "b" }],
  [() => reliability(new Float64Array(9), 3, 3, { reverse: [2], itemNames: ["a", "b", "c"] }), "reverse-without-bounds", { column: 2, item: "c" }],
  [() => reliability(new Float64Array(9).fill(2), 3, 3, { bounds: [[1, 5], [1, 5]] }), "bounds-length", {}],
  [() => reliability(new Float64Array(9).fill(2), 3, 3, { bounds: [] }), "bounds-length", {}],
  [() => reliability(new Float64Array(9).fill(2), 3, 3, { bounds: [5, 1] }), "invalid-bounds", {}],
  [() => reliability(new Float64Array(9).fill(2), 3, 3, { bounds: [1, 1] }), "invalid-bounds", {}],
  [() => reliability(new Float64Array(9).fill(2), 3, 3, { reverse: ["z"], bounds: [1, 5], itemNames: ["a", "b", "c"] }), "reverse-unknown-item", {}],
  [() => reliability(Float64Array.from([1, 2, 3, 2, Infinity, 4, 3, 3, 5]), 3, 3), "not-finite", { row: 1, column: 1, item: "V2", value: Infinity }],
  [() => reliability(Float64Array.from([1, 2, 3, 2, 3, 4, 3, 3, 5]), 3, 3, { bounds: [1, 4] }), "out-of-bounds", { row: 2, column: 2, item: "V3", value: 5 }],
  [() => reliability(Int16Array.from([1, 2, 2, 2, 3, 2]), 2, 3, { layout: "column-major", bounds: [1, 2] }), "out-of-bounds", { row: 0, column: 2, item: "V3", value: 3 }],
];

test("analyses that cannot be done throw ReliabilityError with a code and where", () => {
  for (const [k, [call, code, fields]] of coreErrors.entries()) {
    assert.throws(call, (e) => {
      assert.ok(e instanceof Error, `case ${k}: ${e}`);
      assert.equal(e.name, "ReliabilityError", `case ${k}: ${e}`);
      assert.equal(e.code, code, `case ${k}: ${e.message}`);
      for (const [f, v] of Object.entries(fields)) assert.equal(e[f], v, `case ${k}: ${f}`);
      for (const f of ["row", "column", "item", "value"]) if (!(f in fields)) assert.ok(!(f in e), `case ${k}: ${f}`);
      assert.ok(e.message.length > 0);
      return true;
    }, `case ${k}`);
    assert.equal(ok().n, 3, `instance broken after case ${k}`);
  }
});

const hostile = new Proxy({}, { ownKeys() { throw new Error("no keys"); } });
const badArguments = [
  () => reliability([1, 2, 3, 4], 2, 2),
  () => reliability(null, 2, 2),
  () => reliability(undefined, 2, 2),
  () => reliability(new Int32Array(4), 2, 2),
  () => reliability(new Float32Array(4), 2, 2),
  () => reliability(new Float64Array(4).buffer, 2, 2),
  () => reliability(new Float64Array(4), -1, 2),
  () => reliability(new Float64Array(4), 1.5, 2),
  () => reliability(new Float64Array(4), NaN, 2),
  () => reliability(new Float64Array(4), Infinity, 2),
  () => reliability(new Float64Array(4), 2, 2.5),
  () => reliability(new Float64Array(4), 2, -2),
  () => reliability(new Float64Array(4), 2, 2, "listwise"),
  () => reliability(new Float64Array(4), 2, 2, [1]),
  () => reliability(new Float64Array(4), 2, 2, 7),
  () => reliability(new Float64Array(4), 2, 2, hostile),
];

test("bad arguments throw TypeError with code invalid-argument and never trap the instance", () => {
  for (const [k, call] of badArguments.entries()) {
    assert.throws(call, (e) => {
      assert.ok(e instanceof TypeError, `case ${k}: ${e}`);
      assert.equal(e.code, "invalid-argument", `case ${k}`);
      return true;
    }, `case ${k}`);
    assert.equal(ok().n, 3, `instance broken after case ${k}`);
  }
});

/** Options the core refuses (read in the core, the same in every language). */
const badOptions = [
  () => reliability(new Float64Array(4), 2, 2, { reversed: [0] }),
  () => reliability(new Float64Array(4), 2, 2, { reverse: 0 }),
  () => reliability(new Float64Array(4), 2, 2, { reverse: [-1], bounds: [1, 5] }),
  () => reliability(new Float64Array(4), 2, 2, { reverse: [0.5], bounds: [1, 5] }),
  () => reliability(new Float64Array(4), 2, 2, { reverse: [NaN], bounds: [1, 5] }),
  () => reliability(new Float64Array(4), 2, 2, { reverse: [2 ** 40], bounds: [1, 5] }),
  () => reliability(new Float64Array(4), 2, 2, { reverse: [true], bounds: [1, 5] }),
  () => reliability(new Float64Array(4), 2, 2, { reverse: [null], bounds: [1, 5] }),
  () => reliability(new Float64Array(4), 2, 2, { reverse: new Array(5), bounds: [1, 5] }),
  () => reliability(new Float64Array(4), 2, 2, { bounds: "1-5" }),
  () => reliability(new Float64Array(4), 2, 2, { bounds: [1] }),
  () => reliability(new Float64Array(4), 2, 2, { bounds: [1, 5, 7] }),
  () => reliability(new Float64Array(4), 2, 2, { bounds: [1, "5"] }),
  () => reliability(new Float64Array(4), 2, 2, { bounds: [[1, 5], [1]] }),
  () => reliability(new Float64Array(4), 2, 2, { bounds: [[1, 5], "x"] }),
  () => reliability(new Float64Array(4), 2, 2, { missing: "all" }),
  () => reliability(new Float64Array(4), 2, 2, { missing: 1 }),
  () => reliability(new Float64Array(4), 2, 2, { itemNames: "ab" }),
  () => reliability(new Float64Array(4), 2, 2, { itemNames: ["a", 2] }),
  () => reliability(new Float64Array(9).fill(2), 3, 3, { bounds: [NaN, 5] }),
  () => reliability(new Float64Array(9).fill(2), 3, 3, { bounds: [1, Infinity] }),
  // How the block is read is an option too (read by the core with the others).
  () => reliability(new Float64Array(4), 2, 2, { layout: "diagonal" }),
  () => reliability(new Uint8Array(4), 2, 2, { missingCode: 300 }),
  () => reliability(new Uint8Array(4), 2, 2, { missingCode: "x" }),
  () => reliability(new Int16Array(4), 2, 2, { missingCode: 1.5 }),
  () => reliability(new Float64Array(4), 2, 2, { columns: ["a", "b"] }),
];

test("bad options throw OptionsError with code invalid-option and never trap the instance", () => {
  for (const [k, call] of badOptions.entries()) {
    assert.throws(call, (e) => {
      assert.equal(e.name, "OptionsError", `case ${k}: ${e.name} ${e.message}`);
      assert.equal(e.code, "invalid-option", `case ${k}`);
      return true;
    }, `case ${k}`);
    assert.equal(ok().n, 3, `instance broken after case ${k}`);
  }
  // Reversed items by name: default names V1, V2, ... or itemNames.
  assert.equal(
    reliability(Float64Array.from([1, 5, 2, 4, 3, 3, 5, 1, 4]), 3, 3, { reverse: ["V2"], bounds: [1, 5] }).alpha,
    reliability(Float64Array.from([1, 5, 2, 4, 3, 3, 5, 1, 4]), 3, 3, { reverse: [1], bounds: [1, 5] }).alpha,
  );
});

test("random garbage gives a result or an Error with a code, never a trap", () => {
  let state = 0x9e3779b9;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const pick = (xs) => xs[Math.floor(next() * xs.length)];
  const cell = () => pick([1, 2, 3, 4, 5, 0, -3, NaN, Infinity, -Infinity, 1e300, 2.5, next() * 10]);
  for (let k = 0; k < 400; k++) {
    const len = Math.floor(next() * 40);
    const cells = Array.from({ length: len }, cell);
    const kind = pick(["f64", "u8", "i16"]);
    const values = kind === "f64" ? Float64Array.from(cells) : kind === "u8" ? Uint8Array.from(cells) : Int16Array.from(cells);
    const cols = Math.floor(next() * 7);
    const rows = pick([Math.floor(next() * 12), cols ? Math.floor(len / cols) : 0]);
    const options = {};
    if (next() < 0.5) options.reverse = Array.from({ length: Math.floor(next() * 3) }, () => Math.floor(next() * 8));
    if (next() < 0.5) options.bounds = next() < 0.5 ? [next() * 4 - 2, next() * 9] : Array.from({ length: Math.floor(next() * 8) }, () => [next() * 4 - 2, next() * 9]);
    if (next() < 0.3) options.missing = "listwise";
    if (next() < 0.3) options.layout = "column-major";
    if (next() < 0.3) options.itemNames = Array.from({ length: Math.floor(next() * 8) }, (_, j) => `n${j}`);
    try {
      const r = reliability(values, rows, cols, options);
      assert.equal(r.items.length, cols);
      assert.ok(r.n >= 2 && r.nItems >= 2);
    } catch (e) {
      assert.ok(e instanceof Error, `case ${k}: ${e}`);
      assert.equal(typeof e.code, "string", `case ${k}: ${e}`);
    }
  }
  assert.equal(ok().n, 3);
});

test("omega matches the exact one-factor minres solution of the reference", async () => {
  const { fixtures } = await import("./helpers.mjs");
  const ref = JSON.parse(readFileSync(join(fixtures, "..", "reference", "omega.json"), "utf8"));
  for (const c of ref.cases) {
    const values = Float64Array.from(c.data.flat().map((v) => (v === null ? NaN : v)));
    const o = intimacy.omega(values, c.rows, c.cols, {
      reverse: c.reverse, bounds: c.bounds, missing: c.deletion, itemNames: c.item_names,
    });
    const near = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-8 * Math.max(1, Math.abs(b)), `${c.name} ${what}: ${a} vs ${b}`);
    near(o.omegaTotal, c.exact.omega_total, "omega total");
    near(o.omegaH, c.exact.omega_h, "omega h");
    c.exact.loadings.forEach((l, i) => near(Math.abs(o.loadings[i][1]), Math.abs(l), `loading ${i}`));
  }
  assert.throws(() => intimacy.omega(new Float64Array([1, 2, 3, 4]), 2, 2), (e) => e.name === "ReliabilityError" && typeof e.code === "string");
});

test("omega hierarchical matches psych's default omega", async () => {
  const { fixtures } = await import("./helpers.mjs");
  const ref = JSON.parse(readFileSync(join(fixtures, "..", "reference", "omega_h.json"), "utf8"));
  for (const c of ref.cases) {
    const values = Float64Array.from(c.data.flat().map((v) => (v === null ? NaN : v)));
    const o = intimacy.omegaHierarchical(values, c.rows, c.cols, c.nfactors, { missing: c.deletion, itemNames: c.item_names });
    assert.ok(Math.abs(o.omegaH - c.exact.omega_h) < 1e-7, `${c.name}: ${o.omegaH} vs ${c.exact.omega_h}`);
    assert.ok(Math.abs(o.omegaTotal - c.exact.omega_total) < 1e-7, c.name);
    assert.ok(Math.abs(o.omegaH - c.psych.omega_h) < 5e-6, c.name);
  }
  assert.throws(() => intimacy.omegaHierarchical(new Float64Array(12), 2, 6, 3), (e) => e.name === "ReliabilityError");
  assert.throws(() => intimacy.omegaHierarchical(new Float64Array(12), 2, 6, 1.5), TypeError);
  // One group factor is too few for a hierarchical omega: a declared code.
  const six = Float64Array.from({ length: 60 }, (_, i) => 1 + ((i * 7) % 5));
  assert.throws(() => intimacy.omegaHierarchical(six, 10, 6, 1), (e) => e.name === "ReliabilityError" && e.code === "factor-count");
});
