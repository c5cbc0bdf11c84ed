// The README's "plain browser, no bundler" recipe, followed literally in
// headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
//
// The recipe is the README section under HEADING. Its code blocks labelled
// with a path (`my-page/index.html`:, `my-page/main.js`:) are written as given
// into a temporary copy of that folder. The package is installed there the
// way the recipe says (npm pack, then npm install of the tarball). The folder
// is served with the recipe's own server command (its port swapped for a free
// one), under the policy the page carries in its <meta> tag, since
// `python3 -m http.server` cannot send headers. The test checks:
//   - the page shows the result that main.js computes in Node with the same
//     build, with no CSP violation, console error or warning, or page error;
//   - .wasm arrives as application/wasm and the modules as JavaScript;
//   - the same page without 'wasm-unsafe-eval' cannot compile the wasm, and
//     without the import map's hash cannot resolve "intimacy/web", so both
//     parts of the policy advice matter.
//
// Nothing is skipped. If Chromium, python3, npm or the web build is missing,
// the test fails and says what to install or build.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromiumArgs, chromiumPath } from "./helpers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(here, "..");
const repo = resolve(pkgDir, "..");
const HEADING = "### Plain browser, no bundler";
const ELEMENT_HEADING = "### In a web page: `<intimacy-checkin>`";


/** The lines of `markdown` under `heading`, up to the next heading of level 1
 * to 3. Lines inside code fences (a "# comment" in a sh block) are not headings. */
function section(markdown, heading) {
  const lines = markdown.split("\n");
  let fenced = false;
  let start = -1;
  for (const [i, line] of lines.entries()) {
    if (line.startsWith("```")) fenced = !fenced;
    if (fenced || line.startsWith("```")) continue;
    if (start < 0 && line.trimEnd() === heading) start = i + 1;
    else if (start >= 0 && /^#{1,3} /.test(line)) return lines.slice(start, i);
  }
  return start < 0 ? null : lines.slice(start);
}

/** The code blocks of a section: { lang, label, body }, where label is the
 * path named just before the block (a line such as "`my-page/main.js`:"). */
function codeBlocks(lines) {
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^```(\w*)\s*$/);
    if (!open) continue;
    let before = i - 1;
    while (before >= 0 && lines[before].trim() === "") before--;
    const label = before >= 0 ? lines[before].match(/^`([^`]+)`:$/)?.[1] ?? null : null;
    const end = lines.indexOf("```", i + 1);
    assert.ok(end > i, `unclosed code block at line ${i + 1} of the recipe`);
    blocks.push({ lang: open[1], label, body: lines.slice(i + 1, end).join("\n") + "\n" });
    i = end;
  }
  return blocks;
}

/** The recipe: the README's section. */
function recipe() {
  const fromReadme = section(readFileSync(join(repo, "README.md"), "utf8"), HEADING);
  assert.ok(fromReadme, `README.md has no section headed "${HEADING}"`);
  return { source: "README.md", blocks: codeBlocks(fromReadme) };
}

/** A port nothing listens on right now. */
async function freePort() {
  const server = createServer();
  await new Promise((done, fail) => server.once("error", fail).listen(0, "127.0.0.1", done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

/** Start the recipe's server command in `cwd`, with `port` in place of its
 * own port; resolve once it answers HTTP. */
async function startServer(command, ownPort, port, cwd) {
  const argv = command.split(/\s+/);
  assert.equal(argv.filter((a) => a === String(ownPort)).length, 1, `the port ${ownPort} appears once in: ${command}`);
  const args = argv.slice(1).map((a) => (a === String(ownPort) ? String(port) : a));
  const child = spawn(argv[0], args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (chunk) => (log += chunk));
  let exit = null;
  const exited = new Promise((done) => {
    child.once("exit", (code, signal) => done((exit = { code, signal })));
    child.once("error", (err) => done((exit = { error: err })));
  });
  const url = `http://127.0.0.1:${port}/`;
  for (let tries = 0; ; tries++) {
    if (exit) {
      const why = exit.error?.code === "ENOENT" ? `${argv[0]} is not installed` : JSON.stringify(exit);
      assert.fail(`the recipe's server (${argv[0]} ${args.join(" ")}) did not start: ${why}\n${log}`);
    }
    try {
      await fetch(url);
      break;
    } catch {
      assert.ok(tries < 200, `the recipe's server did not answer on ${url} within 10 s\n${log}`);
      await new Promise((done) => setTimeout(done, 50));
    }
  }
  const stop = async () => {
    if (!exit) {
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((done) => setTimeout(done, 3000))]);
      if (!exit) child.kill("SIGKILL");
    }
  };
  return { url, stop, log: () => log };
}

/** Open `url` in a new page and collect what the page reports: console
 * messages, page errors, CSP violations (securitypolicyviolation events),
 * requests and responses. `settle(page, log)` waits for the outcome. */
async function visit(context, url, settle) {
  const page = await context.newPage();
  const log = { console: [], errors: [], requests: [], responses: [] };
  page.on("console", (m) => log.console.push({ type: m.type(), text: m.text() }));
  page.on("pageerror", (e) => log.errors.push(String(e)));
  page.on("request", (r) => log.requests.push(r.url()));
  page.on("response", (r) => log.responses.push({ url: r.url(), status: r.status(), type: r.headers()["content-type"] }));
  // Injected by the DevTools protocol before the page's own scripts, so the
  // page's policy does not apply to it.
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener(
      "securitypolicyviolation",
      (e) => window.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }),
      true,
    );
  });
  try {
    await page.goto(url, { waitUntil: "load" });
    await settle(page, log);
    await page.waitForLoadState("networkidle");
    log.violations = await page.evaluate(() => window.__violations);
    return { page, log };
  } catch (err) {
    err.message += `\npage log: ${JSON.stringify(log, null, 1)}`;
    throw err;
  }
}

test("the README's plain-browser recipe scores in Chromium under its CSP", { timeout: 180_000 }, async (t) => {
  assert.ok(
    existsSync(chromiumPath),
    `${chromiumPath} is missing: install Debian's chromium (apt-get install --no-install-recommends chromium; scripts/test-all.sh does) to run the plain-browser test`,
  );
  assert.ok(existsSync(join(pkgDir, "pkg", "web", "intimacy.js")), "pkg/web missing: run ./scripts/build-wasm.sh");
  const { chromium } = await import("playwright-core");

  // ---- The recipe ---------------------------------------------------------
  const { source, blocks } = recipe();
  t.diagnostic(`recipe read from ${source}`);
  const files = blocks.filter((b) => b.label);
  const html = files.find((b) => b.label.endsWith(".html"));
  const main = files.find((b) => b.lang === "js");
  assert.ok(html && main, `the recipe names an HTML file and a JS file: ${files.map((b) => b.label).join(", ")}`);
  const folders = new Set(files.map((b) => b.label.split("/")[0]));
  assert.equal(folders.size, 1, "the recipe's files are in one folder");
  const [folder] = folders;
  const serveLine = blocks
    .filter((b) => b.lang === "sh")
    .flatMap((b) => b.body.split("\n"))
    .find((l) => l.startsWith("python3 -m http.server"));
  assert.ok(serveLine, "the recipe says how to serve the folder (python3 -m http.server)");
  const command = serveLine.replace(/\s+#.*$/, "").trim();
  const ownPort = Number(command.match(/\b(\d{4,5})\b/)?.[1]);

  // The policy allows the import map by its hash: the hash must be that of
  // the map's text as written (else Chromium refuses the map).
  const csp = html.body.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1];
  assert.ok(csp, "the page carries its policy in a <meta> tag");
  assert.match(csp, /script-src [^;]*'wasm-unsafe-eval'/);
  const importMap = html.body.match(/<script type="importmap">([\s\S]*?)<\/script>/)?.[1];
  assert.ok(importMap, "the page has an inline import map");
  const mapHash = `'sha256-${createHash("sha256").update(importMap).digest("base64")}'`;
  assert.ok(csp.split(/[\s;]+/).includes(mapHash), `the policy allows the import map by its hash ${mapHash}`);
  const target = JSON.parse(importMap).imports["intimacy/web"];
  assert.ok(target, 'the import map maps "intimacy/web"');

  // ---- The folder: the recipe's files, and the package installed by npm ----
  const work = mkdtempSync(join(tmpdir(), "intimacy-plain-browser-"));
  const profile = join(work, "chromium-profile");
  const pageDir = join(work, folder);
  let server;
  let context;
  try {
    mkdirSync(pageDir);
    for (const file of files) writeFileSync(join(work, file.label), file.body);
    const npm = (args, cwd) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const tarball = npm(["pack", "--silent", "--pack-destination", work], pkgDir).trim().split("\n").at(-1);
    npm(["init", "-y"], pageDir);
    npm(["install", "--no-audit", "--no-fund", join("..", tarball)], pageDir);
    const served = resolve(pageDir, target);
    assert.ok(existsSync(served), `the import map's target ${target} is in the installed package`);
    assert.equal(served, join(pageDir, "node_modules", "intimacy", "pkg", "web", "intimacy.js"));
    // Where init() looks for the wasm, relative to the module (beside it, or
    // one module shared by the builds in the folder above): inside the package.
    const wasmRef = readFileSync(served, "utf8").match(/new URL\('([^']*intimacy_bg\.wasm)', import\.meta\.url\)/)?.[1];
    assert.ok(wasmRef, "the web glue names its wasm relative to import.meta.url");
    const wasmFile = fileURLToPath(new URL(wasmRef, pathToFileURL(served)));
    assert.ok(existsSync(wasmFile), `${wasmFile} is installed`);
    assert.ok(wasmFile.startsWith(join(pageDir, "node_modules", "intimacy", "pkg") + "/"), `${wasmFile} is inside the package`);

    // ---- What main.js shows, computed in Node with the same build ----------
    // main.js runs here with "intimacy/web" swapped for the Node build (same
    // API; init() does nothing) and a document that records what is written.
    const shim = join(work, "intimacy-web-in-node.mjs");
    const nodeBuild = pathToFileURL(join(pkgDir, "pkg", "node-esm", "intimacy.js")).href;
    writeFileSync(shim, `export * from ${JSON.stringify(nodeBuild)};\nexport default async function init() {}\n`);
    assert.ok(main.body.includes('from "intimacy/web"'), 'main.js imports "intimacy/web"');
    const inNode = join(work, "main-in-node.mjs");
    writeFileSync(inNode, main.body.replace('from "intimacy/web"', `from ${JSON.stringify(pathToFileURL(shim).href)}`));
    const written = new Map();
    globalThis.document = { getElementById: (id) => written.get(id) ?? written.set(id, { textContent: "" }).get(id) };
    try {
      await import(pathToFileURL(inNode).href);
    } finally {
      delete globalThis.document;
    }
    assert.equal(written.size, 1, "main.js writes into one element");
    const [[resultId, { textContent: expected }]] = written;
    assert.ok(expected.length > 0);
    assert.doesNotMatch(expected, /\b(null|undefined|NaN)\b|\[object /);
    const initial = html.body.match(new RegExp(`id="${resultId}"[^>]*>([^<]*)<`))?.[1];
    assert.ok(initial !== undefined && initial !== expected, `the page has #${resultId} with some other text first`);
    t.diagnostic(`the page should show: ${expected}`);

    // ---- The server: the recipe's command, on a free port --------------------
    const port = await freePort();
    server = await startServer(command, ownPort, port, pageDir);
    const origin = new URL(server.url).origin;

    // The types the browser relies on, as this server sends them.
    const typeOf = async (path) => {
      const res = await fetch(new URL(path, server.url));
      assert.equal(res.status, 200, path);
      await res.arrayBuffer();
      return res.headers.get("content-type");
    };
    const wasmPath = new URL(wasmRef, new URL(target, server.url)).pathname;
    assert.equal(await typeOf(wasmPath), "application/wasm", "instantiateStreaming needs application/wasm");
    for (const js of [main.label.slice(folder.length + 1), target]) {
      assert.match(await typeOf(js), /^(text|application)\/javascript\b/, `${js} is served as JavaScript`);
    }

    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      serviceWorkers: "block",
    });
    const pageName = html.label.slice(folder.length + 1);
    const result = (page) => page.locator(`#${resultId}`).textContent();

    // ---- 1. The recipe as written: the result, and no complaint -------------
    {
      const { page, log } = await visit(context, new URL(pageName === "index.html" ? "" : pageName, server.url).href, (p) =>
        p.waitForFunction(([id, first]) => document.getElementById(id)?.textContent !== first, [resultId, initial], {
          timeout: 15_000,
        }),
      );
      assert.equal(await result(page), expected);
      assert.deepEqual(log.violations, [], "no CSP violation");
      assert.deepEqual(log.errors, [], "no page error");
      assert.deepEqual(
        log.console.filter((m) => m.type === "error" || m.type === "warning"),
        [],
        "no console error or warning (a wasm MIME type other than application/wasm would warn here)",
      );
      assert.ok(log.requests.every((u) => new URL(u).origin === origin), `every request went to ${origin}: ${log.requests}`);
      const paths = log.requests.map((u) => new URL(u).pathname);
      const modulePath = new URL(target, server.url).pathname;
      for (const path of ["/", `/${main.label.slice(folder.length + 1)}`, modulePath, wasmPath]) {
        assert.ok(paths.includes(path), `the page fetched ${path}: ${paths.join(" ")}`);
      }
      for (const r of log.responses) assert.equal(r.status, 200, `${r.url} answered ${r.status}`);
      const wasm = log.responses.find((r) => new URL(r.url).pathname === wasmPath);
      assert.equal(wasm.type, "application/wasm");
      t.diagnostic(`requests: ${paths.join(" ")}; types: ${log.responses.map((r) => r.type).join(", ")}`);
      await page.close();
    }

    // ---- 2. The same page without 'wasm-unsafe-eval': init() fails ------------
    // ---- 3. The same page without the import map's hash: no "intimacy/web" ----
    const variants = [
      {
        name: "no-wasm-unsafe-eval.html",
        html: html.body.replace(" 'wasm-unsafe-eval'", ""),
        blocked: (v) => v.blocked === "wasm-eval" && /^script-src/.test(v.directive),
        error: /CompileError[\s\S]*WebAssembly/,
      },
      {
        name: "no-import-map-hash.html",
        html: html.body.replace(` ${mapHash}`, ""),
        blocked: (v) => v.blocked === "inline" && /^script-src/.test(v.directive),
        error: /Failed to resolve module specifier "intimacy\/web"/,
        // The recipe says the console shows the hash to add.
        console: (m) => m.type === "error" && m.text.includes(mapHash),
      },
    ];
    for (const variant of variants) {
      assert.notEqual(variant.html, html.body, `${variant.name} differs from the recipe's page`);
      writeFileSync(join(pageDir, variant.name), variant.html);
      // The error may come before the load event, so wait on the log.
      const { page, log } = await visit(context, new URL(variant.name, server.url).href, async (p, seen) => {
        for (let waited = 0; seen.errors.length === 0; waited += 50) {
          assert.ok(waited < 15_000, `${variant.name}: no page error within 15 s`);
          await p.waitForTimeout(50);
        }
      });
      assert.equal(await result(page), initial, `${variant.name}: nothing is scored`);
      assert.ok(log.violations.some(variant.blocked), `${variant.name}: the policy blocked it: ${JSON.stringify(log.violations)}`);
      assert.match(log.errors.join("\n"), variant.error, `${variant.name}: the page error says why`);
      if (variant.console) assert.ok(log.console.some(variant.console), `${variant.name}: ${JSON.stringify(log.console)}`);
      t.diagnostic(`${variant.name}: ${log.errors.join(" | ").slice(0, 300)}`);
      await page.close();
    }

    // ---- 4. The recipe's alternative: no import map, the module by its path ----
    // main.js imports the file by its path, and the policy has no hash.
    {
      const direct = main.body.replace('from "intimacy/web"', `from ${JSON.stringify(target)}`);
      const directName = "main-by-path.js";
      const page4 = html.body
        .replace(/\n[ \t]*<script type="importmap">[\s\S]*?<\/script>/, "")
        .replace(` ${mapHash}`, "")
        .replace(`src="${main.label.slice(folder.length + 1)}"`, `src="${directName}"`);
      assert.ok(!page4.includes("importmap") && !page4.includes("sha256-") && page4.includes(directName));
      writeFileSync(join(pageDir, directName), direct);
      writeFileSync(join(pageDir, "by-path.html"), page4);
      const { page, log } = await visit(context, new URL("by-path.html", server.url).href, (p) =>
        p.waitForFunction(([id, first]) => document.getElementById(id)?.textContent !== first, [resultId, initial], {
          timeout: 15_000,
        }),
      );
      assert.equal(await result(page), expected, "by path: the same result");
      assert.deepEqual([log.violations, log.errors], [[], []], "by path: no CSP violation, no page error");
      assert.deepEqual(log.console.filter((m) => m.type === "error" || m.type === "warning"), [], "by path: a quiet console");
      await page.close();
    }

    // ---- 5. The element recipe (README: "In a web page: <intimacy-checkin>") ----
    // Its two files go into the same folder, beside the installed package.
    {
      const lines = section(readFileSync(join(repo, "README.md"), "utf8"), ELEMENT_HEADING);
      assert.ok(lines, `README.md has no section headed "${ELEMENT_HEADING}"`);
      const elementFiles = codeBlocks(lines).filter((b) => b.label);
      const elementHtml = elementFiles.find((b) => b.label.endsWith(".html"));
      const elementJs = elementFiles.find((b) => b.lang === "js");
      assert.ok(elementHtml && elementJs, "the element recipe names an HTML file and a JS file");
      for (const file of elementFiles) {
        assert.equal(file.label.split("/")[0], folder, "the element recipe's files go in the same folder");
        writeFileSync(join(work, file.label), file.body);
      }
      const { page, log } = await visit(context, new URL(elementHtml.label.slice(folder.length + 1), server.url).href, (p) =>
        p.waitForFunction(() => document.querySelector("intimacy-checkin")?.dataset.step === "question", null, { timeout: 15_000 }),
      );
      assert.deepEqual([log.violations, log.errors], [[], []], "element: no CSP violation (its styles too), no page error");
      const item = await page.locator("intimacy-checkin fieldset[data-item]").getAttribute("data-item");
      assert.equal(item, "screen-fear", "the safety screen comes first");
      // "Sometimes" by keyboard: the focus is on the first answer.
      for (let k = 0; k < 2; k++) await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.querySelector("intimacy-checkin").dataset.step === "support");
      const support = await page.locator("intimacy-checkin [data-kind=support]").textContent();
      assert.ok(support.includes("Your local help line") && support.includes("0800 000 000"), "the app's help line is on the support step");
      for (let waited = 0; !log.console.some((m) => m.text === "support shown: safety"); waited += 50) {
        assert.ok(waited < 5000, `the support event reached the app: ${JSON.stringify(log.console)}`);
        await page.waitForTimeout(50);
      }
      const stored = JSON.parse(await page.evaluate(() => sessionStorage.getItem("checkin")));
      assert.deepEqual(stored.answers, [["screen-fear", 2]], "the state went to the app's store");
      assert.ok(log.requests.every((u) => new URL(u).origin === origin), `every request went to ${origin}`);
      assert.deepEqual(log.console.filter((m) => m.type === "error" || m.type === "warning"), [], "element: a quiet console");
      await page.close();
    }
  } finally {
    await context?.close().catch(() => {});
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  }
});
