// The random-weight writer must produce files real llama.cpp loads and runs: the speed benchmark's
// real shapes are written by it. Its weights are seeded: tests on random-weight models repeat exactly.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { DEFAULT_WEIGHT_SEED, f16Bits, GgmlType, tensorBytes, writeGguf, type MetadataValue, type TensorSpec } from "../../../../src/bench/speed/ggufWriter";
import { ensureShapeModel, parameterCountOf, SHAPES, tokenizerFrom, type ModelShape } from "../../../../src/bench/speed/shapes";
import { loadLlamaModule } from "../../../../src/engine/llama";
import { fixtures } from "../../helpers/fixtures";

const dir = mkdtempSync(join(tmpdir(), "ead-gguf-writer-"));
let files = 0;

/** Q8_0 of 4,097 blocks (an odd byte count), f16 with fixed elements, f32 random, ones and zeros. */
function tensors(set?: (i: number) => number | undefined): TensorSpec[] {
  return [
    { name: "q8", dims: [32, 4097], type: GgmlType.Q8_0, fill: { std: 0.02 } },
    { name: "half", dims: [8, 5000], type: GgmlType.F16, fill: { std: 0.5, set } },
    { name: "single", dims: [3, 7], type: GgmlType.F32, fill: { std: 0.02 } },
    { name: "norm", dims: [16], type: GgmlType.F32, fill: "ones" },
    { name: "bias", dims: [16], type: GgmlType.F32, fill: "zeros" },
  ];
}
const META: Record<string, MetadataValue> = { "general.name": { type: "string", value: "seeded" } };

/** Writes a file and returns its bytes and each tensor's data (the data section ends the file, 32-aligned). */
function write(options: { seed?: number; meta?: Record<string, MetadataValue>; set?: (i: number) => number | undefined } = {}) {
  const path = join(dir, `${files++}.gguf`);
  const specs = tensors(options.set);
  if (options.seed === undefined) writeGguf(path, options.meta ?? META, specs);
  else writeGguf(path, options.meta ?? META, specs, options.seed);
  const bytes = readFileSync(path);
  const padded = specs.map((t) => Math.ceil(tensorBytes(t) / 32) * 32);
  let at = bytes.length - padded.reduce((a, b) => a + b, 0);
  const data: Record<string, Buffer> = {};
  specs.forEach((t, i) => {
    data[t.name] = bytes.subarray(at, at + tensorBytes(t));
    at += padded[i];
  });
  return { bytes, data };
}

describe("bench/speed/ggufWriter", () => {
  it("encodes half floats", () => {
    assert.equal(f16Bits(1), 0x3c00);
    assert.equal(f16Bits(-2), 0xc000);
    assert.equal(f16Bits(0.5), 0x3800);
  });

  it("writes the same bytes for the same call, the default seed included", () => {
    const a = write();
    assert.ok(write().bytes.equals(a.bytes));
    assert.ok(write({ seed: DEFAULT_WEIGHT_SEED }).bytes.equals(a.bytes));
    assert.ok(write({ seed: 7 }).bytes.equals(write({ seed: 7 }).bytes));
  });

  it("gives another seed, or another model's header, other random weights and the same fixed ones", () => {
    const a = write();
    for (const b of [write({ seed: 7 }), write({ meta: { "general.name": { type: "string", value: "another" } } })]) {
      for (const name of ["q8", "half", "single"]) assert.ok(!b.data[name].equals(a.data[name]), name);
      assert.ok(b.data.norm.equals(a.data.norm));
      assert.ok(b.data.bias.equals(a.data.bias));
    }
    assert.deepEqual([...new Float32Array(Uint8Array.from(a.data.norm).buffer)], new Array(16).fill(1));
    assert.ok(a.data.bias.every((b) => b === 0));
  });

  it("fills Q8_0 blocks with the scale of the standard deviation and int8 quants without -128", () => {
    const q8 = write().data.q8;
    const counts = new Array(256).fill(0);
    for (let block = 0; block < q8.length; block += 34) {
      assert.equal(q8.readUInt16LE(block), f16Bits(0.02 / 73.6));
      for (let j = 2; j < 34; j++) counts[q8[block + j]]++;
    }
    assert.equal(counts[0x80], 0);
    // Uniform bytes: about 512 of each value; 0x81 also takes the replaced 0x80s.
    const quants = 4097 * 32;
    assert.ok(counts[0x81] > 1.6 * (quants / 256) && counts[0x81] < 2.4 * (quants / 256), `0x81: ${counts[0x81]}`);
    for (const [value, n] of counts.entries()) if (value !== 0x80 && value !== 0x81) assert.ok(n > 0.7 * (quants / 256) && n < 1.3 * (quants / 256), `${value}: ${n}`);
  });

  it("draws uniform values of the standard deviation; fixing elements leaves the others as they were", () => {
    // The writer's half floats are normal numbers or zero.
    const halfToFloat = (bits: number) => ((bits & 0x7fff) === 0 ? 0 : (bits & 0x8000 ? -1 : 1) * Math.pow(2, ((bits >> 10) & 0x1f) - 15) * (1 + (bits & 0x3ff) / 1024));
    const free = write().data.half;
    const values = Array.from({ length: free.length / 2 }, (_, i) => halfToFloat(free.readUInt16LE(i * 2)));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    assert.ok(Math.abs(mean) < 0.02 && Math.abs(std - 0.5) < 0.02, `mean ${mean}, std ${std}`);
    const widest = Math.max(...values.map(Math.abs));
    assert.ok(widest <= 0.5 * 1.732 * 1.001 && widest > 0.5 * 1.732 * 0.99, `uniform within ±√3·std: widest ${widest}`);
    const fixed = write({ set: (i) => (i % 8 === 0 ? 1 : undefined) }).data.half;
    for (let i = 0; i < values.length; i++) {
      if (i % 8 === 0) assert.equal(fixed.readUInt16LE(i * 2), 0x3c00);
      else assert.equal(fixed.readUInt16LE(i * 2), free.readUInt16LE(i * 2), `element ${i}`);
    }
  });

  it("refuses a seed that is not a non-negative integer", () => {
    for (const seed of [-1, 1.5, Number.NaN, 2 ** 53]) {
      assert.throws(() => writeGguf(join(dir, "bad.gguf"), META, tensors(), seed), /the weight seed must be a non-negative integer, got/);
    }
  });

  it("counts Qwen2.5-Coder parameters as published (0.5B: 494M, 1.5B: 1.54B)", () => {
    assert.ok(Math.abs(parameterCountOf(SHAPES["0.5b"]) / 1e6 - 494) < 5);
    assert.ok(Math.abs(parameterCountOf(SHAPES["1.5b"]) / 1e9 - 1.54) < 0.02);
  });

  it("caches a shape model under a name that carries the weights' seed: a file cached before seeding is not taken for it", async () => {
    const lib = await loadLlamaModule();
    const shape: ModelShape = { name: "tiny-cached", hidden: 64, layers: 1, heads: 1, kvHeads: 1, ffn: 64, vocab: 4160, tiedEmbeddings: true };
    const tokenizer = await tokenizerFrom(lib, fixtures.small, shape.vocab);
    const dir = mkdtempSync(join(tmpdir(), "ead-shape-cache-"));
    // What an unseeded writer left under the old name.
    writeFileSync(join(dir, "tiny-cached-q8_0.gguf"), "stale");
    const path = ensureShapeModel(dir, shape, tokenizer);
    assert.notEqual(path, join(dir, "tiny-cached-q8_0.gguf"));
    assert.match(basename(path), new RegExp(`seed${DEFAULT_WEIGHT_SEED.toString(16)}`));
    const written = readFileSync(path);
    assert.equal(written.subarray(0, 4).toString("latin1"), "GGUF");
    // Asked again, the cached file is returned as it is.
    assert.equal(ensureShapeModel(dir, shape, tokenizer), path);
    assert.ok(readFileSync(path).equals(written));
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
