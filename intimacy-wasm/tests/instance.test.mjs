// An instance never dies of a caller's throw: reading a value that runs the
// caller's code (a getter, a Proxy trap, a revoked proxy, an iterator) is a
// caught call, so 100,000 throws leave the wasm instance scoring correctly.
import { test } from "node:test";
import assert from "node:assert/strict";

import * as intimacy from "intimacy";

const RAS = { ras1: 5, ras2: 4, ras3: 4, ras4: 2, ras5: 4, ras6: 5, ras7: 1 };

test("100,000 throws from callers' getters, proxies and iterators leave the instance working", () => {
  const ras = intimacy.Instrument.builtin("ras");
  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  revoke();
  const hostile = [
    () => ras.score({ get ras1() { throw new Error("getter"); } }),
    () => ras.score(new Proxy({}, { ownKeys() { throw new Error("ownKeys"); } })),
    () => ras.score(revoked),
    () => ras.score(RAS, { get threshold() { throw new Error("option getter"); } }),
    () => intimacy.Instrument.fromKeys({ get s() { throw new Error("keys getter"); } }),
    () => intimacy.Instrument.fromKeys({ s: { [Symbol.iterator]() { throw new Error("iterator"); }, length: 1 } }),
    () => ras.scoreBatch(new Float64Array(7), 1, { columns: new Proxy([], { get() { throw new Error("columns"); } }) }),
    () => intimacy.change([{ get toJson() { throw new Error("report"); } }]),
  ];
  let thrown = 0;
  for (let i = 0; i < 100_000; i++) {
    try {
      hostile[i % hostile.length]();
    } catch (e) {
      assert.ok(e instanceof Error, String(e));
      thrown++;
    }
  }
  assert.equal(thrown, 100_000);
  assert.equal(ras.score(RAS).scales["satisfaction-total"].total, 31);
  // The typed error says what could not be read.
  assert.throws(() => ras.score({ get ras1() { throw new Error("nope"); } }), (e) => e instanceof TypeError && /answers could not be read: nope/.test(e.message));
});

test("freed objects give a TypeError before entering wasm, 100,000 times, and the instance lives", () => {
  const ras = intimacy.Instrument.builtin("ras");
  const gone = intimacy.Instrument.builtin("ras");
  gone.free();
  const report = ras.score(RAS);
  const goneReport = ras.score(RAS);
  goneReport.free();
  const input = new intimacy.BatchInput(1, 7);
  input.free();
  const calls = [
    () => gone.score(RAS),
    () => gone.items,
    () => goneReport.toJson(),
    () => goneReport.flags,
    () => ras.scoreBatchInput(input),
    () => input.values(),
    () => intimacy.couple(ras, report, goneReport),
  ];
  for (let i = 0; i < 100_000; i++) {
    assert.throws(calls[i % calls.length], (e) => e instanceof TypeError && e.code === "invalid-argument");
  }
  assert.equal(ras.score(RAS).scales["satisfaction-total"].total, 31);
  assert.equal(report.scales["satisfaction-total"].total, 31);
});

test("free() twice is a no-op, 100,000 times, and the instance lives", () => {
  const ras = intimacy.Instrument.builtin("ras");
  const objects = [intimacy.Instrument.builtin("ras"), ras.score(RAS), new intimacy.BatchInput(2, 7)];
  for (const o of objects) o.free();
  for (let i = 0; i < 100_000; i++) objects[i % objects.length].free();
  assert.equal(ras.score(RAS).scales["satisfaction-total"].total, 31);
});

test("a non-string where a string is expected is a TypeError, not a trap", () => {
  const ras = intimacy.Instrument.builtin("ras");
  const calls = [
    () => intimacy.Instrument.fromJson(5),
    () => intimacy.Instrument.builtin({}),
    () => ras.withForm(7),
    () => ras.score(RAS).toSvg(3),
    () => intimacy.counterparts(1, 2, 3),
    () => intimacy.Instrument.fromJson(null),
  ];
  for (let i = 0; i < 30_000; i++) {
    assert.throws(calls[i % calls.length], (e) => e instanceof TypeError && e.code === "invalid-argument");
  }
  assert.equal(ras.score(RAS).scales["satisfaction-total"].total, 31);
});
