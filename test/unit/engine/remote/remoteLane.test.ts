// The remote large lane against a real llama-server serving the fixture large model: it must behave as
// the local large lane does (same distributions, same greedy EAD output), with the server's prompt cache
// standing in for the local KV cache.
import assert from "node:assert/strict";
import type { RemoteLane } from "../../../../src/engine/remote/remoteLane";
import type { CompletionResult, DecodeSettings } from "../../../../src/engine/types";
import { SAMPLE_PREFIXES } from "../../helpers/fixtures";
import { remotePairHooks } from "../../helpers/llamaServer";

const SUFFIX = "\n  return result;\n}\n";

describe("remote large lane (a real llama-server with the fixture large model)", function () {
  this.timeout(600_000);
  const pair = remotePairHooks();

  it("pairs with the served model and says the large model runs there", () => {
    assert.equal(pair.remote.info.placement.large, "remote");
    assert.equal(pair.remote.info.remote?.up, true, pair.remote.info.remote?.reason);
    assert.equal(pair.remote.info.remote?.model?.name, "large.gguf");
    assert.equal(pair.remote.info.remote?.model?.vocabularySize, pair.local.info.vocabularySizes.large);
    assert.equal(pair.remote.models.large, undefined, "no large model is loaded locally");
  });

  it("reports the local lane's top-K distribution for the same model and prompt", async () => {
    for (const prefix of SAMPLE_PREFIXES) {
      const prompt = pair.local.buildPrompt(prefix, SUFFIX);
      const [a] = (await pair.local.lanes.large.advance(prompt, { topK: 40 })).next;
      const [b] = (await pair.remote.lanes.large.advance(prompt, { topK: 40 })).next;
      assert.equal(b.token, a.token, `greedy token for ${JSON.stringify(prefix)}`);
      assert.ok(Math.abs(a.entropy - b.entropy) < 2e-3, `entropy ${a.entropy} here, ${b.entropy} remote`);
      assert.equal(b.probabilities.size, a.probabilities.size);
      for (const [id, p] of a.probabilities) {
        const q = b.probabilities.get(id);
        assert.ok(q !== undefined && Math.abs(p - q) < 2e-3, `token ${id}: ${p} here, ${q} remote`);
      }
    }
  });

  it("gives greedy EAD the local lane's tokens, provenance and switch points", async () => {
    let largeTokens = 0;
    for (const threshold of [1.5, 3]) {
      for (const prefix of SAMPLE_PREFIXES) {
        const settings: Partial<DecodeSettings> = { mode: "ead", threshold, window: 4, maxTokens: 32 };
        const a = await pair.local.complete({ prefix, suffix: SUFFIX, settings });
        const b = await pair.remote.complete({ prefix, suffix: SUFFIX, settings });
        assert.deepEqual(trace(b), trace(a), `threshold ${threshold}, prefix ${JSON.stringify(prefix)}`);
        assert.equal(b.stats.switches, a.stats.switches);
        assert.equal(b.stats.fallback, undefined);
        largeTokens += b.stats.largeTokens;
      }
    }
    assert.ok(largeTokens > 0, "the server wrote some of the tokens");
  });

  it("keeps its stream open past EAD's first word: at -infinity EAD sends as many requests as large-only", async () => {
    const lane = pair.remote.lanes.large as RemoteLane;
    for (const prefix of SAMPLE_PREFIXES) {
      const at = lane.streamsOpened;
      const large = await pair.remote.complete({ prefix, suffix: SUFFIX, settings: { mode: "large", maxTokens: 16 } });
      const single = lane.streamsOpened - at;
      // The large model writes the first word by the rule, then every token by the threshold: the position
      // after the word comes from the stream the word began, not from a new request.
      const ead = await pair.remote.complete({ prefix, suffix: SUFFIX, settings: { mode: "ead", threshold: -Infinity, maxTokens: 16 } });
      assert.equal(ead.text, large.text);
      assert.ok(single >= 1);
      assert.equal(lane.streamsOpened - at - single, single, `requests for ${JSON.stringify(prefix)}`);
    }
  });

  it("writes the local large model's greedy text in large mode", async () => {
    const settings: Partial<DecodeSettings> = { mode: "large", maxTokens: 40 };
    const a = await pair.local.complete({ prefix: SAMPLE_PREFIXES[0], suffix: SUFFIX, settings });
    const b = await pair.remote.complete({ prefix: SAMPLE_PREFIXES[0], suffix: SUFFIX, settings });
    assert.equal(b.text, a.text);
    assert.ok(b.tokens.every((t) => t.model === "large"));
  });

  it("keeps the client's prompt cached in its slot: a repeated request evaluates almost nothing", async () => {
    const settings: Partial<DecodeSettings> = { mode: "large", maxTokens: 8 };
    const prefix = SAMPLE_PREFIXES[2];
    await pair.remote.complete({ prefix, suffix: SUFFIX, settings });
    const again = await pair.remote.complete({ prefix, suffix: SUFFIX, settings });
    const promptLength = pair.remote.buildPrompt(prefix, SUFFIX).length;
    assert.ok(promptLength > 20);
    assert.ok(again.stats.promptEvaluated!.large <= 2, `re-evaluated ${again.stats.promptEvaluated!.large} of ${promptLength} prompt tokens`);
  });

  it("judges the small model's tokens for rollback as the local lane does", async () => {
    const prompt = pair.local.buildPrompt(SAMPLE_PREFIXES[1], SUFFIX);
    const written = (await pair.local.complete({ prefix: SAMPLE_PREFIXES[1], suffix: SUFFIX, settings: { mode: "small", maxTokens: 6 } })).tokens.map((t) => t.id);
    const target = [...prompt, ...written];
    const outputsFrom = prompt.length - 1;
    const a = (await pair.local.lanes.large.advance(target, { topK: 40, outputsFrom })).next;
    const b = (await (pair.remote.lanes.large as RemoteLane).advance(target, { topK: 40, outputsFrom })).next;
    assert.equal(b.length, a.length);
    for (let i = 0; i < a.length; i++) {
      assert.equal(b[i].token, a[i].token, `position ${i}`);
      assert.ok(Math.abs(a[i].entropy - b[i].entropy) < 2e-3);
    }
  });
});

function trace(result: CompletionResult): string[] {
  return result.tokens.map((t) => `${t.id}:${t.model}`);
}
