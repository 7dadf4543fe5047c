import assert from "node:assert/strict";
import { TextStream } from "../../../src/engine/textStream";

describe("engine/textStream", () => {
  it("holds back an incomplete UTF-8 character until its last byte arrives", () => {
    // Token ids are bytes here; "é" is 0xC3 0xA9.
    const stream = new TextStream((tokens) => Buffer.from(tokens).toString("utf8"));
    assert.equal(stream.push(0x61), "a");
    assert.equal(stream.push(0xc3), "");
    assert.equal(stream.push(0xa9), "é");
    assert.equal(stream.push(0x62), "b");
    assert.equal(stream.text, "aéb");
  });

  it("ends on the pieces it gave: a character cut off by the end of generation is not in the text", () => {
    const stream = new TextStream((tokens) => Buffer.from(tokens).toString("utf8"));
    const pieces = [0x61, 0xc3, 0xa9, 0x62, 0xe2, 0x82].map((t) => stream.push(t));
    // "€" is 0xE2 0x82 0xAC: generation stopped before its last byte.
    assert.equal(stream.text, "aéb");
    assert.equal(pieces.join(""), stream.text);
  });

  it("never gives out the hidden leading characters (token healing's typed text), also after a truncation", () => {
    // Token ids are bytes; the first token's " " was typed already.
    const stream = new TextStream((tokens) => Buffer.from(tokens).toString("utf8"), 1);
    assert.equal(stream.push(0x20), "");
    assert.equal(stream.push(0x61), "a");
    assert.equal(stream.text, "a");
    stream.truncate(0);
    assert.equal(stream.text, "");
    const pieces = [0x20, 0xc3, 0xa9].map((t) => stream.push(t));
    assert.deepEqual(pieces, ["", "", "é"]);
    assert.equal(stream.text, "é");
  });
});
