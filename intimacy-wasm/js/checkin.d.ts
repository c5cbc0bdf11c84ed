// Types of the <intimacy-checkin> custom element (intimacy/checkin).
import type { Flag, MessagesFile, Report, Resources, Session, SessionOptions, Progress, TranslationFile } from "../web/intimacy.js";

/** Where the element keeps its state between visits; either call may return a promise. */
export interface CheckinStore {
  /** The state saved last, or null/undefined/"" for none. */
  load(): string | null | undefined | Promise<string | null | undefined>;
  /** Keep `state` (the session's JSON; "" after a restart: forget it). */
  save(state: string): void | Promise<void>;
}

export interface CheckinAnswerDetail {
  item: string;
  value: number;
  progress: Progress;
}

export interface CheckinSupportDetail {
  /** The safety and consent flags behind the support step, with their messages. */
  flags: Flag[];
  /** Where help can be found (with the app's help line, when given). */
  resources?: Resources;
}

export interface CheckinCompleteDetail {
  /** The report of the answers: the same as scoring them directly. */
  report: Report;
  /** The person chose to stop. */
  stopped: boolean;
  /** The session's saved state. */
  state: string;
}

export interface CheckinErrorDetail {
  error: unknown;
  /** What failed: loading or saving the state, resuming it, starting, or finishing. */
  during: "load" | "save" | "resume" | "start" | "finish";
}

/**
 * `<intimacy-checkin instrument="levels-checkin" form="short" locale="en" layout="question">`:
 * runs a check-in session, one question at a time (or a page per section
 * with `layout="section"`). Add `manual` to wait for `start()`.
 */
export class IntimacyCheckin extends HTMLElement {
  /** The session's scoring options (e.g. a helpline); `locale` and `form` come from the attributes. */
  options: Omit<SessionOptions, "locale" | "form">;
  /** Where the state is kept; without it, nothing is kept. */
  store: CheckinStore | null;
  /** The library's messages in languages it does not ship (see `addMessages`), added at start. */
  messages: MessagesFile | MessagesFile[];
  /** Translations of the instrument (side files, see `Instrument.withTranslation`), added at start. */
  translations: TranslationFile | TranslationFile[];
  /** The running session (null before start). */
  readonly session: Session | null;
  /** Start (or start over), resuming the stored state when there is one. */
  start(): Promise<void>;
  /** Forget the answers (the store receives "") and begin again. */
  restart(): Promise<void>;
  /** The report of the answers given so far. */
  report(): Report | null;
  addEventListener(type: "answer", listener: (event: CustomEvent<CheckinAnswerDetail>) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: "support", listener: (event: CustomEvent<CheckinSupportDetail>) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: "complete", listener: (event: CustomEvent<CheckinCompleteDetail>) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: "error", listener: (event: CustomEvent<CheckinErrorDetail>) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "intimacy-checkin": IntimacyCheckin;
  }
}
