// Bad input that must never crash or stall: wrong-typed and out-of-range settings (clamped, each with a
// warning naming the setting), and huge, binary and very-long-line documents (bounded prompt building
// and post-processing, in milliseconds).
import assert from "node:assert/strict";
import { buildDocumentContext, DEFAULT_CONTEXT_LIMITS, MAX_LINE_CHARS } from "../../../src/completion/documentContext";
import { CompletionService, type EngineLike } from "../../../src/completion/service";
import { checkEditorSettings } from "../../../src/completion/settingsCheck";
import type { CompletionRequest, CompletionResult } from "../../../src/engine/types";
import { syntheticJs } from "../helpers/fixtures";

describe("reliability: settings from the editor", () => {
  const read = (values: Record<string, unknown>) => (key: string) => values[key];

  it("negative window, NaN threshold, huge max tokens, wrong types: clamped or defaulted, one warning each", () => {
    const { settings, warnings } = checkEditorSettings(
      read({ window: -3, threshold: NaN, maxTokens: 1e9, topK: "many", mode: "turbo", debounceMs: -50, threads: 1e6, memoryBudgetMB: "lots", multiline: 3 }),
    );
    assert.equal(settings.decode.window, 1);
    assert.equal(settings.decode.threshold, 5.4);
    assert.equal(settings.decode.maxTokens, 1024);
    assert.equal(settings.decode.topK, 256);
    assert.equal(settings.decode.mode, "ead");
    assert.equal(settings.debounceMs, 0);
    assert.equal(settings.threads, 64);
    assert.equal(settings.memoryBudgetMB, 0);
    assert.equal(settings.multiline, "auto");
    const named = warnings.map((w) => /^ead\.(\w+)/.exec(w)?.[1]).sort();
    assert.deepEqual(named, ["debounceMs", "maxTokens", "memoryBudgetMB", "mode", "multiline", "threads", "threshold", "topK", "window"]);
    assert.ok(warnings.some((w) => w === "ead.window -3 is outside 1..64; using 1."), warnings.join("\n"));
  });

  it("null (what a JSON settings file holds for NaN) and absent values", () => {
    const { settings, warnings } = checkEditorSettings(read({ threshold: null, window: undefined }));
    assert.equal(settings.decode.threshold, 5.4);
    assert.equal(settings.decode.window, 32);
    assert.deepEqual(warnings, ['ead.threshold must be a number; got null, using 5.4.']);
  });

  it("valid settings give no warning", () => {
    const { warnings } = checkEditorSettings(read({ window: 8, threshold: 1.5, maxTokens: 32, debounceMs: 100, threads: 2, multiline: "never", memoryBudgetMB: 4096 }));
    assert.deepEqual(warnings, []);
  });
});

/** An engine that answers at once and remembers what it was asked. */
function recordingEngine(): EngineLike & { requests: CompletionRequest[] } {
  const requests: CompletionRequest[] = [];
  return {
    requests,
    async complete(request, options) {
      requests.push(request);
      const text = "foo();\nbar();\n";
      options.onToken?.({ id: 1, text, model: "small", entropy: 0.5, rolling: 0.5 });
      return {
        text,
        tokens: [{ id: 1, text, model: "small", entropy: 0.5, rolling: 0.5 }],
        settings: { mode: "ead", threshold: 2, window: 5, stability: "hysteresis", hysteresis: 0.5, minStay: 4, topK: 256, maxTokens: 64, draftTokens: 4 },
        stats: {
          smallTokens: 1, largeTokens: 0, switches: 0, evaluated: { small: 1, large: 0 }, reused: { small: 0, large: 0 },
          ms: { prefill: 0, decode: 0, catchUp: 0, verify: 0, total: 0 }, paramCost: 0, drafted: 0, accepted: 0, stopReason: "eog",
        },
      } as CompletionResult;
    },
  };
}

describe("reliability: huge, binary and long-line documents", () => {
  const MB = 1024 * 1024;
  const huge = (() => {
    let s = syntheticJs(2000);
    while (s.length < 5 * MB) s += s;
    return s.slice(0, 5 * MB);
  })();
  const longLine = "var a=" + "x+1,".repeat((2 * MB) / 4) + ";\n" + "y=" + "z".repeat(MB) + "\n";
  const binary = (() => {
    let s = "";
    for (let i = 0; i < 512 * 1024; i++) s += String.fromCharCode((i * 2654435761) % 65536);
    return s;
  })();

  const docs: [string, string, number][] = [
    ["5 MB of code, cursor in the middle", huge, huge.length >> 1],
    ["5 MB of code, cursor at the end", huge, huge.length],
    ["a 2 MB line, cursor in it", longLine, 1 * MB],
    ["a 2 MB line, cursor at its end (a 1 MB line follows)", longLine, longLine.indexOf(";\n")],
    ["binary (NUL, control characters, lone surrogates)", binary, binary.length >> 1],
  ];

  for (const [name, text, offset] of docs) {
    it(`${name}: prompt and line context bounded, built in milliseconds`, () => {
      const t0 = performance.now();
      const ctx = buildDocumentContext(text, offset);
      const ms = performance.now() - t0;
      assert.ok(ctx.prefix.length <= DEFAULT_CONTEXT_LIMITS.maxPrefixChars, `prefix ${ctx.prefix.length}`);
      assert.ok(ctx.suffix.length <= DEFAULT_CONTEXT_LIMITS.maxSuffixChars, `suffix ${ctx.suffix.length}`);
      assert.ok(ctx.linePrefix.length <= MAX_LINE_CHARS && ctx.lineSuffix.length <= MAX_LINE_CHARS);
      assert.ok(ctx.followingLines.every((l) => l.length <= MAX_LINE_CHARS));
      assert.ok(ctx.followingLines.length <= DEFAULT_CONTEXT_LIMITS.followingLines);
      assert.equal(text.slice(ctx.prefixStart, offset), ctx.prefix);
      assert.ok(ms < 100, `${ms.toFixed(1)} ms`);
    });

    it(`${name}: a whole completion request (context, cache, post-processing) stays fast`, async () => {
      const engine = recordingEngine();
      const service = new CompletionService({ engine, sleep: async () => undefined });
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) {
        await service.provide({ uri: "file:///doc", text, offset: Math.max(0, offset - i), settings: { decode: {}, multiline: "always", debounceMs: 0 }, explicit: true });
      }
      const ms = (performance.now() - t0) / 20;
      assert.equal(engine.requests.length, 20);
      for (const r of engine.requests) assert.ok(r.prefix.length + (r.suffix ?? "").length <= 7500);
      assert.ok(ms < 50, `${ms.toFixed(1)} ms per request`);
    });
  }
});
