import assert from "node:assert/strict";
import { chunkAround, cutLines, headChunk } from "../../../../src/completion/context/chunks";
import { outsideWindow } from "../../../../src/completion/context/sameFile";
import { buildDocumentContext } from "../../../../src/completion/documentContext";

const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i}`).join("\n") + "\n";

describe("completion/context/sameFile and chunks", () => {
  it("cuts whole lines, each and the chunk bounded in characters", () => {
    const shape = { lines: 64, maxLineChars: 5, maxChars: 12 };
    assert.equal(cutLines("abcdefgh\nij\nkl\nmn\n", 0, 10, shape), "abcde\nij\nkl\n");
    assert.equal(cutLines("\n\n\n", 0, 3), "", "blank lines make no chunk");
  });

  it("a chunk around a line is centred, and moved inside the file at its ends", () => {
    const text = numbered(200);
    const shape = { lines: 10, maxLineChars: 400, maxChars: 4096 };
    assert.equal(chunkAround(text, 100, shape), Array.from({ length: 10 }, (_, i) => `line ${95 + i}\n`).join(""));
    assert.equal(chunkAround(text, 2, shape), headChunk(text, shape));
    assert.ok(chunkAround(text, 199, shape).endsWith("line 199\n"));
  });

  it("outside the window: the file's top above it and the lines after it, never text inside it", () => {
    const text = numbered(3000); // ~30 KB: the window covers part of it only
    const offset = text.indexOf("line 1500\n");
    const doc = buildDocumentContext(text, offset);
    const window = { start: doc.prefixStart, end: offset + doc.suffix.length };
    const [top, after] = outsideWindow(text, window);
    assert.ok(top.startsWith("line 0\nline 1\n"), "starts at the top");
    assert.equal(top.split("\n").length - 1, 64);
    assert.ok(text.indexOf(top) + top.length <= window.start, "top ends before the window");
    assert.ok(text.indexOf(after) >= window.end, "after starts past the window");
    assert.ok(after.startsWith("line "), "on a whole line");
    assert.equal(text.lastIndexOf("\n", text.indexOf(after) - 1) + 1 + 0 <= text.indexOf(after), true);
  });

  it("no chunks when the window covers the file", () => {
    const text = numbered(20);
    assert.deepEqual(outsideWindow(text, { start: 0, end: text.length }), []);
  });

  it("a window ending mid-line skips the rest of that line", () => {
    const text = "aaa\nbbbbbb\nccc\n";
    assert.deepEqual(outsideWindow(text, { start: 0, end: 6 }), ["ccc\n"]);
    assert.deepEqual(outsideWindow(text, { start: 6, end: text.length }), ["aaa\n"]);
  });
});
