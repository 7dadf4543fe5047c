import assert from "node:assert/strict";
import { cursorContext } from "../../../../src/completion/postprocess";
import { previousLine } from "../../../../src/completion/postprocess/cursorContext";

describe("completion/postprocess/cursorContext", () => {
  it("builds the lines around the cursor and the multi-line decision from the document", () => {
    const text = "export default {\n  methods: {\n    add() {},\n    reset\n  },\n};\n";
    const offset = text.indexOf("reset") + "reset".length;
    const { doc, ctx } = cursorContext(text, offset, "auto", "vue");
    assert.equal(ctx.linePrefix, "    reset");
    assert.equal(ctx.lineSuffix, "");
    assert.deepEqual(ctx.followingLines, ["  },", "};", ""]);
    assert.equal(ctx.multiline, true, "a member name after another member");
    assert.equal(doc.prefix, text.slice(0, offset));
    assert.equal(cursorContext(text, offset, "never", "vue").ctx.multiline, false);
  });

  it("the language decides whether a line is a selector", () => {
    const text = "a {\n  color: red;\n}\n\nh2";
    assert.equal(cursorContext(text, text.length, "auto", "css").ctx.multiline, true);
    assert.equal(cursorContext(text, text.length, "auto", "javascript").ctx.multiline, false);
  });

  it("previousLine skips blank lines", () => {
    assert.equal(previousLine("a {\n  b,\n\n  \n  c"), "  b,");
    assert.equal(previousLine("first"), undefined);
    assert.equal(previousLine("x\r\n\r\ny"), "x");
  });
});
