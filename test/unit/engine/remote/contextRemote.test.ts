// Repository-level context with the large model on a team llama-server (fixture pair): the server gets
// the same prompt token ids as the local lanes, writes what the local large model writes, and keeps the
// context block cached in its slot across keystrokes.
import assert from "node:assert/strict";
import type { CompletionResult, DecodeSettings, PromptContext } from "../../../../src/engine/types";
import { SUM_CHUNK } from "../../helpers/contextSamples";
import { SAMPLE_PREFIXES, syntheticJs } from "../../helpers/fixtures";
import { remotePairHooks } from "../../helpers/llamaServer";

const SUFFIX = "\n  return result;\n}\n";
const CONTEXT: PromptContext = {
  repo: "demo",
  path: "src/main.js",
  chunks: [
    SUM_CHUNK,
    { path: "src/util.js", text: syntheticJs(5) },
  ],
};

const trace = (r: CompletionResult) => r.tokens.map((t) => `${t.id}:${t.model}`);

describe("remote large lane with repository-level context (a real llama-server with the fixture large model)", function () {
  this.timeout(600_000);
  const pair = remotePairHooks();

  it("the server's slot holds exactly the local prompt's token ids, context block first", async () => {
    const settings: Partial<DecodeSettings> = { mode: "large", maxTokens: 8 };
    const prefix = SAMPLE_PREFIXES[0];
    const a = await pair.local.complete({ prefix, suffix: SUFFIX, context: CONTEXT, settings });
    const b = await pair.remote.complete({ prefix, suffix: SUFFIX, context: CONTEXT, settings });
    assert.equal(b.stats.fallback, undefined);
    assert.equal(b.text, a.text);
    const prompt = pair.local.buildPrompt(prefix, SUFFIX, { maxTokens: 8, draftTokens: 4 }, undefined, CONTEXT);
    assert.equal(prompt[0], 4094, "the prompt opens with <|repo_name|>");
    // One token past our prompt evaluates only itself exactly when the slot's cache starts with our prompt.
    const probe = [...prompt, b.tokens[0].id];
    const res = await fetch(`${pair.server.url}/completion`, { method: "POST", body: JSON.stringify({ prompt: probe, n_predict: 1, cache_prompt: true, id_slot: 0, temperature: 0 }) });
    const body = (await res.json()) as { timings: { prompt_n: number } };
    assert.equal(body.timings.prompt_n, 1, `the server re-evaluated ${body.timings.prompt_n} of ${probe.length} tokens`);
  });

  it("greedy EAD with context writes the local lanes' tokens and switch points", async () => {
    let largeTokens = 0;
    for (const prefix of SAMPLE_PREFIXES) {
      const settings: Partial<DecodeSettings> = { mode: "ead", threshold: 1.5, window: 4, maxTokens: 24 };
      const a = await pair.local.complete({ prefix, suffix: SUFFIX, context: CONTEXT, settings });
      const b = await pair.remote.complete({ prefix, suffix: SUFFIX, context: CONTEXT, settings });
      assert.deepEqual(trace(b), trace(a), JSON.stringify(prefix));
      largeTokens += b.stats.largeTokens;
    }
    assert.ok(largeTokens > 0, "the server wrote some of the tokens");
  });

  it("a keystroke with the same context re-evaluates a handful of the server's prompt tokens", async () => {
    const settings: Partial<DecodeSettings> = { mode: "large", maxTokens: 4 };
    const prefix = SAMPLE_PREFIXES[1];
    await pair.remote.complete({ prefix, suffix: SUFFIX, context: CONTEXT, settings });
    const typed = await pair.remote.complete({ prefix: prefix + "x", suffix: SUFFIX, context: CONTEXT, settings });
    assert.ok(typed.stats.promptEvaluated!.large <= 6, `re-evaluated ${typed.stats.promptEvaluated!.large}`);
  });
});
