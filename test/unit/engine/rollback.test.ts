// Rollback during catch-up (Big Little Decoder) on the real fixture pair. The large model's judgement of
// each small-model token is computed here independently, straight from node-llama-cpp.
import assert from "node:assert/strict";
import type { EadEngine } from "../../../src/engine/engine";
import type { CompletionResult, DecodeSettings, TokenEvent } from "../../../src/engine/types";
import { healNext } from "../../../src/engine/tokenHealing";
import { loadFixtureEngine, SAMPLE_PREFIXES } from "../helpers/fixtures";

const SUFFIX = "\n}\n";
const BASE: Partial<DecodeSettings> = { mode: "ead", threshold: 5, window: 4, stability: "none", maxTokens: 40, topK: 256 };

/** The text a stream consumer ends with when it applies `replaces` as documented. */
function streamed(events: TokenEvent[]): string {
  const kept: TokenEvent[] = [];
  for (const e of events) {
    if (e.replaces) kept.splice(kept.length - e.replaces.count);
    kept.push(e);
  }
  return kept.map((e) => e.text).join("");
}

describe("engine/rollback (fixture pair)", function () {
  let engine: EadEngine;
  before(async () => {
    engine = await loadFixtureEngine();
  });
  after(async () => engine?.dispose());

  const run = (prefix: string, settings: Partial<DecodeSettings>, onToken?: (e: TokenEvent) => void): Promise<CompletionResult> =>
    engine.complete({ prefix, suffix: SUFFIX, settings: { ...BASE, ...settings }, ignoreStops: true }, { onToken });

  /** Large-model probabilities (top-K 256, temperature 1) of tokens[from..to) given the prompt and the tokens before. */
  async function largeJudgement(prefix: string, tokens: number[], from: number, to: number) {
    const { prompt, healing } = engine.completionPrompt(prefix, SUFFIX);
    const context = await engine.models.large!.createContext({ contextSize: 2048, batchSize: 512, threads: 1 });
    try {
      const seq = context.getSequence();
      const all = [...prompt, ...tokens.slice(0, to)];
      const generateNext = { probabilities: true, options: { temperature: 1, topK: 256, topP: 1, minP: 0 } };
      // The output after sequence index i is the distribution for index i + 1.
      const firstOut = prompt.length + from - 1;
      const items = all.slice(0, to + prompt.length - 1).map((t, i) => (i >= firstOut ? [t, { generateNext }] : t));
      const out = (await seq.controlledEvaluate(items as never)) as ({ next: { probabilities?: Map<number, number> } } | undefined)[];
      const result: { p: number; greedy: number }[] = [];
      for (let e = from; e < to; e++) {
        let probs = out[prompt.length + e - 1]!.next.probabilities!;
        // The first token is chosen among those that start with the healed text (tokenHealing.ts); stops are ignored here.
        if (e === 0 && healing) probs = healNext({ token: -1, entropy: 0, probabilities: probs }, healing, (t) => engine.detokenize([t]), () => false).probabilities as Map<number, number>;
        result.push({ p: probs.get(tokens[e]) ?? 0, greedy: probs.keys().next().value as number });
      }
      return result;
    } finally {
      await context.dispose();
    }
  }

  it("with the bound at 0 (the default) the output is plain EAD's, token for token", async () => {
    for (const prefix of SAMPLE_PREFIXES) {
      const plain = await run(prefix, {});
      const zero = await run(prefix, { rollbackBound: 0 });
      assert.deepEqual(zero.tokens.map((t) => [t.id, t.model]), plain.tokens.map((t) => [t.id, t.model]));
      assert.equal(zero.stats.rollbacks ?? 0, 0);
    }
  });

  it("a small token the large model rejects is rewritten by the large model at exactly that position", async () => {
    let checked = 0;
    for (const prefix of SAMPLE_PREFIXES) {
      const plain = await run(prefix, {});
      const models = plain.tokens.map((t) => t.model);
      // The first switch to the large model with small-model tokens to judge since its last token.
      const k = models.findIndex((m, i) => m === "large" && i > 0 && models[i - 1] === "small");
      if (k < 0) continue;
      const lastLarge = models.lastIndexOf("large", k - 1);
      const from = lastLarge + 1;
      const ids = plain.tokens.map((t) => t.id);
      const judged = await largeJudgement(prefix, ids, from, k);
      const ps = judged.map((j) => j.p);
      const min = Math.min(...ps);
      const at = from + ps.indexOf(min);
      const above = ps.filter((p) => p > min);
      const bound = above.length ? (min + Math.min(...above)) / 2 : min + 1e-6;
      if (judged[at - from].greedy === ids[at]) continue; // the large model would write the same token

      const events: TokenEvent[] = [];
      const rolled = await run(prefix, { rollbackBound: bound }, (e) => events.push(e));
      const got = rolled.tokens;
      assert.deepEqual(got.slice(0, at).map((t) => [t.id, t.model]), plain.tokens.slice(0, at).map((t) => [t.id, t.model]), "tokens before the rejected one are kept");
      assert.equal(got[at].model, "large", "the large model writes the rejected position");
      assert.equal(got[at].id, judged[at - from].greedy, "with its own greedy choice");
      assert.notEqual(got[at].id, ids[at]);
      assert.ok(got[at].replaces, "the token says it replaced a rejected one");
      assert.equal(got[at].replaces!.count, k - at, "it replaces the rejected token and every small token after it");
      // Within 1 %: the fresh context evaluates in other batches than the engine's lanes, which moves logits slightly.
      assert.ok(Math.abs(got[at].replaces!.probability - min) <= 1e-2 * Math.max(min, 1e-6), `probability ${got[at].replaces!.probability} against ${min}`);
      assert.ok((rolled.stats.rollbacks ?? 0) >= 1 && (rolled.stats.rewritten ?? 0) >= k - at);
      assert.equal(rolled.stats.smallTokens + rolled.stats.largeTokens, got.length);
      assert.equal(streamed(events), rolled.text, "a stream consumer applying `replaces` ends with the result's text");
      checked++;
    }
    assert.ok(checked >= 2, `only ${checked} prompts had a catch-up the large model could reject`);
  });
});
