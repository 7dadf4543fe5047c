// The replay benchmark on the fixture pair, in real time: the replay.json contract as the CLI writes it,
// re-evaluation counted from the engine's own counts, and the acceptance proxy.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CancelSource } from "../../../src/bench/replay/backend";
import { playSession } from "../../../src/bench/replay/driver";
import { summarizeMode } from "../../../src/bench/replay/report";
import { replaySessions } from "../../../src/bench/replay/run";
import { ServiceBackend } from "../../../src/bench/replay/serviceBackend";
import type { ReplaySession } from "../../../src/bench/replay/sessions";
import { DEFAULT_PACE, type TypingPace } from "../../../src/bench/replay/typing";
import type { EadEngine } from "../../../src/engine/engine";
import { cliPath, loadFixtureEngine, syntheticJs } from "../helpers/fixtures";

const dir = mkdtempSync(join(tmpdir(), "ead-replay-"));
/** Fast typing with line-end pauses long enough for a request to finish, and no random pauses. */
const QUICK: TypingPace = { ...DEFAULT_PACE, msPerChar: 25, jitter: 0.2, lineEndMs: 700, pauseChance: 0, moveMs: 300 };

describe("bench/replay", function () {
  this.timeout(300_000);

  it("the CLI writes replay.json per mode with the contract's numbers, a summary table and a plot per mode", () => {
    // The cursor layout: on these two-line files the fixture models answer in it, and every figure has data.
    const tasks = join(dir, "tasks.jsonl");
    writeFileSync(
      tasks,
      [
        { id: "a", prefix: "function sum(values) {\n  let total = 0;\n  for (const v of values) {\n", suffix: "  }\n  return total;\n}\n", reference: "    total += v;\n" },
        { id: "b", prefix: "class Stack {\n  constructor() {\n", suffix: "\n  }\n}\n", reference: "    this.items = [];" },
        { id: "c", prefix: "unused", reference: "x" },
      ]
        .map((t) => JSON.stringify(t))
        .join("\n") + "\n",
    );
    const out = join(dir, "cli");
    const r = spawnSync(process.execPath, [cliPath, "replay", "--tasks", tasks, "--modes", "small,ead", "--limit", "2", "--threads", "1", "--layout", "cursor", "--out", out], { encoding: "utf8", timeout: 280_000 });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(readFileSync(join(out, "replay.json"), "utf8"));
    assert.deepEqual(report.modes.map((m: { mode: string }) => m.mode), ["small", "ead"]);
    assert.equal(report.sessions.length, 2);
    for (const m of report.modes) {
      for (const value of [m.requests, m.charsTyped, m.reevaluatedPerChar.small, m.reevaluatedPerChar.large, m.latencyMs.p50, m.latencyMs.p95, m.firstTokenMs.p50, m.firstTokenMs.p95, m.matchedChars]) {
        assert.equal(typeof value, "number", JSON.stringify(m));
        assert.ok(Number.isFinite(value), JSON.stringify(m));
      }
      assert.equal(m.charsTyped, "    total += v;\n".length + "    this.items = [];".length);
      assert.ok(m.requests >= 2, `${m.mode}: ${m.requests} requests`);
      assert.ok(m.latencyMs.p50 > 0 && m.firstTokenMs.p50 > 0);
    }
    for (const name of ["replay.md", "requests.jsonl", "latency-small.svg", "latency-ead.svg"]) assert.ok(existsSync(join(out, name)), name);
    assert.match(readFileSync(join(out, "replay.md"), "utf8"), /\| small \| \d+ \(\d+\) \| 36 \|/);
    assert.match(readFileSync(join(out, "latency-ead.svg"), "utf8"), /^<svg[\s\S]*polyline/);

    const help = spawnSync(process.execPath, [cliPath, "replay", "--help"], { encoding: "utf8" });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--tasks <jsonl>[\s\S]*--modes[\s\S]*--limit[\s\S]*--threads[\s\S]*--out/);
    const bad = spawnSync(process.execPath, [cliPath, "replay", "--modes", "fast"], { encoding: "utf8" });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown mode "fast"/);
    const badRule = spawnSync(process.execPath, [cliPath, "replay", "--first-position", "first"], { encoding: "utf8" });
    assert.equal(badRule.status, 2);
    assert.match(badRule.stderr, /--first-position must be one of counted, skipped, large, largeWord/);
  });

  describe("on one engine", () => {
    let engine: EadEngine;
    before(async () => {
      engine = await loadFixtureEngine();
    });
    after(async () => {
      await engine?.dispose();
    });

    it("counts prompt tokens re-evaluated from the engine: a suffix costs far more per character than none", async () => {
      const prefix = syntheticJs(24) + "function mean(items) {\n";
      const typed = "  let total = 0;\n  let count = 0;\n  for (const item of items) {\n";
      const withSuffix: ReplaySession = { id: "suffix", kind: "test", document: prefix + "\n" + syntheticJs(30), steps: [{ offset: prefix.length, text: typed }] };
      const noSuffix: ReplaySession = { id: "end", kind: "test", document: prefix, steps: [{ offset: prefix.length, text: typed }] };
      const backend = new ServiceBackend(engine, { mode: "small", debounceMs: 150 });
      const [a, b] = await replaySessions(backend, [withSuffix, noSuffix], 1, QUICK);
      const suffixTokens = engine.tokenize("\n" + syntheticJs(30)).length;
      const ra = summarizeMode("small", [a]);
      const rb = summarizeMode("small", [b]);
      console.log(`      suffix of ${suffixTokens} tokens: ${ra.reevaluatedPerChar.small} per char (${ra.requests} requests); no suffix: ${rb.reevaluatedPerCharNoSuffix.small} per char (${rb.requests} requests)`);
      assert.ok(a.requests.length >= 3 && b.requests.length >= 3, `${a.requests.length} / ${b.requests.length} requests`);
      // Today every keystroke moves every suffix token: each completed request re-evaluates at least the suffix.
      for (const r of a.requests.filter((x) => x.outcome === "completed")) assert.ok(r.promptEvaluated.small >= suffixTokens, JSON.stringify(r));
      assert.ok(ra.reevaluatedPerChar.small > 5, `with a suffix: ${ra.reevaluatedPerChar.small} per char`);
      assert.equal(ra.suffixRequests, ra.requests);
      // With no suffix only the end of the prompt changes.
      assert.equal(rb.suffixRequests, 0);
      assert.ok(rb.reevaluatedPerCharNoSuffix.small < 5, `no suffix: ${rb.reevaluatedPerCharNoSuffix.small} per char`);
      for (const r of b.requests) assert.ok(r.promptEvaluated.small < r.promptTokens / 2, JSON.stringify(r));
      // The small mode never touches the large model.
      assert.equal(ra.reevaluatedPerChar.large, 0);
    });

    it("counts typed characters the ghost text predicted (typing the model's own suggestion matches all of it)", async () => {
      const document = "function sum(values) {\n  let total = 0;\n  for (const v of values) {\n    total += v;\n  }\n\n}\n";
      const offset = document.indexOf("\n\n}") + 1;
      const backend = new ServiceBackend(engine, { mode: "large", debounceMs: 0 });
      const answer = await backend.provide({ uri: "file:///replay/own", text: document, offset }, new CancelSource());
      await backend.endSession();
      assert.ok(answer && answer.text.length > 0, "the large model suggests something here");
      const own = await playSession({ id: "own", kind: "test", document, steps: [{ offset, text: answer.text }] }, backend, { seed: 1, pace: QUICK });
      assert.equal(own.matchedChars, answer.text.length);
      assert.equal(own.charsTyped, answer.text.length);
      const other = await playSession({ id: "other", kind: "test", document, steps: [{ offset, text: "\u00a7".repeat(5) }] }, backend, { seed: 1, pace: QUICK });
      assert.equal(other.matchedChars, 0);
    });
  });
});
