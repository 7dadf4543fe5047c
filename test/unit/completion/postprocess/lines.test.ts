import assert from "node:assert/strict";
import type { PostProcessContext } from "../../../../src/completion/postprocess";
import { limitLines } from "../../../../src/completion/postprocess/lines";

function ctx(over: Partial<PostProcessContext> = {}): PostProcessContext {
  return { linePrefix: "", lineSuffix: "", followingLines: [], multiline: true, ...over };
}

describe("completion/postprocess/lines: where a multi-line completion ends", () => {
  it("a declaration's block ends it, not the next declaration", () => {
    const raw = "(w, h float64) float64 {\n\treturn w * h\n}\n\nfunc Next() {\n}";
    assert.equal(limitLines(raw, ctx({ linePrefix: "func Area" })), "(w, h float64) float64 {\n\treturn w * h\n}");
  });

  it("a closer of the completion's own block is kept even when the model indents it too little", () => {
    const raw = " f(&self) {\n    body();\n}\n\nfn g() {";
    assert.equal(limitLines(raw, ctx({ linePrefix: "    fn" })), " f(&self) {\n    body();\n}");
  });

  it("the cursor's block closing ends it after the closer: not the sibling that follows", () => {
    const raw = "    }\n\n    void next() {\n    }";
    assert.equal(limitLines(raw, ctx({ linePrefix: "" })), "    }");
  });

  it("an indented body goes on past a statement's block, up to the cursor's block end", () => {
    const raw = "if (x) {\n      a();\n    }\n    b();\n  }\n\n  next() {";
    assert.equal(limitLines(raw, ctx({ linePrefix: "    " })), "if (x) {\n      a();\n    }\n    b();\n  }");
  });

  it("a field that finishes the declaring line ends there", () => {
    assert.equal(limitLines("count = 0;\n    private int step = 1;", ctx({ linePrefix: "    private int " })), "count = 0;");
  });

  it("an indented body (Python, Ruby) ends back at the declaring line's indentation, an `end` kept", () => {
    assert.equal(limitLines("(self):\n        return 1\n\n    def g(self):", ctx({ linePrefix: "    def f" })), "(self):\n        return 1\n");
    assert.equal(limitLines("\n    puts 1\n  end\n\n  def g", ctx({ linePrefix: "  def f" })), "\n    puts 1\n  end");
  });

  it("a signature closed on the cursor line's completion goes on into a body on the next line", () => {
    const raw = "age)\n    {\n        Age = age;\n    }\n\n    public void Next()";
    assert.equal(limitLines(raw, ctx({ linePrefix: "    public Person(string name, int " })), "age)\n    {\n        Age = age;\n    }");
  });

  it("a multi-line string the cursor line opened ends with its closing quotes", () => {
    assert.equal(limitLines("a\n  b\n\"\"\"\nprint(x)", ctx({ linePrefix: 'X = """' })), "a\n  b\n\"\"\"");
  });

  it("single-line mode keeps a completion that begins on the next line", () => {
    assert.equal(limitLines("\n}\n\nfunc g() {", ctx({ linePrefix: "    return a", multiline: false })), "\n}");
    assert.equal(limitLines("x\n}", ctx({ linePrefix: "    return a", multiline: false })), "x");
  });
});
