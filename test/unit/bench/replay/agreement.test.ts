// Replay's agreement with large-only: suggestions matched by session and keystroke, on hand-made records
// and on a real replay of the fixture pair.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { replayAgreement } from "../../../../src/bench/replay/agreement";
import type { RequestRecord, SessionResult } from "../../../../src/bench/replay/driver";
import { cliPath } from "../../helpers/fixtures";

const session = (id: string, shown: [number, string | undefined][]): SessionResult => ({
  session: id,
  requests: shown.map(([keystroke, text]) => ({ session: id, keystroke, ...(text === undefined ? {} : { shown: text }) }) as unknown as RequestRecord),
  charsTyped: 10,
  matchedChars: 0,
  answers: {},
});

describe("bench/replay/agreement", function () {
  this.timeout(300_000);

  it("compares only keystrokes where both showed a suggestion, in the same session", () => {
    const large = [session("a", [[1, "foo();"], [3, "bar"], [5, "x"]]), session("b", [[1, "abcd"]])];
    const mode = [
      session("a", [[1, "foo();"], [3, "baz"], [4, "unmatched"], [5, undefined]]),
      // Same keystroke index, other session: compared with b's own suggestion only.
      session("b", [[1, "abcx"]]),
    ];
    // a/1 equal; a/3 "baz" vs "bar" (1 of 3 differs); b/1 "abcx" vs "abcd" (1 of 4).
    assert.deepEqual(replayAgreement(mode, large), {
      requests: 3,
      exact: 0.3333,
      firstLine: 0.3333,
      editSimilarity: Math.round(((1 + 2 / 3 + 3 / 4) / 3) * 1e4) / 1e4,
    });
    assert.deepEqual(replayAgreement([], large), { requests: 0, exact: 0, firstLine: 0, editSimilarity: 0 });
  });

  it("a replay with large-only reports every mode's agreement with it (fixture pair)", () => {
    const dir = mkdtempSync(join(tmpdir(), "ead-replay-agree-"));
    const tasks = join(dir, "tasks.jsonl");
    writeFileSync(
      tasks,
      [
        { id: "a", prefix: "function sum(values) {\n  let total = 0;\n  for (const v of values) {\n", suffix: "  }\n  return total;\n}\n", reference: "    total += v;\n" },
        { id: "b", prefix: "class Stack {\n  constructor() {\n", suffix: "\n  }\n}\n", reference: "    this.items = [];" },
      ]
        .map((t) => JSON.stringify(t))
        .join("\n") + "\n",
    );
    const out = join(dir, "out");
    const r = spawnSync(process.execPath, [cliPath, "replay", "--tasks", tasks, "--modes", "small,large", "--threads", "1", "--layout", "cursor", "--out", out], { encoding: "utf8", timeout: 280_000 });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(readFileSync(join(out, "replay.json"), "utf8"));
    const [small, large] = report.modes;
    assert.equal(large.agreementWithLarge.exact, 1);
    assert.ok(large.agreementWithLarge.requests > 0, "large-only showed suggestions");
    // Recomputed from requests.jsonl.
    const rows = readFileSync(join(out, "requests.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l)).filter((q) => q.shown !== undefined);
    const largeShown = new Map(rows.filter((q) => q.mode === "large").map((q) => [q.keystroke, q.shown.trimEnd()]));
    const both = rows.filter((q) => q.mode === "small" && largeShown.has(q.keystroke));
    assert.equal(small.agreementWithLarge.requests, both.length);
    const exact = both.filter((q) => q.shown.trimEnd() === largeShown.get(q.keystroke)).length;
    assert.equal(small.agreementWithLarge.exact, both.length ? Math.round((exact / both.length) * 1e4) / 1e4 : 0);
    assert.match(readFileSync(join(out, "replay.md"), "utf8"), /Agreement with large-only[\s\S]*\| small \| \d+ \|/);
  });
});
