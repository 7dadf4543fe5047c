// Both context arms of one mode on the fixture pair, session by session: the with-context arm's prompts
// carry the chunks the editor gathered (warmed before typing), the without arm's are today's prompts.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { compareArms, summarizeMode } from "../../../../src/bench/replay/report";
import { replayArms } from "../../../../src/bench/replay/run";
import { ServiceBackend } from "../../../../src/bench/replay/serviceBackend";
import { DEFAULT_PACE, type TypingPace } from "../../../../src/bench/replay/typing";
import type { EadEngine } from "../../../../src/engine/engine";
import { LIMITS_JS, scaleSession } from "../../helpers/contextSamples";
import { cliPath, loadFixtureEngine } from "../../helpers/fixtures";

/** Fast typing with line-end pauses long enough for a request to finish, and no random pauses. */
const QUICK: TypingPace = { ...DEFAULT_PACE, msPerChar: 25, jitter: 0.2, lineEndMs: 700, pauseChance: 0, moveMs: 300 };

const session = scaleSession(LIMITS_JS + "\n");

describe("bench/replay/run context arms", function () {
  this.timeout(300_000);

  it("the CLI names a wrong arm; the server modes take context too", () => {
    const replay = (...args: string[]) => spawnSync(process.execPath, [cliPath, "replay", ...args], { encoding: "utf8" });
    const bad = replay("--context", "maybe");
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--context: unknown arm "maybe"; choose from with, without/);
    const help = replay("--help").stdout;
    assert.match(help, /--context with,without[\s\S]*--context-tokens <n>/);
    assert.match(help, /the server modes send it as \/infill's input_extra/);
  });

  let engine: EadEngine;
  before(async () => {
    engine = await loadFixtureEngine();
  });
  after(async () => {
    await engine?.dispose();
  });

  it("plays the session in both arms; only the with arm's prompts carry the gathered chunks", async () => {
    const backend = () => new ServiceBackend(engine, { mode: "small", debounceMs: 150 });
    const played = await replayArms({ with: backend(), without: backend() }, ["with", "without"], [session], 1, QUICK, undefined);
    const [withContext] = played.with!;
    const [without] = played.without!;
    assert.ok(withContext.requests.length > 0 && without.requests.length > 0);
    // The block was evaluated before the first keystroke, off the keystrokes' path.
    assert.ok(withContext.warmed!.small > 0, JSON.stringify(withContext.warmed));
    assert.ok(withContext.requests.every((r) => r.contextChunks === 1), JSON.stringify(withContext.requests.map((r) => r.contextChunks)));
    assert.ok(without.requests.every((r) => r.contextChunks === 0));
    const promptsWith = Math.min(...withContext.requests.map((r) => r.promptTokens));
    const promptsWithout = Math.max(...without.requests.map((r) => r.promptTokens));
    assert.ok(promptsWith > promptsWithout + 20, `with ${promptsWith}, without ${promptsWithout}`);

    const modes = [summarizeMode("small", played.with!, "with"), summarizeMode("small", played.without!, "without")];
    const [c] = compareArms(modes);
    assert.equal(c.mode, "small");
    assert.ok(c.latencyRatio.p50 !== null && c.latencyRatio.p50 > 0);
  });
});
