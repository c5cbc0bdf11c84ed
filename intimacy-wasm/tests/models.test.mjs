// The classic models of closeness in JS (intimacy/full): the frameworks as
// data, report.models, the charts. The rules are the core's; these tests
// hold the binding to them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import * as intimacy from "intimacy";
import { fixtures, readFixture } from "./helpers.mjs";

const { Instrument } = intimacy;
const classic = {
  knapp: "two-phase",
  "social-penetration": "linear",
  powell: "linear",
  levinger: "linear",
  "reis-shaver": "process",
  sternberg: "components",
  "sound-relationship-house": "layered",
  attachment: "axes",
};

const tls = (i, p, c) =>
  Object.fromEntries(Array.from({ length: 15 }, (_, n) => [`tls15_${n + 1}`, n < 5 ? i : n < 10 ? p : c]));
const ecr = (anxietyHigh) =>
  Object.fromEntries(Array.from({ length: 36 }, (_, n) => [`ecrr${n + 1}`, anxietyHigh && n < 6 ? 6 : 4]));

test("frameworks() lists the classic models with their shapes", () => {
  const fw = intimacy.frameworks();
  assert.ok(fw.length >= 10);
  const by = Object.fromEntries(fw.map((f) => [f.key, f]));
  for (const [key, shape] of Object.entries(classic)) {
    assert.equal(by[key].shape, shape, key);
    assert.equal(by[key].family, "classic", key);
  }
  const knapp = by.knapp.stages;
  assert.equal(knapp.find((s) => s.key === "bonding").mirror, "differentiating");
  assert.deepEqual(knapp.find((s) => s.key === "terminating").evidence, []);
  assert.equal(by.sternberg.typology.types.length, 8);
  assert.equal(by.attachment.typology.onRequest, true);
});

test("a couple on TLS-15 and ECR-R: Sternberg profiles, attachment scores, the overlaid triangle", () => {
  const t = Instrument.builtin("tls-15");
  const [a, b] = [t.score(tls(5, 2, 4)), t.score(tls(4, 4, 2))];
  const sa = a.models.sternberg;
  assert.deepEqual(sa.parts.map((p) => p.score), [5, 2, 4]);
  assert.equal(sa.typology.key, "companionate-love");
  assert.equal(b.models.sternberg.typology.key, "romantic-love");
  assert.ok(sa.typology.text.includes(sa.rule));
  const pair = intimacy.couple(t, a, b);
  assert.deepEqual(pair.models.sternberg.differences.map((d) => d.difference), [1, -2, 2]);
  const svg = intimacy.coupleSvg(t, a, b, "triangle");
  assert.equal(svg, readFileSync(join(fixtures, "change-couples/svg/couple-sternberg-profiles.svg"), "utf8"));

  const e = Instrument.builtin("ecr-r");
  const [ea, eb] = [e.score(ecr(true)), e.score(ecr(false))];
  for (const r of [ea, eb]) {
    const m = r.models.attachment;
    assert.deepEqual(m.parts.map((p) => p.key), ["anxiety", "avoidance"]);
    // The two continuous scores first; no quadrant unless asked for.
    assert.equal(m.typology, undefined);
    assert.equal(m.cut, undefined);
  }
  assert.ok(Math.abs(ea.models.attachment.parts[0].score - 84 / 18) < 1e-12);
  assert.ok(intimacy.coupleSvg(e, ea, eb, "attachment").includes("Partner B"));
  assert.equal(intimacy.coupleSvg(e, ea, eb, "triangle"), undefined);
});

test("a quadrant on request, cut at sample medians from modelCuts", () => {
  const e = Instrument.builtin("ecr-r");
  const reports = [true, false, false].map((h) => e.score(ecr(h)));
  const cuts = intimacy.modelCuts("attachment", reports);
  assert.deepEqual(cuts, { anxiety: 4, avoidance: 4 });
  const m = e.score(ecr(true), { models: { attachment: { typology: true, cut: "sample-median", cuts } } }).models.attachment;
  assert.equal(m.cut, "sample-median");
  assert.equal(m.typology.key, "preoccupied");
  assert.ok(m.summary.includes(m.rule));
  assert.throws(
    () => e.score(ecr(true), { models: { attachment: { cut: "values", cuts: { anxiety: 4 } } } }),
    (err) => err.code === "invalid-option" && err.option === "models.attachment.cuts.avoidance",
  );
  assert.throws(() => intimacy.modelCuts("knapp", reports), (err) => err.code === "invalid-option");
  assert.throws(() => intimacy.modelCuts("attachment", [{}]), TypeError);
  // The reports stay usable after being read.
  assert.equal(reports[0].models.attachment.parts.length, 2);
});

test("derived readings from the check-in, and the Knapp staircase snapshot", () => {
  const c = readFixture("scoring", "56-knapp-derived-from-fading-signs.json");
  const r = Instrument.builtin("levels-checkin").score(c.answers);
  assert.equal(r.models.knapp.derived, true);
  assert.deepEqual(r.models.knapp.stages.map((s) => s.key), ["stagnating", "avoiding"]);
  const snapshot = join(fixtures, "..", "..", "intimacy-core", "tests", "snapshots", "knapp-fading-signs.svg");
  assert.equal(r.toSvg("knapp"), readFileSync(snapshot, "utf8"));
  assert.throws(() => r.toSvg("pie"), (err) => err instanceof TypeError && err.message.includes("triangle"));
});
