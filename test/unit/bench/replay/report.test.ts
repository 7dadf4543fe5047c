// The replay report's context arms: each mode compared with itself with and without context (median
// re-evaluation per typed character, keystroke-to-ghost-text ratios at p50 and p90), in replay.json's
// figures and in the summary's lines; and the arms' names and the order sessions play them in.
import assert from "node:assert/strict";
import { armLabel, armOrder } from "../../../../src/bench/replay/contextArms";
import type { RequestRecord, SessionResult } from "../../../../src/bench/replay/driver";
import { compareArms, replayMarkdown, summarizeMode, type ReplayReport } from "../../../../src/bench/replay/report";

/** A session whose requests each re-evaluated `evaluated` small-model tokens after one typed character and showed after `latency` ms. */
function played(evaluated: number[], latency: number[], contextChunks?: number): SessionResult {
  const requests = evaluated.map(
    (small, k): RequestRecord => ({
      session: "s",
      kind: "test",
      keystroke: k,
      charsSincePrevious: 1,
      startedAt: 0,
      firstTokenAt: 5,
      endedAt: 10,
      outcome: "completed",
      promptTokens: 100,
      suffixChars: 10,
      promptEvaluated: { small, large: 0 },
      tokens: 3,
      latencyMs: latency[k],
      ...(contextChunks === undefined ? {} : { contextChunks }),
    }),
  );
  return { session: "s", requests, charsTyped: requests.length, matchedChars: 0, answers: { engine: requests.length } };
}

function report(modes: ReplayReport["modes"], contexts: ReplayReport["contexts"]): ReplayReport {
  return { pair: { small: "s", large: "l" }, threads: 1, seed: 1, sessions: [{ id: "s", kind: "test", chars: 5 }], pace: { msPerChar: 70, lineEndMs: 500 }, debounceMs: 150, contexts, modes, contextComparison: compareArms(modes) };
}

describe("bench/replay/report context arms", () => {
  it("compares each mode with itself: re-evaluation per typed char with context, latency with / without at p50 and p90", () => {
    // Latencies 100..500 without, 110..550 with (1.1x everywhere); re-evaluated 2,3,4,5,6 with, 1,1,2,2,2 without.
    const without = summarizeMode("ead", [played([1, 1, 2, 2, 2], [100, 200, 300, 400, 500])], "without");
    const withContext = summarizeMode("ead", [played([2, 3, 4, 5, 6], [110, 220, 330, 440, 550], 4)], "with");
    assert.equal(withContext.context, "with");
    assert.equal(withContext.contextChunks, 4);
    assert.equal(without.contextChunks, undefined);
    assert.deepEqual(withContext.warmedTokens, { small: 0, large: 0 });
    assert.deepEqual(without.latencyMs, { p50: 300, p90: 460, p95: 480 });

    const [c, ...rest] = compareArms([without, withContext]);
    assert.equal(rest.length, 0);
    assert.equal(c.mode, "ead");
    assert.deepEqual(c.reevaluatedPerCharWith, { small: 4, large: 0 });
    assert.deepEqual(c.reevaluatedPerCharWithout, { small: 2, large: 0 });
    assert.deepEqual(c.latencyRatio, { p50: 1.1, p90: 1.1 });

    const md = replayMarkdown(report([withContext, without], ["with", "without"]), "node dist/cli.js replay --context with,without");
    assert.match(md, /\| mode \| context \(chunks\) \| requests/);
    assert.match(md, /\| ead \| with \(4\) \| 5 \(0\) \|/);
    assert.match(md, /\| ead \| without \| 5 \(0\) \|/);
    assert.match(md, /With context against without, same run/);
    assert.match(md, /\| ead \| 4 \/ 0 \| 2 \/ 0 \| 1\.10x \| 1\.10x \|/);
  });

  it("gives no ratio where the without arm showed nothing, and no comparison for a mode played in one arm", () => {
    const noneShown = played([1], [0]);
    delete noneShown.requests[0].latencyMs;
    const without = summarizeMode("small", [noneShown], "without");
    const withContext = summarizeMode("small", [played([3], [120], 2)], "with");
    assert.deepEqual(compareArms([without, withContext])[0].latencyRatio, { p50: null, p90: null });
    assert.match(replayMarkdown(report([withContext, without], ["with", "without"]), "c"), /n\/a \(nothing shown without context\)/);

    const large = summarizeMode("large", [played([1], [100])], "without");
    assert.deepEqual(compareArms([large, withContext]), []);
    // A run without context reads as it always has: no context column, no comparison.
    const md = replayMarkdown(report([large], ["without"]), "c");
    assert.doesNotMatch(md, /context/);
    assert.match(md, /\| large \| 1 \(0\) \| 1 \|/);
  });

  it("names results per arm only when both play, and alternates which arm a session plays first", () => {
    assert.equal(armLabel("ead", "with", ["with"]), "ead");
    assert.equal(armLabel("ead", "with", ["with", "without"]), "ead-with");
    assert.deepEqual(armOrder(["with", "without"], 0), ["with", "without"]);
    assert.deepEqual(armOrder(["with", "without"], 1), ["without", "with"]);
    assert.deepEqual(armOrder(["without"], 1), ["without"]);
  });
});
