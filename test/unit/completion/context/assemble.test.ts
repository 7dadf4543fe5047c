import assert from "node:assert/strict";
import { assembleContext, CHARS_PER_TOKEN, SAME_FILE_SHARE } from "../../../../src/completion/context/assemble";

const current = { source: "file:///w/b.js", folder: "file:///w", path: "src/b.js", repo: "w" };
const chunk = (name: string, chars: number) => ({ path: name, text: name[0].repeat(chars - 1) + "\n", source: `file:///w/${name}`, folder: "file:///w" });

describe("completion/context/assemble", () => {
  it("ring chunks oldest first, then the current file's outside-window chunks, with repo and path", () => {
    const ctx = assembleContext({ ring: [chunk("a.js", 10), chunk("c.js", 10)], current, sameFile: ["top\n"], maxTokens: 1024, trusted: true });
    assert.deepEqual(ctx, {
      repo: "w",
      path: "src/b.js",
      maxTokens: 1024,
      chunks: [
        { path: "a.js", text: "a".repeat(9) + "\n" },
        { path: "c.js", text: "c".repeat(9) + "\n" },
        { path: "src/b.js", text: "top\n" },
      ],
    });
  });

  it("0 tokens, or no chunk to send, means no context (today's prompt)", () => {
    assert.equal(assembleContext({ ring: [chunk("a.js", 10)], current, sameFile: [], maxTokens: 0, trusted: true }), undefined);
    assert.equal(assembleContext({ ring: [{ ...chunk("b.js", 10), source: current.source }], current, sameFile: [], maxTokens: 1024, trusted: true }), undefined);
  });

  it("over the bound, the oldest ring chunks fall out and the order stays", () => {
    const budget = 100 * CHARS_PER_TOKEN; // 300 characters
    const ring = [chunk("a.js", 120), chunk("b2.js", 120), chunk("c.js", 120)];
    const ctx = assembleContext({ ring, current, sameFile: [], maxTokens: 100, trusted: true })!;
    assert.deepEqual(ctx.chunks.map((c) => c.path), ["b2.js", "c.js"]);
    assert.ok(ctx.chunks.reduce((n, c) => n + c.text.length, 0) <= budget);
  });

  it("the current file's chunks take at most their share of the bound", () => {
    const share = 100 * CHARS_PER_TOKEN * SAME_FILE_SHARE; // 75 characters
    const ctx = assembleContext({ ring: [], current, sameFile: ["x".repeat(50), "y".repeat(50)], maxTokens: 100, trusted: true })!;
    assert.deepEqual(ctx.chunks.map((c) => c.text), ["x".repeat(50)]);
    assert.ok(50 <= share);
  });

  it("leaves out the current document's own stale chunks and, untrusted, other folders'", () => {
    const own = { ...chunk("b.js", 10), source: current.source };
    const other = { ...chunk("o.js", 10), folder: "file:///elsewhere" };
    const trusted = assembleContext({ ring: [own, chunk("a.js", 10), other], current, sameFile: [], maxTokens: 1024, trusted: true })!;
    assert.deepEqual(trusted.chunks.map((c) => c.path), ["a.js", "o.js"]);
    const untrusted = assembleContext({ ring: [own, chunk("a.js", 10), other], current, sameFile: [], maxTokens: 1024, trusted: false })!;
    assert.deepEqual(untrusted.chunks.map((c) => c.path), ["a.js"]);
  });
});
