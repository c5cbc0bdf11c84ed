// Declarations written by hand: what only the JS package has (errors,
// typed-array batches, block layouts). Every data type of the core is in
// types.generated.d.ts, written from the Rust types.

/** Where an error lies: whichever of these apply (the core's one location
 * shape, the same in every language; an `OptionsError` calls its path `option`). */
export interface ErrorLocation {
  path?: string; row?: number; column?: number; item?: string; value?: number;
  /** Survey exports: the 1-based line, the column's name, the value as written. */
  line?: number; columnName?: string; text?: string;
}
/** Thrown by `Instrument.fromJson`, `fromKeys`, `builtin`: `name === "InstrumentError"`. */
export interface InstrumentError extends Error, ErrorLocation {
  name: "InstrumentError";
  code: "parse" | "invalid" | "unknown-builtin" | "unknown-form";
  problems: Problem[];
}

/** Thrown by `addMessages`: `name === "MessagesError"`; `problems` names
 * every defect by its path (`locale`, `status`, `messages.<key>`). */
export interface MessagesError extends Error, ErrorLocation {
  name: "MessagesError";
  code: "invalid-messages";
  problems: Problem[];
}

/** Options of `scoreBatch`. */
export interface BatchOptions extends ScoreOptions {
  /** The item id of each column (default: the instrument's items in order). */
  columns?: string[];
  layout?: "row-major" | "column-major";
  /** The code for "unanswered" in a Uint8Array (default 255) or Int16Array (default -1). */
  missingCode?: number;
}
/** Output of `scoreBatch`: one entry per input row in every column. */
export interface BatchScores {
  rows: number;
  scales: { id: string; score: Float64Array; answered: Uint32Array }[];
  placements: { framework: string; derived: boolean; consecutive: Uint8Array; peak: Uint8Array }[];
  flags: { name: string; values: Uint8Array }[];
  problems: { row: number; column: number; item: string; value: number; message: string }[];
}
/** Thrown by `score` and `scoreBatch` for bad answers: `name === "ResponseError"`. */
export interface ResponseError extends Error, ErrorLocation {
  name: "ResponseError";
  code: "invalid-answer" | "unknown-item" | "invalid-responses" | "shape" | "internal";
  row?: number; item?: string; value?: number;
}
/** Thrown by the survey adapters (`fromSurveyJs`, `readJsPsych`, ...): `name === "ReadError"`. */
export interface ReadError extends Error, ErrorLocation {
  name: "ReadError";
  code: "syntax" | "layout" | "missing-column" | "duplicate-column" | "row-length" | "invalid-value"
    | "unmapped-value" | "missing-id" | "invalid-option" | "too-large";
}
/** Thrown for a bad option of any entry point: `name === "OptionsError"`;
 * `option` is its path, the same in every language: the core's snake_case
 * name of a known option ("min_answered", "flags.seek_help_min"), an unknown
 * key as it was given. */
export interface OptionsError extends Error { name: "OptionsError"; code: "invalid-option" | "unknown-section"; option?: string; }
/** Thrown by `reliableChange` and `change` (`intimacy/full`): `name === "ChangeError"`. */
export interface ChangeError extends Error, ErrorLocation { name: "ChangeError"; code: "invalid-parameter" | "different-instruments" | "too-few-waves"; }
/** Thrown by `couple` and `dyadicAgreement` (`intimacy/full`): `name === "CoupleError"`. */
export interface CoupleError extends Error, ErrorLocation {
  name: "CoupleError"; code: "different-instruments" | "not-this-instrument" | "length-mismatch" | "too-few-couples";
}

/** Options of `reliability` (all optional): the analysis options, and how the block is laid out. */
export interface ReliabilityOptions extends ReliabilityAnalysisOptions {
  layout?: "row-major" | "column-major";
  /** The code for "unanswered" in a Uint8Array (default 255) or Int16Array (default -1). */
  missingCode?: number;
}
export type ReliabilityErrorCode =
  | "shape" | "too-few-items" | "too-many-items" | "too-few-rows" | "item-names" | "reverse-out-of-range" | "reverse-unknown-item"
  | "reverse-repeated" | "reverse-without-bounds" | "bounds-length" | "invalid-bounds" | "not-finite" | "too-large" | "out-of-bounds"
  // omega and omegaHierarchical only:
  | "undefined-correlation" | "not-converged" | "factor-count";
/** Thrown by `reliability`, `omega` and `omegaHierarchical` when the analysis
 * cannot be done: `name === "ReliabilityError"`. */
export interface ReliabilityError extends Error, ErrorLocation {
  name: "ReliabilityError";
  code: ReliabilityErrorCode;
  row?: number; column?: number; item?: string; value?: number;
}

/** A wrong argument that is not an option (a string where an array is
 * expected, a freed object, answers that are not numbers): a `TypeError`
 * with this `code`, thrown before anything enters WebAssembly. */
export interface ArgumentError extends TypeError { code: "invalid-argument"; }
/** Memory cannot hold the input (a `RangeError` from the binding) or the
 * output (an `Error` named `OutOfMemoryError` from the core), with this `code`. */
export interface OutOfMemoryError extends Error { code: "out-of-memory"; }

/** Rows read from a survey export (`readCsv`, `readQualtrics`, `readRedcap`,
 * `readJsPsych`, `fromSurveyJs` of an array): one row per respondent. */
export interface ImportedRows {
  /** The key columns' names (the respondent id first). */
  keyNames: string[];
  /** Per row, its keys. */
  keys: string[][];
  /** The instrument's item ids: the columns of `values`. */
  items: string[];
  /** Row-major answers, `rows × items.length` (NaN unanswered): `instrument.scoreBatch(values, rows)`. */
  values: Float64Array;
  rows: number;
  /** Per row, the opt-in sections entered through the survey's gates (null: no gates). */
  optedIn: (string[] | null)[];
  log: ImportLog;
}
/** One respondent's SurveyJS results: `instrument.score(answers, { optedIn: optedIn ?? [] })`. */
export interface SurveyAnswers {
  answers: Record<string, number | null>;
  optedIn: string[] | null;
  log: ImportLog;
}
/** The options of `new Session(instrument, options)`: the scoring options, and the form to ask. */
export interface SessionOptions extends ScoreOptions {
  form?: string;
}
