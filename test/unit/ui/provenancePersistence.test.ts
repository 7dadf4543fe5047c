import assert from "node:assert/strict";
import { ProvenancePersistence, STORAGE_KEY, type MementoLike } from "../../../src/ui/provenance/persistence";
import type { TrackedRange } from "../../../src/ui/provenance/tracker";

/** An in-memory Memento that, like VS Code's, keeps values as JSON. */
class MemoryMemento implements MementoLike {
  private readonly data = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const v = this.data.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, JSON.stringify(value));
  }
}

const range = (start: number, end: number, model: "small" | "large"): TrackedRange => ({
  start,
  end,
  info: { model, entropy: model === "large" ? 3.1 : 0.4, rolling: 2, threshold: 2.5, text: "x" },
});

describe("ui/provenance persistence", () => {
  const text = "// start\nconst total = add(a, b);\n";
  const ranges = [range(9, 14, "small"), range(14, 20, "large")];

  it("gives back the ranges of a document whose text is unchanged (as after a window reload)", async () => {
    const memento = new MemoryMemento();
    await new ProvenancePersistence(memento).save("file:///a.js", text, ranges);
    // A new instance, as after a reload, reading the same storage.
    assert.deepEqual(await new ProvenancePersistence(memento).restore("file:///a.js", text), ranges);
    assert.equal(await new ProvenancePersistence(memento).restore("file:///b.js", text), undefined);
  });

  it("drops them when the text changed meanwhile", async () => {
    const memento = new MemoryMemento();
    const p = new ProvenancePersistence(memento);
    await p.save("file:///a.js", text, ranges);
    assert.equal(await p.restore("file:///a.js", text.replace("add", "sub")), undefined);
    assert.equal(await p.restore("file:///a.js", text), undefined, "forgotten after the mismatch");
  });

  it("forgets a document with no ranges left, keeps only the most recent documents, and clears", async () => {
    const memento = new MemoryMemento();
    let t = 0;
    const p = new ProvenancePersistence(memento, 2, () => ++t);
    await p.save("file:///1", text, ranges);
    await p.save("file:///2", text, ranges);
    await p.save("file:///3", text, ranges);
    assert.deepEqual(Object.keys(memento.get<object>(STORAGE_KEY)!).sort(), ["file:///2", "file:///3"]);
    await p.save("file:///3", text, []);
    assert.deepEqual(Object.keys(memento.get<object>(STORAGE_KEY)!), ["file:///2"]);
    await p.clear();
    assert.equal(memento.get(STORAGE_KEY), undefined);
  });
});
