// A rollback reaches the service as a token that replaces the last few streamed ones: the text the
// service settles on (and shows) must be the rewritten one.
import assert from "node:assert/strict";
import type { CompletionRecord } from "../../../src/completion/events";
import { CompletionService, type EngineLike } from "../../../src/completion/service";
import { normalizeSettings } from "../../../src/engine/settings";
import type { CompletionRequest, CompletionResult, TokenEvent } from "../../../src/engine/types";

/** Streams `events` one by one, honouring the stop signal after each, as the engine does. */
function engineStreaming(events: TokenEvent[]): EngineLike {
  return {
    async complete(request: CompletionRequest, options: { onToken?: (e: TokenEvent) => void; stop?: AbortSignal }): Promise<CompletionResult> {
      const kept: TokenEvent[] = [];
      for (const e of events) {
        await new Promise((r) => setTimeout(r, 1));
        if (e.replaces) kept.splice(kept.length - e.replaces.count);
        kept.push(e);
        options.onToken?.(e);
        if (options.stop?.aborted) break;
      }
      const large = kept.filter((t) => t.model === "large").length;
      return {
        text: kept.map((t) => t.text).join(""),
        tokens: kept,
        settings: normalizeSettings(request.settings).settings,
        stats: {
          smallTokens: kept.length - large, largeTokens: large, switches: 1, evaluated: { small: 3, large: 3 }, reused: { small: 0, large: 0 },
          ms: { prefill: 0, decode: 0, catchUp: 0, verify: 0, total: 1 }, paramCost: 0.5, drafted: 0, accepted: 0, rollbacks: 1, rewritten: 2,
          stopReason: options.stop?.aborted ? "stopped" : "eog",
        },
      };
    },
  };
}

const tok = (text: string, model: "small" | "large", replaces?: TokenEvent["replaces"]): TokenEvent => ({ id: 0, text, model, entropy: 1, rolling: 1, ...(replaces ? { replaces } : {}) });

describe("completion/service with rollback", () => {
  it("drops the streamed tokens a rollback replaced, so the shown text is the rewritten one", async () => {
    const events = [
      tok(" y", "large"),
      tok(" =", "small"),
      tok(" 1", "small"),
      // The large model rejected " =" and rewrote from there.
      tok(" +", "large", { count: 2, text: " =", probability: 0.001 }),
      tok(" 2", "large"),
      tok(";\n", "small"),
      tok("junk", "small"),
    ];
    const service = new CompletionService({ engine: engineStreaming(events) });
    const records: CompletionRecord[] = [];
    service.events.onDidComplete((r) => records.push(r));
    const text = "let x = a\nx =";
    const answer = await service.provide({ uri: "file:///a.js", text, offset: text.length, settings: { decode: { mode: "ead", maxTokens: 64 }, multiline: "never", debounceMs: 0 } });
    assert.equal(records.length, 1);
    assert.equal(records[0].stoppedEarly, true, "the line ended, so the service stopped the engine");
    assert.equal(answer?.text, " y + 2;");
    assert.deepEqual(records[0].tokens.map((t) => t.text), [" y", " +", " 2", ";\n"]);
  });
});
