// Translations (issue 16): the shared fixture tests/fixtures/translations/
// (also run by Rust and pytest), the pseudo-locale and the locale list.
import { test } from "node:test";
import assert from "node:assert/strict";

import * as intimacy from "intimacy";
import { camelKeys, contains, readFixture } from "./helpers.mjs";

const { Instrument, Session } = intimacy;
const cases = readFixture("translations", "cases.json");
const instrument = () => Instrument.fromJson(JSON.stringify(cases.instrument));

test("sessions speak the nearest translation", () => {
  for (const c of cases.sessions) {
    let inst = instrument();
    if (c.side) inst = inst.withTranslation(JSON.stringify(cases.side));
    const s = new Session(inst, { locale: c.locale });
    for (const [n, call] of c.calls.entries()) {
      const at = `${c.name} call ${n}`;
      if (call.call === "next") contains(s.next(), camelKeys(call.expect), at);
      else if (call.call === "answer") s.answer(call.item, call.value);
      else if (call.call === "opt_in") s.optIn(call.section);
      else assert.fail(`${at}: unknown call`);
    }
    assert.ok(s.finish());
  }
});

test("what a translation lacks is listed", () => {
  const inst = instrument().withTranslation(JSON.stringify(cases.side));
  for (const [locale, want] of Object.entries(cases.missing)) {
    assert.deepEqual(inst.missingTranslations(locale), want, locale);
  }
  assert.equal(inst.missingTranslations("de").length, 1 + 3 + 3 + 4);
});

test("bad side files are refused with the path", () => {
  const inst = instrument();
  for (const bad of cases.bad_sides) {
    assert.throws(
      () => inst.withTranslation(JSON.stringify(bad.side)),
      (e) => e.name === "InstrumentError" && e.problems.some((p) => p.path === bad.path && p.code === bad.code),
      JSON.stringify(bad),
    );
  }
});

test("the locales, their review status, and the pseudo-locale", () => {
  const info = Object.fromEntries(intimacy.localeInfo().map((l) => [l.locale, l]));
  assert.equal(info.en.status, "source");
  assert.equal(info.en.translated, info.en.total);
  assert.equal(info["en-XA"].status, "pseudo");
  assert.deepEqual(intimacy.missingMessages("en-XA"), []);
  assert.equal(intimacy.missingMessages("fr"), undefined);
  assert.equal(intimacy.checkinTexts("fr-CA").next, "Next");
  const r = Instrument.builtin("levels-checkin").score({ "screen-fear": 2, safety: 1 }, { locale: "en-XA" }).toObject();
  assert.ok(r.flags[0].message.startsWith("\u27e6"));
  assert.ok(r.resources.emergency.startsWith("\u27e6"));
});

test("a translation file is the template with the nearest words", () => {
  const inst = instrument().withTranslation(cases.side); // an object works as well as text
  for (const [locale, want] of Object.entries(cases.templates)) {
    const got = inst.translationFile(locale);
    assert.deepEqual(got, want, locale);
    assert.ok(inst.withTranslation(got), locale); // what it writes, it reads back
  }
  assert.throws(() => inst.translationFile("e s"), (e) => e.name === "OptionsError" && e.option === "locale");
});

test("an app adds the library's messages in its language", () => {
  const want = cases.expect_messages;
  const info = intimacy.addMessages(cases.messages);
  contains(info, want.info, "info");
  for (const locale of ["qaa", "qaa-XY"]) {
    contains(intimacy.checkinTexts(locale), want.checkin, locale);
    const r = instrument().score({ t1: 2, t2: 1, p1: 2 }, { locale }).toObject();
    const kind = r.kinds.find((k) => k.target === want.kind.target);
    assert.equal(kind.name, want.kind.name, locale);
    contains(r.provenance.words, want.words, locale);
  }
  const missing = intimacy.missingMessages("qaa");
  for (const k of want.missing_has) assert.ok(missing.includes(k), k);
  for (const k of want.missing_lacks) assert.ok(!missing.includes(k), k);
  assert.equal(missing.length + info.translated, info.total);
  assert.ok(intimacy.locales().includes("qaa"));
  const file = intimacy.messagesFile("qaa");
  assert.equal(Object.keys(file.messages).length, info.total);
  assert.equal(file.messages["checkin.next"], "Weiter (qaa)");
  assert.equal(file.messages["checkin.back"], "Back");
});

test("bad messages files are refused with the path", () => {
  const others = () => intimacy.localeInfo().filter((l) => l.locale !== "qaa");
  const before = others();
  for (const bad of cases.bad_messages) {
    assert.throws(
      () => intimacy.addMessages(bad.text),
      (e) => e.name === "MessagesError" && e.code === "invalid-messages"
        && e.problems.some((p) => p.path === bad.path && p.code === bad.code),
      JSON.stringify(bad),
    );
  }
  assert.deepEqual(others(), before);
  assert.throws(() => intimacy.addMessages(42), TypeError);
  assert.throws(() => intimacy.addMessages([1]), TypeError);
});

test("a locale with every key translated leaves no English", () => {
  // An app's locale ("qjs", for local use) from the two templates, every
  // word "translated" (vowels accented): a report with flags, practices and
  // placements has no English left (the Rust test walks every instrument).
  const accent = (text) => {
    const table = Object.fromEntries([..."aeiouyAEIOUY"].map((c, i) => [c, "åéîöûýÅÉÎÖÛÝ"[i]]));
    let depth = 0;
    return [...text].map((ch) => {
      if (ch === "{") depth++;
      const out = depth ? ch : (table[ch] ?? ch);
      if (ch === "}" && depth) depth--;
      return out;
    }).join("");
  };
  const plain = (s) => accent(s) !== s;
  const template = intimacy.messagesFile("qjs");
  assert.equal(template.status, "draft");
  const messages = Object.fromEntries(Object.entries(template.messages).map(([k, v]) => [k, accent(v)]));
  const info = intimacy.addMessages({ ...template, messages });
  assert.equal(info.translated, info.total);
  let inst = Instrument.builtin("levels-checkin");
  const side = inst.translationFile("qjs");
  inst = inst.withTranslation({ ...side, words: Object.fromEntries(Object.entries(side.words).map(([k, v]) => [k, accent(v)])) });
  const answers = Object.fromEntries(inst.items.filter((i) => i.id.startsWith("l")).map((i) => [i.id, 3]));
  const report = inst.score({ ...answers, "screen-fear": 2, safety: 1 }, { locale: "qjs" }).toObject();
  const fields = new Set(["name", "summary", "steps", "message", "detail", "note", "label", "emergency", "text", "rule"]);
  const texts = [];
  const walk = (v, key = "") => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) { if (k !== "provenance") walk(x, k); }
    else if (typeof v === "string" && fields.has(key)) texts.push(v);
  };
  walk(report);
  assert.ok(texts.length > 20 && report.recommendations.length > 0);
  assert.deepEqual(texts.filter(plain), []);
});
