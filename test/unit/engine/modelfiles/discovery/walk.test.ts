// The store walk reads nothing outside the store: links are followed only when they stay inside it.
import * as assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isGgufName, isInside, walkStore } from "../../../../../src/engine/modelfiles/discovery/walk";

describe("engine/modelfiles/discovery/walk", () => {
  let dir: string;
  before(() => (dir = realpathSync(mkdtempSync(join(tmpdir(), "ead-walk-")))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("follows links inside the store, not out of it, and survives a loop", async () => {
    const store = join(dir, "store");
    mkdirSync(join(store, "a", "b"), { recursive: true });
    mkdirSync(join(dir, "outside"));
    writeFileSync(join(store, "a", "b", "model.gguf"), "x");
    writeFileSync(join(store, "a", "notes.txt"), "x");
    writeFileSync(join(dir, "outside", "secret.gguf"), "x");
    symlinkSync(join(store, "a", "b", "model.gguf"), join(store, "link.gguf"));
    symlinkSync(join(dir, "outside", "secret.gguf"), join(store, "escape.gguf"));
    symlinkSync(join(dir, "outside"), join(store, "escape-dir"));
    symlinkSync(store, join(store, "a", "loop"));
    const found = await walkStore(store, { maxDepth: 6, accept: isGgufName });
    assert.deepEqual(found.map((p) => p.slice(store.length + 1)).sort(), [join("a", "b", "model.gguf"), "link.gguf"]);
  });

  it("stops at the depth asked", async () => {
    const store = join(dir, "deep");
    mkdirSync(join(store, "1", "2", "3"), { recursive: true });
    writeFileSync(join(store, "1", "top.gguf"), "x");
    writeFileSync(join(store, "1", "2", "3", "deep.gguf"), "x");
    assert.deepEqual((await walkStore(store, { maxDepth: 1, accept: isGgufName })).map((p) => p.slice(store.length + 1)), [join("1", "top.gguf")]);
  });

  it("isInside: the folder itself and what is under it, nothing beside it", () => {
    assert.equal(isInside("/a/b", "/a/b"), true);
    assert.equal(isInside("/a/b", "/a/b/c"), true);
    assert.equal(isInside("/a/b", "/a/bc"), false);
    assert.equal(isInside("/a/b", "/a"), false);
  });
});
