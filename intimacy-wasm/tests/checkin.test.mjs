// The <intimacy-checkin> element's words: every key it uses is one of the
// library's messages (checkinTexts), and every checkin.* message is used by
// it. The element itself runs in Chromium: browser.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import * as intimacy from "intimacy";

const here = dirname(fileURLToPath(import.meta.url));
const source = readFileSync(join(here, "..", "js", "checkin.js"), "utf8");

/** The message keys the element's source names: `#texts[...]` (every string
 * literal inside the brackets), `#texts.key`, and `#button("key", ...)`. */
function usedKeys() {
  const keys = new Set();
  for (const [, inside] of source.matchAll(/#texts\[([^\]]+)\]/g)) {
    for (const [, k] of inside.matchAll(/"([a-z-]+)"/g)) keys.add(k);
  }
  for (const [, k] of source.matchAll(/#texts\.([a-z]+)/g)) keys.add(k);
  for (const [, k] of source.matchAll(/#button\("([a-z-]+)"/g)) keys.add(k);
  return keys;
}

test("the element's words are the library's messages, both ways", () => {
  const texts = intimacy.checkinTexts("en");
  const used = usedKeys();
  assert.ok(used.size >= 15, [...used].join(", "));
  for (const k of used) assert.equal(typeof texts[k], "string", `the element uses ${k}, which checkinTexts lacks`);
  for (const k of Object.keys(texts)) assert.ok(used.has(k), `checkin.${k} is never used by the element`);
  assert.match(texts.progress, /\{position\}.*\{total\}/);
});

test("checkinTexts refuses an unknown locale with a typed error", () => {
  assert.throws(() => intimacy.checkinTexts("../en"), (e) => e.name === "OptionsError" && e.code === "invalid-option" && /"\.\.\/en"/.test(e.message));
});

test("nextPage starts with next and keeps to one section", () => {
  const s = new intimacy.Session(intimacy.Instrument.builtin("levels-checkin"), { form: "short" });
  const page = s.nextPage();
  assert.deepEqual(page[0], s.next());
  assert.deepEqual([...new Set(page.map((p) => p.section))], ["screen"]);
  s.answer("screen-fear", 2);
  assert.deepEqual(s.nextPage().map((p) => p.kind), ["support"]);
});
