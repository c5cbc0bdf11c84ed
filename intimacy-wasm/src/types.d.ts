/** A public text the content is drawn from. */
export interface Source { key: string; title: string; publisher: string; kind: string; note?: string; }

export type FrameworkShape = "linear" | "two-phase" | "process" | "components" | "axes" | "layered";
export type PlacementSubject = "relationship" | "partner-report" | "individual";
export type DisclosureDepth = "none" | "facts" | "opinions" | "feelings" | "deepest";
export type Basis = "published" | "authored";
export type TransitionKind = "advance" | "skip" | "revisit" | "reverse" | "loop";
export type IntimacyKind = "emotional" | "physical" | "intellectual" | "experiential" | "spiritual";
export type CharacteristicKey = "knowledge" | "mutuality" | "trust" | "commitment" | "caring";
export type LoveLanguageKey = "words-of-affirmation" | "acts-of-service" | "receiving-gifts" | "quality-time" | "physical-touch";
/** What an item measures or a practice addresses, e.g. "stage:seven-levels/surface", "kind:emotional", "safety". */
export type Target = string;

/** A rule for reading a framework: "published" when its own source states it, "authored" when it is the project's reading. */
export interface Principle { key: string; text: string; basis: Basis; }
export interface DisclosureLink { depth: DisclosureDepth; basis: Basis; }
/** One stage (level) of a framework. */
export interface Stage {
  level: number; key: string; name: string; authorLabel?: string; phase?: string;
  summary: string; features: string[]; cautions: string[]; disclosure?: DisclosureLink; sources: string[];
}
export interface Transition { from: string; to: string; kind: TransitionKind; }
/** A staged framework of intimacy. */
export interface Framework {
  key: string; name: string; shape: FrameworkShape; subject: PlacementSubject; summary: string;
  principles: Principle[]; stages: Stage[]; transitions: Transition[];
  /** Signs, as the source gives them, that the closeness it describes is missing (empty when none). */
  missingSigns: Entry[];
  /** Steps the source gives for regaining closeness (empty when none). */
  regainSteps: RegainStep[];
  sources: string[];
}
/** A step for regaining closeness, with the keys of the practices that carry it out. */
export interface RegainStep { key: string; name: string; summary: string; practices: string[]; sources: string[]; }
export interface StageRef { framework: string; stage: string; }
export interface Counterpart { stage: StageRef; level: number; correspondence: "close" | "partial"; via?: string; }
export interface CrosswalkLink { a: StageRef; b: StageRef; correspondence: "close" | "partial"; note?: string; }
export interface Unmatched { stage: StageRef; framework: string; note: string; }
export interface Crosswalk { note: string; links: CrosswalkLink[]; unmatched: Unmatched[]; }
export interface Kind { key: IntimacyKind; name: string; summary: string; expressions: string[]; note?: string; sources: string[]; }
export interface Characteristic { key: CharacteristicKey; name: string; summary: string; note?: string; sources: string[]; }
export interface Barrier { key: string; name: string; group: "personal" | "relational" | "modern"; summary: string; remedy: string; sources: string[]; }
export interface Sign {
  key: string; name: string; polarity: "healthy" | "unhealthy"; summary: string; indicators: string[];
  /** It can be a fear response: never given as the respondent's pattern in safety mode. */
  mayBeFearResponse?: boolean; sources: string[];
}
export interface Entry { key: string; name: string; summary: string; sources: string[]; }
export interface LoveLanguage { key: LoveLanguageKey; name: string; summary: string; examples: string[]; sources: string[]; }
export type PracticeCategory = "individual" | "couple" | "professional" | "safety";
export interface Practice {
  key: string; name: string; summary: string; steps: string[]; addresses: Target[];
  category: PracticeCategory;
  /** Done together with the partner: never recommended in safety mode. */
  together?: boolean;
  /** Physical affection: recommended only to someone who answered the physical items. */
  physical?: boolean;
  sources: string[];
}
/** Everything the library knows about intimacy, as data. */
export interface Catalogue {
  sources: Source[]; frameworks: Framework[]; crosswalk: Crosswalk; kinds: Kind[];
  characteristics: Characteristic[]; barriers: Barrier[]; signs: Sign[]; fadingSigns: Entry[];
  reconnectingSteps: Entry[]; seekHelp: Entry[]; loveLanguages: LoveLanguage[]; practices: Practice[];
  myths: Entry[]; reflectionPrompts: Entry[];
}

export interface ScaleLabel { value: number; label: string; }
export interface ResponseScale {
  id: string; min: number; max: number; step?: number; continuous?: boolean; labels?: ScaleLabel[];
  /** The "does not apply" code (outside min..max) and its label: neither an answer nor missing. */
  notApplicable?: ScaleLabel;
}
/** Raises the safety or consent flag when the answer (as given) lies within min..max. */
export interface Alert { flag: "safety" | "consent"; severity: Severity; min?: number; max?: number; }
export interface Item {
  id: string; text?: string; responseScale?: string; reverse?: boolean; weight?: number;
  measures?: Target[]; section?: string;
  /** Never carried into a joint (couple) output. */
  private?: boolean; alerts?: Alert[];
}
export type MinAnswered = { count: number } | { fraction: number };
export interface Scale { id: string; name?: string; items: string[]; aggregation: "mean" | "sum"; minAnswered?: MinAnswered; measures?: Target[]; private?: boolean; }
export interface Band { label: string; min?: number; max?: number; }
export interface Cutoff { scale: string; score: "score" | "total" | "mean"; bands: Band[]; citation?: string; verified: boolean; note?: string; }
export interface Section { id: string; title: string; optIn?: boolean; description?: string; }
export interface Form { id: string; title: string; items: string[]; }
export interface Verification { status: "verified" | "unverified" | "authored"; note?: string; }
/** An instrument as a plain object (camelCase; `toJson()` gives the file format). */
export interface InstrumentDefinition {
  id: string; version: string; title: string; description?: string; citation?: string; licence: string;
  verification: Verification; note?: string; defaultResponseScale?: string; responseScales?: ResponseScale[];
  items: Item[]; scales?: Scale[]; cutoffs?: Cutoff[]; sections?: Section[]; forms?: Form[];
  reportRules?: ReportRules;
}
/** Instrument-level rules of the report. */
export interface ReportRules {
  signThreshold?: number;
  earlyRelationship?: { item: string; atMost: number };
  loveLanguageMargin?: number;
}
/** Options of `Instrument.fromKeys`. */
export interface KeysOptions {
  id?: string;
  /** Declared bounds of every item, needed to reverse items. */
  bounds?: [number, number];
  aggregation?: "mean" | "sum";
  /** A whole number of items (a count), or `{count}` / `{fraction}`. All items when absent. */
  minAnswered?: number | MinAnswered;
}
export type ProblemCode =
  | "syntax" | "duplicate-id" | "unknown-reference" | "unknown-target" | "invalid-bounds" | "invalid-number"
  | "empty" | "reverse-without-bounds" | "cutoff-out-of-range" | "invalid-bands" | "invalid-minimum"
  | "invalid-id" | "invalid-label" | "invalid-rule";
/** One defect of an instrument, with its path, e.g. `items[3].reverse`. */
export interface Problem { path: string; code: ProblemCode; message: string; }
/** Thrown by `Instrument.fromJson`, `fromKeys`, `builtin`: `name === "InstrumentError"`. */
/** Where an error lies: whichever of these apply (the core's one location
 * shape, the same in every language; an `OptionsError` calls its path `option`). */
export interface ErrorLocation { path?: string; row?: number; column?: number; item?: string; value?: number; }
export interface InstrumentError extends Error, ErrorLocation {
  name: "InstrumentError";
  code: "parse" | "invalid" | "unknown-builtin" | "unknown-form";
  problems: Problem[];
}

export type ScoreStatus = "scored" | "too-few-answered" | "not-applicable";
export type MissingPolicy = "require-all" | "available" | "prorate" | "person-mean";
/** Which flags to compute; the safety and consent flags have no switch. */
export interface FlagRules {
  pacing?: boolean; rushing?: boolean; unhealthySigns?: boolean; fading?: boolean; seekHelp?: boolean;
  fadingMin?: number; seekHelpMin?: number;
}
/** Options of `score` and `scoreBatch` (all optional). */
export interface ScoreOptions {
  missing?: MissingPolicy;
  /** A whole number of items (a count), or `{count}` / `{fraction}`; overrides every scale's rule.
   * A number that is not whole (0.5) is an error: write a fraction as `{fraction: 0.5}`. */
  minAnswered?: number | MinAnswered;
  /** "error" (default for `score`) or "missing" (default for `scoreBatch`: recorded in `problems`). */
  invalid?: "error" | "missing";
  /** Attainment a stage needs to count as reached, 0-100 (default 60). */
  threshold?: number;
  /** Percent at which a sign, barrier or criterion counts as present (default: the instrument's, else 75). */
  signThreshold?: number;
  flags?: FlagRules;
  maxRecommendations?: number;
  /** Opt-in sections chosen (answering any of a section's items also opts in). */
  optedIn?: string[];
  /** The language of the report's words (default "en"; see `locales()`). */
  locale?: string;
  /** The app's regional help line, shown in every report's `resources`. */
  helpline?: Helpline;
  /** The regional emergency number (default: "your local emergency number"). */
  emergencyNumber?: string;
  /** Summaries for derived placements too (default false: theirs is empty). */
  derivedSummaries?: boolean;
}
/** Options of `scoreBatch`. */
export interface BatchOptions extends ScoreOptions {
  /** The item id of each column (default: the instrument's items in order). */
  columns?: string[];
  layout?: "row-major" | "column-major";
  /** The code for "unanswered" in a Uint8Array (default 255) or Int16Array (default -1). */
  missingCode?: number;
}
export interface ScaleScore {
  status: ScoreStatus; score: number | null; total: number | null; mean: number | null; percent: number | null;
  answered: number; missing: number; skipped: number; notApplicable?: number; band?: string;
}
export interface StageAttainment { level: number; key: string; attainment: number | null; reached: boolean | null; status: ScoreStatus; }
export interface Placement {
  framework: string; derived: boolean; via?: string; threshold: number; stages: StageAttainment[];
  consecutive: number; peak: number; gaps: number[]; unknown: number[]; summary: string;
}
export type FlagKind = "safety" | "consent" | "seek-help" | "pacing" | "rushing" | "unhealthy-sign" | "fading";
export type Severity = "notice" | "concern" | "referral";
export interface Evidence { item: string; answer: number; label?: string; target: string; }
export interface Flag { kind: FlagKind; severity: Severity; target?: string; message: string; evidence: Evidence[]; }
export interface Reason { target: string; detail: string; evidence: string[]; }
export interface Recommendation {
  practice: string; name: string; summary: string; steps: string[];
  category: PracticeCategory; together: boolean; reasons: Reason[]; priority: number;
}
export interface LoveLanguageScore { key: LoveLanguageKey; percent: number; }
/** Preferences to talk about, not a type (`note` says why). */
export interface LoveLanguages {
  ranking: LoveLanguageScore[]; primary: LoveLanguageKey[]; secondary: LoveLanguageKey[];
  margin: number; noClearPreference: boolean; note: string;
}
export interface Helpline { name: string; number?: string; url?: string; }
/** Where help can be found: in every report, flagged or not. */
export interface Resources { message: string; emergency: string; helpline?: Helpline; }
export interface AreaScore { target: string; name: string; percent: number | null; }
export interface FadingSummary { present: number; answered: number; strength: number; signs: string[]; }
export interface AnswerProblem { item: string; value: number | null; message: string; }
export interface Provenance {
  instrument: string; instrumentVersion: string; contentHash: string; libraryVersion: string;
  options: Record<string, unknown>;
}
/** A report as a plain object (`report.toObject()`). */
export interface ReportObject {
  scales: Record<string, ScaleScore>; placements: Record<string, Placement>; kinds: AreaScore[];
  characteristics: AreaScore[]; flags: Flag[]; safetyMode: boolean; resources: Resources;
  fading: FadingSummary | null; recommendations: Recommendation[];
  loveLanguages: LoveLanguages | null; optedIn: string[]; problems: AnswerProblem[]; note: string; provenance: Provenance;
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

/** Options of `reliability` (all optional). */
export interface ReliabilityOptions {
  /** The reversed (negatively keyed) items: 0-based columns, or names (from `itemNames`, else `V1`, `V2`, ...). Needs `bounds`. */
  reverse?: (number | string)[];
  /** Declared response bounds: `[min, max]` for every item, or one `[min, max]` per item. Answers outside are an error. */
  bounds?: [number, number] | [number, number][];
  /** "pairwise" (the default, as psych) or "listwise" deletion of unanswered items. */
  missing?: "pairwise" | "listwise";
  /** Column names (default `V1`, `V2`, ...). */
  itemNames?: string[];
  layout?: "row-major" | "column-major";
  /** The code for "unanswered" in a Uint8Array (default 255) or Int16Array (default -1). */
  missingCode?: number;
}
/** One item's statistics (psych's `item.stats`); NaN where undefined. */
export interface ItemStats {
  name: string; reversed: boolean;
  /** Correlation with the total score (`raw.r`). */
  rawR: number;
  /** Item-total correlation from the correlation matrix (`std.r`). */
  stdR: number;
  /** Corrected for overlap and unreliability (`r.cor`). */
  rCor: number;
  /** Correlation with the total of the other items (`r.drop`). */
  rDrop: number;
  mean: number; sd: number; n: number;
}
/** The scale's statistics with one item left out (psych's `alpha.drop`). */
export interface DroppedStats {
  name: string; alpha: number; stdAlpha: number; g6: number; averageR: number; signalNoise: number;
  ase: number; varR: number; medianR: number;
}
/** How often each answer was given to one item. */
export interface Frequencies {
  name: string;
  /** `[answer, share of the item's answers]`, ascending by (raw, unreversed) answer. */
  categories: [number, number][];
  /** Share of rows that did not answer the item. */
  missing: number;
}
/** The reliability analysis of one scale (`reliability`), as R's psych computes it; NaN where a statistic is undefined. */
export interface Reliability {
  /** Cronbach's alpha from the covariances (`raw_alpha`). */
  alpha: number;
  /** Alpha from the correlations (`std.alpha`). */
  stdAlpha: number;
  /** Guttman's lambda 6 from the correlations (`G6(smc)`). */
  g6: number;
  /** Guttman's lambda 6 from the covariances (`scoreItems`' `G6`). */
  g6Raw: number;
  averageR: number; medianR: number; varR: number; signalNoise: number;
  /** Duhachek-Iacobucci standard error of alpha, with N = `nPairwiseMin`. */
  ase: number;
  /** Feldt's 95 % interval. */
  feldtCi: [number, number];
  /** Duhachek's 95 % interval, alpha ± 1.96 ase. */
  duhachekCi: [number, number];
  deletion: "pairwise" | "listwise";
  /** Rows in the block. */
  rows: number;
  /** Rows used. */
  n: number;
  /** Rows answering every item. */
  nComplete: number;
  /** The smallest number of rows behind any covariance: the N of `ase` and the intervals. */
  nPairwiseMin: number;
  /** Items in the alpha (columns less those without variance). */
  nItems: number;
  /** Mean and standard deviation of the total score (each row's mean of its answered keyed items). */
  mean: number; sd: number;
  /** Per column, in column order. */
  items: ItemStats[];
  /** Per column, in column order. */
  alphaIfDropped: DroppedStats[];
  /** Per column, in column order. */
  frequencies: Frequencies[];
  /** Items left out of the alpha for zero or undefined variance. */
  zeroVariance: string[];
  notes: string[];
}
export type ReliabilityErrorCode =
  | "shape" | "too-few-items" | "too-many-items" | "too-few-rows" | "item-names" | "reverse-out-of-range" | "reverse-unknown-item"
  | "reverse-repeated" | "reverse-without-bounds" | "bounds-length" | "invalid-bounds" | "not-finite" | "out-of-bounds";
/** Thrown by `reliability` when the analysis cannot be done: `name === "ReliabilityError"`. */
export interface ReliabilityError extends Error, ErrorLocation {
  name: "ReliabilityError";
  code: ReliabilityErrorCode;
  row?: number; column?: number; item?: string; value?: number;
}

/** The Jacobson–Truax reliable change between two waves (`intimacy/full`). */
export interface ReliableChange {
  difference: number; sem: number; seDifference: number; rci: number; critical: number;
  classification: "improved" | "deteriorated" | "no-reliable-change";
}
/** Options of `change` (`intimacy/full`). */
export interface ChangeOptions {
  norms?: Record<string, { sd: number; reliability: number; higherIsBetter?: boolean }>;
  critical?: number;
}
export interface ScaleChange { scores: (number | null)[]; change: ReliableChange | null; }
export interface ChangeReport { waves: number; scales: Record<string, ScaleChange>; fadingPresent: (number | null)[]; flags: Flag[]; }
export interface ScalePair {
  a: number | null; b: number | null; difference: number | null; absoluteDifference: number | null;
  coupleMean: number | null; belowCutoff: "both" | "only-a" | "only-b" | "neither" | null;
}
export interface PlacementPair { a: number; b: number; shared: number; ahead: ("a" | "b" | "even" | "unknown")[]; }
/** Two partners' reports compared (`intimacy/full`). */
export interface CoupleReport {
  scales: Record<string, ScalePair>; placements: Record<string, PlacementPair>;
  loveLanguagesMismatch: boolean | null; loveLanguagesA: LoveLanguageKey[]; loveLanguagesB: LoveLanguageKey[];
  pacingMismatch: boolean;
}
export interface DyadicAgreement { n: number; pearson: number; iccPairwise: number; }
/** McDonald's omega from a one-factor minres solution (`intimacy/full`). */
export interface Omega {
  omegaTotal: number; omegaH: number; method: string;
  loadings: [string, number][]; uniquenesses: [string, number][]; flipped: string[]; heywood: string[];
  residualSs: number; deletion: "pairwise" | "listwise"; rows: number; n: number; nComplete: number;
  nPairwiseMin: number; nItems: number; zeroVariance: string[]; notes: string[];
}
/** Omega hierarchical (minres, oblimin, Schmid–Leiman) as psych's `omega` (`intimacy/full`). */
export interface OmegaHierarchical {
  omegaH: number; omegaTotal: number; nfactors: number;
  generalLoadings: [string, number][]; groupLoadings: [string, number[]][]; communalities: [string, number][];
  factorGeneralLoadings: number[]; factorCorrelations: number[][]; flipped: string[];
  deletion: "pairwise" | "listwise"; rows: number; n: number; nItems: number; zeroVariance: string[]; notes: string[];
}
