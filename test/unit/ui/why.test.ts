import assert from "node:assert/strict";
import { heldBy, replacedNote } from "../../../src/ui/provenance/why";

describe("ui/provenance why", () => {
  it("names the stability rule only where it, not the threshold, chose the writer", () => {
    assert.equal(heldBy({ model: "large", rolling: 3, threshold: 2 }), undefined);
    assert.equal(heldBy({ model: "small", rolling: 1, threshold: 2 }), undefined);
    // Large at or below the threshold can only be hysteresis (or a minimum stay).
    assert.match(heldBy({ model: "large", rolling: 1.8, threshold: 2 })!, /threshold - hysteresis/);
    assert.match(heldBy({ model: "small", rolling: 2.5, threshold: 2 })!, /minimum stay/);
  });

  it("says when a token replaced one the large model rejected, and only then", () => {
    assert.equal(replacedNote(undefined), undefined);
    const note = replacedNote({ text: " foo", probability: 0.00012 })!;
    assert.match(note, /replaced " foo"/);
    assert.match(note, /1\.2e-4/);
  });
});
