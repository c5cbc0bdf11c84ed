// The check-in page: the library's <intimacy-checkin> element runs the
// check-in (the short form of the levels check-in, the safety questions
// first, support the moment an answer calls for it); this file gives it a
// place to keep its state in this tab, and renders the reflection when the
// element says the check-in is complete. No request carries an answer: the
// only requests are the page's own files, all made while it loads.
//
// All text from the library is inserted with textContent; only the charts
// (SVG the library draws from numbers and its own labels) go in as markup.
import init, { Instrument, frameworks } from "./pkg/web/intimacy.js";
import "./pkg/element/checkin.js";

const INSTRUMENT = "levels-checkin-short";
/** Where the element keeps its state: this tab only, gone when it closes. */
const STATE_KEY = "intimacy-checkin-state";

const $ = (id) => document.getElementById(id);

/** A DOM element: `h("p", { class: "x" }, "text", child)`. Attributes that
 * are false, null or undefined are left out; children may be arrays. */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === "dataset") Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** The choices of a response scale: its labels (or its numbered steps), then
 * its "does not apply" choice when it has one. */
function choicesOf(scale) {
  let out = scale.labels?.length ? [...scale.labels] : [];
  if (!out.length) {
    const step = scale.step ?? 1;
    for (let v = scale.min; v <= scale.max + 1e-9; v += step) out.push({ value: v, label: String(v) });
  }
  if (scale.notApplicable) out.push(scale.notApplicable);
  return out;
}

const status = $("status");

function showStatus(text, kind = "") {
  status.textContent = text;
  status.className = `status ${kind}`.trim();
  status.hidden = !text;
}

async function main() {
  try {
    await init();
  } catch (e) {
    showStatus(
      `The scoring module could not be loaded (${e?.message ?? e}). Serve this folder over http with ` +
        "node examples/web/serve.mjs after ./scripts/build-wasm.sh; opening the file directly does not work.",
      "error",
    );
    document.body.dataset.state = "error";
    return;
  }

  const instrument = Instrument.builtin(INSTRUMENT);
  const definition = instrument.toObject();
  const items = instrument.items;
  const itemById = new Map(items.map((item) => [item.id, item]));
  const scales = new Map((definition.responseScales ?? []).map((s) => [s.id, s]));
  const scaleOf = (item) => scales.get(item.responseScale ?? definition.defaultResponseScale);
  const frameworkList = frameworks();
  const frameworkByKey = new Map(frameworkList.map((f) => [f.key, f]));

  const checkin = $("checkin");
  checkin.store = {
    load: () => sessionStorage.getItem(STATE_KEY),
    save: (state) => (state ? sessionStorage.setItem(STATE_KEY, state) : sessionStorage.removeItem(STATE_KEY)),
  };
  checkin.addEventListener("complete", (event) => showReport(event.detail.report));
  checkin.addEventListener("error", (event) => {
    const { error, during } = event.detail;
    if (during === "resume") showStatus("Your earlier answers could not be picked up again, so the check-in starts afresh.");
    else showStatus(`Something went wrong (${during}): ${error?.message ?? error}`, "error");
  });
  // Going back from the end (or starting again) hides the reflection.
  new MutationObserver(() => {
    if (checkin.dataset.step !== "done") hideReport();
  }).observe(checkin, { attributes: true, attributeFilter: ["data-step"] });
  $("clear").addEventListener("click", () => {
    hideReport();
    checkin.restart();
  });

  function hideReport() {
    $("report").hidden = true;
    $("safety").replaceChildren();
    $("report-body").replaceChildren();
  }

  // ---- The report -------------------------------------------------------

  const stageName = (framework, level) => frameworkByKey.get(framework)?.stages.find((s) => s.level === level)?.name ?? "";
  const levelText = (framework, level) => (level > 0 ? `Level ${level} · ${stageName(framework, level)}` : "None yet");
  const levelList = (framework, levels) =>
    levels.length ? levels.map((l) => levelText(framework, l)).join("; ") : "None";

  function answerLabel(evidence) {
    if (evidence.label) return evidence.label;
    const item = itemById.get(evidence.item);
    const choice = item && choicesOf(scaleOf(item)).find((c) => c.value === evidence.answer);
    return choice ? choice.label : String(evidence.answer);
  }

  function stageLine(framework, stage) {
    let state;
    let width = 0;
    if (stage.status === "scored") {
      const pct = Math.round(stage.attainment);
      width = Math.max(0, Math.min(100, stage.attainment));
      state = `${pct} of 100 · ${stage.reached ? "reached" : "not yet"}`;
    } else if (stage.status === "not-applicable") {
      state = "skipped";
    } else {
      state = "not answered";
    }
    const bar = h("span", { class: `bar ${stage.reached ? "reached" : ""}`.trim(), "aria-hidden": "true" }, h("span", { class: "fill" }));
    bar.firstChild.style.width = `${width}%`;
    return h(
      "li",
      { class: `stage status-${stage.status}`, dataset: { level: stage.level } },
      h("span", { class: "stage-name" }, levelText(framework, stage.level)),
      bar,
      h("span", { class: "stage-state" }, state),
    );
  }

  function placementCard(placement) {
    const fw = frameworkByKey.get(placement.framework);
    const key = placement.framework;
    // Levels without a score: unanswered, or in an opt-in section left out.
    const statusOf = (level) => placement.stages.find((s) => s.level === level)?.status;
    const skipped = placement.unknown.filter((l) => statusOf(l) === "not-applicable");
    const notAnswered = placement.unknown.filter((l) => statusOf(l) !== "not-applicable");
    const row = (label, field, value, level) =>
      h("div", {}, h("dt", {}, label), h("dd", { dataset: { field, ...(level === undefined ? {} : { level }) } }, value));
    return h(
      "article",
      { class: "placement", dataset: { framework: key }, "aria-labelledby": `placement-${key}` },
      h("h4", { id: `placement-${key}` }, fw?.name ?? key),
      h(
        "dl",
        { class: "levels" },
        row("Consecutive level", "consecutive", levelText(key, placement.consecutive), placement.consecutive),
        row("Peak level", "peak", levelText(key, placement.peak), placement.peak),
        row("Gaps", "gaps", levelList(key, placement.gaps)),
        notAnswered.length ? row("Not answered", "unknown", levelList(key, notAnswered)) : null,
        skipped.length ? row("Skipped (optional questions)", "skipped", levelList(key, skipped)) : null,
      ),
      h("p", { class: "summary", dataset: { field: "summary" } }, placement.summary),
      h("ol", { class: "stages", "aria-label": `${fw?.name ?? key}: each level` }, placement.stages.map((s) => stageLine(key, s))),
    );
  }

  function chart(report, kind, caption) {
    const svg = report.toSvg(kind);
    if (!svg) return null;
    const figure = h("figure", { class: "chart", id: `chart-${kind}` });
    figure.innerHTML = svg; // drawn by the library from numbers and its own labels
    figure.append(h("figcaption", {}, caption));
    return figure;
  }

  const SEVERITY = { referral: "Please read", concern: "Worth talking about", notice: "Something to notice" };

  function flagCard(flag) {
    return h(
      "li",
      { class: `flag severity-${flag.severity} kind-${flag.kind}`, dataset: { kind: flag.kind } },
      h("p", { class: "flag-head" }, h("span", { class: "badge" }, SEVERITY[flag.severity] ?? flag.severity)),
      h("p", { class: "flag-message" }, flag.message),
      flag.evidence.length
        ? h(
            "div",
            { class: "evidence" },
            h("p", { class: "evidence-title" }, "Based on your answers:"),
            h(
              "ul",
              {},
              flag.evidence.map((ev) =>
                h(
                  "li",
                  { dataset: { item: ev.item } },
                  h("q", {}, itemById.get(ev.item)?.text ?? ev.item),
                  " — you answered ",
                  h("strong", { class: "answer" }, answerLabel(ev)),
                ),
              ),
            ),
          )
        : null,
    );
  }

  function recommendationCard(rec) {
    return h(
      "li",
      { class: "recommendation", dataset: { practice: rec.practice } },
      h("h4", {}, rec.name),
      h("p", {}, rec.summary),
      rec.steps.length ? h("ol", { class: "steps" }, rec.steps.map((s) => h("li", {}, s))) : null,
      rec.reasons.length
        ? h("p", { class: "reasons" }, h("strong", {}, "Why this: "), rec.reasons.map((r) => r.detail).join("; "), ".")
        : null,
    );
  }

  function showReport(report) {
    const r = report.toObject();
    const section = $("report");
    const safety = $("safety");
    const body = $("report-body");
    safety.replaceChildren();
    body.replaceChildren();

    // Safety and consent come first, as an alert, with where to find help.
    const safetyFlags = r.flags.filter((f) => f.kind === "safety" || f.kind === "consent");
    for (const flag of safetyFlags) {
      safety.append(
        h(
          "div",
          { class: "safety-alert", role: "alert", dataset: { kind: flag.kind } },
          h("h3", {}, flag.kind === "safety" ? "Your safety matters most" : "Your wishes count"),
          h("p", {}, flag.message),
          h("p", {}, r.resources.message, " ", h("strong", {}, r.resources.emergency)),
        ),
      );
    }
    $("report-note").textContent = r.note;

    const placements = frameworkList.map((f) => r.placements[f.key]).filter(Boolean);
    const blocks = [
      h(
        "section",
        { class: "block", "aria-labelledby": "where-title" },
        h("h3", { id: "where-title" }, "Where things stand"),
        h(
          "p",
          { class: "explain" },
          "Consecutive level: every level up to it is in place. Peak level: the deepest level reached. " +
            `Gaps: levels below the peak not yet in place. A level counts as reached at ${placements[0]?.threshold ?? 60} of 100.`,
        ),
        h("div", { class: "placements" }, placements.map(placementCard)),
      ),
      h(
        "section",
        { class: "block charts", "aria-labelledby": "charts-title" },
        h("h3", { id: "charts-title" }, "Your answers as pictures"),
        chart(report, "staircase", "The seven levels as a staircase: how far each level is in place."),
        chart(report, "radar", "The kinds of intimacy you share, 0 at the centre and 100 at the edge."),
      ),
      h(
        "section",
        { class: "block", "aria-labelledby": "flags-title" },
        h("h3", { id: "flags-title" }, "What stood out"),
        r.flags.length
          ? h("ul", { class: "flags" }, r.flags.map(flagCard))
          : h("p", {}, "Nothing in your answers raised a flag."),
      ),
      h(
        "section",
        { class: "block", "aria-labelledby": "recs-title" },
        h("h3", { id: "recs-title" }, r.safetyMode ? "Support for you" : "Ideas to try"),
        r.recommendations.length
          ? h("ol", { class: "recommendations" }, r.recommendations.map(recommendationCard))
          : h("p", {}, "No particular practices stand out from these answers; keep doing what works for you both."),
      ),
      r.loveLanguages
        ? h(
            "section",
            { class: "block", "aria-labelledby": "ll-title" },
            h("h3", { id: "ll-title" }, "Love languages"),
            h("ul", {}, r.loveLanguages.ranking.map((l) => h("li", {}, `${l.key.replace(/-/g, " ")}: ${Math.round(l.percent)} of 100`))),
            h("p", { class: "explain" }, r.loveLanguages.note),
          )
        : null,
      h(
        "section",
        { class: "block", "aria-labelledby": "help-title" },
        h("h3", { id: "help-title" }, "Where to find help"),
        h("p", { id: "resources" }, r.resources.message, " ", r.resources.emergency),
      ),
      r.problems.length
        ? h(
            "section",
            { class: "block", "aria-labelledby": "problems-title" },
            h("h3", { id: "problems-title" }, "Answers that could not be used"),
            h("ul", {}, r.problems.map((p) => h("li", {}, `${itemById.get(p.item)?.text ?? p.item}: ${p.message}`))),
          )
        : null,
      h(
        "p",
        { class: "provenance" },
        `Scored in this browser by intimacy ${r.provenance.libraryVersion} with ${r.provenance.instrument} ` +
          `version ${r.provenance.instrumentVersion}. Nothing was sent anywhere; closing the tab forgets your answers.`,
      ),
    ];
    body.append(...blocks.filter(Boolean));
    section.hidden = false;
    section.dataset.state = safetyFlags.length ? "safety" : "scored";
    $("report-title").focus();
  }

  function showReportError(e) {
    $("safety").replaceChildren();
    $("report-note").textContent = "";
    $("report-body").replaceChildren(h("p", { class: "status error" }, `Your answers could not be scored: ${e?.message ?? e}`));
    $("report").hidden = false;
    $("report").dataset.state = "error";
    $("report-title").focus();
  }

  showStatus("");
  checkin.hidden = false;
  $("actions").hidden = false;
  await checkin.start();
  document.body.dataset.state = "ready";
}

main();
