// The lane cache: a typed character re-evaluates a handful of tokens, and a cancelled prefill keeps
// the chunks it finished.
import assert from "node:assert/strict";
import type { EadEngine } from "../../../src/engine/engine";
import { isAbortError } from "../../../src/engine/errors";
import type { LocalLane } from "../../../src/engine/localLane";
import { loadFixtureEngine, syntheticJs } from "../helpers/fixtures";

/** At most this many tokens may be re-evaluated after one typed character (last word + FIM tail). */
const MAX_REEVALUATED_AFTER_KEYSTROKE = 6;

describe("engine/prefix reuse (fixture pair)", function () {
  let engine: EadEngine;
  before(async () => {
    engine = await loadFixtureEngine({ batchSize: 128 });
  });
  after(async () => engine?.dispose());

  it("re-evaluates only a handful of tokens after one typed character at the end of a 1,500-token prefix (cut to the training context)", async () => {
    let text = syntheticJs(400);
    while (engine.tokenize(text).length < 1500) text += syntheticJs(20);
    const prefix = text + "function next(value) {\n  return val";
    const promptLength = engine.buildPrompt(prefix, "", { maxTokens: 4, draftTokens: 4 }).length;
    assert.ok(promptLength >= engine.info.trainContextSize / 2 && promptLength <= engine.info.trainContextSize, `prompt has ${promptLength} tokens`);

    const first = await engine.complete({ prefix, settings: { mode: "small", maxTokens: 4 } });
    assert.ok(first.stats.evaluated.small >= promptLength, "the first request evaluates the whole prompt");

    const typed = await engine.complete({ prefix: prefix + "u", settings: { mode: "small", maxTokens: 4 } });
    const reevaluatedPrompt = typed.stats.evaluated.small - typed.tokens.length;
    console.log(`      prompt ${promptLength} tokens; after one typed character: ${reevaluatedPrompt} prompt tokens re-evaluated, ${typed.stats.reused.small} reused`);
    assert.ok(reevaluatedPrompt <= MAX_REEVALUATED_AFTER_KEYSTROKE, `re-evaluated ${reevaluatedPrompt} prompt tokens`);
    assert.ok(typed.stats.reused.small >= promptLength - MAX_REEVALUATED_AFTER_KEYSTROKE);
  });

  it("with a long suffix, a character typed inside a line re-evaluates a handful of tokens in the block and line layouts, the whole suffix in the cursor layout", async () => {
    const prefix = syntheticJs(40) + "function next(value) {\n  return val";
    const suffix = ";\n}\n\n" + syntheticJs(30);
    const suffixTokens = engine.tokenize(suffix).length;
    assert.ok(suffixTokens > 100, `suffix of ${suffixTokens} tokens`);
    const reevaluated: Record<string, number> = {};
    for (const layout of ["block", "line", "cursor"] as const) {
      await engine.complete({ prefix, suffix, layout, settings: { mode: "small", maxTokens: 4 } });
      const typed = await engine.complete({ prefix: prefix + "u", suffix, layout, settings: { mode: "small", maxTokens: 4 } });
      reevaluated[layout] = typed.stats.promptEvaluated!.small;
    }
    console.log(`      suffix ${suffixTokens} tokens; after one typed character: block layout ${reevaluated.block}, line layout ${reevaluated.line}, cursor layout ${reevaluated.cursor} prompt tokens re-evaluated`);
    assert.ok(reevaluated.block <= MAX_REEVALUATED_AFTER_KEYSTROKE, `block layout re-evaluated ${reevaluated.block}`);
    assert.ok(reevaluated.line <= MAX_REEVALUATED_AFTER_KEYSTROKE, `line layout re-evaluated ${reevaluated.line}`);
    assert.ok(reevaluated.cursor >= suffixTokens, `cursor layout re-evaluated ${reevaluated.cursor}`);
  });

  it("with a long suffix, a newline typed inside a block keeps the suffix cached in the block layout", async () => {
    // 40 lines above: the block starts at line 40, so the next two lines stay inside it.
    const above = Array.from({ length: 40 }, (_, i) => `const v${i} = ${i};\n`).join("");
    const prefix = above + "function next(value) {\n  const doubled = value * 2;";
    const suffix = "\n}\n\n" + syntheticJs(30);
    const suffixTokens = engine.tokenize(suffix).length;
    const reevaluated: Record<string, number> = {};
    for (const layout of ["block", "line"] as const) {
      await engine.complete({ prefix, suffix, layout, settings: { mode: "small", maxTokens: 4 } });
      const typed = await engine.complete({ prefix: prefix + "\n  ", suffix, layout, settings: { mode: "small", maxTokens: 4 } });
      reevaluated[layout] = typed.stats.promptEvaluated!.small;
    }
    console.log(`      suffix ${suffixTokens} tokens; after a newline: block layout ${reevaluated.block}, line layout ${reevaluated.line} prompt tokens re-evaluated`);
    assert.ok(reevaluated.block <= MAX_REEVALUATED_AFTER_KEYSTROKE, `block layout re-evaluated ${reevaluated.block}`);
    assert.ok(reevaluated.line >= suffixTokens, `line layout re-evaluated ${reevaluated.line}`);
  });

  it("stops a cancelled prefill after the current chunk and keeps the finished chunks cached", async () => {
    // Chunks are the local lane's unit of cancellation.
    const lane = engine.lanes.large as LocalLane;
    await lane.reset();
    const prompt = engine.buildPrompt(syntheticJs(300));
    assert.ok(prompt.length > 3 * lane.chunkSize);
    // A signal that turns aborted after two chunks have started: deterministic, unlike a timer.
    let checks = 0;
    const signal = { get aborted() { return ++checks > 3; } } as AbortSignal;
    await assert.rejects(lane.advance(prompt, { topK: 64, signal }), (e) => isAbortError(e));
    assert.equal(lane.cachedTokens.length, 2 * lane.chunkSize, "two chunks evaluated before the cancel took effect");

    const resumed = await lane.advance(prompt, { topK: 64 });
    assert.equal(resumed.reused, 2 * lane.chunkSize);
    assert.equal(resumed.evaluated, prompt.length - 2 * lane.chunkSize);
  });
});
