// What the shifted-cache reuse (engine/frontReuse.ts) costs in quality: each dev task is completed twice,
// once on an empty cache (exact evaluation) and once on a cache that holds the prompt as it was before
// its front was cut one step further (FILLER tokens of other code in front of it), so that the lane
// shifts the whole prompt onto its new positions: its cached values were computed with other code in view.
import type { EadEngine } from "../engine/engine";
import type { LocalLane } from "../engine/localLane";
import { DEFAULT_DECODE_SETTINGS, type DecodeMode } from "../engine/types";
import { SHIFT_REUSE_MIN_TOKENS } from "../engine/frontReuse";
import { scoreCompletion } from "./scoring";
import type { BenchTask } from "./tasks";

/** Tokens cut from the front (fim.ts PREFIX_CUT_STEP) and typed at the end. */
export const FILLER_TOKENS = 256;

export interface ShiftQualityResult {
  mode: DecodeMode;
  /** Tasks whose prompt was long enough for a shift (the shared part at least SHIFT_REUSE_MIN_TOKENS). */
  tasks: number;
  skipped: number;
  /** Mean edit similarity, exact evaluation and shifted cache. */
  exact: number;
  shifted: number;
  /** Tasks whose two completions were identical. */
  identical: number;
  /** Prompt tokens evaluated per task (mean), exact and shifted. */
  evaluated: { exact: number; shifted: number };
}

export async function measureShiftQuality(engine: EadEngine, tasks: BenchTask[], mode: DecodeMode, maxTokens: number, onTask?: () => void): Promise<ShiftQualityResult> {
  const settings = { mode, maxTokens };
  const room = { maxTokens, draftTokens: DEFAULT_DECODE_SETTINGS.draftTokens };
  const lanes = (mode === "small" ? [engine.lanes.small] : mode === "large" ? [engine.lanes.large] : [engine.lanes.small, engine.lanes.large]) as LocalLane[];
  const sum = { exact: 0, shifted: 0, evExact: 0, evShifted: 0 };
  let used = 0;
  let skipped = 0;
  let identical = 0;
  for (const [i, task] of tasks.entries()) {
    const prompt = engine.completionPrompt(task.prefix, task.suffix, room).prompt;
    const shared = prompt.length - 1;
    // Code from another file (tasks of one file share their opening lines).
    let j = (i + 1) % tasks.length;
    while (j !== i && tasks[j].prefix.slice(0, 200) === task.prefix.slice(0, 200)) j = (j + 1) % tasks.length;
    const other = tasks[j];
    const filler = engine.tokenize(other.prefix).slice(0, FILLER_TOKENS);
    if (shared < SHIFT_REUSE_MIN_TOKENS || filler.length < FILLER_TOKENS) {
      skipped++;
      onTask?.();
      continue;
    }
    const before = [prompt[0], ...filler, ...prompt.slice(1)];
    for (const lane of lanes) {
      await lane.reset();
      await lane.advance(before, { topK: 1 });
    }
    const shiftedBefore = lanes.map((l) => l.shiftedTokens);
    const warm = await engine.complete({ prefix: task.prefix, suffix: task.suffix, settings });
    // (In ead mode a lane the completion never needed keeps its cache as it was.)
    if (!lanes.some((l, k) => l.shiftedTokens - shiftedBefore[k] >= SHIFT_REUSE_MIN_TOKENS)) throw new Error(`task ${task.id}: the cache was not shifted (${lanes.map((l, k) => `${l.role} ${l.shiftedTokens - shiftedBefore[k]}, cached ${l.cachedTokens.length}`).join("; ")}; prompt ${prompt.length}, before ${before.length}; evaluated ${JSON.stringify(warm.stats.promptEvaluated)})`);
    for (const lane of lanes) await lane.reset();
    const cold = await engine.complete({ prefix: task.prefix, suffix: task.suffix, settings });
    const promptEvaluated = (r: typeof warm) => (r.stats.promptEvaluated ? r.stats.promptEvaluated.small + r.stats.promptEvaluated.large : 0);
    sum.exact += scoreCompletion(cold.text, task).similarity;
    sum.shifted += scoreCompletion(warm.text, task).similarity;
    sum.evExact += promptEvaluated(cold);
    sum.evShifted += promptEvaluated(warm);
    if (cold.text === warm.text) identical++;
    used++;
    onTask?.();
  }
  const mean = (x: number) => (used ? Math.round((x / used) * 1000) / 1000 : 0);
  return { mode, tasks: used, skipped, exact: mean(sum.exact), shifted: mean(sum.shifted), identical, evaluated: { exact: mean(sum.evExact), shifted: mean(sum.evShifted) } };
}
