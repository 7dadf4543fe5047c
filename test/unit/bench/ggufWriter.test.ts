// The random-weight writer must produce files real llama.cpp loads and runs: the speed benchmark's
// real shapes are written by it.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { f16Bits } from "../../../src/bench/speed/ggufWriter";
import { ensureShapeModel, parameterCountOf, SHAPES, tokenizerFrom, type ModelShape } from "../../../src/bench/speed/shapes";
import { loadLlamaModule } from "../../../src/engine/llama";
import { fixtures } from "../helpers/fixtures";

describe("bench/speed/ggufWriter", () => {
  it("encodes half floats", () => {
    assert.equal(f16Bits(1), 0x3c00);
    assert.equal(f16Bits(-2), 0xc000);
    assert.equal(f16Bits(0.5), 0x3800);
  });

  it("counts Qwen2.5-Coder parameters as published (0.5B: 494M, 1.5B: 1.54B)", () => {
    assert.ok(Math.abs(parameterCountOf(SHAPES["0.5b"]) / 1e6 - 494) < 5);
    assert.ok(Math.abs(parameterCountOf(SHAPES["1.5b"]) / 1e9 - 1.54) < 0.02);
  });

  it("writes a Q8_0 llama model that node-llama-cpp loads and evaluates", async () => {
    const lib = await loadLlamaModule();
    const shape: ModelShape = { name: "tiny-shape", hidden: 64, layers: 2, heads: 1, kvHeads: 1, ffn: 128, vocab: 4160, tiedEmbeddings: true };
    const tokenizer = await tokenizerFrom(lib, fixtures.small, shape.vocab);
    assert.equal(tokenizer.tokens.length, 4160);
    const path = ensureShapeModel(mkdtempSync(join(tmpdir(), "ead-shape-")), shape, tokenizer);
    const llama = await lib.getLlama({ gpu: false, build: "never", maxThreads: 2 });
    const model = await llama.loadModel({ modelPath: path });
    try {
      assert.equal(model.fileInsights.trainContextSize, 32768);
      const context = await model.createContext({ contextSize: 256, batchSize: 64, threads: 1 });
      const out = await context.getSequence().controlledEvaluate([1, 2, [3, { generateNext: { probabilities: true, options: { temperature: 1, topK: 16, topP: 1, minP: 0 } } }]] as never);
      assert.equal(out[2]?.next.probabilities?.size, 16);
      await context.dispose();
    } finally {
      await model.dispose();
    }
  });
});
