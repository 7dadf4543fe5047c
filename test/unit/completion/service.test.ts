import assert from "node:assert/strict";
import { abortError } from "../../../src/engine/errors";
import { normalizeSettings } from "../../../src/engine/settings";
import type { CompletionRequest, CompletionResult, TokenEvent } from "../../../src/engine/types";
import { CompletionService, isSettled, type CompletionQuery, type EngineLike } from "../../../src/completion/service";
import type { AcceptedCompletion, CompletionRecord } from "../../../src/completion/events";
import { ScriptedEngine, until } from "../helpers/scriptedEngine";

/** An engine that writes `reply(prefix)` one character per token, `msPerToken` apart. */
class FakeEngine implements EngineLike {
  calls: CompletionRequest[] = [];
  running = 0;
  maxRunning = 0;
  tokensSent = 0;
  constructor(
    private readonly reply: (prefix: string) => string,
    private readonly msPerToken = 2,
  ) {}

  async complete(
    request: CompletionRequest,
    options: { onToken?: (e: TokenEvent) => void; signal?: AbortSignal; stop?: AbortSignal },
  ): Promise<CompletionResult> {
    this.calls.push(request);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      const reply = this.reply(request.prefix);
      let text = "";
      const tokens: TokenEvent[] = [];
      for (const [i, ch] of [...reply].entries()) {
        await new Promise((r) => setTimeout(r, this.msPerToken));
        if (options.signal?.aborted) throw abortError();
        const event: TokenEvent = { id: i, text: ch, model: i % 3 === 0 ? "large" : "small", entropy: 1, rolling: 1 };
        tokens.push(event);
        text += ch;
        this.tokensSent++;
        options.onToken?.(event);
        if (options.stop?.aborted) break;
      }
      if (options.signal?.aborted) throw abortError();
      const { settings } = normalizeSettings(request.settings);
      return {
        text,
        tokens,
        settings,
        stats: {
          smallTokens: tokens.filter((t) => t.model === "small").length,
          largeTokens: tokens.filter((t) => t.model === "large").length,
          switches: 0,
          // As a real engine: every token written was evaluated by its writer.
          evaluated: { small: tokens.filter((t) => t.model === "small").length, large: tokens.filter((t) => t.model === "large").length },
          reused: { small: 0, large: 0 },
          ms: { prefill: 0, decode: 0, catchUp: 0, verify: 0, total: 1 },
          paramCost: 0.5,
          drafted: 0,
          accepted: 0,
          stopReason: options.stop?.aborted ? "stopped" : "eog",
        },
      };
    } finally {
      this.running--;
    }
  }
}

const SETTINGS = { decode: { mode: "ead" as const, maxTokens: 64 }, multiline: "auto" as const, debounceMs: 0 };

function query(text: string, offset = text.length, over: Partial<CompletionQuery> = {}): CompletionQuery {
  return { uri: "file:///a.js", text, offset, settings: SETTINGS, ...over };
}

describe("completion/service", () => {
  it("shows the post-processed engine text and reports the completion", async () => {
    const engine = new FakeEngine(() => "a + b;\n}\n");
    const service = new CompletionService({ engine });
    const records: CompletionRecord[] = [];
    service.events.onDidComplete((r) => records.push(r));
    const answer = await service.provide(query("function add(a, b) {\n  return "));
    assert.equal(answer?.text, "a + b;");
    assert.equal(answer?.source, "engine");
    assert.equal(records.length, 1);
    assert.equal(records[0].text, "a + b;");
    assert.equal(engine.calls[0].prefix, "function add(a, b) {\n  return ");
  });

  it("stops generating once a single-line completion reached its newline", async () => {
    const engine = new FakeEngine(() => "a + b;\n" + "x".repeat(200));
    const service = new CompletionService({ engine, params: () => ({ small: 1, large: 4 }) });
    const records: CompletionRecord[] = [];
    service.events.onDidComplete((r) => records.push(r));
    const answer = await service.provide(query("  return "));
    assert.equal(answer?.text, "a + b;");
    assert.ok(engine.tokensSent < 20, `sent ${engine.tokensSent} tokens`);
    assert.equal(service.counters.earlyStops, 1);
    assert.equal(records[0].stoppedEarly, true);
    assert.equal(records[0].stats.smallTokens + records[0].stats.largeTokens, records[0].tokens.length);
    // The engine ended normally: its evaluated counts and stop reason reach the record.
    assert.equal(records[0].stats.stopReason, "stopped");
    assert.equal(records[0].stats.evaluated.small + records[0].stats.evaluated.large, records[0].tokens.length);
  });

  it("reuses the suggestion while the user types it, without an engine call", async () => {
    const engine = new FakeEngine(() => "console.log(x);");
    const service = new CompletionService({ engine });
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
    const engine = new FakeEngine(() => "1;");
    const service = new CompletionService({ engine });
    await service.provide(query("let a = "));
    await service.provide(query("let b = "));
    const again = await service.provide(query("let a = "));
    assert.equal(again?.source, "cache");
    assert.equal(again?.text, "1;");
    assert.equal(engine.calls.length, 2);
  });

  it("keeps at most one generation in flight under rapid requests, and shows only the last", async () => {
    const engine = new FakeEngine((p) => `/*${p.length}*/ done();`, 5);
    const service = new CompletionService({ engine });
    let text = "";
    const answers: Promise<unknown>[] = [];
    for (let i = 0; i < 12; i++) {
      text += String.fromCharCode(97 + i);
      answers.push(service.provide(query(text)));
      await new Promise((r) => setTimeout(r, 7));
    }
    const results = await Promise.all(answers);
    assert.equal(engine.maxRunning, 1);
    assert.equal(service.counters.maxInFlight, 1);
    assert.ok(results.slice(0, -1).every((r) => r === undefined));
    assert.deepEqual((results.at(-1) as { text: string }).text, `/*12*/ done();`);
    assert.ok(service.counters.cancelled >= 1);
  });

  it("stops the engine when the editor cancels the request", async () => {
    const engine = new FakeEngine(() => "x".repeat(100), 5);
    const service = new CompletionService({ engine });
    const listeners: (() => void)[] = [];
    const cancel = { isCancellationRequested: false, onCancellationRequested: (l: () => void) => (listeners.push(l), { dispose() {} }) };
    const pending = service.provide(query("a = "), cancel);
    await new Promise((r) => setTimeout(r, 20));
    cancel.isCancellationRequested = true;
    listeners.forEach((l) => l());
    assert.equal(await pending, undefined);
    assert.ok(engine.tokensSent < 100);
    assert.equal(service.counters.cancelled, 1);
  });

  it("a request for the same place joins the running generation instead of starting over", async () => {
    const engine = new FakeEngine(() => "value;", 5);
    const service = new CompletionService({ engine });
    const listeners: (() => void)[] = [];
    const cancel = { isCancellationRequested: false, onCancellationRequested: (l: () => void) => (listeners.push(l), { dispose() {} }) };
    const first = service.provide(query("x = "), cancel);
    await new Promise((r) => setTimeout(r, 10));
    // The editor cancels its request and asks again for the same place.
    cancel.isCancellationRequested = true;
    listeners.forEach((l) => l());
    const second = await service.provide(query("x = "));
    assert.equal(await first, undefined);
    assert.equal(second?.text, "value;");
    assert.equal(engine.calls.length, 1);
    assert.equal(service.counters.joined, 1);
  });

  it("pre-fetches the completion after an accepted suggestion, so the editor's request needs no new generation", async () => {
    const engine = new FakeEngine((p) => (p.endsWith("a = 1;\n") ? "b = 2;" : "a = 1;"), 5);
    const service = new CompletionService({ engine });
    const prefetch = service.prefetch(query("a = 1;\n"));
    await new Promise((r) => setTimeout(r, 5));
    const answer = await service.provide(query("a = 1;\n", undefined, { settings: { ...SETTINGS, debounceMs: 150 } }));
    await prefetch;
    assert.equal(answer?.text, "b = 2;");
    assert.equal(engine.calls.length, 1);
    assert.equal(service.counters.prefetches, 1);
    assert.equal(service.counters.joined, 1);
  });

  it("waits for the debounce and skips it for explicit requests", async () => {
    const engine = new FakeEngine(() => "1;");
    const waits: number[] = [];
    const service = new CompletionService({ engine, sleep: async (ms) => void waits.push(ms) });
    await service.provide(query("a = ", undefined, { settings: { ...SETTINGS, debounceMs: 150 } }));
    await service.provide(query("b = ", undefined, { settings: { ...SETTINGS, debounceMs: 150 }, explicit: true }));
    assert.deepEqual(waits, [150]);
  });

  it("reports an accepted suggestion with its tokens, and partial accepts that continue it", async () => {
    const engine = new FakeEngine(() => "foo(bar);");
    const service = new CompletionService({ engine });
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
    assert.deepEqual(accepted[1], { uri: "file:///a.js", offset: 2, text: "foo(bar);", tokens: accepted[1].tokens, threshold: 2 });
    assert.equal(accepted[1].tokens.map((t) => t.text).join(""), "foo(bar);");
  });

  it("drops empty completions and reports them anyway", async () => {
    const engine = new FakeEngine(() => "\n\n");
    const service = new CompletionService({ engine });
    const records: CompletionRecord[] = [];
    service.events.onDidComplete((r) => records.push(r));
    assert.equal(await service.provide(query("a = 1;")), undefined);
    assert.equal(records.length, 1);
  });

  it("reports engine errors once per failing request", async () => {
    const errors: Error[] = [];
    const engine: EngineLike = { complete: async () => Promise.reject(new Error("boom")) };
    const service = new CompletionService({ engine, onError: (e) => errors.push(e) });
    assert.equal(await service.provide(query("a")), undefined);
    assert.equal(errors[0].message, "boom");
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
