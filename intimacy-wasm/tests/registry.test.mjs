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
