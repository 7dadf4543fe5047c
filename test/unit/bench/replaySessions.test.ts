import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readSessions } from "../../../src/bench/replay/sessions";

function file(lines: unknown[]): string {
  const dir = mkdtempSync(join(tmpdir(), "replay-sessions-"));
  const path = join(dir, "tasks.jsonl");
  writeFileSync(path, lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n");
  return path;
}

describe("bench/replay sessions", () => {
  it("reads dev-set tasks as retyping the reference between prefix and suffix", async () => {
    const [s] = await readSessions(file([{ id: "t1", prefix: "function f() {\n", reference: "  return 1;\n", suffix: "}\n" }]));
    assert.equal(s.id, "t1");
    assert.equal(s.document, "function f() {\n}\n");
    assert.deepEqual(s.steps, [{ offset: "function f() {\n".length, text: "  return 1;\n" }]);
  });

  it("reads sessions with steps, and the committed sessions file", async () => {
    const [s] = await readSessions(file([{ id: "j", kind: "jump", document: "ab", steps: [{ offset: 1, text: "x" }, { offset: 3, text: "y" }] }]));
    assert.equal(s.kind, "jump");
    assert.equal(s.steps.length, 2);
    const committed = await readSessions(join(process.cwd(), "bench", "replay", "sessions.jsonl"));
    assert.deepEqual([...new Set(committed.map((c) => c.kind))].sort(), ["append", "jump", "retype"]);
  });

  it("says which line is wrong and why", async () => {
    await assert.rejects(readSessions(file([{ prefix: "a", reference: "b" }, "{oops"])), /tasks\.jsonl:2: not valid JSON/);
    await assert.rejects(readSessions(file([{ prefix: "a" }])), /:1: .*"reference" is missing/);
    await assert.rejects(readSessions(file([{ document: "ab", steps: [{ offset: 5, text: "x" }] }])), /step 1 offset 5 is outside the document \(length 2/);
    await assert.rejects(readSessions(join(tmpdir(), "no-such-replay-file.jsonl")), /cannot read tasks file .*ENOENT/);
  });
});
