// Change over time and couples in JS (intimacy/full): the core's numbers.
import { test } from "node:test";
import assert from "node:assert/strict";

import * as intimacy from "intimacy/full";

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
