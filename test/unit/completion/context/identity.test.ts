// The context reaches the engine request, and the result cache tells contexts apart.
import assert from "node:assert/strict";
import { contextIdentity } from "../../../../src/completion/context/identity";
import { CompletionService, type CompletionQuery } from "../../../../src/completion/service";
import type { PromptContext } from "../../../../src/engine/types";
import { ScriptedEngine } from "../../helpers/scriptedEngine";

const SETTINGS = { decode: { mode: "ead" as const, maxTokens: 64 }, multiline: "auto" as const, debounceMs: 0 };
// Each request from another document, so the suggestion on screen (typed-through reuse) never answers.
const query = (uri: string, context?: PromptContext): CompletionQuery => ({ uri, text: "const v = ", offset: 10, settings: SETTINGS, context });
const withA: PromptContext = { repo: "w", path: "b.js", chunks: [{ path: "a.js", text: "export const answer = 42;\n" }], maxTokens: 1024 };

describe("completion/context/identity", () => {
  it("differs when any chunk, path or bound differs; empty without context", () => {
    assert.equal(contextIdentity(undefined), "");
    const id = contextIdentity(withA);
    assert.equal(contextIdentity({ ...withA, chunks: [...withA.chunks] }), id);
    assert.notEqual(contextIdentity({ ...withA, chunks: [{ path: "a.js", text: "export const answer = 43;\n" }] }), id);
    assert.notEqual(contextIdentity({ ...withA, chunks: [{ path: "c.js", text: withA.chunks[0].text }] }), id);
    assert.notEqual(contextIdentity({ ...withA, path: "c.js" }), id);
    assert.notEqual(contextIdentity({ ...withA, maxTokens: 512 }), id);
    assert.notEqual(contextIdentity({ ...withA, chunks: [] }), id);
  });

  it("the service sends the query's context with the engine request, and caches per context", async () => {
    const engine = new ScriptedEngine(() => "1;\n");
    const service = new CompletionService({ engine, sleep: async () => undefined });
    await service.provide(query("file:///w/b1.js", withA));
    assert.deepEqual(engine.calls[0].context, withA);
    // The same text and context: the cache answers.
    assert.equal((await service.provide(query("file:///w/b2.js", withA)))?.source, "cache");
    assert.equal(engine.calls.length, 1);
    // The same text without context: a new engine call, with no context field at all.
    assert.equal((await service.provide(query("file:///w/b3.js")))?.source, "engine");
    assert.equal(engine.calls.length, 2);
    assert.equal("context" in engine.calls[1], false);
  });
});
