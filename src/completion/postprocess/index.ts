// The post-processing pipeline: raw engine text in, the text to show out. Pure: no editor APIs, so
// the benchmark scores completions through exactly what the editor shows.
import { balanceBrackets } from "./balanceBrackets";
import type { PostProcessContext, Stage } from "./context";
import { dropEmpty } from "./dropEmpty";
import { collapseLeadingSpace } from "./leadingSpace";
import { limitLines } from "./lines";
import { normalizeNewlines } from "./normalize";
import { dropRepeatedLines } from "./repeatedLines";
import { trimSuffixOverlap } from "./suffixOverlap";

export type { PostProcessContext, Stage } from "./context";
export { decideMultiline, type MultilineSetting } from "./multiline";

/** Stages in order; each one is a file of its own. */
export const STAGES: readonly { name: string; run: Stage }[] = [
  { name: "normalizeNewlines", run: normalizeNewlines },
  { name: "collapseLeadingSpace", run: collapseLeadingSpace },
  { name: "limitLines", run: limitLines },
  { name: "dropRepeatedLines", run: dropRepeatedLines },
  { name: "trimSuffixOverlap", run: trimSuffixOverlap },
  { name: "balanceBrackets", run: balanceBrackets },
  { name: "dropEmpty", run: dropEmpty },
];

export function postProcess(raw: string, ctx: PostProcessContext): string {
  let text = raw;
  for (const stage of STAGES) {
    if (text === "") return "";
    text = stage.run(text, ctx);
  }
  return text;
}
