import assert from "node:assert/strict";
import type { PostProcessContext } from "../../../../src/completion/postprocess";
import { balanceBrackets } from "../../../../src/completion/postprocess/balanceBrackets";

function ctx(over: Partial<PostProcessContext> = {}): PostProcessContext {
  return { linePrefix: "", lineSuffix: "", followingLines: [], multiline: true, ...over };
}

describe("completion/postprocess/balanceBrackets", () => {
  it("adds no block closer the document's next line already has at the opener's indentation", () => {
    const c = ctx({ linePrefix: "    if (a > b", followingLines: ["    } else {", "        return b"] });
    assert.equal(balanceBrackets(") {\n        return a", c), ") {\n        return a");
    const deeper = ctx({ linePrefix: "    if (a > b", followingLines: ["}"] });
    assert.equal(balanceBrackets(") {\n        return a", deeper), ") {\n        return a\n    }");
  });

  it("closes inline brackets spaced as they were opened", () => {
    assert.equal(balanceBrackets("{ x: 1, y: [2, 3", ctx({ multiline: false })), "{ x: 1, y: [2, 3] }");
    assert.equal(balanceBrackets("f(a, [b", ctx({ multiline: false })), "f(a, [b])");
  });
});
