import assert from "node:assert/strict";
import { dropRepeatedOwnLines } from "../../../../src/completion/postprocess/repeatedOwnLines";
import type { PostProcessContext } from "../../../../src/completion/postprocess";

const ctx: PostProcessContext = { linePrefix: "", lineSuffix: "", followingLines: [], multiline: true };

describe("completion/postprocess/repeatedOwnLines", () => {
  it("ends before a line that repeats the line above it", () => {
    assert.equal(dropRepeatedOwnLines("\n  DB: app\n  DB: app\n", ctx), "\n  DB: app");
    assert.equal(dropRepeatedOwnLines("log(x);\n\nlog(x);\nlog(y);", ctx), "log(x);\n");
  });

  it("keeps closers and short lines that repeat, and lines that differ", () => {
    assert.equal(dropRepeatedOwnLines("a();\n  }\n}\n}", ctx), "a();\n  }\n}\n}");
    assert.equal(dropRepeatedOwnLines("i++;\ni++;", ctx), "i++;\ni++;");
    assert.equal(dropRepeatedOwnLines("a = 1;\nb = 1;", ctx), "a = 1;\nb = 1;");
  });
});
