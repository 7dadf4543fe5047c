import assert from "node:assert/strict";
import { decideMultiline, postProcess, STAGES, type PostProcessContext } from "../../../src/completion/postprocess";

function ctx(over: Partial<PostProcessContext> = {}): PostProcessContext {
  return { linePrefix: "", lineSuffix: "", followingLines: [], multiline: false, ...over };
}

describe("completion/postprocess", () => {
  it("runs the stages in a fixed order, one per file", () => {
    assert.deepEqual(
      STAGES.map((s) => s.name),
      ["normalizeNewlines", "collapseLeadingSpace", "dropRepeatedPrefix", "limitLines", "dropRepeatedOwnLines", "dropRepeatedLines", "trimSuffixOverlap", "balanceBrackets", "dropEmpty"],
    );
  });

  describe("single-line vs multi-line", () => {
    it("single-line stops at the first newline", () => {
      assert.equal(postProcess("x + 1;\nreturn y;", ctx({ linePrefix: "const y = " })), "x + 1;");
    });

    it("single-line with a leading newline at the end of a line starts the next line", () => {
      assert.equal(postProcess("\nfoo();", ctx({ linePrefix: "bar();" })), "\nfoo();");
    });

    it("single-line with a leading newline in the middle of a line gives nothing", () => {
      assert.equal(postProcess("\n  foo();", ctx({ linePrefix: "bar(", lineSuffix: "x);" })), "");
    });

    it("multi-line keeps lines until one is indented less than the cursor line", () => {
      const raw = "const a = 1;\n    const b = 2;\n  return a;\n}";
      assert.equal(postProcess(raw, ctx({ linePrefix: "    ", multiline: true })), "const a = 1;\n    const b = 2;");
    });

    it("multi-line ends after the line closing the block the cursor line opened", () => {
      const raw = "\n  return a + b;\n}\n\nfunction sub(a, b) {\n  return a - b;\n}";
      assert.equal(
        postProcess(raw, ctx({ linePrefix: "function add(a, b) {", multiline: true })),
        "\n  return a + b;\n}",
      );
    });

    it("multi-line ends after the line closing a block the completion opened", () => {
      const raw = "if (x) {\n  y();\n}\nz();";
      assert.equal(postProcess(raw, ctx({ linePrefix: "", multiline: true })), "if (x) {\n  y();\n}");
    });

    it("multi-line stops at two blank lines", () => {
      assert.equal(postProcess("a();\n\n\nb();", ctx({ multiline: true })), "a();");
    });

    it("normalises CRLF", () => {
      assert.equal(postProcess("a();\r\nb();", ctx({ multiline: true })), "a();\nb();");
    });
  });

  describe("overlap with the text after the cursor", () => {
    it("trims a closing bracket the line already has", () => {
      assert.equal(postProcess("a, b)", ctx({ linePrefix: "foo(", lineSuffix: ")" })), "a, b");
    });

    it("trims a closing quote and semicolon the line already has", () => {
      assert.equal(postProcess('hello";', ctx({ linePrefix: 'const s = "', lineSuffix: '";' })), "hello");
    });

    it("trims the rest of the line when the completion repeats it", () => {
      assert.equal(postProcess("x, y) {", ctx({ linePrefix: "function f(", lineSuffix: ") {" })), "x, y");
    });

    it("keeps a completion with no overlap", () => {
      assert.equal(postProcess("a", ctx({ linePrefix: "foo(", lineSuffix: ")" })), "a");
    });
  });

  describe("following lines", () => {
    it("drops a single line that equals the next line", () => {
      assert.equal(postProcess("return a + b;", ctx({ linePrefix: "  ", followingLines: ["  return a + b;", "}"] })), "");
    });

    it("cuts a multi-line completion where it starts repeating the following lines", () => {
      const raw = "const c = a + b;\n  return c;\n}";
      const out = postProcess(raw, ctx({ linePrefix: "  ", multiline: true, followingLines: ["", "  return c;", "}"] }));
      assert.equal(out, "const c = a + b;");
    });

    it("keeps a short closer that only matches the next line by chance", () => {
      const raw = "if (x) {\n    y();\n  }\n  z();";
      const out = postProcess(raw, ctx({ linePrefix: "  ", multiline: true, followingLines: ["  }", "}"] }));
      // An `if` block in an indented body does not end the body: `z();` follows it.
      assert.equal(out, "if (x) {\n    y();\n  }\n  z();");
    });
  });

  describe("brackets", () => {
    it("closes inline brackets the completion opened", () => {
      assert.equal(postProcess("bar(1, [2", ctx({ linePrefix: "foo(", lineSuffix: ")" })), "bar(1, [2])");
    });

    it("leaves a block opener at the end of a single line open", () => {
      assert.equal(postProcess("if (x) {", ctx({ linePrefix: "  " })), "if (x) {");
    });

    it("closes an unfinished block on its own line in multi-line mode", () => {
      const out = postProcess("if (x) {\n    y();\n", ctx({ linePrefix: "  ", multiline: true }));
      assert.equal(out, "if (x) {\n    y();\n  }");
    });

    it("closes an inline bracket around an unfinished block", () => {
      const out = postProcess("run(function () {\n  go();", ctx({ linePrefix: "", multiline: true }));
      assert.equal(out, "run(function () {\n  go();\n})");
    });

    it("stops at a closer the text after the cursor already has", () => {
      assert.equal(postProcess("a, b); c();", ctx({ linePrefix: "foo(", lineSuffix: ")" })), "a, b");
    });

    it("stops at a mismatched closer", () => {
      assert.equal(postProcess("(a]", ctx({ linePrefix: "x = " })), "(a)");
    });

    it("appends no closers inside an unfinished string", () => {
      assert.equal(postProcess('foo(bar("x:', ctx({ linePrefix: "return " })), 'foo(bar("x:');
    });

    it("ignores brackets inside strings", () => {
      assert.equal(postProcess('log("(");', ctx({ linePrefix: "" })), 'log("(");');
    });

    it("keeps a closer of a bracket opened before the cursor when the line does not have it", () => {
      assert.equal(postProcess("b);", ctx({ linePrefix: "foo(a, " })), "b);");
    });
  });

  describe("spaces at the cursor", () => {
    it("drops the completion's leading spaces after a space that follows code", () => {
      assert.equal(postProcess(" {", ctx({ linePrefix: "  return " })), "{");
      assert.equal(postProcess("  a + b;", ctx({ linePrefix: "x = " })), "a + b;");
    });
    it("keeps leading spaces after indentation only, or right after code", () => {
      assert.equal(postProcess("  foo();", ctx({ linePrefix: "  ", multiline: true })), "  foo();");
      assert.equal(postProcess(" + 1;", ctx({ linePrefix: "x = a" })), " + 1;");
    });
  });

  describe("empty results", () => {
    for (const raw of ["", "   ", "\n\n", " \t\n "]) {
      it(`drops ${JSON.stringify(raw)}`, () => {
        assert.equal(postProcess(raw, ctx({ multiline: true })), "");
        assert.equal(postProcess(raw, ctx()), "");
      });
    }

    it("drops trailing whitespace", () => {
      assert.equal(postProcess("a;   \n\n", ctx({ multiline: true })), "a;");
    });
  });

  describe("a repeated start of the cursor line", () => {
    it("drops a keyword the line already ends with", () => {
      assert.equal(postProcess("return a;", ctx({ linePrefix: "    return " })), "a;");
      assert.equal(postProcess(" return a;", ctx({ linePrefix: "    return " })), "a;");
    });

    it("drops a restarted line, its indentation included", () => {
      assert.equal(postProcess("    this.x = 1;", ctx({ linePrefix: "    this." })), "x = 1;");
      assert.equal(postProcess("const y = 2;", ctx({ linePrefix: "  const x = 1; const " })), "y = 2;");
    });

    it("keeps a longer word, short pieces and other text", () => {
      assert.equal(postProcess("return a;", ctx({ linePrefix: "  ret" })), "return a;");
      assert.equal(postProcess("a, b)", ctx({ linePrefix: "foo(a, ", lineSuffix: "" })), "a, b)");
      assert.equal(postProcess("returnValue;", ctx({ linePrefix: "  return" })), "returnValue;");
      assert.equal(postProcess("  x = 1;", ctx({ linePrefix: "" })), "  x = 1;");
    });
  });

  describe("decideMultiline", () => {
    it("follows the setting when it is not auto", () => {
      assert.equal(decideMultiline("always", "x = ", "y"), true);
      assert.equal(decideMultiline("never", "", ""), false);
    });

    it("auto: several lines on a blank line or after a block opener", () => {
      assert.equal(decideMultiline("auto", "    ", ""), true);
      assert.equal(decideMultiline("auto", "function f() {", ""), true);
      assert.equal(decideMultiline("auto", "def f(x):", ""), true);
      assert.equal(decideMultiline("auto", "foo(", ")"), true);
    });

    it("auto: one line in the middle of a line or after text", () => {
      assert.equal(decideMultiline("auto", "const x = ", ""), false);
      assert.equal(decideMultiline("auto", "    ", "foo();"), false);
    });
  });
});
