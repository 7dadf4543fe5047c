// The context warm-up through the engine process (fixture pair): the editor's client asks for it, the
// block is evaluated there, and a completion sent while it waits wins.
import assert from "node:assert/strict";
import { isAbortError } from "../../../src/engine/errors";
import { EngineClient } from "../../../src/host/engineClient";
import type { PromptContext } from "../../../src/engine/types";
import { fixtures, hostScript, SAMPLE_PREFIXES, syntheticJs } from "../helpers/fixtures";

const context: PromptContext = { repo: "demo", path: "src/main.js", chunks: [{ path: "src/util.js", text: syntheticJs(6) }] };
const settings = { mode: "small", maxTokens: 4 } as const;

describe("host: warmContext through the engine process (fixture pair)", function () {
  this.timeout(300_000);
  let client: EngineClient;
  before(async () => {
    client = new EngineClient({ hostScript });
    // Small evaluation chunks: a warm-up checks for a completion between chunks.
    await client.load({ smallModelPath: fixtures.small, largeModelPath: fixtures.large, threads: 1, batchSize: 16 });
  });
  after(async () => client?.dispose());

  it("evaluates the block once; the completion with that context then reuses it", async () => {
    const warmed = await client.warmContext({ context, settings });
    assert.ok(warmed.tokens > 40 && warmed.evaluated.small === warmed.tokens, JSON.stringify(warmed));
    assert.deepEqual((await client.warmContext({ context, settings })).evaluated, { small: 0, large: 0 });
    const result = await client.complete({ prefix: SAMPLE_PREFIXES[0], context, settings });
    assert.equal(result.stats.reused.small, warmed.tokens);
    assert.equal(client.requestsInFlight("warmContext"), 0);
  });

  it("a completion sent while a warm-up waits aborts it; the caller's signal cancels one", async () => {
    const chunks = Array.from({ length: 7 }, (_, i) => ({ path: `src/part${i}.js`, text: syntheticJs(5).replace(/value/g, `value${i}`) }));
    const warm = assert.rejects(client.warmContext({ context: { repo: "other", chunks }, settings }), (e) => isAbortError(e));
    const result = client.complete({ prefix: SAMPLE_PREFIXES[1], settings });
    await warm;
    assert.ok((await result).tokens.length > 0);

    const controller = new AbortController();
    controller.abort();
    await assert.rejects(client.warmContext({ context, settings }, { signal: controller.signal }), (e) => isAbortError(e));
  });
});
