import assert from "node:assert/strict";
import { ChunkRing, lineSimilarity } from "../../../../src/completion/context/ringBuffer";

const lines = (prefix: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => `${prefix} line ${from + i}`).join("\n") + "\n";
const paths = (ring: ChunkRing) => ring.chunks.map((c) => c.path);

describe("completion/context/ringBuffer", () => {
  it("keeps chunks oldest first, appending new ones", () => {
    const ring = new ChunkRing();
    for (const name of ["a.js", "b.js", "c.js"]) assert.equal(ring.add({ path: name, text: lines(name, 10) }), true);
    assert.deepEqual(paths(ring), ["a.js", "b.js", "c.js"]);
    assert.equal(ring.version, 3);
  });

  it("an equal chunk changes nothing: the block keeps its order and version", () => {
    const ring = new ChunkRing();
    ring.add({ path: "a.js", text: lines("a", 10) });
    ring.add({ path: "b.js", text: lines("b", 10) });
    assert.equal(ring.add({ path: "a.js", text: lines("a", 10) }), false);
    assert.deepEqual(paths(ring), ["a.js", "b.js"]);
    assert.equal(ring.version, 2);
  });

  it("evicts chunks whose lines a new one repeats at 90 % or more, and keeps ones it repeats less", () => {
    const ring = new ChunkRing();
    const old = lines("a", 20);
    ring.add({ path: "a.js", text: old });
    ring.add({ path: "b.js", text: lines("b", 20) });
    // One line of 20 changed: 19 common lines of 20 + 20 -> 0.95.
    const edited = old.replace("a line 7\n", "a line seven\n");
    assert.equal(lineSimilarity(old.split("\n"), edited.split("\n")) >= 0.9, true);
    ring.add({ path: "a.js", text: edited });
    assert.deepEqual(paths(ring), ["b.js", "a.js"]);
    assert.equal(ring.chunks[1].text, edited);
    // Half the lines new: 0.5, both kept.
    ring.add({ path: "a.js", text: lines("a", 10) + lines("z", 10) });
    assert.deepEqual(paths(ring), ["b.js", "a.js", "a.js"]);
  });

  it("near-duplicates are evicted whatever their path (the same code reached another way)", () => {
    const ring = new ChunkRing();
    ring.add({ path: "lib/a.js", text: lines("a", 20) });
    ring.add({ path: "copy/a.js", text: lines("a", 20) });
    assert.deepEqual(paths(ring), ["copy/a.js"]);
  });

  it("holds at most maxChunks, dropping the oldest", () => {
    const ring = new ChunkRing({ maxChunks: 3, maxChars: 1e6, evictSimilarity: 0.9 });
    for (let i = 0; i < 5; i++) ring.add({ path: `f${i}.js`, text: lines(`f${i}`, 5) });
    assert.deepEqual(paths(ring), ["f2.js", "f3.js", "f4.js"]);
  });

  it("holds at most maxChars, dropping the oldest, and refuses a chunk larger than the ring", () => {
    const ring = new ChunkRing({ maxChunks: 100, maxChars: 100, evictSimilarity: 0.9 });
    ring.add({ path: "a", text: "a".repeat(40) });
    ring.add({ path: "b", text: "b".repeat(40) });
    ring.add({ path: "c", text: "c".repeat(40) });
    assert.deepEqual(paths(ring), ["b", "c"]);
    assert.equal(ring.size, 80);
    assert.equal(ring.add({ path: "big", text: "x".repeat(101) }), false);
    assert.equal(ring.add({ path: "blank", text: "  \n\n" }), false);
    assert.deepEqual(paths(ring), ["b", "c"]);
  });

  it("removes a source's chunks and clears", () => {
    const ring = new ChunkRing();
    ring.add({ path: "a", text: lines("a", 3), source: "file:///a" });
    ring.add({ path: "b", text: lines("b", 3), source: "file:///b" });
    assert.equal(ring.removeSource("file:///a"), true);
    assert.equal(ring.removeSource("file:///a"), false);
    assert.deepEqual(paths(ring), ["b"]);
    assert.equal(ring.size, lines("b", 3).length);
    ring.clear();
    assert.deepEqual(paths(ring), []);
    assert.equal(ring.size, 0);
  });

  it("refuses limits that hold nothing", () => {
    assert.throws(() => new ChunkRing({ maxChunks: 0, maxChars: 10, evictSimilarity: 0.9 }), /room for a chunk/);
    assert.throws(() => new ChunkRing({ maxChunks: 1, maxChars: 10, evictSimilarity: 0 }), /evictSimilarity/);
  });
});
