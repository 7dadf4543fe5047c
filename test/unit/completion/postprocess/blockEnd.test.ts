import assert from "node:assert/strict";
import { blockEndsCompletion, bodyOnNextLine, enclosingCloser } from "../../../../src/completion/postprocess/blockEnd";
import type { PostProcessContext } from "../../../../src/completion/postprocess";

function ctx(over: Partial<PostProcessContext> = {}): PostProcessContext {
  return { linePrefix: "", lineSuffix: "", followingLines: [], multiline: true, ...over };
}

describe("completion/postprocess/blockEnd", () => {
  it("a line inside the cursor's block is no enclosing closer", () => {
    assert.equal(enclosingCloser("  x();", 0, 0, ctx()), undefined);
  });

  it("closing the cursor's block ends the completion after the closer, unless the document closes it already", () => {
    assert.equal(enclosingCloser("    }", -1, -1, ctx()), "keep-and-end");
    assert.equal(enclosingCloser("    }", -1, -1, ctx({ followingLines: ["", "    }"] })), "end-before");
    assert.equal(enclosingCloser("    }", -1, -1, ctx({ followingLines: ["  }"] })), "keep-and-end", "the document's closer is an outer block's");
    assert.equal(enclosingCloser("}", -1, -1, ctx({ followingLines: ["func next() {"] })), "keep-and-end");
  });

  it("code before the closer is kept and ends the completion", () => {
    assert.equal(enclosingCloser(" value)) {", -1, 0, ctx()), "keep-and-end");
    assert.equal(enclosingCloser("b); c();", -1, -1, ctx({ followingLines: [");"] })), "keep-and-end");
  });

  it("`} else {` is not written, `): T {` goes on", () => {
    assert.equal(enclosingCloser("  } else {", -1, 0, ctx()), "end-before");
    assert.equal(enclosingCloser("): Int {", -1, 0, ctx()), undefined);
  });

  it("which blocks end the completion when they close", () => {
    assert.equal(blockEndsCompletion("func f() {", ctx({ linePrefix: "func f" })), true, "the completion continues a declaration");
    assert.equal(blockEndsCompletion("if (x) {", ctx({ linePrefix: "" })), true, "top level");
    assert.equal(blockEndsCompletion("  void sub() {", ctx({ linePrefix: "  " })), true, "a method in a class body");
    assert.equal(blockEndsCompletion("    if (x) {", ctx({ linePrefix: "    " })), false, "a statement's block in a body");
    assert.equal(blockEndsCompletion("    for (const x of xs) {", ctx({ linePrefix: "    " })), false);
    assert.equal(blockEndsCompletion("    } else {", ctx({ linePrefix: "    " })), false);
  });

  it("a body brace on a line of its own", () => {
    assert.equal(bodyOnNextLine(["age)", "    {", "x"]), true);
    assert.equal(bodyOnNextLine(["age)", "    x = 1;"]), false);
    assert.equal(bodyOnNextLine(["age)"]), false);
  });
});
