// Change over time and couples in JS (intimacy/full): the core's numbers.
import { test } from "node:test";
import assert from "node:assert/strict";

import * as intimacy from "intimacy";

const { Instrument } = intimacy;

test("reliable change by hand, and its sign flips with the order of waves", () => {
  const c = intimacy.reliableChange(3.0, 4.2, 0.6, 0.85);
  assert.equal(c.classification, "improved");
  assert.ok(Math.abs(c.rci - 1.2 / (0.6 * Math.sqrt(0.3))) < 1e-12);
  assert.equal(intimacy.reliableChange(4.2, 3.0, 0.6, 0.85).rci, -c.rci);
  assert.equal(intimacy.reliableChange(3.0, 4.2, 0.6, 0.85, false).classification, "deteriorated");
  assert.throws(() => intimacy.reliableChange(1, 2, 0, 0.8), (e) => e instanceof Error && e.code === "invalid-parameter");
});

test("change across waves flags a reliable decline", () => {
  const inst = Instrument.builtin("levels-checkin");
  const w1 = inst.score({ "k-emo1": 5, "k-emo2": 5, "f-disc": 0, "f-alone": 0 });
  const w2 = inst.score({ "k-emo1": 2, "k-emo2": 2, "f-disc": 3, "f-alone": 4 });
  const ch = intimacy.change([w1, w2], { norms: { "kind-emotional": { sd: 0.8, reliability: 0.8 } } });
  assert.equal(ch.scales["kind-emotional"].change.classification, "deteriorated");
  assert.deepEqual(ch.fadingPresent, [0, 2]);
  assert.deepEqual(ch.flags.map((f) => f.kind), ["fading"]);
  // The reports are still usable afterwards.
  assert.equal(w1.scales["kind-emotional"].score, 5);
  assert.throws(() => intimacy.change([w1]), Error);
  assert.throws(() => intimacy.change([w1, { toJson: () => "{}" }]), TypeError);
  assert.throws(() => intimacy.change("w1"), TypeError);
});

test("couples: per-partner cut-offs, shared level, agreement", () => {
  const csi = Instrument.builtin("csi-4");
  const a = csi.score({ csi1: 6, csi2: 5, csi3: 5, csi4: 5 });
  const b = csi.score({ csi1: 1, csi2: 1, csi3: 1, csi4: 1 });
  const c = intimacy.couple(csi, a, b);
  assert.equal(c.scales.satisfaction.belowCutoff, "only-b");
  assert.equal(c.scales.satisfaction.coupleMean, 12.5);
  const g = intimacy.dyadicAgreement([1, 3, 5], [2, 3, 4]);
  assert.ok(Math.abs(g.iccPairwise - 0.8) < 1e-12);
  assert.throws(() => intimacy.dyadicAgreement([1, 2], [1, 2]), (e) => e instanceof Error && typeof e.code === "string");
  const ras = Instrument.builtin("ras").score({}, { minAnswered: 1 });
  assert.throws(() => intimacy.couple(csi, a, ras), Error);
});

test("the shared change and couples fixtures give the same results as in Rust", async () => {
  const { camelKeys, contains, fixtureFiles, fixtures, readFixture } = await import("./helpers.mjs");
  const { readFileSync } = await import("node:fs");
  const { join } = await import("node:path");

  const files = fixtureFiles("change-couples");
  assert.ok(files.length >= 8);
  for (const file of files) {
    const c = readFixture("change-couples", file);
    let actual;
    if (c.kind === "reliable-change") {
      actual = intimacy.reliableChange(c.before, c.after, c.sd, c.reliability, c.higher_is_better);
    } else if (c.kind === "change") {
      const inst = Instrument.builtin(c.instrument);
      // A case on a key's published criteria takes them from the key.
      const options = c.key_criteria ? inst.changeOptions() : { norms: c.norms };
      actual = intimacy.change(c.waves.map((w) => inst.score(w)), options);
      actual.flagKinds = actual.flags.map((f) => f.kind);
    } else if (c.kind === "couple") {
      const inst = Instrument.builtin(c.instrument);
      const [a, b] = [inst.score(c.a, c.options), inst.score(c.b, c.options)];
      actual = intimacy.couple(inst, a, b);
      if (c.svg) {
        // The same chart, byte for byte, as the core draws in Rust.
        const want = readFileSync(join(fixtures, "change-couples", c.svg.file), "utf8");
        assert.equal(intimacy.coupleSvg(inst, a, b, c.svg.chart), want, c.name);
      }
    } else {
      actual = intimacy.dyadicAgreement(c.a, c.b);
    }
    // The fixtures speak the shared snake_case JSON; the JS results are camelCase.
    contains(actual, camelKeys(c.expect), c.name);
  }
});

test("change and couple errors have the core's codes and locations", () => {
  assert.throws(
    () => intimacy.reliableChange(1, 2, -1, 0.8),
    (e) => e.name === "ChangeError" && e.code === "invalid-parameter" && e.path === "sd" && e.value === -1,
  );
  const inst = intimacy.Instrument.builtin("levels-checkin");
  const w = inst.score({ "k-emo1": 4 });
  assert.throws(() => intimacy.change([w]), (e) => e.name === "ChangeError" && e.code === "too-few-waves");
  assert.throws(() => intimacy.dyadicAgreement([1, 2, 3], [1, 2]), (e) => e.name === "CoupleError" && e.code === "length-mismatch");
  assert.throws(
    () => intimacy.couple(intimacy.Instrument.builtin("ras"), w, w),
    (e) => e.name === "CoupleError" && e.code === "not-this-instrument",
  );
});

test("dyadicAgreement leaves out a couple with null, and refuses what is not a number", () => {
  const withNull = intimacy.dyadicAgreement([1, null, 3, 4, 5], [2, 9, 3, 5, 4]);
  const without = intimacy.dyadicAgreement([1, 3, 4, 5], [2, 3, 5, 4]);
  assert.equal(withNull.n, 4);
  assert.equal(withNull.pearson, without.pearson);
  assert.throws(() => intimacy.dyadicAgreement([1, "x", 3], [1, 2, 3]), (e) => e instanceof TypeError && e.code === "invalid-argument");
});

test("answers in a Map are refused, not read as no answers", () => {
  const ras = intimacy.Instrument.builtin("ras");
  assert.throws(() => ras.score(new Map([["ras1", 5]])), (e) => e instanceof TypeError && /Object.fromEntries/.test(e.message));
});
