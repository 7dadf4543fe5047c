// The pair's lifecycle with the real engine process and a clock the test moves: nothing loads until
// a request needs it, the pair unloads (the process ends) after the idle minutes, and the next
// request loads it again.
import assert from "node:assert/strict";
import { EngineClient } from "../../../src/host/engineClient";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EngineError } from "../../../src/engine/errors";
import { BUSY_REQUESTS, engineBusy, PairLifecycle, type Clock } from "../../../src/models/pairLifecycle";
import { startFakeHub } from "../../helpers/models";
import { fixtures, hostScript, SAMPLE_PREFIXES } from "../helpers/fixtures";

const load = { smallModelPath: fixtures.small, largeModelPath: fixtures.large, threads: 1 };

/** A clock whose time moves only when the test says so; due timers run in time order. */
class ManualClock implements Clock {
  private time = 1_000_000;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;
  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, callback, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  get waiting(): number {
    return this.timers.length;
  }
  /** Moves time forward by `ms`, running each timer that falls due (and letting its promise settle). */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.callback();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    this.time = end;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("host/pairLifecycle (fixture pair, real engine process)", function () {
  let client: EngineClient;
  let clock: ManualClock;
  let minutes: number;
  let loads: number;
  let lifecycle: PairLifecycle;
  const unloaded: number[] = [];

  beforeEach(() => {
    client = new EngineClient({ hostScript });
    clock = new ManualClock();
    minutes = 15;
    loads = 0;
    unloaded.length = 0;
    lifecycle = new PairLifecycle({
      load: async () => {
        loads++;
        await client.load(load);
        return true;
      },
      unload: () => client.unload(),
      isLoaded: () => client.state === "ready",
      isBusy: () => engineBusy(client),
      idleMinutes: () => minutes,
      clock,
      onUnloaded: (ms) => unloaded.push(ms),
    });
  });
  afterEach(async () => {
    lifecycle.dispose();
    await client.dispose();
  });

  it("loads nothing until a request needs the pair; concurrent requests share one load", async () => {
    assert.equal(client.pid, undefined, "no engine process before the first request");
    assert.equal(clock.waiting, 0, "no idle timer before the first request");
    const [a, b] = await Promise.all([lifecycle.ensure(), lifecycle.ensure()]);
    assert.equal(a && b, true);
    assert.equal(loads, 1);
    assert.equal(client.state, "ready");
    assert.equal(await lifecycle.ensure(), true);
    assert.equal(loads, 1, "a loaded pair is not loaded again");
  });

  it("unloads after the idle minutes (the engine process ends) and reloads on the next request", async () => {
    await lifecycle.ensure();
    const pid = client.pid!;
    await clock.advance(14 * 60_000);
    assert.equal(client.state, "ready", "still loaded before the idle minutes are over");
    // A request restarts the countdown.
    await lifecycle.ensure();
    await clock.advance(14 * 60_000);
    assert.equal(client.state, "ready", "a request 14 minutes ago keeps it loaded");
    await clock.advance(60_000);
    await until("the unload", () => client.state === "stopped");
    assert.equal(client.pid, undefined);
    await until("the engine process to end", () => !processAlive(pid));
    assert.deepEqual(unloaded, [15 * 60_000]);
    assert.equal(lifecycle.unloads, 1);

    // The next request loads again, transparently, and completes.
    assert.equal(await lifecycle.ensure(), true);
    assert.equal(loads, 2);
    assert.notEqual(client.pid, pid);
    const result = await client.complete({ prefix: SAMPLE_PREFIXES[0], settings: { mode: "small", maxTokens: 4 } });
    assert.ok(result.tokens.length > 0);
  });

  it("0 idle minutes: never unloads", async () => {
    minutes = 0;
    await lifecycle.ensure();
    assert.equal(clock.waiting, 0, "no idle timer at 0 minutes");
    await clock.advance(24 * 60 * 60_000);
    assert.equal(client.state, "ready");
    assert.equal(lifecycle.unloads, 0);
  });

  it("a running completion is not unloaded under it: the countdown starts again", async () => {
    await lifecycle.ensure();
    let firstToken!: () => void;
    const started = new Promise<void>((resolve) => (firstToken = resolve));
    const stop = new AbortController();
    const running = client.complete(
      { prefix: SAMPLE_PREFIXES[3], settings: { mode: "small", maxTokens: 2000 }, ignoreStops: true },
      { stop: stop.signal, onToken: () => firstToken() },
    );
    await started;
    await clock.advance(15 * 60_000);
    assert.equal(client.state, "ready", "busy: not unloaded");
    assert.equal(lifecycle.unloads, 0);
    stop.abort();
    await running;
    await clock.advance(15 * 60_000);
    await until("the unload", () => client.state === "stopped");
    assert.equal(lifecycle.unloads, 1);
  });

  it("a download in the engine process keeps the pair loaded past the idle minutes; unloaded once it ends", async () => {
    await lifecycle.ensure();
    const size = statSync(fixtures.small).size;
    // About 20 s of transfer: the idle minutes pass (on the test's clock) while it runs.
    const hub = await startFakeHub({ "test/Idle-Coder-GGUF": fixtures.small }, { bytesPerSecond: Math.ceil(size / 20) });
    const storageDir = mkdtempSync(join(tmpdir(), "ead-idle-download-"));
    const cancel = new AbortController();
    let progressed!: () => void;
    const started = new Promise<void>((resolve) => (progressed = resolve));
    try {
      const download = client.download(
        { uri: "hf:test/Idle-Coder-GGUF:Q8_0", storageDir, huggingFaceEndpoint: hub.url },
        { signal: cancel.signal, onProgress: (p) => p.downloadedBytes > 0 && progressed() },
      );
      const settled = download.then(() => "done", (e: unknown) => (e instanceof EngineError ? e.code : String(e)));
      await started;
      await clock.advance(30 * 60_000);
      assert.equal(client.state, "ready", "downloading: not unloaded");
      assert.equal(lifecycle.unloads, 0);
      cancel.abort();
      assert.equal(await settled, "ABORTED");
      await clock.advance(15 * 60_000);
      await until("the unload", () => client.state === "stopped");
      assert.equal(lifecycle.unloads, 1);
    } finally {
      await hub.close();
      rmSync(storageDir, { recursive: true, force: true });
    }
  });

  it("busy means any request in the engine process: downloads, pair checks and memory estimates as well as completions", () => {
    for (const kind of ["complete", "download", "checkPair", "memory"] as const) {
      assert.ok((BUSY_REQUESTS as readonly string[]).includes(kind), kind);
      assert.equal(engineBusy({ requestsInFlight: (k) => (k === kind ? 1 : 0) }), true, kind);
    }
    assert.equal(engineBusy({ requestsInFlight: () => 0 }), false);
  });

  it("a shorter idle setting takes effect at the next request", async () => {
    await lifecycle.ensure();
    minutes = 1;
    await lifecycle.ensure();
    await clock.advance(60_000);
    await until("the unload", () => client.state === "stopped");
    assert.deepEqual(unloaded, [60_000]);
  });
});
