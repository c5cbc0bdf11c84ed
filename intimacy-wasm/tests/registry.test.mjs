// The registry of published keys in JS: the listing with statuses, and a key
// whose fact disagrees with it refused with the fact's path.
import { test } from "node:test";
import assert from "node:assert/strict";

import * as intimacy from "intimacy";

const { Instrument } = intimacy;
const order = ["unconfirmed", "secondary", "verified"];

test("registry() lists every built-in with its status, licence and citation", () => {
  const entries = intimacy.registry();
  assert.deepEqual(entries.map((e) => e.name), intimacy.builtinInstruments());
  const by = Object.fromEntries(entries.map((e) => [e.name, e]));
  assert.equal(by["levels-checkin"].status, "authored");
  assert.equal(by["ecr-r"].status, "secondary");
  assert.equal(by.rdas.status, "unconfirmed");
  for (const e of entries) {
    assert.equal(Instrument.builtin(e.name).status, e.status, e.name);
    assert.ok(e.licence.length > 0, e.name);
    if (e.status === "authored") continue;
    assert.ok(e.citation && e.facts.length > 0, e.name);
    const weakest = e.facts.map((f) => f.status).sort((a, b) => order.indexOf(a) - order.indexOf(b))[0];
    assert.equal(e.status, weakest, e.name);
    for (const f of e.facts) {
      if (f.status === "verified") assert.ok(f.sources.some((s) => s.primary), `${e.name}: ${f.statement}`);
    }
  }
  const rci = by.rdas.facts.find((f) => f.fact === "reliable-change");
  assert.deepEqual([rci.value, rci.status, rci.scale], [11.58, "verified", "total"]);
  // RDAS items 1-6 print their highest value first.
  const rdas = Instrument.builtin("rdas").toObject();
  assert.deepEqual(rdas.responseScales.find((r) => r.id === "zero-to-five-high-first").printed, [5, 4, 3, 2, 1, 0]);
});

test("a key whose fact disagrees with it is refused with the fact's path", () => {
  const d = JSON.parse(Instrument.builtin("ecr-s").toJson());
  const i = d.facts.findIndex((f) => f.fact === "reverse-items");
  d.facts[i].items = ["ecrs1", "ecrs5", "ecrs8"];
  assert.throws(() => Instrument.fromJson(JSON.stringify(d)), (e) => {
    assert.deepEqual(e.problems.map((p) => [p.path, p.code]), [[`facts[${i}].items`, "fact-mismatch"]]);
    return true;
  });
});

test("iosSvg() is the drawing of the seven IOS options", () => {
  const svg = intimacy.iosSvg();
  const values = [...svg.matchAll(/data-value="(\d)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(values, [1, 2, 3, 4, 5, 6, 7]);
  assert.match(svg, /role="radiogroup"/);
  const ios = Instrument.builtin("ios");
  assert.equal(ios.score({ ios: 5 }).scales.closeness.score, 5);
});

test("instrument.reliability keys the scale as the instrument does", () => {
  const ras = Instrument.builtin("ras");
  // Four respondents x seven items; items 4 and 7 reversed.
  const rows = [
    [5, 5, 4, 1, 5, 4, 2],
    [4, 4, 4, 2, 4, 4, 2],
    [2, 3, 2, 4, 2, 3, 4],
    [1, 2, 1, 5, 2, 1, 5],
    [3, 3, 4, 3, 3, 2, 3],
  ];
  const values = Float64Array.from(rows.flat());
  const keyed = ras.reliability("satisfaction", values, rows.length);
  const byHand = intimacy.reliability(values, rows.length, 7, { reverse: [3, 6], bounds: [1, 5] });
  assert.ok(Math.abs(keyed.alpha - byHand.alpha) < 1e-12);
  assert.deepEqual(keyed.items.map((i) => i.reversed), [false, false, false, true, false, false, true]);
  assert.throws(() => ras.reliability("nope", values, rows.length), (e) => e.code === "unknown-scale");
  // The instrument keys its items: reverse and bounds are not options here.
  assert.throws(() => ras.reliability("satisfaction", values, rows.length, { reverse: [0] }), (e) => e.code === "invalid-option" && e.option === "reverse");
});
