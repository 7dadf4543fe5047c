import assert from "node:assert/strict";
import { openLongString, untilStringCloses } from "../../../../src/completion/postprocess/longString";

describe("completion/postprocess/longString", () => {
  it("finds the multi-line string a line leaves open", () => {
    assert.equal(openLongString('msg = """'), '"""');
    assert.equal(openLongString("msg = '''"), "'''");
    assert.equal(openLongString("const s = `"), "`");
    assert.equal(openLongString('msg = """done"""'), undefined);
    assert.equal(openLongString("const s = `a` + `b`"), undefined);
    assert.equal(openLongString("x = 1"), undefined);
  });

  it("keeps the lines up to the one that closes it", () => {
    assert.deepEqual(untilStringCloses(["a", "b", '"""', "print(x)"], '"""'), ["a", "b", '"""']);
    assert.deepEqual(untilStringCloses(["a", "b"], '"""'), ["a", "b"]);
  });
});
