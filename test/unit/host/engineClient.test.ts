// The engine in its own process: killed mid-completion or idle, the caller gets an error and the
// next completion works; a crash loop stops restarting.
import assert from "node:assert/strict";
import { EngineError } from "../../../src/engine/errors";
import { EngineClient, type CrashReport } from "../../../src/host/engineClient";
import { fixtures, hostScript, SAMPLE_PREFIXES, waitFor } from "../helpers/fixtures";

const load = { smallModelPath: fixtures.small, largeModelPath: fixtures.large, threads: 1 };

describe("host/engineClient (fixture pair)", function () {
  let client: EngineClient;
  const crashes: CrashReport[] = [];

  beforeEach(async () => {
    crashes.length = 0;
    client = new EngineClient({ hostScript, backoffMs: 100, maxCrashes: 2, crashWindowMs: 60_000 });
    client.onCrash((r) => crashes.push(r));
    await client.load(load);
  });
  afterEach(async () => client.dispose());

  it("runs a completion in the child process and streams its tokens", async () => {
    const seen: string[] = [];
    const result = await client.complete({ prefix: SAMPLE_PREFIXES[0], settings: { mode: "ead", maxTokens: 16 } }, { onToken: (e) => seen.push(e.text) });
    assert.ok(result.tokens.length > 0);
    assert.equal(seen.join(""), result.text);
    assert.equal(client.requestsInFlight("complete"), 0);
  });

  it("reports an error to the caller when the process is killed mid-completion, then restarts and completes", async () => {
    const pid = client.pid!;
    let killed = false;
    const pending = client.complete(
      // Through end-of-text tokens, so that the completion is still running when the kill lands.
      { prefix: SAMPLE_PREFIXES[1], settings: { mode: "large", maxTokens: 1000, threshold: -Infinity }, ignoreStops: true },
      {
        onToken: () => {
          if (!killed) {
            killed = true;
            process.kill(pid, "SIGKILL");
          }
        },
      },
    );
    await assert.rejects(pending, (e: unknown) => e instanceof EngineError && e.code === "ENGINE_CRASHED" && /SIGKILL/.test(e.message));
    assert.equal(crashes.length, 1);
    assert.equal(crashes[0].willRestart, true);

    const after = await client.complete({ prefix: SAMPLE_PREFIXES[0], settings: { mode: "small", maxTokens: 8 } });
    assert.ok(after.tokens.length > 0);
    assert.notEqual(client.pid, pid);
    assert.equal(client.state, "ready");
  });

  it("recovers from a kill while idle", async () => {
    const pid = client.pid!;
    process.kill(pid, "SIGKILL");
    await waitFor(() => crashes.length === 1);
    const result = await client.complete({ prefix: SAMPLE_PREFIXES[2], settings: { mode: "small", maxTokens: 8 } });
    assert.ok(result.tokens.length > 0);
  });

  it("stops restarting after repeated crashes and says so", async () => {
    for (let i = 0; i < 3; i++) {
      await waitFor(() => client.state === "ready" && client.pid !== undefined);
      process.kill(client.pid!, "SIGKILL");
      await waitFor(() => crashes.length === i + 1);
    }
    assert.equal(client.state, "failed");
    assert.equal(crashes[2].willRestart, false);
    assert.match(crashes[2].message, /restarts stopped/);
    await assert.rejects(client.complete({ prefix: "x" }), (e: unknown) => e instanceof EngineError && e.code === "ENGINE_CRASHED");
  });

  it("a stop signal ends a running completion normally, with its stats", async () => {
    const stop = new AbortController();
    let tokens = 0;
    const result = await client.complete(
      { prefix: SAMPLE_PREFIXES[3], settings: { mode: "small", maxTokens: 500 }, ignoreStops: true },
      { stop: stop.signal, onToken: () => ++tokens === 2 && stop.abort() },
    );
    assert.equal(result.stats.stopReason, "stopped");
    // The stop crosses the process boundary while the child goes on: a few more tokens may come.
    assert.ok(result.tokens.length >= 2 && result.tokens.length < 500, `${result.tokens.length} tokens`);
    assert.ok(result.stats.evaluated.small >= result.tokens.length);
    assert.equal(client.requestsInFlight("complete"), 0);
  });

  it("cancels a running completion through its AbortSignal", async () => {
    const controller = new AbortController();
    let tokens = 0;
    const pending = client.complete(
      // Through end-of-text tokens, so that the completion is still running at the second token.
      { prefix: SAMPLE_PREFIXES[3], settings: { mode: "small", maxTokens: 500 }, ignoreStops: true },
      { signal: controller.signal, onToken: () => ++tokens === 2 && controller.abort() },
    );
    await assert.rejects(pending, (e: unknown) => e instanceof EngineError && e.code === "ABORTED");
    assert.equal(client.requestsInFlight("complete"), 0);
    assert.ok(tokens < 500);
  });
});
