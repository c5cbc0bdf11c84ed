// Batch scoring in WebAssembly against an idiomatic plain-JS implementation
// of the same scoring (written here), both in Node, same data, one run; the
// latency of one full check-in report; the gzipped size of the .wasm.
//
// Run after ./scripts/build-wasm.sh:  node benches/js/bench.mjs [rows]
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, "..", "..", "intimacy-wasm", "pkg");
const require = createRequire(import.meta.url);
const { Instrument, BatchInput } = require(join(pkg, "node", "intimacy.js"));

const ROWS = Number(process.argv[2] ?? 200_000);
const SCALES = 5, PER = 8, MIN_ANSWERED = 6, REVERSED = new Set([2, 5, 7]);

const keys = {};
for (let s = 0; s < SCALES; s++) {
  keys[`scale${s}`] = Array.from({ length: PER }, (_, i) => `${REVERSED.has(i) ? "-" : ""}s${s}_${i}`);
}
const cols = SCALES * PER;

// Deterministic answers 1..5 with 2 % missing.
let seed = 0x9e3779b9;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const values = new Float64Array(ROWS * cols);
for (let i = 0; i < values.length; i++) values[i] = rand() < 0.02 ? NaN : 1 + Math.floor(rand() * 5);

/** The same scoring, written the way a JS developer would: validate, key, average. */
function plainJs(values, rows) {
  const spec = Object.entries(keys).map(([name, items]) => ({
    name,
    cols: items.map((it) => { const id = it.replace(/^-/, ""); const [s, i] = id.slice(1).split("_").map(Number); return s * PER + i; }),
    rev: items.map((it) => it.startsWith("-")),
  }));
  const out = spec.map((s) => ({ id: s.name, score: new Float64Array(rows), answered: new Uint32Array(rows) }));
  const problems = [];
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let k = 0; k < spec.length; k++) {
      const s = spec[k];
      let sum = 0, n = 0;
      for (let m = 0; m < s.cols.length; m++) {
        const x = values[base + s.cols[m]];
        if (Number.isNaN(x)) continue;
        if (!(x >= 1 && x <= 5 && Number.isInteger(x))) { problems.push({ row: r, column: s.cols[m], value: x }); continue; }
        sum += s.rev[m] ? 6 - x : x;
        n++;
      }
      out[k].answered[r] = n;
      out[k].score[r] = n >= MIN_ANSWERED ? sum / n : NaN;
    }
  }
  return { scales: out, problems };
}

function best(f, repeat = 5) {
  let t = Infinity, result;
  for (let i = 0; i < repeat; i++) {
    const t0 = process.hrtime.bigint();
    result = f();
    t = Math.min(t, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return [t, result];
}

const inst = Instrument.fromKeys(keys, { bounds: [1, 5], minAnswered: MIN_ANSWERED });
const [tWasm, ours] = best(() => inst.scoreBatch(values, ROWS));
// The same cells, written once into WebAssembly memory (as an app filling
// the input in place would), then scored without a copy.
const input = new BatchInput(ROWS, cols);
input.values().set(values);
const [tInput, inPlace] = best(() => inst.scoreBatchInput(input));
const [tJs, theirs] = best(() => plainJs(values, ROWS));
for (const result of [ours, inPlace]) {
  for (let s = 0; s < SCALES; s++) {
    const a = result.scales[s].score, b = theirs.scales[s].score;
    for (let r = 0; r < ROWS; r++) {
      if (!(a[r] === b[r] || (Number.isNaN(a[r]) && Number.isNaN(b[r])))) throw new Error(`row ${r} scale ${s}: ${a[r]} vs ${b[r]}`);
    }
  }
}
const mb = (values.length * 8) / 1e6;
console.log(`${ROWS.toLocaleString()} rows x ${cols} items (${mb.toFixed(0)} MB), best of 5, results equal`);
console.log(`  wasm scoreBatchInput (cells already in wasm memory): ${tInput.toFixed(1)} ms (${(mb / tInput).toFixed(2)} GB/s)`);
console.log(`  wasm scoreBatch (copies the Float64Array in)      : ${tWasm.toFixed(1)} ms (${(mb / tWasm).toFixed(2)} GB/s)`);
console.log(`  plain JS                                          : ${tJs.toFixed(1)} ms`);
console.log(`  ratio JS / wasm: ${(tJs / tInput).toFixed(2)}x in place, ${(tJs / tWasm).toFixed(2)}x with the copy`);

const checkin = Instrument.builtin("levels-checkin");
const people = JSON.parse(readFileSync(join(here, "..", "..", "intimacy-core", "data", "examples", "couples.json"), "utf8"));
const fay = people.respondents.find((p) => p.respondent === "fay");
for (let i = 0; i < 200; i++) checkin.score(fay.answers, { optedIn: fay.opted_in });
const n = 2000;
const t0 = process.hrtime.bigint();
for (let i = 0; i < n; i++) checkin.score(fay.answers, { optedIn: fay.opted_in }).free();
const perReport = Number(process.hrtime.bigint() - t0) / 1e3 / n;
console.log(`  one full check-in report (${checkin.items.length} items, score + options parsing): ${perReport.toFixed(1)} us`);
const wasm = readFileSync(join(pkg, "intimacy_bg.wasm"));
console.log(`  .wasm: ${(wasm.length / 1024).toFixed(0)} KB, gzipped ${(gzipSync(wasm, { level: 9 }).length / 1024).toFixed(1)} KB (budget 400 KB)`);
