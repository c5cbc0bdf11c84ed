// Type-checked by `tsc -p tests/tsconfig.json` in the test run: the public
// surface is typed (no `any`), so misuse below would fail to compile.
import { Instrument, BatchInput, frameworks, catalogue, counterparts, builtinInstruments } from "intimacy";
import type { Framework, Stage, InstrumentError, Problem, Item, Scale, Counterpart, Catalogue } from "intimacy";

const fw: Framework[] = frameworks();
const first: Stage = fw[0].stages[0];
const name: string = first.name;
const level: number = first.level;
const cat: Catalogue = catalogue();
const fading: string[] = cat.fadingSigns.map((f) => f.key);
const cps: Counterpart[] = counterparts("five-levels", "feelings-and-fears", "seven-levels");
const names: string[] = builtinInstruments();

const inst: Instrument = Instrument.builtin("levels-checkin");
const items: Item[] = inst.items;
const scales: Scale[] = inst.scales;
const keyed = Instrument.fromKeys({ warmth: ["q1", "-q2"] }, { bounds: [1, 5], minAnswered: { fraction: 0.5 } });
const json: string = keyed.toJson();

try {
  Instrument.fromJson("{}");
} catch (e) {
  const err = e as InstrumentError;
  const problems: Problem[] = err.problems;
  const paths: string[] = problems.map((p) => p.path);
  void [paths, err.code];
}

// @ts-expect-error aggregation is "mean" | "sum"
Instrument.fromKeys({ a: ["x"] }, { aggregation: "median" });

export const used = [name, level, fading, cps, names, items.length, scales.length, json.length];

import type { Report, BatchScores, ScaleScore, Placement, Flag, ResponseError } from "intimacy";
const report: Report = inst.score({ l1a: 4, safety: null }, { optedIn: ["physical"], minAnswered: 1, flags: { pacing: false } });
const scale: ScaleScore | undefined = report.scales["level-surface"];
const seven: Placement | undefined = report.placements["seven-levels"];
const flags: Flag[] = report.flags;
const svg: string | undefined = report.toSvg("staircase");
const batch: BatchScores = inst.scoreBatch(new Float64Array(77), 1, { layout: "row-major" });
const input = new BatchInput(1, 77);
const view: Float64Array = input.values();
view.fill(3);
const inPlace: BatchScores = inst.scoreBatchInput(input, { missing: "available" });
const rowsIn: number = input.nRows + inPlace.rows;
input.free();
const firstScore: number = batch.scales[0].score[0];
try {
  inst.score({ l1a: 9 });
} catch (e) {
  const err = e as ResponseError;
  void [err.item, err.value, err.row];
}
// @ts-expect-error answers are numbers or null
inst.score({ l1a: "4" });
export const usedToo = [scale, seven, flags, svg, firstScore];

import { reliability } from "intimacy";
import type { Reliability, ReliabilityOptions, ItemStats, DroppedStats, Frequencies, ReliabilityError } from "intimacy";
const relOptions: ReliabilityOptions = { reverse: ["c"], bounds: [1, 5], missing: "listwise", itemNames: ["a", "b", "c"] };
const rel: Reliability = reliability(Float64Array.from([1, 2, 5, 2, 3, 4, 4, 4, 2, 5, 5, 1]), 4, 3, relOptions);
const alpha: number = rel.alpha;
const feldt: [number, number] = rel.feldtCi;
const itemStats: ItemStats = rel.items[0];
const dropped: DroppedStats = rel.alphaIfDropped[0];
const freq: Frequencies = rel.frequencies[0];
const share: number = freq.categories[0][1];
const perItem: Reliability = reliability(new Uint8Array(12), 4, 3, { bounds: [[1, 5], [1, 5], [0, 4]], layout: "column-major", missingCode: 0 });
const noOptions: Reliability = reliability(new Int16Array(8), 4, 2);
try {
  reliability(new Float64Array(4), 2, 2, { reverse: [0] });
} catch (e) {
  const err = e as ReliabilityError;
  const code: "reverse-without-bounds" | ReliabilityError["code"] = err.code;
  const omegaCodes: ReliabilityError["code"][] = ["factor-count", "not-converged", "undefined-correlation"];
  void [code, omegaCodes, err.row, err.column, err.item, err.value];
}
// @ts-expect-error missing is "pairwise" | "listwise"
reliability(new Float64Array(4), 2, 2, { missing: "all" });
// @ts-expect-error values are typed arrays
reliability([1, 2, 3, 4], 2, 2);
export const usedThree = [alpha, feldt, itemStats.rDrop, dropped.stdAlpha, share, perItem.deletion, noOptions.nItems];

// Survey exports (issue 13): typed rows, answers and errors.
import { fromSurveyJs, readCsv, readRedcapDictionary } from "intimacy";
import type { ImportedRows, SurveyAnswers, ImportLog, ReadError, ReadOptions } from "intimacy";
{
  const ras = Instrument.builtin("ras");
  const options: ReadOptions = { idColumn: "id", missingValues: ["-99"] };
  const rows: ImportedRows = readCsv("id,ras1\na,4\n", ras, options);
  const scored = ras.scoreBatch(rows.values, rows.rows);
  const firstKey: string = rows.keys[0][0];
  const log: ImportLog = rows.log;
  const kept: number = log.rowsKept + scored.rows + firstKey.length;
  const survey: Record<string, unknown> = ras.toSurveyJs();
  const read = fromSurveyJs(ras, { ras1: 4 }) as SurveyAnswers;
  ras.score(read.answers, { optedIn: read.optedIn ?? [] });
  const dictionary = readRedcapDictionary("Variable / Field Name,Form Name,Field Type,Field Label\n");
  const item: string = dictionary.instrument.items[0].id;
  try {
    readCsv("id,ras1\na,0\n", ras, options);
  } catch (e) {
    const err = e as ReadError;
    const where: string = `${err.line}:${err.column}: ${err.columnName} ${err.text} ${err.code}`;
    void where;
  }
  void kept; void survey; void item;
}

// The classic models (issue 15).
import { couple, coupleSvg, modelCuts } from "intimacy";
import type { ModelReading, PartScore, TypeReading, CoupleReport, ModelPair } from "intimacy";
const tlsKey = Instrument.builtin("tls-15");
const tlsA: Report = tlsKey.score({ tls15_1: 4 }, { models: { sternberg: { cut: "values", cuts: { intimacy: 3, passion: 3, commitment: 3 } } } });
const reading: ModelReading | undefined = tlsA.models.sternberg;
const parts: PartScore[] = reading ? reading.parts : [];
const kind: TypeReading | undefined = reading?.typology;
const pairs: CoupleReport = couple(tlsKey, tlsA, tlsA);
const pair: ModelPair | undefined = pairs.models.sternberg;
const drawn: string | undefined = coupleSvg(tlsKey, tlsA, tlsA, "triangle");
const cuts: Record<string, number> = modelCuts("sternberg", [tlsA]);
void [parts, kind, pair, drawn, cuts];

// The session (issue 16).
import { Session } from "intimacy";
import type { Step, Progress, SessionOptions } from "intimacy";
const sessionOptions: SessionOptions = { form: "short", locale: "en" };
const session = new Session(Instrument.builtin("levels-checkin"), sessionOptions);
const step: Step = session.next();
if (step.kind === "question" && step.item) session.answer(step.item, step.options[0].value);
const progress: Progress = session.progress;
const resumedSession: Session = Session.fromJson(session.toJson(), Instrument.builtin("levels-checkin"));
const finished: Report = resumedSession.finish();
void [progress, finished];

// Translations: templates, an app's own messages, side files as objects.
import { addMessages, messagesFile } from "intimacy";
import type { MessagesFile, LocaleInfo, TranslationFile, MessagesError } from "intimacy";
const template: MessagesFile = messagesFile("es");
try {
  const added: LocaleInfo = addMessages({ ...template, messages: { "checkin.next": "Siguiente" } });
  void added.translated;
} catch (e) {
  const err = e as MessagesError;
  const where: string[] = err.problems.map((p) => `${p.path}: ${p.code}`);
  void where;
}
const sideFile: TranslationFile = Instrument.builtin("levels-checkin").translationFile("es");
const translatedInst: Instrument = Instrument.builtin("levels-checkin").withTranslation(sideFile);
void translatedInst;
// @ts-expect-error a messages file has a status
addMessages({ locale: "es", messages: {} });
