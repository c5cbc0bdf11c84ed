// The check-in page (examples/web), built on the <intimacy-checkin> element,
// in a real browser: headless Chromium driven by playwright-core, with the
// keyboard only (no click, no programmatic focus). A Node session of the
// same instrument runs beside it with the same choices: every step the page
// shows must be the step the core gives. The test checks that
//   - the questions come in the core's order, one at a time, and a reload
//     resumes at the same question (the page keeps the state in this tab);
//   - the gate of the opt-in section, then the reflection, equal to the
//     Node session's report;
//   - an unsafe answer brings the support step next, as an alert, with where
//     to find help, and stopping is recorded (the report in safety mode);
//   - a page per section (layout="section") shows the core's pages;
//   - messages and instrument words an app gives it (a language the library
//     does not ship) are the ones it shows, English where they lack words;
//   - axe-core finds no accessibility violation at any step, in light and
//     dark mode; reduced motion turns the step animation off;
//   - no request leaves 127.0.0.1, and none happens after a page has loaded.
//
// Needs /usr/bin/chromium (scripts/test-all.sh installs it), the web build
// (scripts/build-wasm.sh) and the npm dev dependencies (playwright-core,
// axe-core). The screenshots go to target/checkin*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import * as intimacy from "intimacy";
import { chromiumArgs, chromiumPath } from "./helpers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const shots = join(repo, "target");
const require = createRequire(import.meta.url);

const instrument = intimacy.Instrument.builtin("levels-checkin");
const itemById = new Map(instrument.items.map((i) => [i.id, i]));
const frameworkByKey = new Map(intimacy.frameworks().map((f) => [f.key, f]));
const levelText = (framework, level) =>
  level > 0 ? `Level ${level} · ${frameworkByKey.get(framework).stages.find((s) => s.level === level).name}` : "None yet";

/** Whether answer `x` to `item` raises one of its safety or consent alerts. */
const raises = (item, x) => (item.alerts ?? []).some((a) => (a.min ?? -Infinity) <= x && x <= (a.max ?? Infinity));

/** The position, among a question's options, of the answer to give: the
 * option furthest from any alert for items with alerts, else `pick` (an
 * index from the end when negative). */
function choose(step, pick = -2) {
  const item = itemById.get(step.item);
  const options = step.options.filter((o) => o.label !== "Does not apply");
  if (item.alerts?.length) {
    const alerting = options.filter((o) => raises(item, o.value)).map((o) => o.value);
    const distance = (o) => Math.min(...alerting.map((v) => Math.abs(v - o.value)));
    const best = options.reduce((b, o) => (!raises(item, o.value) && distance(o) > distance(b) ? o : b), options.find((o) => !raises(item, o.value)));
    return step.options.indexOf(best);
  }
  return pick < 0 ? options.length + pick : pick;
}

/** The focused element, through shadow roots. */
async function focused(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    if (!a) return null;
    return { tag: a.tagName.toLowerCase(), text: (a.textContent ?? "").trim(), type: a.type ?? null, name: a.name ?? null, value: a.value ?? null, checked: a.checked ?? null, id: a.id ?? null };
  });
}

/** Press Tab (or Shift+Tab) until the focus is on the button named `name`. */
async function tabTo(page, name, { back = false, limit = 12 } = {}) {
  for (let n = 0; n < limit; n++) {
    const f = await focused(page);
    if (f?.tag === "button" && f.text === name) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  assert.fail(`the keyboard never reached the button ${name}`);
}

/** The question the element shows now: its item, with the focus on its first answer. */
async function shownItem(page) {
  const fieldset = page.locator("intimacy-checkin fieldset[data-item]").first();
  await fieldset.waitFor({ state: "visible", timeout: 5000 });
  return fieldset.getAttribute("data-item");
}

/** Answer the shown question with its option at `index`, keyboard only:
 * arrows (or Space for the first), then Tab to Next and Enter. */
async function answerWithKeys(page, index, next = "Next") {
  const f = await focused(page);
  assert.equal(f?.type, "radio", "the focus starts on the question's first answer");
  if (index === 0) await page.keyboard.press("Space");
  for (let k = 0; k < index; k++) await page.keyboard.press("ArrowDown");
  const chosen = await focused(page);
  assert.equal(chosen.checked, true);
  await tabTo(page, next);
  await page.keyboard.press("Enter");
  return Number(chosen.value);
}

async function axe(page, label) {
  await page.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }))),
  );
  assert.deepEqual(result, [], `${label}: axe-core found accessibility violations`);
}

async function waitStep(page, kind) {
  await page.waitForFunction((k) => document.querySelector("intimacy-checkin")?.dataset.step === k, kind, { timeout: 5000 });
}

test("the check-in element runs the session in the browser, keyboard only, accessible, sending nothing", { timeout: 120_000 }, async (t) => {
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing: install Debian's chromium (scripts/test-all.sh does) to run the browser test`);
  const { chromium } = await import("playwright-core");
  const { serve } = await import(join(repo, "examples", "web", "serve.mjs"));
  assert.ok(existsSync(join(here, "..", "pkg", "element", "checkin.js")), "pkg/element missing: run ./scripts/build-wasm.sh");

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
    const atLoad = [];
    const consoleErrors = [];
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (msg) => msg.type() === "error" && consoleErrors.push(msg.text()));
    page.on("pageerror", (err) => consoleErrors.push(String(err)));
    // How many requests had been made when each page's load was over.
    const load = async (url) => {
      assert.equal(requests.length, atLoad.at(-1) ?? 0, `no request between loads: ${requests.slice(atLoad.at(-1) ?? 0).join(", ")}`);
      await (url ? page.goto(url, { waitUntil: "load" }) : page.reload({ waitUntil: "load" }));
      await page.waitForFunction(() => document.body.dataset.state === "ready", null, { timeout: 10_000 });
      await page.waitForLoadState("networkidle");
      atLoad.push(requests.length);
    };
    const node = new intimacy.Session(instrument, { form: "short" });

    // ---- 1. A calm check-in, one question at a time ------------------------
    await load(server.url);
    const paths = requests.map((u) => new URL(u).pathname);
    assert.deepEqual(paths.toSorted(), ["/", "/app.js", "/pkg/element/checkin.js", "/pkg/intimacy_bg.wasm", "/pkg/web/intimacy.js", "/style.css"]);
    await axe(page, "the first question");
    let answered = 0;
    let reloaded = false;
    for (;;) {
      const step = node.next();
      if (step.kind === "question") {
        assert.equal(await shownItem(page), step.item, "the element asks what the core asks next");
        const progress = await page.locator("intimacy-checkin [part~=progress] span").textContent();
        assert.equal(progress, `Question ${step.position} of ${step.progress.total}`);
        const index = choose(step);
        const value = await answerWithKeys(page, index);
        assert.equal(value, step.options[index].value);
        node.answer(step.item, value);
        answered += 1;
        if (answered === 9 && !reloaded) {
          // A reload resumes exactly where the person was.
          reloaded = true;
          await load(null);
          assert.equal(await shownItem(page), node.next().item, "a reload resumes at the same question");
        }
      } else if (step.kind === "gate") {
        await waitStep(page, "gate");
        assert.equal(await page.locator("intimacy-checkin h2").textContent(), step.text);
        assert.equal((await focused(page)).tag, "h2", "the focus moves to the gate's title");
        await axe(page, "the gate");
        await tabTo(page, "Yes, include these questions");
        await page.keyboard.press("Enter");
        node.optIn(step.section);
      } else {
        assert.equal(step.kind, "done", "a calm check-in brings no support step");
        break;
      }
    }
    await waitStep(page, "done");
    const report = page.locator("#report");
    await report.waitFor({ state: "visible" });
    const exp = node.finish().toObject();
    assert.deepEqual(exp.optedIn, ["physical"]);
    for (const [key, placement] of Object.entries(exp.placements)) {
      const card = report.locator(`[data-framework="${key}"]`);
      assert.equal(await card.locator('[data-field="consecutive"]').textContent(), levelText(key, placement.consecutive), key);
      assert.equal(await card.locator('[data-field="summary"]').textContent(), placement.summary, key);
    }
    assert.equal(await report.locator(".flag").count(), exp.flags.length);
    assert.equal(await report.locator(".recommendation").count(), exp.recommendations.length);
    assert.equal(await report.locator("#resources").textContent(), `${exp.resources.message} ${exp.resources.emergency}`);
    assert.doesNotMatch(await report.textContent(), /\b(null|undefined|NaN)\b|\[object /);
    assert.equal((await focused(page)).id, "report-title", "the focus moves on to the reflection");
    await axe(page, "the end, with the reflection");
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, "checkin.png"), fullPage: true });

    // ---- 2. Start again; an unsafe answer brings support first -------------
    await tabTo(page, "Clear my answers", { back: true, limit: 40 });
    await page.keyboard.press("Enter");
    await waitStep(page, "question");
    assert.equal(await report.isVisible(), false);
    const fresh = new intimacy.Session(instrument, { form: "short" });
    const first = fresh.next();
    assert.equal(await shownItem(page), first.item);
    const sometimes = first.options.findIndex((o) => o.label === "Sometimes");
    fresh.answer(first.item, await answerWithKeys(page, sometimes));
    const support = fresh.next();
    assert.equal(support.kind, "support");
    await waitStep(page, "support");
    const alert = page.locator("intimacy-checkin [role=alert]");
    assert.equal((await alert.textContent()).trim(), support.flags.map((f) => f.message).join(""));
    const supportText = await page.locator("intimacy-checkin [data-kind=support]").textContent();
    assert.ok(supportText.includes(support.resources.emergency), "the support step says where to find help");
    assert.equal((await focused(page)).tag, "h2", "the focus moves to the support step");
    await axe(page, "the support step");
    await page.screenshot({ path: join(shots, "checkin-support.png"), fullPage: true });

    // Dark mode and reduced motion: still no violation; no animation.
    await page.emulateMedia({ colorScheme: "dark", reducedMotion: "reduce" });
    await axe(page, "the support step in dark mode");
    const styles = await page.evaluate(() => {
      const el = document.querySelector("intimacy-checkin");
      const step = el.shadowRoot.querySelector(".step");
      return { animation: getComputedStyle(step).animationName, background: getComputedStyle(el).backgroundColor };
    });
    assert.equal(styles.animation, "none", "reduced motion: no step animation");
    await page.emulateMedia({ colorScheme: "light", reducedMotion: "no-preference" });
    const animated = await page.evaluate(() => getComputedStyle(document.querySelector("intimacy-checkin").shadowRoot.querySelector(".step")).animationName);
    assert.notEqual(animated, "none");
    assert.notEqual(styles.background, await page.evaluate(() => getComputedStyle(document.querySelector("intimacy-checkin")).backgroundColor), "dark mode changes the colours");

    // The support step survives a reload; stopping is recorded.
    await load(null);
    await waitStep(page, "support");
    await page.locator("intimacy-checkin h2").waitFor();
    await tabTo(page, "Stop here");
    await page.keyboard.press("Enter");
    fresh.stop();
    await waitStep(page, "done");
    await report.waitFor({ state: "visible" });
    const stopped = fresh.finish().toObject();
    assert.equal(stopped.safetyMode, true);
    assert.ok((await page.locator("#safety").textContent()).includes(stopped.flags.find((f) => f.kind === "safety").message));
    assert.ok(stopped.recommendations.every((r) => !r.together), "safety mode: nothing to do together");
    assert.ok(
      (await page.locator("intimacy-checkin [data-kind=done]").textContent()).includes(intimacy.checkinTexts("en").stopped),
      "the element says the person stopped",
    );
    await axe(page, "stopped, the reflection in safety mode");

    // ---- 3. A page per section ------------------------------------------
    await page.evaluate(() => document.querySelector("intimacy-checkin").setAttribute("layout", "section"));
    await tabTo(page, "Clear my answers", { back: true, limit: 40 });
    await page.keyboard.press("Enter");
    await waitStep(page, "question");
    const paged = new intimacy.Session(instrument, { form: "short" });
    for (let n = 0; n < 2; n++) {
      const expected = paged.nextPage();
      const shown = await page.locator("intimacy-checkin fieldset[data-item]").evaluateAll((fs) => fs.map((f) => f.dataset.item));
      assert.deepEqual(shown, expected.map((s) => s.item), `page ${n + 1} holds the core's page`);
      if (n === 0) await axe(page, "a page of questions");
      // Space on each question's first answer... or the calm one; Tab moves
      // from one question to the next.
      for (const [k, step] of expected.entries()) {
        const index = choose(step, 1);
        const f = await focused(page);
        assert.equal(f.type, "radio", `question ${k + 1} of the page takes the focus by Tab`);
        if (index === 0) await page.keyboard.press("Space");
        for (let j = 0; j < index; j++) await page.keyboard.press("ArrowDown");
        const chosen = await focused(page);
        assert.equal(chosen.checked, true);
        paged.answer(step.item, Number(chosen.value));
        if (k + 1 < expected.length) await page.keyboard.press("Tab");
      }
      await tabTo(page, "Continue");
      await page.keyboard.press("Enter");
      await page.waitForFunction(
        (item) => !document.querySelector("intimacy-checkin").shadowRoot.querySelector(`fieldset[data-item="${item}"]`),
        expected[0].item,
      );
    }
    assert.equal(await page.evaluate(() => document.querySelector("intimacy-checkin").session.toJson()), paged.toJson(), "the page's answers, in the core's order");

    // ---- 4. A language the library does not ship ---------------------------
    // The app gives the element the library's messages and the instrument's
    // words in it (here "qaa", a tag for local use): the buttons, the
    // progress line and the question speak it; what it lacks is English.
    const words = { "checkin.next": "Weiter", "checkin.progress": "Frage {position} von {total}" };
    const opening = new intimacy.Session(instrument, { form: "short" }).next();
    const side = { instrument: "levels-checkin", version: instrument.version, locale: "qaa", status: "draft", words: { [`items.${opening.item}`]: "Erste Frage (qaa)" } };
    await page.evaluate(([words, side]) => {
      const el = document.querySelector("intimacy-checkin");
      el.messages = [{ locale: "qaa", status: "draft", messages: words }];
      el.translations = [side];
      el.setAttribute("layout", "question");
      el.setAttribute("locale", "qaa");
      return el.restart();
    }, [words, side]);
    await waitStep(page, "question");
    assert.equal(await shownItem(page), opening.item);
    const shadowText = (sel) => page.evaluate((s) => document.querySelector("intimacy-checkin").shadowRoot.querySelector(s)?.textContent ?? "", sel);
    assert.ok((await shadowText("fieldset[data-item] legend")).includes("Erste Frage (qaa)"), "the item in the app's words");
    const buttons = await page.locator("intimacy-checkin button").allTextContents();
    assert.ok(buttons.includes("Weiter"), `the element's words in qaa: ${buttons}`);
    assert.ok(buttons.includes(intimacy.checkinTexts("en").back), "a word qaa lacks is English");
    assert.match(await shadowText("[role=status]"), /^Frage 1 von \d+$/);
    assert.equal(await page.locator("intimacy-checkin [lang=qaa]").count(), 1);

    // ---- Nothing left the page --------------------------------------------
    assert.deepEqual(atLoad.length, 3);
    await page.waitForLoadState("networkidle");
    assert.equal(requests.length, atLoad.at(-1), `no request after the last load: ${requests.slice(atLoad.at(-1)).join(", ")}`);
    const elsewhere = requests.filter((u) => new URL(u).origin !== origin);
    assert.deepEqual(elsewhere, [], "every request went to the page's own server on 127.0.0.1");
    assert.deepEqual(consoleErrors, []);
    t.diagnostic(`requests (all to ${origin}, during the three loads): ${requests.length}`);
  } finally {
    await context?.close().catch(() => {});
    await server?.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
