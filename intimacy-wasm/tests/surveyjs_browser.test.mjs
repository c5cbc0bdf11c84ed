// A survey made by toSurveyJs, in the real SurveyJS library (survey-core, a
// pinned dev dependency) in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core), answered through SurveyJS's own model API the
// way its UI would, completed, and its survey.data read back by
// fromSurveyJs: the report must be the one scoring the same answers directly
// gives.
//
// The page (served from memory by a node:http server on 127.0.0.1, under a
// policy that allows nothing but that server) loads survey-core's UMD bundle
// (global Survey) and the full web build of intimacy; it does nothing but
// `await init()`. Everything else happens through page.evaluate:
//   - the definition loads with no console message, and SurveyJS's only
//     complaints (model.jsonErrors) are the intimacy* extension keys, which
//     it drops unless the app registers them (Serializer.addProperty); once
//     registered, the definition loads with no complaint at all and the
//     markers are on the model (SurveyJS's linter agrees, in Node);
//   - every item is one question or one matrix row, exactly once; private
//     items, and only they, carry the marker;
//   - run "in": the opt-in gate answered yes, every page answered by clicks
//     (radio item, matrix cell), one matrix row left out and one "does not
//     apply"; run "out": answers set as question values, the gated panel
//     answered and then the gate switched to no, so SurveyJS clears those
//     answers (clearInvisibleValues "onHiddenContainer"); run "kept": the
//     same with clearInvisibleValues "none", so the hidden answers stay in
//     survey.data and fromSurveyJs must drop them (log.dropped);
//   - each page validates, navigation and tryComplete succeed, the values
//     SurveyJS holds are the numbers of the labels chosen, and
//     fromSurveyJs(model.data) scored gives instrument.score(answers) for
//     the answers the test gave, keyed by item id (Node's build).
//
// Nothing is skipped: without Chromium, survey-core or the full web build
// the test fails and says what to install or build.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

import * as intimacy from "intimacy";
import { chromiumArgs, chromiumPath } from "./helpers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(here, "..");
const require = createRequire(import.meta.url);
const INSTRUMENT = "levels-checkin-short";


// ---- The instrument, as Node's build sees it --------------------------------

const instrument = intimacy.Instrument.builtin(INSTRUMENT);
const definition = instrument.toObject();
const itemById = new Map(definition.items.map((i) => [i.id, i]));
const scales = new Map(definition.responseScales.map((s) => [s.id, s]));
const scaleOf = (item) => scales.get(item.responseScale ?? definition.defaultResponseScale);
const optInSections = new Set(definition.sections.filter((s) => s.optIn).map((s) => s.id));
const gated = definition.items.filter((i) => optInSections.has(i.section));

/** The value of an answer label on an item's response scale ("does not apply" too). */
function valueOf(item, label) {
  const scale = scaleOf(item);
  if (scale.notApplicable?.label === label) return scale.notApplicable.value;
  const choice = scale.labels.find((l) => l.label === label);
  assert.ok(choice, `${item.id} has no answer labelled ${label}`);
  return choice.value;
}

/** Whether answer `x` to `item` raises one of its safety or consent alerts. */
const raises = (item, x) => (item.alerts ?? []).some((a) => (a.min ?? -Infinity) <= x && x <= (a.max ?? Infinity));

/** The label of the answer to `item` furthest from raising any alert. */
function calmLabel(item) {
  const labels = scaleOf(item).labels;
  const alerting = labels.filter((l) => raises(item, l.value)).map((l) => l.value);
  const calm = labels.filter((l) => !raises(item, l.value));
  const distance = (l) => Math.min(...alerting.map((v) => Math.abs(v - l.value)));
  return calm.reduce((best, l) => (distance(l) > distance(best) ? l : best)).label;
}

/** A respondent's answers as labels by item id; items left out are not answered. */
function plan(kind, skip) {
  const out = {};
  for (const [k, item] of definition.items.entries()) {
    if (skip.includes(item.id)) continue;
    const scale = scaleOf(item);
    const target = item.measures?.[0] ?? "";
    let label;
    if (kind === "out" && item.id === "safety") label = "Not at all"; // raises the safety alert
    else if (item.alerts?.length) label = calmLabel(item);
    else if (item.id === "rel-length") label = kind === "in" ? "3 to 10 years" : "1 to 3 years";
    else if (kind === "in" && scale.notApplicable) label = scale.notApplicable.label;
    else if (target.startsWith("stage:")) label = k % 2 ? "Strongly agree" : "Agree";
    else if (scale.id.startsWith("frequency")) label = kind === "in" ? "Rarely" : "Often";
    else label = kind === "in" ? "Agree" : "Disagree";
    out[item.id] = label;
  }
  return out;
}

/** The answers a plan gives, as numbers by item id, without the items a
 * closed gate hides. */
function direct(labels, optedIn) {
  return Object.fromEntries(
    Object.entries(labels)
      .filter(([id]) => !optInSections.has(itemById.get(id).section) || optedIn.includes(itemById.get(id).section))
      .map(([id, label]) => [id, valueOf(itemById.get(id), label)]),
  );
}

// ---- What runs in the page (serialised by playwright: self-contained) --------

/** Load the definition in SurveyJS, plainly and validating property values;
 * describe what SurveyJS made of it. */
function inspect({ instrumentId }) {
  const { Instrument } = window.intimacy;
  const def = Instrument.builtin(instrumentId).toSurveyJs();
  const errorsOf = (model) =>
    (model.jsonErrors ?? []).map((e) => ({ type: e.type, className: e.className, propertyName: e.propertyName, message: e.message }));
  const model = new window.Survey.Model(def);
  const validating = new window.Survey.Model();
  validating.fromJSON(def, { validatePropertyValues: true });
  const panelOf = (q) => (q.parent && q.parent.getType() === "panel" ? q.parent : null);
  return {
    def,
    version: window.Survey.settings?.version ?? null,
    jsonErrors: errorsOf(model),
    validatingErrors: errorsOf(validating),
    pages: model.pages.map((p) => ({ name: p.name, title: p.title, questions: p.questions.map((q) => q.name) })),
    panels: model.getAllPanels().map((p) => ({ name: p.name, visibleIf: p.visibleIf, visible: p.isVisible, questions: p.questions.map((q) => q.name) })),
    questions: model.getAllQuestions(false, false, true).map((q) => ({
      name: q.name,
      type: q.getType(),
      rows: q.getType() === "matrix" ? q.rows.map((r) => r.value) : null,
      description: q.description,
      title: q.title,
      // Unregistered, SurveyJS drops the key from the model.
      markerOnModel: q.intimacyPrivate ?? null,
      panel: panelOf(q)?.name ?? null,
      visibleInSurvey: q.isVisibleInSurvey,
    })),
  };
}

/** Answer the survey as a respondent: page by page, each visible question
 * from `labels` (by item id; matrix rows by row name), picking SurveyJS's
 * own choice with that text. `style` "click" goes through the handlers the
 * UI calls (radio item, matrix cell, boolean); "value" assigns question
 * values. `gate`: "yes", or "no" (answer the gated panel first, then switch
 * the gate off). Complete; score what fromSurveyJs reads from model.data,
 * and (for comparison) `answers` themselves. */
function respond({ instrumentId, labels, values, style, gate, clearInvisibleValues, answers, optedIn }) {
  const { Instrument, fromSurveyJs } = window.intimacy;
  const instrument = Instrument.builtin(instrumentId);
  const model = new window.Survey.Model(instrument.toSurveyJs());
  if (clearInvisibleValues) model.clearInvisibleValues = clearInvisibleValues;
  const problems = [];
  const held = {}; // item id -> the value SurveyJS holds, read back from the question
  const picked = {}; // item id -> the text of the choice SurveyJS shows as selected
  const visited = [];
  const gateLog = [];
  const answerQuestion = (q) => {
    const type = q.getType();
    if (type === "boolean") {
      if (style === "click") q.booleanValue = true;
      else q.value = true;
      gateLog.push({ gate: q.name, set: true, panelVisible: null });
      return;
    }
    if (type === "matrix") {
      const whole = {};
      for (const row of q.visibleRows) {
        const label = labels[row.name];
        if (label === undefined) continue;
        const column = q.visibleColumns.find((c) => c.text === label);
        if (!column) {
          problems.push(`${q.name}: no column ${label} for row ${row.name}`);
          continue;
        }
        if (style === "click") row.cellClick(column);
        else whole[row.name] = values[row.name];
      }
      if (style === "value" && Object.keys(whole).length) q.value = whole;
      for (const row of q.visibleRows) {
        if (labels[row.name] === undefined) {
          if (q.value && row.name in q.value) problems.push(`${q.name}: row ${row.name} has a value it was not given`);
          continue;
        }
        held[row.name] = q.value?.[row.name];
        picked[row.name] = q.visibleColumns.find((c) => row.isChecked(c))?.text ?? null;
      }
      return;
    }
    if (type === "radiogroup" || type === "rating") {
      const label = labels[q.name];
      if (label === undefined) return;
      const items = type === "rating" ? q.visibleRateValues : q.visibleChoices;
      const item = items.find((c) => c.text === label);
      if (!item) {
        problems.push(`${q.name}: no choice ${label}`);
        return;
      }
      if (style === "click") (type === "rating" ? q.selectItem(item) : q.clickItemHandler(item));
      else q.value = values[q.name];
      held[q.name] = q.value;
      picked[q.name] = items.find((c) => q.isItemSelected?.(c) ?? c.value === q.value)?.text ?? null;
      return;
    }
    problems.push(`${q.name}: a question of type ${type} this test does not answer`);
  };
  for (let guard = 0; guard < 50; guard++) {
    const page = model.currentPage;
    visited.push(page.name);
    const panelsOnPage = page.questions.map((q) => q.parent).filter((p) => p && p.getType() === "panel");
    for (const q of page.questions) {
      // A question of the gated panel shows only once the gate is yes.
      if (!q.isVisibleInSurvey) {
        problems.push(`${q.name} is not shown when its turn comes`);
        continue;
      }
      answerQuestion(q);
      if (q.getType() === "boolean") gateLog.at(-1).panelVisible = panelsOnPage.map((p) => p.isVisible);
    }
    if (gate === "no") {
      for (const q of page.questions.filter((x) => x.getType() === "boolean")) {
        const before = JSON.parse(JSON.stringify(model.data));
        if (style === "click") q.booleanValue = false;
        else q.value = false;
        gateLog.push({ gate: q.name, set: false, panelVisible: panelsOnPage.map((p) => p.isVisible), before, after: JSON.parse(JSON.stringify(model.data)) });
      }
    }
    if (model.isCurrentPageHasErrors) problems.push(`page ${page.name} has errors`);
    if (!model.validateCurrentPage()) problems.push(`page ${page.name} does not validate`);
    if (model.isLastPage) {
      if (!model.tryComplete()) problems.push(`tryComplete() refused on ${page.name}`);
      break;
    }
    if (!model.nextPage()) {
      problems.push(`nextPage() refused on ${page.name}`);
      break;
    }
  }
  const data = JSON.parse(JSON.stringify(model.data));
  const read = fromSurveyJs(instrument, model.data);
  const report = instrument.score(read.answers, { optedIn: read.optedIn ?? [] });
  const directReport = instrument.score(answers, { optedIn });
  return {
    state: model.state,
    visited,
    problems,
    held,
    picked,
    types: Object.fromEntries(Object.entries(held).map(([k, v]) => [k, typeof v])),
    gateLog,
    data,
    read,
    report: report.toObject(),
    directReport: directReport.toObject(),
  };
}

/** Register the intimacy* keys as SurveyJS properties (as an app would) and
 * load the definition again. */
function registered({ instrumentId }) {
  const { Serializer, Model } = window.Survey;
  Serializer.addProperty("survey", { name: "intimacyInstrument", visible: false });
  Serializer.addProperty("page", { name: "intimacySection", visible: false });
  Serializer.addProperty("question", { name: "intimacyPrivate:boolean", visible: false });
  Serializer.addProperty("question", { name: "intimacyOptIn", visible: false });
  const def = window.intimacy.Instrument.builtin(instrumentId).toSurveyJs();
  const model = new Model(def);
  return {
    jsonErrors: (model.jsonErrors ?? []).map((e) => e.message),
    instrument: model.intimacyInstrument ?? null,
    sections: model.pages.map((p) => p.intimacySection ?? null),
    privateOnModel: model.getAllQuestions(false, false, true).filter((q) => q.intimacyPrivate === true).map((q) => q.name),
    optIns: model.getAllQuestions(false, false, true).filter((q) => q.intimacyOptIn).map((q) => [q.name, q.intimacyOptIn]),
    // What the survey's own toJSON writes back: the markers survive.
    toJsonPrivate: JSON.stringify(model.toJSON()).split('"intimacyPrivate":true').length - 1,
  };
}

// ---- The page and its server ------------------------------------------------

const POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

const INDEX = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SurveyJS and intimacy</title>
<link rel="icon" href="data:,">
<script src="/survey-core/survey.core.js"></script>
<script type="module" src="/main.js"></script>
</head>
<body><p id="state">loading</p></body>
</html>
`;

const MAIN = `import init, * as intimacy from "/pkg/full/web/intimacy.js";
await init();
window.intimacy = intimacy;
document.getElementById("state").textContent = "ready";
document.documentElement.dataset.state = "ready";
`;

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".wasm": "application/wasm" };

/** A server on 127.0.0.1 for the page: /, /main.js, /survey-core/… from
 * node_modules, /pkg/… from the package's builds. It records what it serves. */
async function startServer(surveyCoreDir) {
  const served = [];
  const roots = { "/survey-core/": surveyCoreDir, "/pkg/": join(pkgDir, "pkg") };
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const send = (status, type, body) => {
      served.push({ path, status });
      res.writeHead(status, { "content-type": type, "content-security-policy": POLICY, "cache-control": "no-store" });
      res.end(body);
    };
    if (path === "/") return send(200, TYPES[".html"], INDEX);
    if (path === "/main.js") return send(200, TYPES[".js"], MAIN);
    for (const [prefix, root] of Object.entries(roots)) {
      if (!path.startsWith(prefix)) continue;
      const file = resolve(root, "." + decodeURIComponent(path.slice(prefix.length - 1)));
      if (!file.startsWith(root + sep) || !TYPES[extname(file)] || !existsSync(file) || !statSync(file).isFile()) break;
      return send(200, TYPES[extname(file)], readFileSync(file));
    }
    send(404, "text/plain; charset=utf-8", "not found\n");
  });
  await new Promise((done, fail) => server.once("error", fail).listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${server.address().port}/`;
  return { url, served, close: () => new Promise((done) => server.close(done)) };
}

// ---- The test ---------------------------------------------------------------

test("a toSurveyJs survey runs in SurveyJS in Chromium and its data scores like the answers", { timeout: 120_000 }, async (t) => {
  assert.ok(
    existsSync(chromiumPath),
    `${chromiumPath} is missing: install Debian's chromium (apt-get install --no-install-recommends chromium; scripts/test-all.sh does) to run the SurveyJS browser test`,
  );
  let surveyCoreDir;
  try {
    surveyCoreDir = dirname(require.resolve("survey-core")); // its main, survey.core.js
  } catch {
    assert.fail("survey-core is missing: run npm ci in intimacy-wasm (it is a devDependency)");
  }
  const surveyCoreVersion = JSON.parse(readFileSync(join(surveyCoreDir, "package.json"), "utf8")).version;
  const pinned = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).devDependencies["survey-core"];
  assert.equal(surveyCoreVersion, pinned, "the installed survey-core is the pinned one (npm ci)");
  assert.ok(existsSync(join(surveyCoreDir, "survey.core.js")), "survey-core ships its UMD bundle survey.core.js");
  for (const f of ["full/web/intimacy.js", "full/intimacy_bg.wasm"]) {
    assert.ok(existsSync(join(pkgDir, "pkg", f)), `pkg/${f} missing: run ./scripts/build-wasm.sh`);
  }
  const { chromium } = await import("playwright-core");

  // SurveyJS's own linter (survey-core/linter), in Node: its only findings
  // are the intimacy* keys it does not know; none once they are registered.
  const SurveyNode = require("survey-core");
  const { lintSurvey } = require("survey-core/linter");
  const nodeDef = instrument.toSurveyJs();
  const findings = lintSurvey(nodeDef).findings;
  assert.ok(findings.length > 0);
  for (const f of findings) {
    assert.equal(f.ruleId, "property/unknown", f.message);
    assert.match(f.messageData.key, /^intimacy[A-Z]/, f.message);
  }
  SurveyNode.Serializer.addProperty("survey", { name: "intimacyInstrument", visible: false });
  SurveyNode.Serializer.addProperty("page", { name: "intimacySection", visible: false });
  SurveyNode.Serializer.addProperty("question", { name: "intimacyPrivate:boolean", visible: false });
  SurveyNode.Serializer.addProperty("question", { name: "intimacyOptIn", visible: false });
  assert.deepEqual(lintSurvey(nodeDef).findings.map((f) => f.message), [], "SurveyJS's linter finds nothing once the keys are registered");

  const profile = mkdtempSync(join(tmpdir(), "intimacy-chromium-"));
  let server;
  let context;
  try {
    server = await startServer(surveyCoreDir);
    const origin = new URL(server.url).origin;
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      serviceWorkers: "block",
    });
    const requests = [];
    context.on("request", (r) => requests.push(r.url()));
    const messages = [];
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (m) => messages.push({ type: m.type(), text: m.text() }));
    page.on("pageerror", (e) => messages.push({ type: "pageerror", text: String(e) }));
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`), true);
    });
    await page.goto(server.url, { waitUntil: "load" });
    await page.locator('html[data-state="ready"]').waitFor({ state: "attached", timeout: 15_000 });
    assert.equal(await page.evaluate(() => typeof window.Survey?.Model), "function", "survey.core.js sets the global Survey");
    const loaded = requests.length;

    // ---- 1. The definition as SurveyJS loads it ------------------------
    const seen = await page.evaluate(inspect, { instrumentId: INSTRUMENT });
    assert.deepEqual(seen.def, nodeDef, "the browser's toSurveyJs is Node's");
    assert.equal(seen.version, surveyCoreVersion);
    // SurveyJS does not log unknown properties; it lists them in jsonErrors
    // and drops them. Only the intimacy* extension keys may be there.
    assert.ok(seen.jsonErrors.length > 0);
    for (const e of [...seen.jsonErrors, ...seen.validatingErrors]) {
      assert.equal(e.type, "unknownproperty", e.message);
      assert.match(e.propertyName, /^intimacy(Instrument|Section|Private|OptIn)$/, e.message);
    }
    assert.deepEqual(seen.validatingErrors, seen.jsonErrors, "validating property values finds nothing more");

    // Every item is one question or one matrix row, exactly once; nothing
    // else is a question but the opt-in gates.
    const asked = [];
    const gates = [];
    for (const q of seen.questions) {
      if (q.type === "matrix") asked.push(...q.rows);
      else if (q.type === "boolean") gates.push(q.name);
      else asked.push(q.name);
    }
    assert.deepEqual(asked.toSorted(), definition.items.map((i) => i.id).toSorted());
    assert.equal(new Set(asked).size, asked.length, "no item is asked twice");
    assert.deepEqual(gates, [...optInSections].map((s) => `intimacy-optin-${s}`));
    const questionOf = new Map(seen.questions.flatMap((q) => (q.rows ?? [q.name]).map((id) => [id, q])));
    // The definition's elements by name (the marker as written).
    const written = new Map();
    const walk = (elements) => elements.forEach((e) => (written.set(e.name, e), walk(e.elements ?? [])));
    seen.def.pages.forEach((p) => walk(p.elements));
    // Private items carry the marker (and the line telling the respondent);
    // the other items carry neither.
    const privateLine = seen.questions.find((q) => written.get(q.name).intimacyPrivate === true)?.description;
    assert.ok(privateLine?.startsWith("Private"), `the private line: ${privateLine}`);
    for (const item of definition.items) {
      const q = questionOf.get(item.id);
      assert.equal(written.get(q.name).intimacyPrivate === true, item.private === true, `${item.id}: intimacyPrivate in the definition`);
      assert.equal(q.description === privateLine, item.private === true, `${item.id}: the private line`);
      assert.equal(q.markerOnModel, null, `${item.id}: SurveyJS drops the unregistered key`);
      assert.equal(q.panel !== null, optInSections.has(item.section), `${item.id}: in a gated panel iff opt-in`);
      assert.equal(q.visibleInSurvey, !optInSections.has(item.section), `${item.id}: shown before any answer iff not opt-in`);
      if (q.type !== "matrix") assert.equal(q.title, item.text ?? item.id);
    }
    for (const panel of seen.panels) {
      assert.match(panel.visibleIf, /^\{intimacy-optin-[a-z-]+\} = true$/);
      assert.equal(panel.visible, false, `${panel.name} is hidden until its gate is yes`);
    }

    // ---- 2. Three respondents ------------------------------------------
    const matrixRows = seen.questions.filter((q) => q.type === "matrix" && q.rows.length >= 3 && q.panel === null);
    assert.ok(matrixRows.length > 0);
    const skipped = matrixRows[0].rows[1]; // a row in the middle of a matrix, left out
    const runs = [
      { name: "in", labels: plan("in", [skipped]), style: "click", gate: "yes", optedIn: [...optInSections] },
      { name: "out", labels: plan("out", []), style: "value", gate: "no", optedIn: [] },
      { name: "kept", labels: plan("out", []), style: "click", gate: "no", optedIn: [], clearInvisibleValues: "none" },
    ];
    assert.ok(Object.values(runs[0].labels).includes("Does not apply"), "run in answers one item 'does not apply'");
    const reports = {};
    for (const run of runs) {
      const answers = direct(run.labels, run.optedIn);
      const values = Object.fromEntries(Object.entries(run.labels).map(([id, l]) => [id, valueOf(itemById.get(id), l)]));
      const got = await page.evaluate(respond, {
        instrumentId: INSTRUMENT,
        labels: run.labels,
        values,
        style: run.style,
        gate: run.gate,
        clearInvisibleValues: run.clearInvisibleValues ?? null,
        answers,
        optedIn: run.optedIn,
      });
      const where = `run ${run.name}`;
      assert.deepEqual(got.problems, [], where);
      assert.equal(got.state, "completed", where);
      assert.deepEqual(got.visited, seen.pages.map((p) => p.name), `${where}: every page, in order`);
      // SurveyJS holds, as numbers, the values of the labels chosen, for every
      // item answered (the gated ones too, before the gate closes).
      assert.deepEqual(got.held, values, `${where}: the values SurveyJS holds`);
      assert.deepEqual(got.picked, run.labels, `${where}: the choices SurveyJS shows as selected`);
      assert.ok(Object.values(got.types).every((ty) => ty === "number"), `${where}: values are numbers`);
      // The gate showed its panel when yes.
      const opened = got.gateLog.filter((g) => g.set);
      assert.equal(opened.length, gates.length, where);
      assert.ok(opened.every((g) => g.panelVisible.every(Boolean)), `${where}: yes shows the panel`);

      const expected = instrument.score(answers, { optedIn: run.optedIn });
      assert.deepEqual(got.read.answers, answers, `${where}: fromSurveyJs reads the answers given`);
      assert.deepEqual(got.read.optedIn, run.optedIn, `${where}: optedIn`);
      assert.deepEqual(got.report, expected.toObject(), `${where}: the report of survey.data is the report of the answers`);
      assert.deepEqual(got.directReport, expected.toObject(), `${where}: the browser scores the answers as Node does`);
      assert.deepEqual(intimacy.fromSurveyJs(instrument, got.data).answers, answers, `${where}: Node reads survey.data alike`);
      if (run.name === "in") {
        assert.ok(!JSON.stringify(got.data).includes(`"${skipped}":`) && !(skipped in got.read.answers), `${where}: ${skipped} left out`);
      }
      for (const g of gates) assert.equal(got.data[g], run.gate === "yes", `${where}: the gate is stored`);

      const gatedIds = gated.map((i) => i.id);
      const inData = (id) => JSON.stringify(got.data).includes(`"${id}":`);
      if (run.gate === "yes") {
        assert.ok(gatedIds.every(inData), `${where}: the gated answers are stored`);
        assert.deepEqual(got.read.log.dropped, [], where);
      } else {
        const closed = got.gateLog.filter((g) => !g.set);
        assert.ok(closed.length > 0 && closed.every((g) => g.panelVisible.every((v) => !v)), `${where}: no hides the panel`);
        for (const g of closed) assert.ok(gatedIds.some((id) => JSON.stringify(g.before).includes(`"${id}":`)), `${where}: answered before closing`);
        if (run.clearInvisibleValues === "none") {
          // SurveyJS keeps them; fromSurveyJs drops each one and says so.
          assert.ok(gatedIds.every(inData), `${where}: survey.data keeps the hidden answers`);
          assert.deepEqual(got.read.log.dropped.map((d) => d.item).toSorted(), gatedIds.toSorted(), `${where}: log.dropped`);
          assert.ok(got.read.log.dropped.every((d) => /opt-in gate "intimacy-optin-[a-z-]+" is no/.test(d.reason)));
        } else {
          // onHiddenContainer: cleared the moment the gate closes.
          assert.ok(closed.every((g) => gatedIds.every((id) => !JSON.stringify(g.after).includes(`"${id}":`))), `${where}: cleared at once`);
          assert.ok(!gatedIds.some(inData), `${where}: survey.data has no hidden answer`);
          assert.deepEqual(got.read.log.dropped, [], where);
        }
        assert.ok(gatedIds.every((id) => !(id in got.read.answers)), `${where}: the hidden answers are never scored`);
      }
      reports[run.name] = got.report;
      t.diagnostic(`${where}: survey.data ${JSON.stringify(got.data).length} chars, ${Object.keys(got.read.answers).length} answers, safetyMode ${got.report.safetyMode}, dropped ${got.read.log.dropped.length}`);
    }
    assert.deepEqual(reports.kept, reports.out, "answers a closed gate hid change nothing");
    assert.notDeepEqual(reports.in, reports.out);
    assert.ok(reports.out.flags.some((f) => f.kind === "safety"), "run out raises the safety flag");

    // ---- 3. The markers, once the app registers them --------------------
    const reg = await page.evaluate(registered, { instrumentId: INSTRUMENT });
    assert.deepEqual(reg.jsonErrors, [], "registered, the definition loads with no complaint");
    assert.deepEqual(reg.instrument, { id: definition.id, version: definition.version });
    assert.deepEqual(reg.sections, seen.def.pages.map((p) => p.intimacySection ?? null));
    const privateQuestions = [...new Set(definition.items.filter((i) => i.private).map((i) => questionOf.get(i.id).name))];
    assert.deepEqual(reg.privateOnModel.toSorted(), privateQuestions.toSorted());
    assert.deepEqual(reg.optIns, [...optInSections].map((s) => [`intimacy-optin-${s}`, s]));
    assert.equal(reg.toJsonPrivate, privateQuestions.length, "model.toJSON() keeps the markers");

    // ---- 4. Quiet, and local ---------------------------------------------
    assert.deepEqual(messages, [], "no console message, warning or page error");
    assert.deepEqual(await page.evaluate(() => window.__violations), [], "no CSP violation");
    assert.equal(requests.length, loaded, `no requests after loading: ${requests.slice(loaded).join(", ")}`);
    assert.deepEqual(requests.filter((u) => new URL(u).origin !== origin), [], "every request went to the local server");
    assert.deepEqual(
      server.served.map((s) => `${s.status} ${s.path}`).toSorted(),
      ["200 /", "200 /main.js", "200 /pkg/full/intimacy_bg.wasm", "200 /pkg/full/web/intimacy.js", "200 /survey-core/survey.core.js"],
    );
    t.diagnostic(`survey-core ${surveyCoreVersion}; requests (all to ${origin}): ${requests.map((u) => new URL(u).pathname).join(" ")}`);
  } finally {
    await context?.close().catch(() => {});
    await server?.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
