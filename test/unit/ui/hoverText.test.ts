import assert from "node:assert/strict";
import { hoverText } from "../../../src/ui/provenance/hoverText";

describe("ui/provenance hover text", () => {
  it("says who wrote the token and the figures, on one line without a table", () => {
    const text = hoverText({ model: "large", entropy: 3.1, rolling: 2.75, threshold: 2 });
    assert.equal(text, "$(sparkle) EAD · written by the **large model** · rolling mean 2.75 above threshold 2.00 · token entropy 3.10 (bits)");
    assert.ok(!text.includes("\n") && !text.includes("|"));
  });

  it("is short and carries no explanation sentence that every token would repeat", () => {
    const text = hoverText({ model: "small", entropy: 0.4, rolling: 1, threshold: 2 });
    assert.equal(text, "$(sparkle) EAD · written by the **small model** · rolling mean 1.00 at or below threshold 2.00 · token entropy 0.40 (bits)");
    assert.ok(text.length < 130, `${text.length} characters`);
  });
});
