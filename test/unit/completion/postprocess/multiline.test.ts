import assert from "node:assert/strict";
import { decideMultiline } from "../../../../src/completion/postprocess";

describe("completion/postprocess/multiline: the auto decision with declarations", () => {
  it("several lines after a signature, selector or member name when the rest of the line is empty", () => {
    assert.equal(decideMultiline("auto", "func calculateArea", ""), true);
    assert.equal(decideMultiline("auto", "    public function ", ""), true);
    assert.equal(decideMultiline("auto", "h4", "", { languageId: "css" }), true);
    assert.equal(decideMultiline("auto", "    resetCounter", "", { previousLine: "    }," }), true);
  });

  it("one line when the rest of the line has code, or nothing declares", () => {
    assert.equal(decideMultiline("auto", "func calculateArea", "(x) {"), false);
    assert.equal(decideMultiline("auto", "    total += ", ""), false);
    assert.equal(decideMultiline("auto", "  border-radius", "", { languageId: "css" }), false);
  });
});
