// A team server that is down, slow, refuses, breaks off its stream or serves another vocabulary: the
// completion goes on with the small model, each outage is reported once, and the lane comes back by
// itself. Real llama-server processes; the slow and broken cases go through a fault-injecting proxy.
import assert from "node:assert/strict";
import { freePort, type LlamaServerProcess } from "../../../../src/bench/llamaServer/launch";
import { EadEngine } from "../../../../src/engine/engine";
import type { RemoteLaneState } from "../../../../src/engine/remote/remoteLane";
import type { CompletionResult, DecodeSettings } from "../../../../src/engine/types";
import { FaultProxy } from "../../helpers/faultProxy";
import { fixtures, loadFixtureEngine, SAMPLE_PREFIXES } from "../../helpers/fixtures";
import { startServer } from "../../helpers/llamaServer";
import { qwenTestModel, SMALL_VOCAB } from "../../helpers/realPair";

const PREFIX = SAMPLE_PREFIXES[0];
const SUFFIX = "\n  return total;\n}\n";
/** A low threshold: the large model would write most tokens if it could. */
const EAD: Partial<DecodeSettings> = { mode: "ead", threshold: 0.5, window: 2, maxTokens: 24 };

async function withRemote(
  url: string,
  options: { apiKey?: string; timeoutMs?: number; retryMs?: number } = {},
): Promise<{ engine: EadEngine; states: RemoteLaneState[] }> {
  const states: RemoteLaneState[] = [];
  const engine = await EadEngine.load({
    smallModelPath: fixtures.small,
    largeModelPath: "",
    largeServer: { url, slot: 0, timeoutMs: options.timeoutMs ?? 3000, retryMs: options.retryMs ?? 60_000, ...(options.apiKey ? { apiKey: options.apiKey } : {}) },
    threads: 1,
    onRemoteState: (s) => states.push(s),
  });
  return { engine, states };
}

/** Up/down as reported, consecutive repeats merged (a state is also sent after each completion that used the server). */
function changes(states: readonly RemoteLaneState[]): boolean[] {
  return states.map((s) => s.up).filter((up, i, all) => i === 0 || all[i - 1] !== up);
}

describe("remote large lane faults (real llama-server)", function () {
  this.timeout(600_000);
  let smallOnly: CompletionResult;
  let server: LlamaServerProcess;

  before(async () => {
    const local = await loadFixtureEngine();
    try {
      smallOnly = await local.complete({ prefix: PREFIX, suffix: SUFFIX, settings: { ...EAD, mode: "small" } });
    } finally {
      await local.dispose();
    }
    server = await startServer({ args: ["--api-key", "team-secret-1"] });
  });

  after(async () => {
    await server?.stop();
  });

  /** The completion the small model alone writes, marked as a fallback. */
  function assertSmallFallback(result: CompletionResult, reason: RegExp): void {
    assert.equal(result.text, smallOnly.text);
    assert.ok(result.tokens.every((t) => t.model === "small"), "every token is the small model's");
    assert.match(result.stats.fallback ?? "", reason);
  }

  it("server down: loads, completes with the small model, reports one outage, and recovers when it comes up", async () => {
    const port = await freePort();
    const { engine, states } = await withRemote(`http://127.0.0.1:${port}`, { retryMs: 300 });
    let revived: LlamaServerProcess | undefined;
    try {
      assert.equal(engine.info.remote?.up, false);
      assert.match(engine.info.remote?.reason ?? "", /cannot reach/);
      for (let i = 0; i < 3; i++) assertSmallFallback(await engine.complete({ prefix: PREFIX, suffix: SUFFIX, settings: EAD }), /team server/);
      assert.deepEqual(changes(states), [false], "one report for the whole outage");

      revived = await startServer({ port });
      await new Promise((r) => setTimeout(r, 400));
      const back = await engine.complete({ prefix: PREFIX, suffix: SUFFIX, settings: EAD });
      assert.equal(back.stats.fallback, undefined);
      assert.ok(back.stats.largeTokens > 0, "the large model writes again");
      assert.deepEqual(changes(states), [false, true]);
    } finally {
      await engine.dispose();
      await revived?.stop();
    }
  });

  it("wrong API key (401): the small model writes and the reason says so; the right key works", async () => {
    const bad = await withRemote(server.url, { apiKey: "wrong" });
    try {
      assert.equal(bad.engine.info.remote?.up, false);
      assert.match(bad.engine.info.remote?.reason ?? "", /401/);
      assertSmallFallback(await bad.engine.complete({ prefix: PREFIX, suffix: SUFFIX, settings: EAD }), /401/);
      assert.ok(!JSON.stringify(bad.engine.info).includes("wrong"), "the key appears nowhere in the engine's info");
    } finally {
      await bad.engine.dispose();
    }
    const good = await withRemote(server.url, { apiKey: "team-secret-1" });
    try {
      assert.equal(good.engine.info.remote?.up, true, good.engine.info.remote?.reason);
      const result = await good.engine.complete({ prefix: PREFIX, suffix: SUFFIX, settings: EAD });
      assert.equal(result.stats.fallback, undefined);
      assert.ok(result.stats.largeTokens > 0);
      assert.ok(!JSON.stringify(good.engine.info).includes("team-secret-1"));
    } finally {
      await good.engine.dispose();
    }
  });

  describe("through a fault-injecting proxy", () => {
    let proxy: FaultProxy;
    let engine: EadEngine;
    let states: RemoteLaneState[];

    beforeEach(async () => {
      proxy = await new FaultProxy(server.url).start();
      ({ engine, states } = await withRemote(proxy.url, { apiKey: "team-secret-1", timeoutMs: 1000, retryMs: 200 }));
      assert.equal(engine.info.remote?.up, true, engine.info.remote?.reason);
    });

    afterEach(async () => {
      await engine.dispose();
      await proxy.stop();
    });

    it("answering 500: the small model writes, then the large one again once the server is well", async () => {
      proxy.faults = { completionStatus: 500 };
      assertSmallFallback(await engine.complete({ prefix: PREFIX, suffix: SUFFIX, settings: EAD }), /HTTP 500/);
      proxy.faults = {};
      await new Promise((r) => setTimeout(r, 300));
      const back = await engine.complete({ prefix: PREFIX, suffix: SUFFIX, settings: EAD });
      assert.equal(back.stats.fallback, undefined);
      assert.deepEqual(changes(states), [false, true]);
    });

    it("slow (a delay past the time limit): no hang, the small model writes", async () => {
      proxy.faults = { delayMs: 2500 };
      const t0 = Date.now();
      const result = await engine.complete({ prefix: PREFIX, suffix: SUFFIX, settings: EAD });
      assertSmallFallback(result, /no answer within 1000 ms/);
      // The time limit (1000 ms) plus a margin for the small model's 24 tokens and the request set-up on
      // a loaded 2-core machine (they take about 0.3 s unloaded): no wait for the 2.5 s delay.
      const LIMIT_MS = 1000;
      const MARGIN_MS = 1200;
      assert.ok(Date.now() - t0 < LIMIT_MS + MARGIN_MS, `took ${Date.now() - t0} ms, more than the ${LIMIT_MS} ms limit + ${MARGIN_MS} ms`);
      // While it is down, completions do not wait on it at all.
      const again = await engine.complete({ prefix: PREFIX, suffix: SUFFIX, settings: EAD });
      assertSmallFallback(again, /team server/);
      assert.deepEqual(changes(states), [false]);
    });

    it("dropping the stream: what the large model wrote stays, the small model writes the rest", async () => {
      // About 23 kB per token at the default top-K of 256: the cut falls after a few tokens.
      proxy.faults = { cutCompletionAfterBytes: 60_000 };
      const result = await engine.complete({ prefix: PREFIX, suffix: SUFFIX, settings: { mode: "large", maxTokens: 24 } });
      const firstSmall = result.tokens.findIndex((t) => t.model === "small");
      assert.ok(firstSmall > 0, `the large model wrote ${firstSmall} tokens before the cut`);
      assert.ok(result.tokens.slice(firstSmall).every((t) => t.model === "small"));
      assert.match(result.stats.fallback ?? "", /stream/);
      // The completion ran to its end: the token limit, or the small model's end of text.
      assert.ok(result.tokens.length === 24 || result.stats.stopReason === "eog", `${result.tokens.length} tokens, ${result.stats.stopReason}`);
    });

    it("a cancelled completion stops its stream at once", async () => {
      proxy.faults = { delayMs: 800 };
      const controller = new AbortController();
      let abortedAt = 0;
      // Cancel while the server holds the completion request open (the proxy delays its answer).
      proxy.onRequest = (path) => {
        if (!path.startsWith("/completion") || abortedAt) return;
        setTimeout(() => {
          abortedAt = Date.now();
          controller.abort();
        }, 50);
      };
      const pending = engine.complete({ prefix: PREFIX, suffix: SUFFIX, settings: { mode: "large", maxTokens: 24 } }, { signal: controller.signal });
      await assert.rejects(pending, (e: Error & { code?: string }) => e.code === "ABORTED");
      assert.ok(abortedAt > 0, "the completion request reached the server before the cancel");
      // Server-side evidence: the client closed the completion's connection, well before the delayed answer.
      const MARGIN_MS = 300;
      await new Promise((r) => setTimeout(r, MARGIN_MS));
      const closed = proxy.clientClosed.find((c) => c.path.startsWith("/completion"));
      assert.ok(closed, `the server saw no completion connection closed: ${JSON.stringify(proxy.clientClosed)}`);
      assert.ok(closed.at - abortedAt <= MARGIN_MS, `closed ${closed.at - abortedAt} ms after the cancel`);
      assert.equal(engine.remoteState?.up, true, "a cancel is not an outage");
    });
  });

  it("serving another vocabulary: the pairing check names the difference and the small model writes", async () => {
    const other = await startServer({ model: qwenTestModel(SMALL_VOCAB) });
    try {
      const { engine, states } = await withRemote(other.url);
      try {
        assert.equal(engine.info.remote?.up, false);
        assert.match(engine.info.remote?.reason ?? "", /cannot pair with small\.gguf: its vocabulary has 151,936 tokens against 4,096/);
        assertSmallFallback(await engine.complete({ prefix: PREFIX, suffix: SUFFIX, settings: EAD }), /cannot pair/);
        assert.deepEqual(changes(states), [false]);
      } finally {
        await engine.dispose();
      }
    } finally {
      await other.stop();
    }
  });
});
