// The npm package ships one WebAssembly module per build: the check-in build
// (pkg/intimacy_bg.wasm) and the full one (pkg/full/intimacy_bg.wasm), each
// shared by its Node, Node ES module, web and bundler glue.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const crate = join(here, "..");

test("the packed tarball holds exactly one wasm module per build", () => {
  const [pack] = JSON.parse(
    execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: crate, encoding: "utf8" }),
  );
  const wasm = pack.files.map((f) => f.path).filter((p) => p.endsWith(".wasm")).sort();
  assert.deepEqual(wasm, ["pkg/full/intimacy_bg.wasm", "pkg/intimacy_bg.wasm"]);
});

test("every glue file loads the shared module from its parent folder", () => {
  for (const build of ["", "full/"]) {
    for (const target of ["node", "node-esm", "web", "bundler"]) {
      const glue = readFileSync(join(crate, "pkg", build, target, "intimacy.js"), "utf8");
      assert.match(glue, /\.\.\/intimacy_bg\.wasm/, `${build}${target}`);
      assert.doesNotMatch(glue, /(?<!\.\.\/)intimacy_bg\.wasm/, `${build}${target} still names a local copy`);
    }
  }
});
