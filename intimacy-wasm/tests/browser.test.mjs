// The check-in page (examples/web) in a real browser: headless Chromium driven
// by playwright-core. Answers are given by clicking labels; the rendered
// reflection must match what the Node build scores for the same answers; the
// safety message must show as an alert; and nothing may leave the page.
//
// Needs /usr/bin/chromium (scripts/test-all.sh installs it) and the web build
// in pkg/web (scripts/build-wasm.sh). The screenshot goes to target/checkin.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import * as intimacy from "intimacy";
import { chromiumArgs, chromiumPath } from "./helpers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const screenshot = join(repo, "target", "checkin.png");
const INSTRUMENT = "levels-checkin-short";


const instrument = intimacy.Instrument.builtin(INSTRUMENT);
const definition = instrument.toObject();
const scales = new Map(definition.responseScales.map((s) => [s.id, s]));
const scaleOf = (item) => scales.get(item.responseScale ?? definition.defaultResponseScale);
const frameworkByKey = new Map(intimacy.frameworks().map((f) => [f.key, f]));
const levelText = (framework, level) =>
  level > 0 ? `Level ${level} · ${frameworkByKey.get(framework).stages.find((s) => s.level === level).name}` : "None yet";
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const svgDesc = (svg) => svg.match(/<desc[^>]*>([^<]*)<\/desc>/)[1].replace(/&amp;/g, "&");

/** The value of an answer label on an item's response scale. */
function valueOf(item, label) {
  const choice = scaleOf(item).labels.find((l) => l.label === label);
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

/** Click the label of `label` in the item's fieldset; return its value. */
async function answer(page, item, label) {
  const group = page.getByRole("group", { name: item.text, exact: true });
  await group.locator("label").filter({ hasText: new RegExp(`^\\s*${escapeRe(label)}\\s*$`) }).click();
  await assert.doesNotReject(group.getByRole("radio", { name: label, exact: true, checked: true }).waitFor({ timeout: 2000 }));
  return valueOf(item, label);
}

/** Open (or, without a url, reload) the page and wait until it is ready. */
async function loadPage(page, url) {
  await (url ? page.goto(url, { waitUntil: "load" }) : page.reload({ waitUntil: "load" }));
  // The wasm is compiled before the form is shown; after this the page has
  // everything it will ever fetch.
  await page.locator('form#checkin[data-state="ready"]').waitFor({ state: "visible", timeout: 10_000 });
  await page.waitForLoadState("networkidle");
}

test("the check-in page scores in the browser, shows the safety alert and sends nothing", { timeout: 60_000 }, async (t) => {
  if (!existsSync(chromiumPath)) {
    assert.fail(`${chromiumPath} is missing: install Debian's chromium (scripts/test-all.sh does) to run the browser test`);
    return;
  }
  const { chromium } = await import("playwright-core");
  const { serve } = await import(join(repo, "examples", "web", "serve.mjs"));
  assert.ok(existsSync(join(here, "..", "pkg", "web", "intimacy.js")), "pkg/web missing: run ./scripts/build-wasm.sh");

  const profile = mkdtempSync(join(tmpdir(), "intimacy-chromium-"));
  let server;
  let context;
  try {
    server = await serve({ port: 0 });
    const origin = new URL(server.url).origin;
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1000, height: 900 },
      serviceWorkers: "block",
    });
    const requests = [];
    context.on("request", (request) => requests.push(request.url()));
    // How many requests had been made when each load event fired.
    const atLoad = [];
    const consoleErrors = [];
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (msg) => msg.type() === "error" && consoleErrors.push(msg.text()));
    page.on("pageerror", (err) => consoleErrors.push(String(err)));
    page.on("load", () => atLoad.push(requests.length));

    // ---- 1. A full check-in, the physical section opted in -------------
    await loadPage(page, server.url);
    const loaded = requests.length;
    assert.deepEqual(atLoad, [loaded], `no requests after the load event: ${requests.slice(atLoad[0]).join(", ")}`);
    const paths = requests.map((u) => new URL(u).pathname);
    assert.deepEqual(paths.toSorted(), ["/", "/app.js", "/pkg/intimacy_bg.wasm", "/pkg/web/intimacy.js", "/style.css"]);

    // Every input has a label, and the form is reachable by keyboard.
    const unlabelled = await page.$$eval("input", (inputs) => inputs.filter((i) => i.labels.length === 0).map((i) => i.id));
    assert.deepEqual(unlabelled, []);
    const optIn = page.getByLabel("Include the questions on physical closeness");
    assert.equal(await optIn.isChecked(), false, "the physical section is opt-in");
    const physical = instrument.items.filter((i) => i.section === "physical");
    const everyone = instrument.items.filter((i) => i.section !== "physical");
    assert.ok(physical.length > 0);
    await assert.rejects(
      page.getByRole("group", { name: physical[0].text, exact: true }).waitFor({ state: "visible", timeout: 300 }),
      "physical items are hidden until opted in",
    );
    const first = page.getByRole("group", { name: everyone[0].text, exact: true });
    await first.getByRole("radio").first().focus();
    await page.keyboard.press("ArrowRight");
    assert.equal(await first.getByRole("radio", { checked: true }).getAttribute("value"), String(scaleOf(everyone[0]).labels[1].value));

    // The safety questions come first, and are answered calmly; highest
    // agreement for every level item; "Never" for the patterns; "Agree" for
    // the kinds, but one left unanswered.
    assert.equal(everyone[0].section, "screen", "the safety screen is asked first");
    const skipped = everyone.filter((i) => i.measures?.[0]?.startsWith("kind:")).at(-1);
    const answers = {};
    for (const item of everyone) {
      if (item === skipped) continue;
      const target = item.measures?.[0] ?? "";
      const label = item.alerts?.length
        ? calmLabel(item)
        : item.id === "rel-length"
          ? "3 to 10 years"
          : target.startsWith("stage:")
            ? "Strongly agree"
            : scaleOf(item).id.startsWith("frequency")
              ? "Never"
              : "Agree";
      answers[item.id] = await answer(page, item, label);
    }
    await optIn.click();
    assert.equal(await optIn.isChecked(), true);
    for (const item of physical) {
      const label = item.alerts?.length
        ? calmLabel(item)
        : item.measures[0].startsWith("stage:")
          ? "Strongly agree"
          : scaleOf(item).id.startsWith("frequency")
            ? "Often"
            : "Agree";
      answers[item.id] = await answer(page, item, label);
    }
    await page.getByRole("button", { name: "See my reflection" }).click();
    const report = page.locator("#report");
    await report.waitFor({ state: "visible" });

    const expected = instrument.score(answers, { optedIn: ["physical"] });
    const exp = expected.toObject();
    assert.ok(!(skipped.id in answers) && exp.scales[`kind-${skipped.measures[0].slice(5)}`].status === "too-few-answered");
    const seven = report.locator('[data-framework="seven-levels"]');
    const consecutive = seven.locator('[data-field="consecutive"]');
    assert.equal(await consecutive.textContent(), levelText("seven-levels", exp.placements["seven-levels"].consecutive));
    assert.equal(await consecutive.getAttribute("data-level"), String(exp.placements["seven-levels"].consecutive));
    for (const [key, placement] of Object.entries(exp.placements)) {
      const card = report.locator(`[data-framework="${key}"]`);
      assert.equal(await card.locator('[data-field="peak"]').textContent(), levelText(key, placement.peak), key);
      assert.equal(await card.locator('[data-field="summary"]').textContent(), placement.summary, key);
    }
    assert.equal(await page.locator("#report-note").textContent(), exp.note);
    for (const chart of ["staircase", "radar"]) {
      const svg = report.locator(`#chart-${chart} > svg`);
      assert.equal(await svg.count(), 1, `${chart} chart`);
      assert.equal(await svg.locator("desc").textContent(), svgDesc(expected.toSvg(chart)), `${chart} chart`);
    }
    assert.equal(await report.locator(".flag").count(), exp.flags.length);
    assert.equal(await report.locator(".recommendation").count(), exp.recommendations.length);
    assert.doesNotMatch(await report.textContent(), /\b(null|undefined|NaN)\b|\[object /);
    assert.equal(await page.getByRole("alert").count(), 0, "no safety alert when every safety answer is calm");
    assert.equal(exp.safetyMode, false);
    assert.equal(await report.locator("#resources").textContent(), `${exp.resources.message} ${exp.resources.emergency}`, "where to find help, in every report");
    assert.equal(requests.length, loaded, `no requests while answering and scoring: ${requests.slice(loaded).join(", ")}`);

    // ---- 2. Reload; feeling unsafe raises the alert -------------------
    await loadPage(page, null);
    const reloaded = requests.length;
    assert.deepEqual(atLoad, [loaded, reloaded], `no requests after the load event: ${requests.slice(atLoad[1]).join(", ")}`);
    assert.equal(await page.locator("#report").isVisible(), false, "a reload forgets the answers");

    const unsafe = {};
    for (const item of everyone) {
      const target = item.measures?.[0] ?? "";
      const label = item.id === "safety"
        ? "Not at all"
        : item.alerts?.length
          ? calmLabel(item)
          : item.id === "rel-length"
            ? "1 to 3 years"
            : target.startsWith("stage:")
              ? (/^stage:seven-levels\/(surface|personal)/.test(target) ? "Agree" : "Neither agree nor disagree")
              : scaleOf(item).id.startsWith("frequency")
                ? "Often"
                : "Disagree";
      unsafe[item.id] = await answer(page, item, label);
    }
    await page.getByRole("button", { name: "See my reflection" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor({ state: "visible" });
    const exp2 = instrument.score(unsafe, { optedIn: [] }).toObject();
    const safetyFlag = exp2.flags.find((f) => f.kind === "safety");
    assert.ok(safetyFlag, "Node raises the safety flag too");
    assert.ok((await alert.textContent()).includes(safetyFlag.message));
    assert.ok((await alert.textContent()).includes(exp2.resources.emergency), "the alert says where to find help");
    assert.ok(exp2.safetyMode && exp2.recommendations.every((r) => !r.together), "safety mode: nothing to do together");
    assert.equal(await report.locator(".recommendation").first().getAttribute("data-practice"), exp2.recommendations[0].practice);
    const evidence = report.locator('.flag[data-kind="safety"] [data-item="safety"]');
    const safetyItem = instrument.items.find((i) => i.id === "safety");
    assert.match(await evidence.textContent(), new RegExp(`${escapeRe(safetyItem.text)}.*you answered Not at all`));
    assert.equal(await report.locator(".flag").count(), exp2.flags.length);
    assert.equal(
      await report.locator('[data-framework="seven-levels"] [data-field="consecutive"]').textContent(),
      levelText("seven-levels", exp2.placements["seven-levels"].consecutive),
    );

    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });

    assert.equal(requests.length, reloaded, `no requests after the reload: ${requests.slice(reloaded).join(", ")}`);
    const elsewhere = requests.filter((u) => new URL(u).origin !== origin);
    assert.deepEqual(elsewhere, [], "every request went to the page's own server on 127.0.0.1");
    assert.ok(requests.every((u) => new URL(u).hostname === "127.0.0.1"));
    assert.deepEqual(consoleErrors, []);
    t.diagnostic(`requests (all to ${origin}): ${requests.map((u) => new URL(u).pathname).join(" ")}`);
  } finally {
    await context?.close().catch(() => {});
    await server?.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
