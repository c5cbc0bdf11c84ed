// The README's JavaScript examples run as written in Node: every ```js block
// that imports from "intimacy" and does not touch the page (`document`) is
// written to a module in this package (so "intimacy" resolves to it) and run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, "..", "..", "README.md"), "utf8");
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)]
  .map((m) => m[1])
  .filter((b) => /from "intimacy"/.test(b) && !/\bdocument\./.test(b));

test("the README has runnable JavaScript examples", () => assert.ok(blocks.length >= 1));

test("every runnable README JavaScript example runs", async () => {
  for (const [i, block] of blocks.entries()) {
    const file = join(here, `.readme-${process.pid}-${i}.mjs`);
    writeFileSync(file, block);
    const logged = [];
    const log = console.log;
    console.log = (...args) => logged.push(args.join(" "));
    try {
      await import(pathToFileURL(file).href);
    } finally {
      console.log = log;
      rmSync(file, { force: true });
    }
    assert.ok(logged.length > 0, `block ${i} printed nothing`);
    assert.ok(!logged.some((l) => /undefined|NaN/.test(l)), logged.join("\n"));
  }
});
