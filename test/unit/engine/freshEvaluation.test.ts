// The engine's lanes against independent evaluations on fresh contexts of the real fixture models:
// small-lane tokens written after a catch-up (the lane evaluated the large model's tokens in a batch)
// are those a fresh small context gives, and the top-K entropy is that of a softmax over the K largest
// logits, worked out here from the model's full-vocabulary output.
import assert from "node:assert/strict";
import type { LlamaContextSequence, Token } from "node-llama-cpp";
import type { EadEngine } from "../../../src/engine/engine";
import { LocalLane } from "../../../src/engine/localLane";
import { loadFixtureEngine, SAMPLE_PREFIXES } from "../helpers/fixtures";

const suffix = "\n}\n";

/** Natural-log scores of every vocabulary entry after `tokens` (log-softmax, i.e. logits up to a constant). */
async function fullLogits(sequence: LlamaContextSequence, tokens: readonly number[]): Promise<Map<number, number>> {
  const generateNext = { probabilities: true, options: { temperature: 1, topK: 0, topP: 1, minP: 0 } } as const;
  const items = tokens.map((t, i) => (i === tokens.length - 1 ? ([t as Token, { generateNext }] as const) : (t as Token)));
  const outputs = await sequence.controlledEvaluate(items as Parameters<LlamaContextSequence["controlledEvaluate"]>[0]);
  const probabilities = outputs[tokens.length - 1]?.next.probabilities;
  assert.ok(probabilities, "no distribution");
  const logits = new Map<number, number>();
  for (const [token, p] of probabilities) logits.set(token, Math.log(p));
  return logits;
}

/** Entropy in bits of softmax over the `k` largest of `logits` (all of them when k >= their number). */
function softmaxEntropyBits(logits: Map<number, number>, k: number): number {
  const top = [...logits.values()].sort((a, b) => b - a).slice(0, k);
  const max = top[0];
  const weights = top.map((l) => Math.exp(l - max));
  const z = weights.reduce((a, b) => a + b, 0);
  return weights.reduce((h, w) => (w > 0 ? h - (w / z) * Math.log2(w / z) : h), 0);
}

describe("engine lanes against fresh evaluations (fixture pair)", function () {
  this.timeout(120_000);
  let engine: EadEngine;
  before(async () => {
    engine = await loadFixtureEngine();
  });
  after(async () => engine?.dispose());

  it("small-lane tokens written after a catch-up are what a fresh small context gives", async () => {
    let checked = 0;
    for (const prefix of SAMPLE_PREFIXES) {
      const result = await engine.complete({ prefix, suffix, settings: { mode: "ead", threshold: 5, window: 3, stability: "none", maxTokens: 24 } });
      // The prompt the completion evaluated: with token healing, its last token taken back.
      const { prompt } = engine.completionPrompt(prefix, suffix);
      const model = engine.models.small;
      const context = await model.createContext({ contextSize: 2048, batchSize: 128, threads: 1 });
      try {
        const fresh = new LocalLane("small", model, context, context.getSequence(), 128);
        const outputIds = result.tokens.map((t) => t.id);
        const scored = await fresh.advance([...prompt, ...outputIds], { outputsFrom: prompt.length - 1, topK: 256 });
        result.tokens.forEach((t, k) => {
          // Only small tokens with a large token before them: the small lane had to catch up first.
          if (t.model !== "small" || !result.tokens.slice(0, k).some((u) => u.model === "large")) return;
          assert.equal(scored.next[k].token, outputIds[k], `small-lane token ${k} of prompt ${JSON.stringify(prefix.slice(0, 20))}`);
          checked++;
        });
      } finally {
        await context.dispose();
      }
    }
    console.log(`      ${checked} small-lane tokens after a catch-up checked`);
    assert.ok(checked > 0, "no small-lane token followed a large one at threshold 5; the test checked nothing");
  });

  it("top-K entropy equals that of a softmax over the K largest logits; with K = the vocabulary, the full entropy", async () => {
    for (const role of ["small", "large"] as const) {
      const model = engine.models[role]!;
      const prompt = engine.buildPrompt(SAMPLE_PREFIXES[2], suffix);
      const context = await model.createContext({ contextSize: 2048, batchSize: 128, threads: 1 });
      try {
        const sequence = context.getSequence();
        const logits = await fullLogits(sequence, prompt);
        const vocabulary = logits.size;
        assert.ok(vocabulary >= 4000, `full distribution has only ${vocabulary} entries`);
        const full = softmaxEntropyBits(logits, Infinity);
        const lane = new LocalLane(role, model, context, sequence, 128);
        for (const k of [10, 40, 1000, vocabulary]) {
          await lane.reset();
          const [next] = (await lane.advance(prompt, { topK: k })).next;
          const expected = softmaxEntropyBits(logits, k);
          assert.ok(Math.abs(next.entropy - expected) < 1e-4, `${role} K=${k}: lane ${next.entropy} bits, softmax ${expected} bits`);
        }
        const [all] = (await lane.advance(prompt, { topK: vocabulary })).next;
        assert.ok(Math.abs(all.entropy - full) < 1e-4, `${role}: full-vocabulary entropy ${full} bits, lane ${all.entropy}`);
        console.log(`      ${role}: full ${full.toFixed(3)} bits, top-10 ${softmaxEntropyBits(logits, 10).toFixed(3)}, top-40 ${softmaxEntropyBits(logits, 40).toFixed(3)}`);
      } finally {
        await context.dispose();
      }
    }
  });
});
