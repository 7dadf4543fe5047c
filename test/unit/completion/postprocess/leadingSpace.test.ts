import assert from "node:assert/strict";
import type { PostProcessContext } from "../../../../src/completion/postprocess";
import { collapseLeadingSpace } from "../../../../src/completion/postprocess/leadingSpace";

function ctx(linePrefix: string): PostProcessContext {
  return { linePrefix, lineSuffix: "", followingLines: [], multiline: true };
}

describe("completion/postprocess/leadingSpace", () => {
  it("drops one space after even indentation, which would make it odd", () => {
    assert.equal(collapseLeadingSpace(" AND x = 1", ctx("          ")), "AND x = 1");
    assert.equal(collapseLeadingSpace(" fmt.Println()", ctx("\t")), "fmt.Println()");
  });

  it("keeps runs of spaces, spaces after odd indentation, and spaces at column 0", () => {
    assert.equal(collapseLeadingSpace("    print(x)", ctx("    ")), "    print(x)");
    assert.equal(collapseLeadingSpace(" x", ctx("   ")), " x");
    assert.equal(collapseLeadingSpace(" x", ctx("")), " x");
    assert.equal(collapseLeadingSpace(" * @param {string} name", ctx("  ")), " * @param {string} name", "a block comment's continuation");
  });

  it("after code and a space, all leading spaces go", () => {
    assert.equal(collapseLeadingSpace("  this;", ctx("    return ")), "this;");
  });
});
