// <intimacy-checkin>: a check-in that runs itself, as a framework-free custom
// element. Every rule (the order, the safety screen first, the gates of
// opt-in sections, the support step the moment an answer raises the safety
// or consent flag) is the core's `Session`; this file only renders its steps
// and passes the person's choices back. Its words come from the library's
// messages (`checkinTexts`), so they are translated with everything else.
//
// No network request: the element loads nothing but the wasm module the
// package ships beside it, and hands its state to the app's own `store`.
//
//   <intimacy-checkin instrument="levels-checkin" form="short"></intimacy-checkin>
//
// Attributes: instrument, form, locale, layout ("question" or "section"),
// manual (wait for start()). Properties: options (the session's scoring
// options, e.g. a helpline), store ({load, save}), messages (the library's
// messages in a language it does not ship), translations (the instrument's
// side files), session (read-only).
// Events: answer, support, complete (detail.report), error.
import init, { Instrument, Session, addMessages, checkinTexts } from "../web/intimacy.js";

const STYLE = `
:host {
  --_bg: var(--intimacy-background, #ffffff);
  --_fg: var(--intimacy-foreground, #1d1d21);
  --_muted: var(--intimacy-muted, #4b4b55);
  --_accent: var(--intimacy-accent, #5a32c8);
  --_on-accent: var(--intimacy-on-accent, #ffffff);
  --_border: var(--intimacy-border, #8a8a96);
  --_surface: var(--intimacy-surface, #f4f2fa);
  --_alert-bg: var(--intimacy-alert-background, #fff4e5);
  --_alert-border: var(--intimacy-alert-border, #a35200);
  --_focus: var(--intimacy-focus, #1f5fd6);
  --_radius: var(--intimacy-radius, 10px);
  --_font: var(--intimacy-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  display: block;
  color-scheme: light dark;
  font-family: var(--_font);
  color: var(--_fg);
  background: var(--_bg);
  line-height: 1.5;
}
@media (prefers-color-scheme: dark) {
  :host {
    --_bg: var(--intimacy-background-dark, #16161a);
    --_fg: var(--intimacy-foreground-dark, #f1f0f5);
    --_muted: var(--intimacy-muted-dark, #c5c3d0);
    --_accent: var(--intimacy-accent-dark, #c2b1ff);
    --_on-accent: var(--intimacy-on-accent-dark, #16161a);
    --_border: var(--intimacy-border-dark, #8e8c9c);
    --_surface: var(--intimacy-surface-dark, #24232b);
    --_alert-bg: var(--intimacy-alert-background-dark, #2f2212);
    --_alert-border: var(--intimacy-alert-border-dark, #f0a54a);
    --_focus: var(--intimacy-focus-dark, #8fb8ff);
  }
}
[hidden] { display: none !important; }
.checkin { padding: 1rem 0; }
.bar { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; margin-bottom: 1rem; color: var(--_muted); font-size: .95rem; }
progress { flex: 1 1 10rem; height: .5rem; accent-color: var(--_accent); }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
h2 { font-size: 1.25rem; margin: 0 0 .5rem; }
h2:focus { outline: none; }
h2:focus-visible { outline: 3px solid var(--_focus); outline-offset: 3px; }
fieldset { border: 0; margin: 0 0 1.25rem; padding: 0; min-width: 0; }
legend { font-size: 1.1rem; font-weight: 600; padding: 0; margin-bottom: .75rem; }
.options { display: grid; gap: .5rem; }
.option { display: flex; align-items: center; gap: .75rem; padding: .65rem .85rem; border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_bg); cursor: pointer; }
.option:has(input:checked) { border-color: var(--_accent); background: var(--_surface); box-shadow: inset 0 0 0 1px var(--_accent); }
input[type="radio"] { width: 1.15rem; height: 1.15rem; margin: 0; accent-color: var(--_accent); }
input[type="number"] { font: inherit; padding: .5rem; border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_bg); color: var(--_fg); }
input:focus-visible, button:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; margin-top: 1rem; }
button { font: inherit; padding: .6rem 1.1rem; border-radius: var(--_radius); border: 1px solid var(--_border); background: var(--_bg); color: var(--_fg); cursor: pointer; }
button.primary { background: var(--_accent); border-color: var(--_accent); color: var(--_on-accent); font-weight: 600; }
button:disabled { opacity: .55; cursor: not-allowed; }
.hint, .description { color: var(--_muted); }
.problem { color: var(--_alert-border); font-weight: 600; }
.support { border: 2px solid var(--_alert-border); background: var(--_alert-bg); border-radius: var(--_radius); padding: 1rem 1.25rem; }
.support .flag { margin: 0 0 .75rem; }
.help { margin-top: 1rem; }
.help h3 { font-size: 1rem; margin: 0 0 .25rem; }
.help a { color: inherit; }
@media (prefers-reduced-motion: no-preference) {
  .step { animation: intimacy-enter 160ms ease-out; }
  @keyframes intimacy-enter { from { opacity: 0; transform: translateY(4px); } to { opacity: 1; transform: none; } }
}
`;

let shared = null;
/** One constructed style sheet for every element on the page. */
function sheet() {
  if (!shared) {
    shared = new CSSStyleSheet();
    shared.replaceSync(STYLE);
  }
  return shared;
}

let ready = null;
/** The wasm module, initialised once for every element on the page. */
function loadModule() {
  ready ??= init();
  return ready;
}

/** A DOM element: `h("p", { class: "x" }, "text", child)`. Text goes in as
 * text, never as markup. */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** `{name}` placeholders of `template` filled from `args`. */
function fill(template, args) {
  return template.replace(/\{([a-z]+)\}/g, (m, k) => (k in args ? String(args[k]) : m));
}

const message = (e) => (e && typeof e === "object" && "message" in e ? e.message : String(e));

let uid = 0;

export class IntimacyCheckin extends HTMLElement {
  static get observedAttributes() {
    return ["instrument", "form", "locale", "layout"];
  }

  /** The session's scoring options (e.g. `{ helpline: { name, number } }`). */
  options = {};
  /** Where the state is kept between visits: `{ load(): string | null, save(state: string) }`
   * (either may return a promise). Without it, nothing is kept. */
  store = null;
  /** The library's messages in languages it does not ship (`MessagesFile`s,
   * as `addMessages` takes them), added at start. */
  messages = [];
  /** Translations of the instrument (side files, as
   * `Instrument.withTranslation` takes them), added at start. */
  translations = [];

  #root;
  #session = null;
  #instrument = null;
  #texts = null;
  #live;
  #view;
  #id = `ic${++uid}`;
  #starting = null;
  #lastSupport = "";

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: "open" });
    this.#live = h("div", { class: "sr-only", role: "status", "aria-live": "polite", part: "live" });
    this.#view = h("div", { class: "checkin", part: "container" });
    // A constructed style sheet: a page whose Content-Security-Policy allows
    // no inline style (style-src 'self') still styles the element.
    this.#root.adoptedStyleSheets = [sheet()];
    this.#root.append(this.#live, this.#view);
  }

  /** The running session (null before start). */
  get session() {
    return this.#session;
  }

  connectedCallback() {
    if (!this.hasAttribute("manual") && !this.#session && !this.#starting) {
      // After the current task, so that an app can set `store` and `options`
      // right after creating the element.
      this.#starting = Promise.resolve().then(() => this.start());
    }
  }

  attributeChangedCallback(name, old, value) {
    if (old !== value && this.#session && name === "layout") this.#render();
  }

  /** Start (or start over): resume the stored state when there is one. */
  async start() {
    this.#starting = null;
    try {
      await loadModule();
      // Into this module's instance of the library (an app's own import of
      // the package may be another instance).
      for (const file of [].concat(this.messages ?? [])) addMessages(file);
      const locale = this.getAttribute("locale") ?? "en";
      this.#texts = checkinTexts(locale);
      this.#view.setAttribute("lang", locale);
      this.#instrument?.free?.();
      this.#instrument = null;
      let instrument = Instrument.builtin(this.getAttribute("instrument") ?? "levels-checkin");
      for (const side of [].concat(this.translations ?? [])) {
        const translated = instrument.withTranslation(side);
        instrument.free();
        instrument = translated;
      }
      this.#instrument = instrument;
      const options = { ...this.options, locale };
      const form = this.getAttribute("form");
      let saved = null;
      try {
        saved = this.store ? await this.store.load() : null;
      } catch (e) {
        this.#emit("error", { error: e, during: "load" });
      }
      this.#session?.free?.();
      this.#session = null;
      if (typeof saved === "string" && saved) {
        try {
          this.#session = Session.fromJson(saved, this.#instrument, options);
        } catch (e) {
          // A state of another instrument or version, or damaged: start over,
          // and say so.
          this.#emit("error", { error: e, during: "resume" });
        }
      }
      this.#session ??= new Session(this.#instrument, form ? { ...options, form } : options);
      this.#render();
    } catch (e) {
      this.#view.replaceChildren(
        h("p", { class: "problem", role: "alert", part: "error" }, this.#texts ? fill(this.#texts["load-failed"], { error: message(e) }) : message(e)),
      );
      this.#emit("error", { error: e, during: "start" });
    }
  }

  /** Forget the answers (the store is told: an empty state) and begin again. */
  async restart() {
    await this.#save("");
    this.#session?.free?.();
    this.#session = null;
    this.#lastSupport = "";
    await this.start();
  }

  /** The report of the answers given so far. */
  report() {
    return this.#session?.finish() ?? null;
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  async #save(state) {
    if (!this.store) return;
    try {
      await this.store.save(state);
    } catch (e) {
      this.#emit("error", { error: e, during: "save" });
    }
  }

  /** Apply a change to the session, save the state, and show what is next. */
  #act(change) {
    try {
      change(this.#session);
    } catch (e) {
      this.#showProblem(message(e));
      return;
    }
    this.#save(this.#session.toJson());
    this.#render();
  }

  /** Whether there is a step to go back to. */
  #canGoBack() {
    return (JSON.parse(this.#session.toJson()).trail ?? []).length > 0;
  }

  #showProblem(text) {
    const slot = this.#view.querySelector(".problem");
    if (slot) {
      slot.textContent = fill(this.#texts.error, { error: text });
      slot.hidden = false;
    }
  }

  #button(key, attrs, onClick) {
    const b = h("button", { type: "button", ...attrs }, this.#texts[key]);
    if (onClick) b.addEventListener("click", onClick);
    return b;
  }

  #progressBar(progress, text) {
    const done = progress.answered + progress.skipped;
    return h(
      "div",
      { class: "bar", part: "progress" },
      h("progress", { max: progress.total, value: done, "aria-label": this.#texts["progress-label"] }),
      h("span", {}, text),
    );
  }

  #render() {
    const s = this.#session;
    if (!s) return;
    const layout = this.getAttribute("layout") === "section" ? "section" : "question";
    const steps = layout === "section" ? s.nextPage() : [s.next()];
    const step = steps[0];
    let view;
    let focus;
    let after;
    if (step.kind === "question") {
      [view, focus] = this.#questions(steps);
    } else if (step.kind === "gate") {
      [view, focus] = this.#gate(step);
    } else if (step.kind === "support") {
      [view, focus, after] = this.#support(step);
    } else {
      [view, focus, after] = this.#done(step);
    }
    this.#view.replaceChildren(view);
    this.dataset.step = step.kind;
    if (step.kind === "question") {
      this.#live.textContent = this.#progressText(steps);
    } else if (step.kind !== "support") {
      this.#live.textContent = "";
    }
    focus?.focus();
    // Events last, so that a listener sees the step on the page (and may
    // move the focus on, e.g. to the report).
    after?.();
  }

  #progressText(steps) {
    const total = steps[0].progress.total;
    if (steps.length === 1) return fill(this.#texts.progress, { position: steps[0].position, total });
    return fill(this.#texts["progress-page"], { first: steps[0].position, last: steps.at(-1).position, total });
  }

  #questions(steps) {
    const form = h("form", { class: "step", part: "step question", novalidate: true, "data-kind": "question" });
    let first = null;
    for (const step of steps) {
      const name = `${this.#id}-${step.item}`;
      const legendId = `${name}-text`;
      const fieldset = h("fieldset", { part: "question", "data-item": step.item, "aria-labelledby": legendId });
      fieldset.append(h("legend", { id: legendId, part: "question-text" }, step.text ?? step.item));
      if (step.options.length) {
        const options = h("div", { class: "options", part: "options" });
        step.options.forEach((o, k) => {
          const id = `${name}-${k}`;
          const input = h("input", { type: "radio", id, name, value: String(o.value) });
          first ??= input;
          options.append(h("label", { class: "option", part: "option", for: id }, input, h("span", {}, o.label ?? String(o.value))));
        });
        fieldset.append(options);
      } else {
        const [min, max] = step.range ?? [0, 100];
        const input = h("input", { type: "number", name, min, max, step: "any", "aria-labelledby": legendId });
        first ??= input;
        fieldset.append(input);
      }
      form.append(fieldset);
    }
    const problem = h("p", { class: "problem", part: "error", role: "alert", hidden: true });
    const progress = this.#session.progress;
    form.append(
      problem,
      h(
        "div",
        { class: "actions", part: "actions" },
        h("button", { type: "submit", class: "primary", part: "button primary" }, this.#texts[steps.length > 1 ? "submit-page" : "next"]),
        steps.length === 1 ? this.#button("skip", { part: "button" }, () => this.#act((s) => s.skip())) : null,
        this.#button("back", { part: "button", disabled: !this.#canGoBack() }, () => this.#act((s) => s.back())),
      ),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.#submit(form, steps);
    });
    return [h("div", {}, this.#progressBar(progress, this.#progressText(steps)), form), first];
  }

  /** Answer the page's questions in order; a question left open is skipped
   * when it is the one asked. An answer that raises a safety flag stops the
   * page there: the support step comes next. */
  #submit(form, steps) {
    const value = (step) => {
      const name = `${this.#id}-${step.item}`;
      const input = form.querySelector(`input[name="${CSS.escape(name)}"]:checked, input[type="number"][name="${CSS.escape(name)}"]`);
      if (!input || input.value === "") return null;
      return Number(input.value);
    };
    if (steps.length === 1 && value(steps[0]) === null) {
      const problem = form.querySelector(".problem");
      problem.textContent = this.#texts["choose-first"];
      problem.hidden = false;
      form.querySelector("input")?.focus();
      return;
    }
    this.#act((s) => {
      for (const step of steps) {
        const v = value(step);
        if (v !== null) {
          s.answer(step.item, v);
          this.#emit("answer", { item: step.item, value: v, progress: s.progress });
        } else if (s.next().item === step.item) {
          s.skip();
        }
        if (s.next().kind === "support") break;
      }
    });
  }

  #gate(step) {
    const title = h("h2", { tabindex: "-1", part: "title", id: `${this.#id}-gate` }, step.text ?? step.section);
    const view = h(
      "section",
      { class: "step", part: "step gate", "aria-labelledby": `${this.#id}-gate`, "data-kind": "gate", "data-section": step.section },
      this.#progressBar(step.progress, ""),
      title,
      step.description ? h("p", { class: "description" }, step.description) : null,
      h("p", { class: "hint" }, this.#texts["gate-hint"]),
      h("p", { class: "problem", part: "error", role: "alert", hidden: true }),
      h(
        "div",
        { class: "actions", part: "actions" },
        this.#button("gate-enter", { class: "primary", part: "button primary" }, () => this.#act((s) => s.optIn(step.section))),
        this.#button("gate-skip", { part: "button" }, () => this.#act((s) => s.optOut(step.section))),
        this.#button("back", { part: "button" }, () => this.#act((s) => s.back())),
      ),
    );
    return [view, title];
  }

  #help(resources) {
    if (!resources) return null;
    const line = resources.helpline;
    return h(
      "div",
      { class: "help", part: "help" },
      h("h3", {}, this.#texts["help-title"]),
      h("p", {}, resources.message),
      line
        ? h(
            "p",
            { part: "helpline" },
            h("strong", {}, line.name),
            line.number ? [" ", h("a", { href: `tel:${line.number.replace(/[^+\d]/g, "")}` }, line.number)] : null,
            line.url ? [" ", h("a", { href: line.url, rel: "noreferrer noopener", target: "_blank" }, line.url)] : null,
          )
        : null,
      h("p", {}, h("strong", {}, resources.emergency)),
    );
  }

  #support(step) {
    const title = h("h2", { tabindex: "-1", part: "title", id: `${this.#id}-support` }, this.#texts["support-title"]);
    const view = h(
      "section",
      { class: "step support", part: "step support", "aria-labelledby": `${this.#id}-support`, "data-kind": "support" },
      title,
      h(
        "div",
        { role: "alert", part: "support-message" },
        step.flags.map((f) => h("p", { class: "flag", "data-flag": f.kind, "data-severity": f.severity }, f.message)),
      ),
      this.#help(step.resources),
      h("p", { class: "hint" }, this.#texts["support-hint"]),
      h("p", { class: "problem", part: "error", hidden: true }),
      h(
        "div",
        { class: "actions", part: "actions" },
        this.#button("support-continue", { class: "primary", part: "button primary" }, () => this.#act((s) => s.acknowledge())),
        this.#button("support-stop", { part: "button" }, () => this.#act((s) => s.stop())),
        this.#button("back", { part: "button" }, () => this.#act((s) => s.back())),
      ),
    );
    // Once per support step shown (not again on a re-render of the same one).
    const key = JSON.stringify(step.flags.map((f) => [f.kind, f.severity, f.evidence.map((e) => e.item)]));
    const after = () => {
      if (key !== this.#lastSupport) {
        this.#lastSupport = key;
        this.#emit("support", { flags: step.flags, resources: step.resources });
      }
    };
    return [view, title, after];
  }

  #done(step) {
    const title = h("h2", { tabindex: "-1", part: "title", id: `${this.#id}-done` }, this.#texts["done-title"]);
    const view = h(
      "section",
      { class: "step", part: "step done", "aria-labelledby": `${this.#id}-done`, "data-kind": "done" },
      title,
      h("p", {}, this.#texts[step.stopped ? "stopped" : "done"]),
      this.#help(step.resources),
      h("p", { class: "problem", part: "error", hidden: true }),
      h(
        "div",
        { class: "actions", part: "actions" },
        this.#button("back", { part: "button" }, () => this.#act((s) => s.back())),
        this.#button("restart", { part: "button" }, () => this.restart()),
      ),
    );
    const after = () => {
      let report = null;
      try {
        report = this.#session.finish();
      } catch (e) {
        this.#emit("error", { error: e, during: "finish" });
      }
      if (report) this.#emit("complete", { report, stopped: step.stopped, state: this.#session.toJson() });
    };
    return [view, title, after];
  }
}

if (!customElements.get("intimacy-checkin")) {
  customElements.define("intimacy-checkin", IntimacyCheckin);
}
