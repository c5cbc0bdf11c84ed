// The persona fixtures (tests/fixtures/personas), as Rust and pytest run
// them: the flags that must and must not appear, safety mode, what must
// never be recommended, resources in every report, and nothing private in a
// couple's joint report.
import { test } from "node:test";
import assert from "node:assert/strict";

import * as intimacy from "intimacy";
import { camelKeys, fixtureFiles, readFixture } from "./helpers.mjs";

const FLAGS = ["safety", "consent", "seek-help", "pacing", "rushing", "unhealthy-sign", "fading"];
const files = fixtureFiles("personas");
const cases = files.map((f) => [f, readFixture("personas", f)]);

function check(name, report, c) {
  const r = report.toObject();
  const kinds = r.flags.map((f) => f.kind);
  for (const k of c.must_flag ?? []) assert.ok(kinds.includes(k), `${name}: flag ${k} missing (${kinds})`);
  for (const k of c.must_not_flag ?? []) assert.ok(!kinds.includes(k), `${name}: flag ${k} must not appear`);
  if ("safety_mode" in c) assert.equal(r.safetyMode, c.safety_mode, name);
  for (const [k, want] of Object.entries(c.severity ?? {})) {
    assert.deepEqual(r.flags.filter((f) => f.kind === k).map((f) => f.severity), [want], `${name}: ${k}`);
  }
  const recs = r.recommendations.map((x) => x.practice);
  for (const cat of c.must_not_recommend_categories ?? []) {
    assert.ok(r.recommendations.every((x) => x.category !== cat), `${name}: ${recs}`);
  }
  for (const p of c.must_not_recommend ?? []) assert.ok(!recs.includes(p), `${name}: ${p}`);
  if (c.first_recommendation) assert.equal(recs[0], c.first_recommendation, `${name}: ${recs}`);
  for (const [fw, text] of Object.entries(c.summary_contains ?? {})) {
    assert.ok(r.placements[fw].summary.includes(text), name);
  }
  assert.ok(r.resources.message && r.resources.emergency, name);
  assert.equal(r.safetyMode, kinds.some((k) => k === "safety" || k === "consent"), name);
  if (r.safetyMode) {
    assert.ok(r.recommendations.every((x) => !x.together && x.category !== "couple"), `${name}: ${recs}`);
    if (recs.length) assert.ok(["safety", "individual"].includes(r.recommendations[0].category), `${name}: ${recs}`);
  }
}

const score = (inst, answers, options) => inst.score(answers, camelKeys(options));

test("there are enough personas", () => assert.ok(cases.length >= 20));

test("every persona's report holds what it must, and nothing it must not", () => {
  for (const [name, c] of cases) {
    const inst = intimacy.Instrument.builtin(c.instrument);
    const report = score(inst, c.answers, c.options);
    check(name, report, c);
    if (c.partner) {
      const other = score(inst, c.partner.answers, c.partner.options);
      check(`${name} (partner)`, other, c.partner);
      const joint = JSON.stringify(intimacy.couple(inst, report, other));
      for (const id of inst.privateIds()) assert.ok(!joint.includes(`"${id}"`), `${name}: ${id}`);
      for (const word of ["consent", "safetyMode", "resources"]) assert.ok(!joint.includes(word), `${name}: ${word}`);
    }
  }
});

test("every flag kind is raisable on every form", () => {
  for (const form of ["levels-checkin", "levels-checkin-short"]) {
    const raised = new Set(cases.filter(([, c]) => c.instrument === form).flatMap(([, c]) => c.must_flag));
    assert.deepEqual(FLAGS.filter((k) => !raised.has(k)), [], form);
  }
});
