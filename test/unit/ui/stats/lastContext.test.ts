import assert from "node:assert/strict";
import { lastContext } from "../../../../src/ui/stats/lastContext";

describe("ui/stats last request's context", () => {
  it("counts chunks, distinct files and characters, with the request's token bound", () => {
    const summary = lastContext({
      context: {
        repo: "shop",
        path: "b.js",
        chunks: [
          { path: "a.js", text: "const a = 1;\n" },
          { path: "lib/money.js", text: "function cents(x) {}\n" },
          { path: "b.js", text: "// far above\n" },
          { path: "b.js", text: "// far below\n" },
        ],
        maxTokens: 1024,
      },
    });
    assert.deepEqual(summary, { requested: true, chunks: 4, files: 3, chars: 13 + 21 + 13 + 13, maxTokens: 1024 });
  });

  it("tells no request yet from a request without context", () => {
    assert.deepEqual(lastContext(undefined), { requested: false, chunks: 0, files: 0, chars: 0, maxTokens: null });
    assert.deepEqual(lastContext({}), { requested: true, chunks: 0, files: 0, chars: 0, maxTokens: null });
  });
});
