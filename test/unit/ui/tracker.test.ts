import assert from "node:assert/strict";
import {
  ProvenanceStore,
  alignment,
  applyEdit,
  applyEdits,
  overlay,
  rangeAt,
  rangesFromAccepted,
  type TextEdit,
  type TokenInfo,
  type TrackedRange,
} from "../../../src/ui/provenance/tracker";
import type { AcceptedCompletion } from "../../../src/completion/events";
import type { TokenEvent } from "../../../src/engine/types";

const info = (model: "small" | "large", text = "x"): TokenInfo => ({ model, entropy: 1, rolling: 1, threshold: 2, text });
const r = (start: number, end: number, model: "small" | "large" = "small"): TrackedRange => ({ start, end, info: info(model) });
const spans = (ranges: readonly TrackedRange[]) => ranges.map((x) => [x.start, x.end, x.info.model[0]]);
const ins = (at: number, text: string): TextEdit => ({ rangeOffset: at, rangeLength: 0, text });
const del = (at: number, length: number): TextEdit => ({ rangeOffset: at, rangeLength: length, text: "" });
const rep = (at: number, length: number, text: string): TextEdit => ({ rangeOffset: at, rangeLength: length, text });

/** Applies edits to a string the way a document would. */
function editText(text: string, edits: TextEdit[]): string {
  for (const e of edits) text = text.slice(0, e.rangeOffset) + e.text + text.slice(e.rangeOffset + e.rangeLength);
  return text;
}

/** Text of each range, for checking that ranges stay on the same characters. */
const texts = (doc: string, ranges: readonly TrackedRange[]) => ranges.map((x) => doc.slice(x.start, x.end));

function token(text: string, model: "small" | "large", entropy = 1): TokenEvent {
  return { id: 0, text, model, entropy, rolling: entropy };
}

describe("ui/provenance tracker: edits", () => {
  const base = [r(10, 14, "small"), r(14, 20, "large")];

  it("an insert before the ranges shifts them", () => {
    assert.deepEqual(spans(applyEdit(base, ins(3, "abc"))), [[13, 17, "s"], [17, 23, "l"]]);
  });

  it("an insert exactly at a range's start shifts it, one at its end leaves it", () => {
    assert.deepEqual(spans(applyEdit([r(10, 14)], ins(10, "ab"))), [[12, 16, "s"]]);
    assert.deepEqual(spans(applyEdit([r(10, 14)], ins(14, "ab"))), [[10, 14, "s"]]);
  });

  it("an insert between two adjacent tokens belongs to neither", () => {
    assert.deepEqual(spans(applyEdit(base, ins(14, "__"))), [[10, 14, "s"], [16, 22, "l"]]);
  });

  it("an insert inside a token splits it and the new text is not coloured", () => {
    assert.deepEqual(spans(applyEdit(base, ins(16, "ZZZ"))), [[10, 14, "s"], [14, 16, "l"], [19, 23, "l"]]);
  });

  it("edits after the ranges change nothing (same objects)", () => {
    const out = applyEdit(base, rep(25, 3, "hello"));
    assert.equal(out[0], base[0]);
    assert.equal(out[1], base[1]);
  });

  it("a delete before the ranges shifts them back", () => {
    assert.deepEqual(spans(applyEdit(base, del(2, 5))), [[5, 9, "s"], [9, 15, "l"]]);
  });

  it("a delete ending exactly at a range's start shifts it", () => {
    assert.deepEqual(spans(applyEdit([r(10, 14)], del(6, 4))), [[6, 10, "s"]]);
  });

  it("a delete across the boundary of two tokens trims both", () => {
    assert.deepEqual(spans(applyEdit(base, del(12, 4))), [[10, 12, "s"], [12, 16, "l"]]);
  });

  it("a delete across a token's start keeps its tail", () => {
    assert.deepEqual(spans(applyEdit([r(10, 14)], del(8, 4))), [[8, 10, "s"]]);
  });

  it("a delete covering whole tokens removes them", () => {
    assert.deepEqual(spans(applyEdit(base, del(9, 12))), []);
    assert.deepEqual(spans(applyEdit(base, del(10, 4))), [[10, 16, "l"]]);
  });

  it("a replace inside a token drops the replaced characters and shifts the rest", () => {
    assert.deepEqual(spans(applyEdit(base, rep(15, 2, "abcdef"))), [[10, 14, "s"], [14, 15, "l"], [21, 24, "l"]]);
  });

  it("a replace of a whole token with the same length text drops its colour", () => {
    assert.deepEqual(spans(applyEdit(base, rep(10, 4, "wxyz"))), [[14, 20, "l"]]);
  });

  it("a replace spanning both tokens keeps the outer pieces", () => {
    assert.deepEqual(spans(applyEdit(base, rep(11, 8, "Q"))), [[10, 11, "s"], [12, 13, "l"]]);
  });

  it("ranges stay on the same characters through a sequence of edits (checked on real text)", () => {
    let doc = "0123456789" + "ABCD" + "EFGHIJ" + "tail";
    let ranges: TrackedRange[] = [r(10, 14, "small"), r(14, 20, "large")];
    const edits: TextEdit[][] = [[ins(0, ">>>")], [ins(16, "!")], [del(1, 2)], [rep(20, 1, "??")], [ins(doc.length + 10, "end")]];
    for (const e of edits) {
      doc = editText(doc, e);
      ranges = applyEdits(ranges, e);
    }
    assert.deepEqual(texts(doc, ranges), ["ABC", "D", "EFGH", "J"]);
  });

  it("multi-change events apply in order (each offset after the ones before)", () => {
    // VS Code sends simultaneous edits from last to first, so applying them in order is exact.
    let doc = "aaaaABCDbbbbEFGH";
    let ranges: TrackedRange[] = [r(4, 8, "small"), r(12, 16, "large")];
    const event = [ins(14, "__"), ins(6, "++")];
    doc = editText(doc, event);
    ranges = applyEdits(ranges, event);
    assert.deepEqual(texts(doc, ranges), ["AB", "CD", "EF", "GH"]);
  });

  it("a randomized edit stream never colours changed characters", () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    // Characters carry their own identity: uppercase letters are the tracked ones, edits insert digits.
    let doc = "abcdefghijABCDEFGHIJKLMNOPklmnop";
    let ranges: TrackedRange[] = [];
    for (let i = 10; i < 26; i += 4) ranges.push(r(i, i + 4, i % 8 === 2 ? "small" : "large"));
    for (let step = 0; step < 300; step++) {
      const at = rand(doc.length + 1);
      const len = rand(Math.min(4, doc.length - at) + 1);
      const text = "0123456789".slice(0, rand(3));
      const e = rep(at, len, text);
      doc = editText(doc, [e]);
      ranges = applyEdit(ranges, e);
      for (const x of ranges) {
        assert.ok(x.start < x.end && x.start >= 0 && x.end <= doc.length, `range ${x.start}..${x.end} in ${doc.length}`);
        assert.match(doc.slice(x.start, x.end), /^[A-Z]+$/);
      }
      for (let k = 1; k < ranges.length; k++) assert.ok(ranges[k - 1].end <= ranges[k].start, "sorted, not overlapping");
    }
  });
});

describe("ui/provenance tracker: accepted suggestions", () => {
  const accepted = (text: string, tokens: TokenEvent[], offset = 5): AcceptedCompletion => ({ uri: "file:///a.ts", offset, text, tokens, threshold: 2.5 });

  it("maps tokens to consecutive ranges and skips empty tokens", () => {
    const out = rangesFromAccepted(accepted("foo(bar)", [token("foo", "small", 0.5), token("", "large"), token("(bar", "large", 3), token(")", "small")]));
    assert.deepEqual(spans(out), [[5, 8, "s"], [8, 12, "l"], [12, 13, "s"]]);
    assert.equal(out[1].info.entropy, 3);
    assert.equal(out[1].info.threshold, 2.5);
  });

  it("cuts tokens beyond the inserted text (post-processing trimmed them)", () => {
    const out = rangesFromAccepted(accepted("return x;", [token("return", "small"), token(" x;", "large"), token("\n}", "large")]));
    assert.deepEqual(spans(out), [[5, 11, "s"], [11, 14, "l"]]);
  });

  it("a token cut in the middle keeps the part that was inserted", () => {
    const out = rangesFromAccepted(accepted("abcd", [token("ab", "small"), token("cdef", "large")]));
    assert.deepEqual(spans(out), [[5, 7, "s"], [7, 9, "l"]]);
  });

  it("aligns when typed-through characters are missing from the inserted text", () => {
    const out = rangesFromAccepted(accepted("lo world", [token("hel", "small"), token("lo", "large"), token(" world", "small")]));
    assert.deepEqual(spans(out), [[5, 7, "l"], [7, 13, "s"]]);
  });

  it("counts CRLF line endings in the document", () => {
    const out = rangesFromAccepted(accepted("a\nb", [token("a\n", "small"), token("b", "large")]), "\r\n");
    assert.deepEqual(spans(out), [[5, 8, "s"], [8, 9, "l"]]);
  });
});

describe("ui/provenance tracker: store and lookup", () => {
  it("overlay replaces what the new suggestion covers", () => {
    const out = overlay([r(0, 10, "small")], [r(4, 6, "large")]);
    assert.deepEqual(spans(out), [[0, 4, "s"], [4, 6, "l"], [6, 10, "s"]]);
  });

  it("rangeAt finds the token under the cursor and at its end", () => {
    const list = [r(0, 3, "small"), r(3, 6, "large"), r(8, 9, "small")];
    assert.equal(rangeAt(list, 1)?.info.model, "small");
    assert.equal(rangeAt(list, 3)?.info.model, "large");
    assert.equal(rangeAt(list, 6)?.info.model, "large");
    assert.equal(rangeAt(list, 7), undefined);
  });

  it("tracks documents separately and forgets empty ones", () => {
    const store = new ProvenanceStore();
    store.add("a", [r(0, 2, "small")]);
    store.add("b", [r(5, 9, "large")]);
    assert.equal(store.edit("a", [ins(0, "xx")]), true);
    assert.deepEqual(spans(store.get("a")), [[2, 4, "s"]]);
    assert.equal(store.edit("a", [ins(10, "later")]), false);
    store.edit("a", [del(0, 10)]);
    assert.deepEqual(store.uris(), ["b"]);
    assert.equal(store.at("b", 6)?.info.model, "large");
    store.clear();
    assert.deepEqual(store.uris(), []);
  });

  it("caps the ranges kept per document, keeping the newest suggestion", () => {
    const store = new ProvenanceStore(4);
    store.add("a", [r(0, 1), r(1, 2), r(2, 3)]);
    store.add("a", [r(100, 101, "large"), r(101, 102, "large")]);
    const kept = store.get("a");
    assert.equal(kept.length, 4);
    assert.deepEqual(spans(kept).slice(-2), [[100, 101, "l"], [101, 102, "l"]]);
  });
});

describe("ui/provenance tracker: partial accepts", () => {
  it("consecutive partial accepts of one suggestion land on the right tokens even when text repeats", () => {
    const tokens = [token("a", "small"), token(" = ", "large"), token("a", "small"), token(" = ", "large"), token("b", "small")];
    const first: AcceptedCompletion = { uri: "u", offset: 100, text: "a = ", tokens, threshold: 2 };
    assert.equal(alignment(first), 0);
    const tokenStart = first.offset - alignment(first);
    // The second word "a = " is also found at index 0; the hint puts it at index 4.
    const second: AcceptedCompletion = { uri: "u", offset: 104, text: "a = ", tokens, threshold: 2 };
    assert.equal(alignment(second), 0);
    assert.equal(alignment(second, "\n", tokenStart), 4);
    assert.deepEqual(spans(rangesFromAccepted(second, "\n", tokenStart)), [[104, 105, "s"], [105, 108, "l"]]);
    // A stale hint that does not fit falls back to the search.
    assert.equal(alignment({ ...second, text: "b" }, "\n", 0), 8);
  });
});
