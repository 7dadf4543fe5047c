// KV reuse when the prompt's front is cut further (a file growing past the prompt budget): the rest of
// the cache is shifted onto its new positions instead of being evaluated again.
import assert from "node:assert/strict";
import type { EadEngine } from "../../../src/engine/engine";
import { frontDrop, SHIFT_REUSE_MIN_TOKENS } from "../../../src/engine/frontReuse";
import type { LocalLane } from "../../../src/engine/localLane";
import { loadFixtureEngine, syntheticJs } from "../helpers/fixtures";

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe("engine/front reuse", function () {
  this.timeout(300_000);

  it("finds the dropped range before a long enough run of the cached prompt, and nothing otherwise", () => {
    const cached = [1, ...range(100, 200), ...range(1000, 1400)];
    // The target lost the 100 tokens after the first: erase them, the 400 after shift left.
    assert.deepEqual(frontDrop(cached, [1, ...range(1000, 1400), 7, 8], 1), { start: 1, end: 101 });
    // Text removed in the middle of the prompt (a deleted line): the same.
    assert.deepEqual(frontDrop([1, 2, 3, ...cached.slice(1)], [1, 2, 3, ...range(1000, 1400)], 3), { start: 3, end: 103 });
    // Nothing dropped: the cache is a prefix of the target.
    assert.equal(frontDrop(cached, [...cached, 5], cached.length), undefined);
    // The run after the gap is shorter than the minimum.
    assert.equal(frontDrop(cached, [1, ...range(1000, 1000 + SHIFT_REUSE_MIN_TOKENS - 1), 9, ...range(1300, 1400)], 1), undefined);
    // Inserted text (a shift to the right) is not reused: llama.cpp's cache shift here goes left.
    assert.equal(frontDrop(cached, [1, 5, 6, ...cached.slice(1)], 1), undefined);
    // Position 0 is never erased.
    assert.equal(frontDrop([9, ...range(1000, 1400)], range(1000, 1400), 0), undefined);
  });

  describe("on the fixture pair", () => {
    let engine: EadEngine;
    before(async () => {
      engine = await loadFixtureEngine();
    });
    after(async () => engine?.dispose());

    it("a file growing past the budget moves the prompt's start by a cut step; the cache is shifted, not evaluated again", async () => {
      const settings = { mode: "small" as const, maxTokens: 8 };
      let text = syntheticJs(200);
      while (engine.tokenize(text).length < 1400) text += syntheticJs(20);
      const before = text + "function next(value) {\n";
      const room = { maxTokens: 8, draftTokens: 5 };
      const p1 = engine.buildPrompt(before, "", room);
      // Type lines until the cut moves: the prompt no longer starts with the first one's tokens.
      let after = before;
      for (let i = 0; engine.buildPrompt(after, "", room)[1] === p1[1]; i++) after += `  const v${i} = value * ${i};\n`;
      const p2 = engine.buildPrompt(after, "", room);
      const lane = engine.lanes.small as LocalLane;
      await lane.reset();
      await engine.complete({ prefix: before, settings });
      const shiftedBefore = lane.shiftedTokens;
      const shifted = await engine.complete({ prefix: after, settings });
      const evaluatedPrompt = shifted.stats.evaluated.small - shifted.tokens.length;
      // The same request on an empty cache: the exact evaluation.
      await lane.reset();
      const fresh = await engine.complete({ prefix: after, settings });
      console.log(`      prompt ${p2.length} tokens: ${evaluatedPrompt} evaluated after the shift (${lane.shiftedTokens - shiftedBefore} shifted), fresh ${fresh.stats.evaluated.small - fresh.tokens.length}; text shifted ${JSON.stringify(shifted.text)} fresh ${JSON.stringify(fresh.text)}`);
      assert.ok(lane.shiftedTokens - shiftedBefore >= SHIFT_REUSE_MIN_TOKENS, `${lane.shiftedTokens - shiftedBefore} shifted`);
      // What was typed since is evaluated (the lines that pushed the cut along), not the shifted rest.
      assert.ok(evaluatedPrompt < p2.length / 2, `${evaluatedPrompt} of ${p2.length} prompt tokens evaluated`);
      assert.ok(fresh.stats.evaluated.small - fresh.tokens.length >= p2.length - 1);
    });
  });
});
