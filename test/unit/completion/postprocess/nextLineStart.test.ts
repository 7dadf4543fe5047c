import assert from "node:assert/strict";
import { beginsOnNextLine, spansLines } from "../../../../src/completion/postprocess/nextLineStart";
import type { PostProcessContext } from "../../../../src/completion/postprocess";

function ctx(over: Partial<PostProcessContext> = {}): PostProcessContext {
  return { linePrefix: "", lineSuffix: "", followingLines: [], multiline: false, ...over };
}

describe("completion/postprocess/nextLineStart", () => {
  it("a newline first, at the end of a non-empty line, starts the next line", () => {
    assert.equal(beginsOnNextLine("\n}", ctx({ linePrefix: "    return a + b" })), true);
    assert.equal(beginsOnNextLine("  \n  image: node", ctx({ linePrefix: "  - name: api", lineSuffix: "  " })), true);
  });

  it("not in the middle of a line, not on a blank line, not without a leading newline", () => {
    assert.equal(beginsOnNextLine("\nx", ctx({ linePrefix: "f(", lineSuffix: ")" })), false);
    assert.equal(beginsOnNextLine("\nx", ctx({ linePrefix: "    " })), false);
    assert.equal(beginsOnNextLine("x\ny", ctx({ linePrefix: "a" })), false);
  });

  it("spansLines: the cursor's decision or a next-line start", () => {
    assert.equal(spansLines("x\ny", ctx({ multiline: true })), true);
    assert.equal(spansLines("x\ny", ctx({ linePrefix: "a" })), false);
    assert.equal(spansLines("\ny", ctx({ linePrefix: "a" })), true);
  });
});
