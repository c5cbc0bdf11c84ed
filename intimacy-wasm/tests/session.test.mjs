// The session in JS: the shared session fixtures with the same outcomes as
// in Rust and Python, and the binding's own checks.
import { test } from "node:test";
import assert from "node:assert/strict";

import * as intimacy from "intimacy";
import { camelKeys, contains, fixtureFiles, readFixture } from "./helpers.mjs";

const { Instrument, Session } = intimacy;


function apply(s, call, inst) {
  switch (call.call) {
    case "answer": s.answer(call.item, call.value); return s;
    case "skip": case "back": case "acknowledge": case "stop": s[call.call](); return s;
    case "opt_in": s.optIn(call.section); return s;
    case "opt_out": s.optOut(call.section); return s;
    case "resume": return Session.fromJson(s.toJson(), inst);
    case "resume_from": return Session.fromJson(JSON.stringify(call.state), inst);
    default: throw new Error(`unknown call ${call.call}`);
  }
}

function direct(s, inst) {
  const state = JSON.parse(s.toJson());
  const form = state.form ? inst.withForm(state.form) : inst;
  const optedIn = (state.sections ?? []).filter(([, entered]) => entered).map(([id]) => id);
  return form.score(Object.fromEntries(state.answers), { optedIn });
}

test("the shared session fixtures give the same steps and reports as in Rust", () => {
  const files = fixtureFiles("sessions");
  assert.ok(files.length >= 5);
  for (const file of files) {
    const c = readFixture("sessions", file);
    const inst = Instrument.builtin(c.instrument);
    let s = new Session(inst, { form: c.form, ...(c.options ?? {}) });
    c.calls.forEach((call, n) => {
      const at = `${c.name} call ${n}`;
      if (call.call === "next") {
        const step = s.next();
        step.flagKinds = step.flags.map((f) => f.kind);
        contains(step, camelKeys(call.expect), at);
      } else if (call.call === "next_page") {
        contains(s.nextPage(), camelKeys(call.expect), at);
      } else if (call.call === "progress") {
        contains(s.progress, camelKeys(call.expect), at);
      } else if (call.call === "finish") {
        const report = s.finish();
        assert.equal(report.toJson(), direct(s, inst).toJson(), at);
        contains(report.toObject(), camelKeys(call.expect), at);
      } else if (call.call === "error") {
        const before = s.toJson();
        assert.throws(() => apply(s, call.do, inst), (e) => {
          assert.equal(e.code, call.expect.code, `${at}: ${e.message}`);
          if ("item" in call.expect) assert.equal(e.item, call.expect.item, at);
          if ("value" in call.expect) assert.equal(e.value, call.expect.value, at);
          return true;
        });
        assert.equal(s.toJson(), before, `${at}: a refused call changed the session`);
      } else {
        s = apply(s, call, inst);
      }
    });
  }
});

test("a session runs to the end, and bad input never kills it", () => {
  const ras = Instrument.builtin("ras");
  const s = new Session(ras);
  for (const bad of [true, "2", null, {}, 2n]) {
    assert.throws(() => s.answer("ras1", bad), (e) => e.name === "ResponseError" && e.code === "invalid-answer");
  }
  assert.throws(() => new Session(ras, { form: 3 }), (e) => e.name === "OptionsError" && e.option === "form");
  assert.throws(() => new Session(ras, { locale: "e" }), (e) => e.name === "OptionsError");
  assert.throws(() => Session.fromJson("{", ras), (e) => e.name === "SessionError" && e.code === "bad-state");
  let step;
  while ((step = s.next()).kind !== "done") {
    assert.equal(step.kind, "question");
    s.answer(step.item, step.options.at(-1).value);
  }
  const all5 = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`ras${i + 1}`, 5]));
  assert.equal(s.finish().toJson(), ras.score(all5).toJson());
  assert.equal(s.progress.fraction, 1);
});
