import assert from "node:assert/strict";
import { AdaptiveDebounce } from "../../../src/completion/debounce";
import { buildDocumentContext, PREFIX_CHAR_STEP } from "../../../src/completion/documentContext";
import { LruCache } from "../../../src/completion/lru";
import { anchorsAt, remainingAfterTyping } from "../../../src/completion/typedThrough";

describe("completion/documentContext", () => {
  it("splits the document at the cursor with the cursor line's parts and the following lines", () => {
    const text = "a\nfoo(bar);\n\nb\r\nc\n";
    const ctx = buildDocumentContext(text, text.indexOf("bar"));
    assert.equal(ctx.prefix, "a\nfoo(");
    assert.equal(ctx.suffix, "bar);\n\nb\r\nc\n");
    assert.equal(ctx.linePrefix, "foo(");
    assert.equal(ctx.lineSuffix, "bar);");
    assert.deepEqual(ctx.followingLines, ["", "b", "c", ""]);
  });

  it("bounds the prefix at a stable point that one more keystroke does not move", () => {
    const text = "x = 1;\n".repeat(3000);
    const limits = { maxPrefixChars: 4000, maxSuffixChars: 100, followingLines: 2 };
    const a = buildDocumentContext(text, 10000, limits);
    const b = buildDocumentContext(text, 10001, limits);
    assert.ok(a.prefix.length <= 4000 + PREFIX_CHAR_STEP);
    assert.equal(a.prefixStart, b.prefixStart);
    assert.equal(text[a.prefixStart - 1], "\n");
    assert.ok(a.suffix.length <= 100);
  });
});

describe("completion/typedThrough", () => {
  const text = "let x = ;\nmore";
  const start = text.indexOf(";");
  const shown = { uri: "u", start, text: "42", ...anchorsAt(text, start), data: null };
  it("offers the rest while the user types the suggestion", () => {
    const typed = text.slice(0, start) + "4" + text.slice(start);
    assert.deepEqual(remainingAfterTyping(shown, "u", typed, start + 1), { typed: "4", rest: "2" });
  });
  it("stops when the typing differs, is complete, or the document changed elsewhere", () => {
    const other = text.slice(0, start) + "5" + text.slice(start);
    assert.equal(remainingAfterTyping(shown, "u", other, start + 1), undefined);
    const all = text.slice(0, start) + "42" + text.slice(start);
    assert.equal(remainingAfterTyping(shown, "u", all, start + 2), undefined);
    assert.equal(remainingAfterTyping(shown, "v", text, start), undefined);
    assert.equal(remainingAfterTyping(shown, "u", "// " + text, start + 3), undefined);
  });
});

describe("completion/lru", () => {
  it("evicts the least recently used entry", () => {
    const lru = new LruCache<string, number>(2);
    lru.set("a", 1);
    lru.set("b", 2);
    lru.get("a");
    lru.set("c", 3);
    assert.equal(lru.get("b"), undefined);
    assert.equal(lru.get("a"), 1);
    assert.equal(lru.size, 2);
  });
});

describe("completion/debounce", () => {
  it("uses the setting until it knows the typing rhythm, then waits a little longer than fast typing gaps", () => {
    const d = new AdaptiveDebounce();
    assert.equal(d.delay(100), 100);
    for (let t = 0; t <= 600; t += 80) d.keystroke(t);
    assert.equal(d.delay(100), 120);
    assert.equal(d.delay(300), 300);
    assert.equal(d.delay(0), 0);
  });
});
