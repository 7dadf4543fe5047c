import assert from "node:assert/strict";
import { contextForTask, editSimilarity, scoreCompletion } from "../../../src/bench/scoring";
import { isLineTask } from "../../../src/bench/tasks";

const lineTask = { id: "1", prefix: "const a = 1;\nconst total = values.", suffix: "\nreturn total;\n", reference: "reduce((a, b) => a + b, 0);", kind: "line" };
const spanTask = { id: "2", prefix: "function f() {\n", suffix: "}\n", reference: "  const x = 1;\n  return x;\n", kind: "span" };

describe("bench/scoring", () => {
  it("edit similarity is 1 for equal strings and falls with edits", () => {
    assert.equal(editSimilarity("", ""), 1);
    assert.equal(editSimilarity("abcd", "abcd"), 1);
    assert.equal(editSimilarity("abcd", "abcx"), 0.75);
    assert.equal(editSimilarity("abcd", ""), 0);
  });

  it("builds the editor's post-processing context from a task", () => {
    const ctx = contextForTask(lineTask);
    assert.equal(ctx.linePrefix, "const total = values.");
    assert.equal(ctx.lineSuffix, "");
    assert.deepEqual(ctx.followingLines.slice(0, 1), ["return total;"]);
    assert.equal(ctx.multiline, false);
    assert.equal(contextForTask(spanTask).multiline, true);
  });

  it("scores line tasks on the first line only", () => {
    const s = scoreCompletion("reduce((a, b) => a + b, 0);\nconsole.log(total);", lineTask);
    assert.equal(s.exact, true);
    assert.equal(s.similarity, 1);
  });

  it("scores span tasks on the whole post-processed text", () => {
    assert.equal(scoreCompletion("  const x = 1;\n  return x;\n", spanTask).exact, true);
    const partial = scoreCompletion("  const x = 2;\n  return x;\n", spanTask);
    assert.equal(partial.exact, false);
    assert.ok(partial.similarity > 0.9 && partial.similarity < 1);
  });

  it("infers the task kind from the reference when the field is absent", () => {
    assert.equal(isLineTask({ ...lineTask, kind: undefined }), true);
    assert.equal(isLineTask({ ...spanTask, kind: undefined }), false);
  });
});
