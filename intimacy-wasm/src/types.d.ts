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

export interface Principle { key: string; text: string; }
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
  principles: Principle[]; stages: Stage[]; transitions: Transition[]; sources: string[];
}
export interface StageRef { framework: string; stage: string; }
export interface Counterpart { stage: StageRef; level: number; correspondence: "close" | "partial"; via?: string; }
export interface CrosswalkLink { a: StageRef; b: StageRef; correspondence: "close" | "partial"; note?: string; }
export interface Unmatched { stage: StageRef; framework: string; note: string; }
export interface Crosswalk { note: string; links: CrosswalkLink[]; unmatched: Unmatched[]; }
export interface Kind { key: IntimacyKind; name: string; summary: string; expressions: string[]; note?: string; sources: string[]; }
export interface Characteristic { key: CharacteristicKey; name: string; summary: string; sources: string[]; }
export interface Barrier { key: string; name: string; group: "personal" | "relational" | "modern"; summary: string; remedy: string; sources: string[]; }
export interface Sign { key: string; name: string; polarity: "healthy" | "unhealthy"; summary: string; indicators: string[]; sources: string[]; }
export interface Entry { key: string; name: string; summary: string; sources: string[]; }
export interface LoveLanguage { key: LoveLanguageKey; name: string; summary: string; examples: string[]; sources: string[]; }
export interface Practice { key: string; name: string; summary: string; steps: string[]; addresses: Target[]; sources: string[]; }
/** Everything the library knows about intimacy, as data. */
export interface Catalogue {
  sources: Source[]; frameworks: Framework[]; crosswalk: Crosswalk; kinds: Kind[];
  characteristics: Characteristic[]; barriers: Barrier[]; signs: Sign[]; fadingSigns: Entry[];
  reconnectingSteps: Entry[]; seekHelp: Entry[]; loveLanguages: LoveLanguage[]; practices: Practice[];
  myths: Entry[]; reflectionPrompts: Entry[];
}

export interface ScaleLabel { value: number; label: string; }
export interface ResponseScale { id: string; min: number; max: number; step?: number; continuous?: boolean; labels?: ScaleLabel[]; }
export interface Item {
  id: string; text?: string; responseScale?: string; reverse?: boolean; weight?: number;
  measures?: Target[]; section?: string;
}
export type MinAnswered = { count: number } | { fraction: number };
export interface Scale { id: string; name?: string; items: string[]; aggregation: "mean" | "sum"; minAnswered?: MinAnswered; measures?: Target[]; }
export interface Band { label: string; min?: number; max?: number; }
export interface Cutoff { scale: string; score: "score" | "total" | "mean"; bands: Band[]; citation?: string; verified: boolean; note?: string; }
export interface Section { id: string; title: string; optIn?: boolean; description?: string; }
export interface Form { id: string; title: string; items: string[]; }
export interface Verification { status: "verified" | "unverified" | "authored"; note?: string; }
/** An instrument as a plain object (camelCase; `toJson()` gives the file format). */
export interface InstrumentDefinition {
  id: string; version: string; title: string; description?: string; citation?: string; licence: string;
  verification: Verification; defaultResponseScale?: string; responseScales?: ResponseScale[];
  items: Item[]; scales?: Scale[]; cutoffs?: Cutoff[]; sections?: Section[]; forms?: Form[];
}
/** Options of `Instrument.fromKeys`. */
export interface KeysOptions {
  id?: string;
  /** Declared bounds of every item, needed to reverse items. */
  bounds?: [number, number];
  aggregation?: "mean" | "sum";
  /** A whole number of items, or `{fraction}`. All items when absent. */
  minAnswered?: number | MinAnswered;
}
export type ProblemCode =
  | "syntax" | "duplicate-id" | "unknown-reference" | "unknown-target" | "invalid-bounds" | "invalid-number"
  | "empty" | "reverse-without-bounds" | "cutoff-out-of-range" | "invalid-bands" | "invalid-minimum"
  | "invalid-id" | "invalid-label";
/** One defect of an instrument, with its path, e.g. `items[3].reverse`. */
export interface Problem { path: string; code: ProblemCode; message: string; }
/** Thrown by `Instrument.fromJson`, `fromKeys`, `builtin`: `name === "InstrumentError"`. */
export interface InstrumentError extends Error {
  name: "InstrumentError";
  code: "parse" | "invalid" | "unknown-builtin" | "unknown-form";
  problems: Problem[];
}
