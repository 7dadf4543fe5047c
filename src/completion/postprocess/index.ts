// The post-processing pipeline: raw engine text in, the text to show out. Pure: no editor APIs, so
// the benchmark scores completions through exactly what the editor shows.
import { balanceBrackets } from "./balanceBrackets";
import type { PostProcessContext } from "./context";
import { dropEmpty } from "./dropEmpty";
import { collapseLeadingSpace } from "./leadingSpace";
import { limitLines } from "./lines";
import { normalizeNewlines } from "./normalize";
import { composeMaps, identityMap, stageMap, type MappedStage, type OffsetMap } from "./offsetMap";
import { dropRepeatedLines } from "./repeatedLines";
import { dropRepeatedOwnLines } from "./repeatedOwnLines";
import { dropRepeatedPrefix } from "./repeatedPrefix";
import { trimSuffixOverlap } from "./suffixOverlap";

export type { PostProcessContext, Stage } from "./context";
export { decideMultiline, MULTILINE_SETTINGS, type MultilineHints, type MultilineSetting } from "./multiline";
export { cursorContext, type CursorContext } from "./cursorContext";
export { languageFromExtension } from "./languages";
export type { OffsetMap } from "./offsetMap";

/** Stages in order; each one is a file of its own. */
export const STAGES: readonly MappedStage[] = [
  { name: "normalizeNewlines", run: normalizeNewlines, edit: "newlines" },
  { name: "collapseLeadingSpace", run: collapseLeadingSpace, edit: "dropsHead" },
  { name: "dropRepeatedPrefix", run: dropRepeatedPrefix, edit: "dropsHead" },
  { name: "limitLines", run: limitLines, edit: "keepsHead" },
  { name: "dropRepeatedOwnLines", run: dropRepeatedOwnLines, edit: "keepsHead" },
  { name: "dropRepeatedLines", run: dropRepeatedLines, edit: "keepsHead" },
  { name: "trimSuffixOverlap", run: trimSuffixOverlap, edit: "keepsHead" },
  { name: "balanceBrackets", run: balanceBrackets, edit: "keepsHead" },
  { name: "dropEmpty", run: dropEmpty, edit: "keepsHead" },
];

export interface PostProcessed {
  /** The text to show. */
  text: string;
  /** For each character of `text`, its index in the raw text, or -1 where post-processing added it. */
  map: OffsetMap;
}

/** The shown text and where each of its characters came from in `raw`. */
export function postProcessMapped(raw: string, ctx: PostProcessContext): PostProcessed {
  let text = raw;
  let map = identityMap(raw.length);
  for (const stage of STAGES) {
    if (text === "") return { text: "", map: [] };
    const next = stage.run(text, ctx);
    if (next !== text) map = composeMaps(stageMap(stage.edit, text, next), map);
    text = next;
  }
  return { text, map };
}

export function postProcess(raw: string, ctx: PostProcessContext): string {
  return postProcessMapped(raw, ctx).text;
}
