import assert from "node:assert/strict";
import { replacedNote, switchReason } from "../../../src/ui/provenance/why";

describe("ui/provenance why", () => {
  it("names the rule that chose the writer, as the policy applies it", () => {
    assert.match(switchReason({ model: "large", rolling: 3, threshold: 2 }), /above the threshold, so the large model/);
    // Large below the threshold can only be hysteresis (or a minimum stay): the hover must not claim "above".
    const held = switchReason({ model: "large", rolling: 1.8, threshold: 2 });
    assert.match(held, /threshold - hysteresis/);
    assert.doesNotMatch(held, /was above/);
    assert.match(switchReason({ model: "small", rolling: 1, threshold: 2 }), /at or below the threshold, so the small model/);
    assert.match(switchReason({ model: "small", rolling: 2.5, threshold: 2 }), /minimum stay kept the small model/);
  });

  it("says when a token replaced one the large model rejected, and only then", () => {
    assert.equal(replacedNote(undefined), undefined);
    const note = replacedNote({ text: " foo", probability: 0.00012 })!;
    assert.match(note, /replaced " foo"/);
    assert.match(note, /1\.2e-4/);
  });
});
