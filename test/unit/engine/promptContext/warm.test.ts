// The context block is cheap to keep (fixture pair, real lanes): an unchanged block is not evaluated
// again, an appended chunk costs only itself and what follows, a warm-up pays for the block before the
// completion, and a completion request always wins over a warm-up.
import assert from "node:assert/strict";
import type { EadEngine } from "../../../../src/engine/engine";
import { isAbortError } from "../../../../src/engine/errors";
import { contextPromptHead } from "../../../../src/engine/fim";
import type { LocalLane } from "../../../../src/engine/localLane";
import type { PromptContext } from "../../../../src/engine/types";
import { loadFixtureEngine, syntheticJs } from "../../helpers/fixtures";

const PREFIX = "import { total } from './sum';\n\nexport function mean(xs) {\n  return tot";
const SUFFIX = "al(xs) / xs.length;\n}\n";
const CHUNKS = [
  { path: "src/sum.js", text: "export function total(xs) {\n  return xs.reduce((a, b) => a + b, 0);\n}\n" },
  { path: "src/util.js", text: syntheticJs(3) },
  { path: "src/count.js", text: "export const count = (xs) => xs.length;\n" },
];
const SMALL = { mode: "small", maxTokens: 4 } as const;
const EAD = { mode: "ead", maxTokens: 4 } as const;

describe("engine/promptContext: warm-up and cache reuse of the context block (fixture pair)", function () {
  this.timeout(300_000);
  let engine: EadEngine;
  before(async () => {
    engine = await loadFixtureEngine({ batchSize: 16 });
  });
  after(async () => engine?.dispose());

  const headOf = (context: PromptContext) => contextPromptHead(engine.models.small, context, engine.promptBudget({ maxTokens: SMALL.maxTokens, draftTokens: 4 }));

  it("a keystroke with the same context re-evaluates none of the block; an appended chunk costs only itself and what follows", async () => {
    const context: PromptContext = { repo: "stats", path: "src/mean.js", chunks: CHUNKS.slice(0, 2) };
    const head = headOf(context);
    assert.ok(head.length > 40, `block of ${head.length} tokens`);
    const first = await engine.complete({ prefix: PREFIX, suffix: SUFFIX, context, settings: SMALL });
    const prompt = engine.completionPrompt(PREFIX, SUFFIX, { maxTokens: 4, draftTokens: 4 }, undefined, context).prompt;
    assert.equal(prompt.length, first.stats.promptEvaluated!.small + first.stats.reused.small);

    const typed = await engine.complete({ prefix: PREFIX + "a", suffix: SUFFIX, context, settings: SMALL });
    console.log(`      block ${head.length} tokens; after a typed character ${typed.stats.promptEvaluated!.small} prompt tokens re-evaluated, ${typed.stats.reused.small} reused`);
    assert.ok(typed.stats.reused.small >= head.length, `reused ${typed.stats.reused.small}`);
    assert.ok(typed.stats.promptEvaluated!.small <= 6, `re-evaluated ${typed.stats.promptEvaluated!.small}`);

    // One chunk more: the old chunks stay cached; the new one, the path line and the file's text are evaluated.
    const grown: PromptContext = { ...context, chunks: CHUNKS };
    const grownHead = headOf(grown);
    const appended = await engine.complete({ prefix: PREFIX + "a", suffix: SUFFIX, context: grown, settings: SMALL });
    const grownPrompt = engine.completionPrompt(PREFIX + "a", SUFFIX, { maxTokens: 4, draftTokens: 4 }, undefined, grown).prompt;
    let common = 0;
    while (head[common] === grownHead[common]) common++;
    console.log(`      one chunk appended: ${appended.stats.reused.small} reused (the old block's ${common} common tokens), ${appended.stats.promptEvaluated!.small} evaluated of ${grownPrompt.length}`);
    assert.equal(appended.stats.reused.small, common);
    assert.equal(appended.stats.promptEvaluated!.small, grownPrompt.length - common);
  });

  it("evicting the oldest chunk shifts the cached rest of the block instead of evaluating it again", async () => {
    const chunks = Array.from({ length: 7 }, (_, i) => ({ path: `src/part${i}.js`, text: syntheticJs(5).replace(/value/g, `value${i}`) }));
    const before: PromptContext = { repo: "shift", path: "src/mean.js", chunks };
    const after: PromptContext = { ...before, chunks: chunks.slice(1) };
    const [oldHead, newHead] = [headOf(before), headOf(after)];
    assert.ok(newHead.length >= 300 && oldHead.length > newHead.length, `blocks of ${oldHead.length} and ${newHead.length} tokens`);
    await engine.complete({ prefix: PREFIX, suffix: SUFFIX, context: before, settings: SMALL });
    const lane = engine.lanes.small as LocalLane;
    const shifted = lane.shiftedTokens;
    const evicted = await engine.complete({ prefix: PREFIX, suffix: SUFFIX, context: after, settings: SMALL });
    const prompt = engine.completionPrompt(PREFIX, SUFFIX, { maxTokens: 4, draftTokens: 4 }, undefined, after).prompt;
    console.log(`      oldest chunk evicted (${oldHead.length - newHead.length} tokens): ${lane.shiftedTokens - shifted} tokens shifted, ${evicted.stats.promptEvaluated!.small} of ${prompt.length} evaluated`);
    assert.ok(lane.shiftedTokens - shifted >= newHead.length - 10);
    assert.ok(evicted.stats.promptEvaluated!.small <= 8, `evaluated ${evicted.stats.promptEvaluated!.small}`);
  });

  it("warmContext evaluates the block in both local lanes under ead; the completion then evaluates only the file's text", async () => {
    const context: PromptContext = { repo: "warm", path: "src/mean.js", chunks: CHUNKS };
    const head = headOf(context);
    // Each lane evaluates the block from where its cache (the last prompt) first differs from it.
    const differs = (cached: readonly number[]) => {
      let i = 0;
      while (i < head.length && cached[i] === head[i]) i++;
      return i;
    };
    const expected = { small: head.length - differs(engine.lanes.small.cachedTokens), large: head.length - differs(engine.lanes.large.cachedTokens) };
    assert.ok(expected.small > 0.9 * head.length);
    const warmed = await engine.warmContext({ context, settings: EAD });
    assert.equal(warmed.tokens, head.length);
    assert.deepEqual(warmed.evaluated, expected);
    assert.deepEqual(engine.lanes.small.cachedTokens.slice(0, head.length), head);
    // Warming again costs nothing and keeps what the cache holds after the block.
    const again = await engine.warmContext({ context, settings: EAD });
    assert.deepEqual(again.evaluated, { small: 0, large: 0 });

    const prompt = engine.completionPrompt(PREFIX, SUFFIX, { maxTokens: 4, draftTokens: 4 }, undefined, context).prompt;
    for (const mode of ["small", "large"] as const) {
      const result = await engine.complete({ prefix: PREFIX, suffix: SUFFIX, context, settings: { ...SMALL, mode } });
      assert.equal(result.stats.reused[mode], head.length, mode);
      assert.equal(result.stats.promptEvaluated![mode], prompt.length - head.length, mode);
    }
    const kept = await engine.warmContext({ context, settings: EAD });
    assert.deepEqual(kept.evaluated, { small: 0, large: 0 });
    assert.ok(engine.lanes.small.cachedTokens.length > prompt.length, "the warm-up left the last prompt cached");
  });

  it("a single-model mode warms its own lane only: the other model stays idle", async () => {
    const context: PromptContext = { repo: "single", path: "src/mean.js", chunks: CHUNKS };
    const head = headOf(context);
    for (const [mode, idle] of [["small", "large"], ["large", "small"]] as const) {
      // Both caches hold another prompt first, so each lane would have the whole block to evaluate.
      await engine.complete({ prefix: PREFIX, suffix: SUFFIX, settings: { ...SMALL, mode: "ead" } });
      const idleCache = [...engine.lanes[idle].cachedTokens];
      const warmed = await engine.warmContext({ context: { ...context, repo: `single-${mode}` }, settings: { ...SMALL, mode } });
      assert.ok(warmed.evaluated[mode] > 0.9 * head.length, `${mode}: ${warmed.evaluated[mode]} of ${head.length}`);
      assert.equal(warmed.evaluated[idle], 0, `${mode} mode must not evaluate the ${idle} model`);
      assert.deepEqual(engine.lanes[idle].cachedTokens, idleCache, `the ${idle} lane's cache is untouched`);
    }
  });

  it("a completion request aborts a warm-up; a later warm-up or the caller's signal does too", async () => {
    const context: PromptContext = { repo: "abort", chunks: CHUNKS };
    const warm = assert.rejects(engine.warmContext({ context, settings: SMALL }), (e) => isAbortError(e));
    const result = await engine.complete({ prefix: PREFIX, suffix: SUFFIX, settings: SMALL });
    await warm;
    assert.ok(result.tokens.length > 0 && result.stats.stopReason !== "stopped");

    const older = assert.rejects(engine.warmContext({ context, settings: SMALL }), (e) => isAbortError(e));
    const newer = engine.warmContext({ context: { ...context, repo: "abort2" }, settings: SMALL });
    await older;
    assert.ok((await newer).tokens > 0);

    const controller = new AbortController();
    const cancelled = engine.warmContext({ context: { ...context, repo: "abort3" } }, { signal: controller.signal });
    controller.abort();
    await assert.rejects(cancelled, (e) => isAbortError(e));
    // The engine goes on serving.
    assert.ok((await engine.complete({ prefix: PREFIX, settings: SMALL })).tokens.length > 0);
  });
});
