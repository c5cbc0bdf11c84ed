// The README's JavaScript examples run as written in Node: every ```js block
// that imports from "intimacy" is written to a module in this package (so
// "intimacy" resolves to it) and run, with a stand-in `document` whose
// writes are kept and checked. (The plain-browser recipe's blocks import
// "intimacy/web" and run in Chromium: plain_browser.test.mjs.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, "..", "..", "README.md"), "utf8");
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)]
  .map((m) => m[1])
  .filter((b) => /from "intimacy"/.test(b));

test("the README has runnable JavaScript examples", () => assert.ok(blocks.length >= 2));

test("every runnable README JavaScript example runs", async () => {
  for (const [i, block] of blocks.entries()) {
    const file = join(here, `.readme-${process.pid}-${i}.mjs`);
    writeFileSync(file, block);
    const logged = [];
    const written = [];
    globalThis.document = {
      body: { set innerHTML(html) { written.push(html); } },
      getElementById: () => ({ set textContent(t) { written.push(t); } }),
    };
    const log = console.log;
    console.log = (...args) => logged.push(args.join(" "));
    try {
      await import(pathToFileURL(file).href);
    } finally {
      console.log = log;
      delete globalThis.document;
      rmSync(file, { force: true });
    }
    for (const w of written) assert.equal(typeof w, "string", `block ${i} wrote ${w} into the page`);
    assert.ok(logged.length > 0, `block ${i} printed nothing`);
    assert.ok(!logged.some((l) => /undefined|NaN/.test(l)), logged.join("\n"));
  }
});
