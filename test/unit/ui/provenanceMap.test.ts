// Provenance colours go on the characters each model wrote, through post-processing's offset map:
// also when post-processing both drops characters at the start and adds some at the end.
import assert from "node:assert/strict";
import type { AcceptedCompletion } from "../../../src/completion/events";
import { postProcessMapped, type PostProcessContext } from "../../../src/completion/postprocess";
import type { TokenEvent } from "../../../src/engine/types";
import { rangesFromAccepted } from "../../../src/ui/provenance/tracker";

function ctx(over: Partial<PostProcessContext> = {}): PostProcessContext {
  return { linePrefix: "", lineSuffix: "", followingLines: [], multiline: false, ...over };
}

function token(text: string, model: "small" | "large"): TokenEvent {
  return { id: 0, text, model, entropy: model === "large" ? 3 : 1, rolling: 1 };
}

/** The accepted text, cut into the pieces that got a colour: [piece, model] in document order. */
function coloured(doc: string, accepted: AcceptedCompletion, eol: "\n" | "\r\n" = "\n"): [string, string][] {
  return rangesFromAccepted(accepted, eol).map((r) => [doc.slice(r.start, r.end), r.info.model]);
}

describe("ui/provenance: colours through post-processing's offset map", () => {
  // Raw " foo(a, b": the leading space goes (the line ends with "return "), a ")" is added.
  const tokens = [token(" foo", "small"), token("(", "large"), token("a", "small"), token(",", "large"), token(" b", "large")];
  const raw = tokens.map((t) => t.text).join("");
  const before = "function f() {\n  return ";

  it("the map points every shown character at its raw character, and added closers at nothing", () => {
    const { text, map } = postProcessMapped(raw, ctx({ linePrefix: "  return " }));
    assert.equal(text, "foo(a, b)");
    assert.deepEqual(map, [1, 2, 3, 4, 5, 6, 7, 8, -1]);
  });

  it("colours stay on the characters each model wrote; the added ')' stays uncoloured", () => {
    const { text, map } = postProcessMapped(raw, ctx({ linePrefix: "  return " }));
    const doc = before + text + "\n}";
    const accepted: AcceptedCompletion = { uri: "u", offset: before.length, text, tokens, threshold: 2, rawIndex: map };
    assert.deepEqual(coloured(doc, accepted), [
      ["foo", "small"],
      ["(", "large"],
      ["a", "small"],
      [",", "large"],
      [" b", "large"],
    ]);
  });

  it("a partial accept (the first word) takes its part of the map", () => {
    const { text, map } = postProcessMapped(raw, ctx({ linePrefix: "  return " }));
    const part = text.slice(0, 4);
    const doc = before + part;
    const accepted: AcceptedCompletion = { uri: "u", offset: before.length, text: part, tokens, threshold: 2, rawIndex: map.slice(0, 4) };
    assert.deepEqual(coloured(doc, accepted), [
      ["foo", "small"],
      ["(", "large"],
    ]);
  });

  it("CRLF raw text and a CRLF document: newlines count two characters there", () => {
    const crlf = [token("a();\r\n", "small"), token("    b();", "large"), token("\r\n", "small"), token("  }", "large")];
    // The document closes the block on the next line, so the model's "  }" is not shown.
    const { text, map } = postProcessMapped(crlf.map((t) => t.text).join(""), ctx({ linePrefix: "    ", multiline: true, followingLines: ["  }"] }));
    assert.equal(text, "a();\n    b();");
    const docText = "x\r\n    " + text.replace(/\n/g, "\r\n");
    const accepted: AcceptedCompletion = { uri: "u", offset: 7, text, tokens: crlf, threshold: 2, rawIndex: map };
    assert.deepEqual(coloured(docText, accepted, "\r\n"), [
      ["a();\r\n", "small"],
      ["    b();", "large"],
    ]);
  });

  it("a block closer added on a line of its own is not coloured", () => {
    const block = [token("if (x) {", "small"), token("\n    y();", "large")];
    const { text, map } = postProcessMapped(block.map((t) => t.text).join(""), ctx({ linePrefix: "  ", multiline: true }));
    assert.equal(text, "if (x) {\n    y();\n  }");
    const doc = "  " + text;
    const accepted: AcceptedCompletion = { uri: "u", offset: 2, text, tokens: block, threshold: 2, rawIndex: map };
    assert.deepEqual(coloured(doc, accepted), [
      ["if (x) {", "small"],
      ["\n    y();", "large"],
    ]);
  });
});
