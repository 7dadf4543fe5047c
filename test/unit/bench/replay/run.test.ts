// Both context arms of one mode on the fixture pair, session by session: the with-context arm's prompts
// carry the chunks the editor gathered, the without arm's are today's prompts. The gathered block is
// warmed as the editor warms it: only after CONTEXT_IDLE_MS without a key.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import type { ReplayCancel, ReplayQuery } from "../../../../src/bench/replay/backend";
import { playSession } from "../../../../src/bench/replay/driver";
import { compareArms, summarizeMode } from "../../../../src/bench/replay/report";
import { replayArms } from "../../../../src/bench/replay/run";
import { ServiceBackend } from "../../../../src/bench/replay/serviceBackend";
import { DEFAULT_PACE, type TypingPace } from "../../../../src/bench/replay/typing";
import type { ReplaySession } from "../../../../src/bench/replay/sessions";
import type { EadEngine } from "../../../../src/engine/engine";
import { CONTEXT_IDLE_MS } from "../../../../src/engine/promptContext/limits";
import type { PromptContext } from "../../../../src/engine/types";
import { LIMITS_JS, scaleSession } from "../../helpers/contextSamples";
import { cliPath, loadFixtureEngine } from "../../helpers/fixtures";

/** Fast typing with line-end pauses long enough for a request to finish, and no random pauses. */
const QUICK: TypingPace = { ...DEFAULT_PACE, msPerChar: 25, jitter: 0.2, lineEndMs: 700, pauseChance: 0, moveMs: 300 };

const session = scaleSession(LIMITS_JS + "\n");

/** scale.js typed in two places: the save between them changes the ring. */
function twoSteps(): ReplaySession {
  const one = scaleSession(LIMITS_JS + "\n");
  const document = one.document + "\nexport function twice(values) {\n}\n";
  return { ...one, id: "scale-twice", document, steps: [one.steps[0], { offset: document.length - 2, text: "  return scale(values);\n" }] };
}

/** The service backend on the fixture pair, noting when each keystroke's request and each warm-up started. */
class TimedBackend extends ServiceBackend {
  readonly log: { what: "provide" | "warm"; at: number }[] = [];

  override provide(query: ReplayQuery, cancel: ReplayCancel) {
    this.log.push({ what: "provide", at: performance.now() });
    return super.provide(query, cancel);
  }

  override warm(context: PromptContext) {
    this.log.push({ what: "warm", at: performance.now() });
    return super.warm(context);
  }
}

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
    // No key waited CONTEXT_IDLE_MS (QUICK's longest gap is 700 ms): nothing was warmed, the requests carried the block.
    assert.deepEqual(withContext.warmed, { small: 0, large: 0 });
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

  it("warms a changed ring only after CONTEXT_IDLE_MS without a key: not at a step change 800 ms before the next key, at a longer pause", async () => {
    const play = async (pace: TypingPace) => {
      const backend = new TimedBackend(engine, { mode: "small", debounceMs: 150 });
      const result = await playSession(twoSteps(), backend, { seed: 1, pace, context: {} });
      assert.deepEqual(result.gathered!.filter((e) => e.changed).map((e) => e.event), ["opened", "opened", "saved"]);
      return { result, log: backend.log };
    };
    // The editor's default move to a step (800 ms): the file opens and the save comes, each followed by
    // the next key before the editor is idle, so the keys' requests evaluate the block; no warm-up.
    const moving = await play({ ...QUICK, moveMs: 800 });
    assert.deepEqual(moving.log.filter((e) => e.what === "warm"), []);
    assert.deepEqual(moving.result.warmed, { small: 0, large: 0 });

    // A pause of CONTEXT_IDLE_MS or more before each step: a warm-up at each (the opening, the save), each
    // once CONTEXT_IDLE_MS had passed since the previous key (the opening request, for the first).
    const pausing = await play({ ...QUICK, moveMs: CONTEXT_IDLE_MS + 300 });
    const warms = pausing.log.flatMap((e, i) => (e.what === "warm" ? [i] : []));
    assert.equal(warms.length, 2, JSON.stringify(pausing.log));
    const stepOneKeys = twoSteps().steps[0].text.length;
    assert.deepEqual(warms, [1, 1 + 1 + stepOneKeys]);
    for (const i of warms) {
      const since = pausing.log[i].at - pausing.log[i - 1].at;
      assert.ok(since >= CONTEXT_IDLE_MS - 1, `warm-up ${since.toFixed(0)} ms after the previous key`);
    }
    assert.ok(pausing.result.requests.every((r) => r.contextChunks === 1));
  });
});
