// "One row out per row in" (issue 12, no silent loss) as a property of the
// JS batch paths: seeded random blocks of every cell type and layout, with
// missing, invalid and extreme cells, through `scoreBatch` and
// `scoreBatchInput`. Every output column has exactly one entry per input
// row, the invalid cells come in row order, and each row scored alone gives
// its batch row.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as intimacy from "intimacy";

const { Instrument, BatchInput } = intimacy;

/** A small deterministic generator (mulberry32), so a failure replays. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const instruments = [
  Instrument.builtin("ras"),
  Instrument.builtin("csi-16"),
  Instrument.builtin("levels-checkin-short"),
  Instrument.fromKeys({ a: ["q1", "-q2", "q3"], b: ["q4", "q5"] }, { bounds: [1, 5], minAnswered: 2 }),
];

/** A cell for a column typed `kind` ("f64", "u8", "i16"). */
function cell(rand, kind) {
  const r = rand();
  if (kind === "u8") return r < 0.15 ? 255 : r < 0.25 ? Math.floor(rand() * 256) : Math.floor(rand() * 8);
  if (kind === "i16") return r < 0.15 ? -1 : r < 0.25 ? Math.floor(rand() * 65536) - 32768 : Math.floor(rand() * 8);
  const odd = [NaN, Infinity, -Infinity, -0, 1e308, -1e308, 2.5, 9, 2 ** 53 + 2, 5e-324];
  return r < 0.25 ? odd[Math.floor(rand() * odd.length)] : Math.floor(rand() * 8);
}

const arrays = { f64: Float64Array, u8: Uint8Array, i16: Int16Array };

/** The columns of a batch result as plain values per row (NaN kept apart). */
function row(out, i) {
  const bits = (x) => (Number.isNaN(x) ? "NaN" : Object.is(x, -0) ? "-0" : x);
  return {
    scales: out.scales.map((s) => [s.id, bits(s.score[i]), s.answered[i]]),
    placements: out.placements.map((p) => [p.framework, p.consecutive[i], p.peak[i]]),
    flags: out.flags.map((f) => [f.name, f.values[i]]),
  };
}

test("every input row gives exactly one output row, in order, in every JS batch path", () => {
  const rand = generator(20261201);
  let cases = 0;
  let rowsSeen = 0;
  let invalidSeen = 0;
  for (let k = 0; k < 240; k++) {
    const inst = instruments[k % instruments.length];
    const cols = inst.items.length;
    const kind = ["f64", "u8", "i16"][Math.floor(rand() * 3)];
    const columnMajor = rand() < 0.5;
    const rows = k % 17 === 0 ? 0 : 1 + Math.floor(rand() * 40);
    const grid = Array.from({ length: rows }, () => Array.from({ length: cols }, () => cell(rand, kind)));
    const data = new arrays[kind](rows * cols);
    grid.forEach((r, i) => r.forEach((v, j) => { data[columnMajor ? j * rows + i : i * cols + j] = v; }));
    const options = { layout: columnMajor ? "column-major" : "row-major" };
    const out = inst.scoreBatch(data, rows, options);
    cases++;
    rowsSeen += rows;
    invalidSeen += out.problems.length;

    assert.equal(out.rows, rows, `case ${k}`);
    for (const s of out.scales) {
      assert.equal(s.score.length, rows, `case ${k} ${s.id} scores`);
      assert.equal(s.answered.length, rows, `case ${k} ${s.id} answered`);
    }
    for (const p of out.placements) {
      assert.equal(p.consecutive.length, rows);
      assert.equal(p.peak.length, rows);
    }
    for (const f of out.flags) assert.equal(f.values.length, rows, `case ${k} flag ${f.name}`);
    // Invalid cells in row then column order, each naming its own cell.
    for (const [n, p] of out.problems.entries()) {
      assert.ok(p.row < rows && p.column < cols, `case ${k} problem ${n} inside the block`);
      assert.equal(p.item, inst.items[p.column].id);
      const given = grid[p.row][p.column];
      assert.ok(Object.is(p.value, given) || (p.value === null && !Number.isFinite(given)), `case ${k} value`);
      if (n > 0) {
        const q = out.problems[n - 1];
        assert.ok(q.row < p.row || (q.row === p.row && q.column < p.column), `case ${k} order`);
      }
    }

    // The f64 block in a BatchInput scores the same.
    if (kind === "f64" && !columnMajor && rows > 0) {
      const input = new BatchInput(rows, cols);
      input.values().set(data);
      const inPlace = inst.scoreBatchInput(input);
      input.free();
      for (let i = 0; i < rows; i++) assert.deepEqual(row(inPlace, i), row(out, i), `case ${k} input row ${i}`);
      assert.deepEqual(inPlace.problems, out.problems);
    }

    // Each row alone gives its batch row and its own invalid cells.
    for (let i = 0; i < rows; i += 1 + Math.floor(rand() * 7)) {
      const one = inst.scoreBatch(arrays[kind].from(grid[i]), 1);
      assert.deepEqual(row(one, 0), row(out, i), `case ${k} row ${i} alone`);
      const mine = out.problems.filter((p) => p.row === i).map((p) => ({ ...p, row: 0 }));
      assert.deepEqual(one.problems, mine, `case ${k} row ${i} problems`);
    }
  }
  console.log(`rows property: ${cases} blocks, ${rowsSeen} rows, ${invalidSeen} invalid cells`);
  assert.ok(invalidSeen > 100, "the blocks hold invalid cells");
});
