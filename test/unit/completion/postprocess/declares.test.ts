import assert from "node:assert/strict";
import { declaresAtCursor, isDeclarationLine } from "../../../../src/completion/postprocess/declares";

describe("completion/postprocess/declares", () => {
  it("signatures and declaration keywords declare, with or without modifiers", () => {
    for (const linePrefix of ["func calculateArea", "    fn", "    public function ", "interface Point3D", "function getFirst", "fun area(r: Double): Double ", "    def perimeter", "class Point", "    public ", "    mutating func push", "export default class Store", "int max", "    public int "]) {
      assert.equal(declaresAtCursor({ linePrefix }), true, linePrefix);
    }
  });

  it("statements, assignments and calls do not", () => {
    for (const linePrefix of ["    return x", "const x = 5", "    foo(a)", "    if (x)", "type Alias = string", "print x", "    x.y", "SELECT * FROM t WHERE a = 1"]) {
      assert.equal(declaresAtCursor({ linePrefix }), false, linePrefix);
    }
  });

  it("an unclosed bracket or a multi-line string opened on the line", () => {
    assert.equal(declaresAtCursor({ linePrefix: "    public Person(string name, int " }), true);
    assert.equal(declaresAtCursor({ linePrefix: "    if (a > b" }), true);
    assert.equal(declaresAtCursor({ linePrefix: 'HELP = """' }), true);
    assert.equal(declaresAtCursor({ linePrefix: 'HELP = """x"""' }), false);
    assert.equal(declaresAtCursor({ linePrefix: "const q = `" }), true);
  });

  it("a member name alone after an object or class opened or a member ended, not in a function body", () => {
    assert.equal(declaresAtCursor({ linePrefix: "    resetCounter", previousLine: "    }," }), true);
    assert.equal(declaresAtCursor({ linePrefix: "    fullName", previousLine: "  computed: {" }), true);
    assert.equal(declaresAtCursor({ linePrefix: "  load", previousLine: "class Store {" }), true);
    assert.equal(declaresAtCursor({ linePrefix: "  count", previousLine: "function f() {" }), false);
    assert.equal(declaresAtCursor({ linePrefix: "    count", previousLine: "    if (x) {" }), false);
    assert.equal(declaresAtCursor({ linePrefix: "    count", previousLine: "    }" }), false);
    assert.equal(declaresAtCursor({ linePrefix: "    count" }), false);
  });

  it("style sheets: selectors declare, properties being typed and @include do not", () => {
    for (const linePrefix of ["h4", "  .title", "  &:hover", "a:hover", "@media (max-width: 600px)", "  ul li"]) {
      assert.equal(declaresAtCursor({ linePrefix, languageId: "scss" }), true, linePrefix);
    }
    for (const linePrefix of ["  border-radius", "  @include", "  color: red", "  margin"]) {
      assert.equal(declaresAtCursor({ linePrefix, languageId: "css" }), false, linePrefix);
    }
    // Outside style sheets a leading dot is a chained call.
    assert.equal(declaresAtCursor({ linePrefix: "  .then", languageId: "javascript" }), false);
  });

  it("isDeclarationLine tells a declaration's line from a statement's", () => {
    assert.equal(isDeclarationLine("  void subtract(double n) {"), true);
    assert.equal(isDeclarationLine("  resetCounter() {"), true);
    assert.equal(isDeclarationLine("  if (n === 0) {"), false);
    assert.equal(isDeclarationLine("  } else if (x) {"), false);
    assert.equal(isDeclarationLine("  return foo(x)"), false);
  });
});
