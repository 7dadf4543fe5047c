import assert from "node:assert/strict";
import { RemovedColours } from "../../../src/ui/provenance/removedColours";
import { applyEdit, type TokenInfo, type TrackedRange } from "../../../src/ui/provenance/tracker";

const info = (model: "small" | "large", text: string): TokenInfo => ({ model, entropy: 1, rolling: 1, threshold: 2, text });

describe("ui/provenance colours through undo and redo", () => {
  // "let x = " then an accepted " a + b" at offset 8: two tokens.
  const accepted: TrackedRange[] = [
    { start: 8, end: 10, info: info("small", " a") },
    { start: 10, end: 14, info: info("large", " + b") },
  ];

  it("undo removes the accepted text and its colours; redo brings both back", () => {
    const memory = new RemovedColours();
    const undo = { rangeOffset: 8, rangeLength: 6, text: "" };
    memory.noteRemoval("u", accepted, undo);
    const afterUndo = applyEdit(accepted, undo);
    assert.deepEqual(afterUndo, []);
    const redo = { rangeOffset: 8, rangeLength: 0, text: " a + b" };
    const restored = memory.takeRestore("u", redo);
    assert.deepEqual(restored, accepted);
    // Taken once: a second identical insert gets nothing.
    assert.equal(memory.takeRestore("u", redo), undefined);
  });

  it("an undo of deleting coloured text brings back the deleted part's colours", () => {
    const memory = new RemovedColours();
    const del = { rangeOffset: 9, rangeLength: 3, text: "" }; // "a +" across both tokens
    memory.noteRemoval("u", accepted, del);
    const restored = memory.takeRestore("u", { rangeOffset: 9, rangeLength: 0, text: "a +" })!;
    assert.deepEqual(restored.map((r) => [r.start, r.end, r.info.model]), [[9, 10, "small"], [10, 12, "large"]]);
  });

  it("an insert of another length, or elsewhere, or into another document, restores nothing", () => {
    const memory = new RemovedColours();
    memory.noteRemoval("u", accepted, { rangeOffset: 8, rangeLength: 6, text: "" });
    assert.equal(memory.takeRestore("u", { rangeOffset: 8, rangeLength: 0, text: " a +" }), undefined);
    assert.equal(memory.takeRestore("u", { rangeOffset: 7, rangeLength: 0, text: " a + b" }), undefined);
    assert.equal(memory.takeRestore("v", { rangeOffset: 8, rangeLength: 0, text: " a + b" }), undefined);
    // A removal of uncoloured text is not remembered.
    memory.noteRemoval("u", accepted, { rangeOffset: 0, rangeLength: 3, text: "" });
    assert.equal(memory.takeRestore("u", { rangeOffset: 0, rangeLength: 0, text: "let" }), undefined);
  });
});
