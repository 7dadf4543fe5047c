import assert from "node:assert/strict";
import type { PostProcessContext } from "../../../../src/completion/postprocess";
import { dropRepeatedLines } from "../../../../src/completion/postprocess/repeatedLines";

function ctx(over: Partial<PostProcessContext> = {}): PostProcessContext {
  return { linePrefix: "", lineSuffix: "", followingLines: [], multiline: true, ...over };
}

describe("completion/postprocess/repeatedLines", () => {
  it("drops a completion that is the next line when the rest of the cursor line is punctuation", () => {
    const c = ctx({ linePrefix: "    ", lineSuffix: ";", followingLines: ["", "    return () => clearInterval(id);"] });
    assert.equal(dropRepeatedLines("return () => clearInterval(id);", c), "");
    assert.equal(dropRepeatedLines("return () => clearInterval(id)", c), "", "with the line's own `;`");
    assert.equal(dropRepeatedLines("return () => stop(id);", c), "return () => stop(id);");
  });

  it("does not compare without the rest of the line when that rest is code", () => {
    const c = ctx({ linePrefix: "  x = ", lineSuffix: " + 1;", followingLines: ["  x = y;"] });
    assert.equal(dropRepeatedLines("y;", c), "y;");
  });

  it("a closer line that closes a block the completion opened is no repeat", () => {
    const c = ctx({ linePrefix: "    fn", followingLines: ["}"] });
    assert.equal(dropRepeatedLines(" f() {\n    x\n}", c), " f() {\n    x\n}");
  });

  it("a closer that also closes the cursor line's brackets is the document's own closer again", () => {
    const c = ctx({ linePrefix: "items.forEach((item) =", followingLines: ["});"] });
    assert.equal(dropRepeatedLines("> {\n  total += 1;\n});", c), "> {\n  total += 1;");
  });

  it("a closer at another indentation is no repeat; one at the same indentation with nothing after is", () => {
    assert.equal(dropRepeatedLines("\n    puts 1\n  end", ctx({ linePrefix: "  def f", followingLines: ["end"] })), "\n    puts 1\n  end");
    assert.equal(dropRepeatedLines("a();\n  }", ctx({ linePrefix: "    ", followingLines: ["  }"] })), "a();");
  });

  it("cuts where two lines in a row are lines the document has further down", () => {
    const c = ctx({ linePrefix: "  sub(n) {", followingLines: ["", "  sub(n) {", "    this.r -= n;", "    return this;", "  }"] });
    assert.equal(dropRepeatedLines("\n    this.r -= n;\n    return this;\n  }", c), "");
    assert.equal(dropRepeatedLines("\n    check(n);\n    this.r -= n;\n    return this;", c), "\n    check(n);");
    assert.equal(dropRepeatedLines("\n    this.r -= n;\n    log(n);", c), "\n    this.r -= n;\n    log(n);", "one line alone is no copy");
  });
});
