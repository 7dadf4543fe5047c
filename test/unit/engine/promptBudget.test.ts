// The prompt budget: prompt plus completion fit the models' training context, cut at whole lines and
// at stable points, on the fixture pair (trained with a 1,024-token context).
import assert from "node:assert/strict";
import { EadEngine } from "../../../src/engine/engine";
import { loadLlamaModule } from "../../../src/engine/llama";
import { fixtures, loadFixtureEngine, syntheticJs } from "../helpers/fixtures";

describe("engine prompt budget", function () {
  this.timeout(120_000);
  let engine: EadEngine;
  let trained: number;
  before(async () => {
    engine = await loadFixtureEngine();
    const lib = await loadLlamaModule();
    const info = await lib.readGgufFileInfo(fixtures.large, { readTensorInfo: false });
    trained = Number((info.metadata as unknown as { llama: { context_length: number } }).llama.context_length);
  });
  after(async () => engine?.dispose());

  const longPrefix = () => syntheticJs(600) + "function mean(items) {\n  let total = 0;\n  for (const item of items) {\n    total += it";
  const longSuffix = "em;\n  }\n  return total / items.length;\n}\n\n" + syntheticJs(240);

  it("knows the models' training context from their files", () => {
    assert.ok(trained > 0 && trained < engine.info.contextSize, `trained on ${trained}, context ${engine.info.contextSize}`);
    assert.equal(engine.info.trainContextSize, trained);
  });

  it("cuts a long prompt so that it and the completion fit the training context, at whole lines", () => {
    const room = { maxTokens: 64, draftTokens: 4 };
    const prefix = longPrefix();
    assert.ok(engine.tokenize(prefix).length + engine.tokenize(longSuffix).length > 2 * trained, "the test prompt is longer than the training context");
    // The line layout moves the line's typed part after the middle token; the budget holds all of it.
    const lineLayout = engine.buildPrompt(prefix, longSuffix, room);
    assert.ok(lineLayout.length + room.maxTokens + room.draftTokens + 1 <= trained, `prompt of ${lineLayout.length} tokens`);
    const prompt = engine.buildPrompt(prefix, longSuffix, room, "cursor");
    assert.ok(prompt.length + room.maxTokens + room.draftTokens + 1 <= trained, `prompt of ${prompt.length} tokens`);
    // Cutting at stable steps and whole lines costs some room, not most of it.
    assert.ok(prompt.length >= trained / 2, `prompt of ${prompt.length} tokens only`);

    const { prefix: pre, suffix: suf } = engine.models.small.tokens.infill;
    const sufAt = prompt.indexOf(suf!);
    assert.equal(prompt[0], pre);
    const keptPrefix = engine.detokenize(prompt.slice(1, sufAt));
    const keptSuffix = engine.detokenize(prompt.slice(sufAt + 1, -1));
    assert.ok(prefix.endsWith(keptPrefix) && keptPrefix.length < prefix.length);
    assert.equal(prefix[prefix.length - keptPrefix.length - 1], "\n", "the prefix starts at a line start");
    assert.ok(longSuffix.startsWith(keptSuffix) && keptSuffix.length < longSuffix.length);
    assert.ok(keptSuffix.endsWith("\n"), "the suffix ends at a line end");
    // The suffix keeps a real share, and the prefix most of the budget.
    assert.ok(keptSuffix.length > 100 && keptPrefix.length > keptSuffix.length);
  });

  it("keeps the cut where it is while the user types, and leaves a short prompt whole", () => {
    const prefix = longPrefix();
    for (const layout of ["line", "cursor"] as const) {
      const a = engine.buildPrompt(prefix, longSuffix, undefined, layout);
      const b = engine.buildPrompt(prefix + "em", longSuffix.slice(2), undefined, layout);
      assert.deepEqual(b.slice(0, 200), a.slice(0, 200), `the start of the prompt did not move (${layout} layout)`);
    }

    const ids = engine.models.small.tokens.infill;
    const shortPrefix = "function add(a, b) {\n  return ";
    const shortSuffix = "\n}\n";
    assert.deepEqual(engine.buildPrompt(shortPrefix, shortSuffix, undefined, "cursor"), [ids.prefix, ...engine.tokenize(shortPrefix), ids.suffix, ...engine.tokenize(shortSuffix), ids.middle]);
    // The default line layout: the lines above as prefix, the line's typed part opening the middle.
    assert.deepEqual(engine.buildPrompt(shortPrefix, shortSuffix), [
      ids.prefix, ...engine.tokenize("function add(a, b) {\n"), ids.suffix, ...engine.tokenize(shortSuffix), ids.middle, ...engine.tokenize("  return "),
    ]);
    // The block layout: the prefix ends after a multiple of four lines; the rest opens the middle.
    const above = "// sum\n// of two\n// numbers\n\n";
    for (const typed of ["", "function add(a, b) {\n", "function add(a, b) {\n  const s = a + b;\n  return "]) {
      assert.deepEqual(engine.buildPrompt(above + typed, shortSuffix, undefined, "block"), [
        ids.prefix, ...engine.tokenize(above), ids.suffix, ...engine.tokenize(shortSuffix), ids.middle, ...(typed ? engine.tokenize(typed) : []),
      ], JSON.stringify(typed));
    }
  });

  it("a completion on a long prompt stays within the training context", async () => {
    const result = await engine.complete({ prefix: longPrefix(), suffix: longSuffix, settings: { mode: "ead", maxTokens: 64 }, ignoreStops: true });
    const evaluatedPrompt = result.stats.promptEvaluated!;
    assert.equal(result.tokens.length, 64);
    const prompt = engine.buildPrompt(longPrefix(), longSuffix, { maxTokens: 64, draftTokens: 4 });
    assert.ok(evaluatedPrompt.small <= prompt.length && evaluatedPrompt.large <= prompt.length);
    assert.ok(prompt.length + result.tokens.length <= trained, `${prompt.length} prompt + ${result.tokens.length} generated tokens`);
  });
});
