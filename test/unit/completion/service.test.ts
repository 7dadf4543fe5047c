import assert from "node:assert/strict";
import { CANCEL_GRACE_MS, CompletionService, isSettled, type CompletionQuery, type EngineLike, type Timers } from "../../../src/completion/service";
import type { AcceptedCompletion, CompletionRecord } from "../../../src/completion/events";
import { ScriptedEngine, until } from "../helpers/scriptedEngine";

/** Timers that fire only when the test says so. */
class ManualTimers implements Timers {
  private readonly pending = new Map<number, { fn: () => void; ms: number }>();
  private next = 1;
  set = (fn: () => void, ms: number): unknown => {
    this.pending.set(this.next, { fn, ms });
    return this.next++;
  };
  clear = (handle: unknown): void => void this.pending.delete(handle as number);
  get delays(): number[] {
    return [...this.pending.values()].map((t) => t.ms);
  }
  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const t of due) t.fn();
  }
}

const noSleep = async () => undefined;

/** An editor cancellation token the test cancels. */
function cancellable() {
  const listeners: (() => void)[] = [];
  const token = {
    isCancellationRequested: false,
    onCancellationRequested: (l: () => void) => (listeners.push(l), { dispose() {} }),
    cancel() {
      token.isCancellationRequested = true;
      listeners.forEach((l) => l());
    },
  };
  return token;
}

const SETTINGS = { decode: { mode: "ead" as const, maxTokens: 64 }, multiline: "auto" as const, debounceMs: 0 };

function query(text: string, offset = text.length, over: Partial<CompletionQuery> = {}): CompletionQuery {
  return { uri: "file:///a.js", text, offset, settings: SETTINGS, ...over };
}

describe("completion/service", () => {
  it("shows the post-processed engine text and reports the completion", async () => {
    const engine = new ScriptedEngine(() => "a + b;\n}\n");
    const service = new CompletionService({ engine, sleep: noSleep });
    const records: CompletionRecord[] = [];
    service.events.onDidComplete((r) => records.push(r));
    const answer = await service.provide(query("function add(a, b) {\n  return "));
    assert.equal(answer?.text, "a + b;");
    assert.equal(answer?.source, "engine");
    assert.equal(records.length, 1);
    assert.equal(records[0].text, "a + b;");
    assert.equal(engine.calls[0].prefix, "function add(a, b) {\n  return ");
  });

  it("stops generating once a single-line completion reached its newline, keeping the engine's evaluated counts", async () => {
    // The engine notices the stop two tokens late, as the real one may.
    const engine = new ScriptedEngine(() => "a + b;\n" + "x".repeat(200), { lagAfterStop: 2 });
    const service = new CompletionService({ engine, params: () => ({ small: 1, large: 4 }) });
    const records: CompletionRecord[] = [];
    service.events.onDidComplete((r) => records.push(r));
    const answer = await service.provide(query("  return "));
    assert.equal(answer?.text, "a + b;");
    assert.equal(engine.tokensSent, 9, "7 tokens up to the newline and 2 written before the stop reached the engine");
    assert.equal(service.counters.earlyStops, 1);
    const r = records[0];
    assert.equal(r.stoppedEarly, true);
    assert.equal(r.stats.stopReason, "stopped");
    // Kept: the 7 tokens up to the newline, large at 0, 3 and 6.
    assert.equal(r.raw, "a + b;\n");
    assert.deepEqual([r.tokens.length, r.stats.smallTokens, r.stats.largeTokens], [7, 4, 3]);
    // Cost of the kept tokens with a 1:4 pair: 3/7 + 4/7 * 1/4 = 4/7.
    assert.ok(Math.abs(r.stats.paramCost - 4 / 7) < 1e-12, `paramCost ${r.stats.paramCost}`);
    // The engine's own evaluated counts (all 9 written tokens, 6 small and 3 large, plus 10 prompt tokens each) pass through untouched.
    assert.deepEqual(r.stats.evaluated, { small: 16, large: 13 });
  });

  it("reuses the suggestion while the user types it, without an engine call", async () => {
    const engine = new ScriptedEngine(() => "console.log(x);");
    const service = new CompletionService({ engine, sleep: noSleep });
    const base = "const x = 1;\n";
    const first = await service.provide(query(base));
    assert.equal(first?.text, "console.log(x);");
    for (const typed of ["c", "co", "con", "console.l"]) {
      const answer = await service.provide(query(base + typed));
      assert.equal(answer?.source, "typedThrough");
      assert.equal(answer?.text, "console.log(x);".slice(typed.length));
    }
    assert.equal(engine.calls.length, 1);
    // Typing something else asks the engine again.
    await service.provide(query(base + "x"));
    assert.equal(engine.calls.length, 2);
  });

  it("answers a repeated context from the cache", async () => {
    const engine = new ScriptedEngine(() => "1;");
    const service = new CompletionService({ engine, sleep: noSleep });
    await service.provide(query("let a = "));
    await service.provide(query("let b = "));
    const again = await service.provide(query("let a = "));
    assert.equal(again?.source, "cache");
    assert.equal(again?.text, "1;");
    assert.equal(engine.calls.length, 2);
  });

  it("keeps at most one generation in flight under rapid requests, and shows only the last", async () => {
    const engine = new ScriptedEngine((p) => `/*${p.length}*/ done();`, { gated: true });
    const service = new CompletionService({ engine, sleep: noSleep });
    let text = "";
    const answers: Promise<unknown>[] = [];
    for (let i = 0; i < 12; i++) {
      text += String.fromCharCode(97 + i);
      answers.push(service.provide(query(text)));
      // Each keystroke comes while the previous generation is running (it has written 2 tokens).
      await until(() => engine.calls.length === i + 1, `engine call ${i + 1}`);
      engine.allow(2);
      await until(() => engine.tokensSent === 2 * (i + 1), `2 tokens of call ${i + 1}`);
    }
    engine.allow();
    const results = await Promise.all(answers);
    assert.equal(engine.maxRunning, 1);
    assert.equal(service.counters.maxInFlight, 1);
    assert.deepEqual(results.slice(0, -1), Array(11).fill(undefined));
    assert.equal((results.at(-1) as { text: string }).text, `/*12*/ done();`);
    assert.equal(service.counters.cancelled, 11);
    assert.equal(engine.aborted, 11);
  });

  it("stops the engine when the editor cancels the request, after the grace period", async () => {
    const engine = new ScriptedEngine(() => "x".repeat(100), { gated: true });
    const timers = new ManualTimers();
    const service = new CompletionService({ engine, sleep: noSleep, timers });
    const cancel = cancellable();
    const pending = service.provide(query("a = "), cancel);
    await until(() => engine.calls.length === 1, "the engine call");
    engine.allow(3);
    await until(() => engine.tokensSent === 3, "3 tokens");
    cancel.cancel();
    // Not aborted at once: the editor may ask again for the same place.
    assert.deepEqual(timers.delays, [CANCEL_GRACE_MS]);
    assert.equal(engine.aborted, 0);
    timers.fireAll();
    assert.equal(await pending, undefined);
    assert.equal(engine.aborted, 1);
    assert.equal(engine.tokensSent, 3);
    assert.equal(service.counters.cancelled, 1);
  });

  it("a request for the same place joins the running generation instead of starting over", async () => {
    const engine = new ScriptedEngine(() => "value;", { gated: true });
    const timers = new ManualTimers();
    const service = new CompletionService({ engine, sleep: noSleep, timers });
    const cancel = cancellable();
    const first = service.provide(query("x = "), cancel);
    await until(() => engine.calls.length === 1, "the engine call");
    engine.allow(2);
    // The editor cancels its request and asks again for the same place within the grace period.
    cancel.cancel();
    const second = service.provide(query("x = "));
    await until(() => service.counters.joined === 1, "the join");
    assert.deepEqual(timers.delays, [], "joining keeps the generation: its abort timer is cleared");
    engine.allow();
    assert.equal((await second)?.text, "value;");
    assert.equal(await first, undefined);
    assert.equal(engine.calls.length, 1);
    assert.equal(engine.aborted, 0);
  });

  it("pre-fetches the completion after an accepted suggestion, so the editor's request needs no new generation", async () => {
    const engine = new ScriptedEngine((p) => (p.endsWith("a = 1;\n") ? "b = 2;" : "a = 1;"), { gated: true });
    const waits: number[] = [];
    const service = new CompletionService({ engine, sleep: async (ms) => void waits.push(ms) });
    const prefetch = service.prefetch(query("a = 1;\n"));
    await until(() => engine.calls.length === 1, "the pre-fetch engine call");
    const answer = service.provide(query("a = 1;\n", undefined, { settings: { ...SETTINGS, debounceMs: 150 } }));
    await until(() => service.counters.joined === 1, "the join");
    engine.allow();
    assert.equal((await answer)?.text, "b = 2;");
    await prefetch;
    assert.equal(engine.calls.length, 1);
    assert.equal(service.counters.prefetches, 1);
    // Joining a running generation does not wait for the debounce.
    assert.deepEqual(waits, []);
  });

  it("finds a finished pre-fetch although the budget moved the threshold after it (results are keyed by the user's settings and the budget's target)", async () => {
    const engine = new ScriptedEngine((p) => (p.endsWith("a = 1;\n") ? "b = 2;" : "a = 1;"));
    let shift = 0;
    let tag = "budget 0.3";
    const service = new CompletionService({
      engine,
      sleep: noSleep,
      // As the budget does: each finished completion moves the effective threshold.
      adjustDecode: (s) => ({ ...s, threshold: 4 + shift }),
      cacheTag: () => tag,
    });
    service.events.onDidComplete(() => (shift += 0.05));
    await service.prefetch(query("a = 1;\n"));
    assert.equal(engine.calls.length, 1);
    const answer = await service.provide(query("a = 1;\n"));
    assert.equal(answer?.text, "b = 2;");
    assert.equal(answer?.source, "cache");
    assert.equal(engine.calls.length, 1, "the editor's request ran a generation of its own");
    // Another tag (the user chose another budget target) is another result.
    tag = "budget 0.5";
    assert.equal((await service.provide(query("a = 1;\n", undefined, { uri: "file:///b.js" })))?.source, "engine");
    assert.equal(engine.calls.length, 2);
  });

  it("waits for the debounce and skips it for explicit requests", async () => {
    const engine = new ScriptedEngine(() => "1;");
    const waits: number[] = [];
    const service = new CompletionService({ engine, sleep: async (ms) => void waits.push(ms) });
    await service.provide(query("a = ", undefined, { settings: { ...SETTINGS, debounceMs: 150 } }));
    await service.provide(query("b = ", undefined, { settings: { ...SETTINGS, debounceMs: 150 }, explicit: true }));
    assert.deepEqual(waits, [150]);
  });

  it("reports an accepted suggestion with its tokens, and partial accepts that continue it", async () => {
    const engine = new ScriptedEngine(() => "foo(bar);");
    const service = new CompletionService({ engine, sleep: noSleep });
    const accepted: AcceptedCompletion[] = [];
    service.events.onDidAccept((a) => accepted.push(a));
    const base = "x\n";
    const answer = await service.provide(query(base));
    assert.ok(service.insertedText("file:///a.js", base.length, "foo("));
    assert.equal(service.insertedText("file:///a.js", base.length, "zz("), false);
    // The editor inserting the whole rest is the full accept, reported once by the command.
    assert.equal(service.insertedText("file:///a.js", base.length + 4, "bar);"), false);
    service.accepted(answer!.id);
    assert.equal(accepted.length, 2);
    assert.deepEqual(accepted[1], {
      uri: "file:///a.js",
      offset: 2,
      text: "foo(bar);",
      tokens: accepted[1].tokens,
      threshold: 5.4,
      rawIndex: [0, 1, 2, 3, 4, 5, 6, 7, 8],
    });
    assert.equal(accepted[1].tokens.map((t) => t.text).join(""), "foo(bar);");
    // The partial accept carries the map of its own characters.
    assert.deepEqual(accepted[0].rawIndex, [0, 1, 2, 3]);
  });

  it("hands the provenance code a map from shown to raw characters when post-processing moved them", async () => {
    // The model writes a leading space and leaves the call open: shown as "foo(a, b)" after "x = ".
    const engine = new ScriptedEngine(() => " foo(a, b");
    const service = new CompletionService({ engine, sleep: noSleep });
    const accepted: AcceptedCompletion[] = [];
    service.events.onDidAccept((a) => accepted.push(a));
    const answer = await service.provide(query("x = "));
    assert.equal(answer?.text, "foo(a, b)");
    service.accepted(answer!.id);
    // Raw " foo(a, b": shown character i came from raw i + 1; the added ")" came from no token.
    assert.deepEqual(accepted[0].rawIndex, [1, 2, 3, 4, 5, 6, 7, 8, -1]);
  });

  it("drops empty completions and reports them anyway", async () => {
    const engine = new ScriptedEngine(() => "\n\n");
    const service = new CompletionService({ engine, sleep: noSleep });
    const records: CompletionRecord[] = [];
    service.events.onDidComplete((r) => records.push(r));
    assert.equal(await service.provide(query("a = 1;")), undefined);
    assert.equal(records.length, 1);
  });

  it("reports engine errors once per failing request", async () => {
    const errors: Error[] = [];
    let n = 0;
    const engine: EngineLike = { complete: async () => Promise.reject(new Error(`boom ${++n}`)) };
    const service = new CompletionService({ engine, sleep: noSleep, onError: (e) => errors.push(e) });
    assert.equal(await service.provide(query("a")), undefined);
    assert.deepEqual(errors.map((e) => e.message), ["boom 1"]);
    assert.equal(await service.provide(query("b")), undefined);
    assert.deepEqual(errors.map((e) => e.message), ["boom 1", "boom 2"]);
    assert.equal(service.counters.errors, 2);
    assert.equal(service.counters.cancelled, 0);
  });

  it("isSettled: single-line after a newline, multi-line after the block ends", () => {
    const single = { linePrefix: "x = ", lineSuffix: "", followingLines: [], multiline: false };
    assert.equal(isSettled("1;", single), false);
    assert.equal(isSettled("1;\n", single), true);
    const multi = { linePrefix: "function f() {", lineSuffix: "", followingLines: [], multiline: true };
    assert.equal(isSettled("\n  return 1;\n", multi), false);
    assert.equal(isSettled("\n  return 1;\n}", multi), false);
    assert.equal(isSettled("\n  return 1;\n}\n", multi), true);
  });
});

describe("completion/service after a model change", () => {
  const NEW_PAIR = () => "fresh();";
  const OLD_PAIR = () => "stale();";

  it("reset aborts the running generation and its result is neither shown, cached nor typed through", async () => {
    const engine = new ScriptedEngine(OLD_PAIR, { gated: true });
    const service = new CompletionService({ engine, sleep: async () => undefined });
    const pending = service.provide(query("x = "));
    await until(() => engine.calls.length === 1, "the first engine call");
    engine.allow(3); // "sta" written by the old pair
    await until(() => engine.tokensSent === 3, "three tokens");
    service.reset();
    engine.reply = NEW_PAIR; // the new pair is loaded
    engine.allow();
    assert.equal(await pending, undefined, "a result of the old pair was shown");
    assert.equal(engine.aborted, 1, "the generation of the old pair was not aborted");
    // Typing the old suggestion's first character is not typed-through, and the same context asks the new pair.
    const typed = await service.provide(query("x = s"));
    assert.equal(typed?.source, "engine");
    assert.equal(typed?.text, "fresh();");
    const again = await service.provide(query("x = "));
    assert.deepEqual([again?.source, again?.text], ["engine", "fresh();"]);
    assert.equal(service.counters.typedThroughHits, 0);
    assert.equal(service.counters.cacheHits, 0);
  });

  it("a generation that finished while reset ran is dropped too (no abort reached it)", async () => {
    const engine = new ScriptedEngine(OLD_PAIR);
    // The old pair's result arrives at the same time as the reset: the engine has already returned.
    let resetNow = false;
    const service = new CompletionService({ engine, sleep: async () => undefined, onBusy: (busy) => void (!busy && resetNow && service.reset()) });
    resetNow = true;
    assert.equal(await service.provide(query("y = ")), undefined, "a result of the old pair was shown");
    resetNow = false;
    engine.reply = NEW_PAIR;
    assert.deepEqual(await service.provide(query("y = ")).then((a) => [a?.source, a?.text]), ["engine", "fresh();"]);
    const typed = await service.provide(query("y = st"));
    assert.notEqual(typed?.source, "typedThrough");
  });
});
