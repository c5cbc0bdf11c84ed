// Type-checked by `tsc -p tests/tsconfig.json` in the test run: the public
// surface is typed (no `any`), so misuse below would fail to compile.
import { Instrument, frameworks, catalogue, counterparts, builtinInstruments } from "intimacy";
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
