// Why the hover says a token went to its writer. The unit cases check the wording; the fixture-pair cases
// run the real engine and the real completion service, accept the suggestion and read the hover of the
// accepted text, as the editor does.
import assert from "node:assert/strict";
import { CompletionService } from "../../../src/completion/service";
import type { AcceptedCompletion } from "../../../src/completion/events";
import type { EadEngine } from "../../../src/engine/engine";
import type { DecodeSettings, TokenEvent } from "../../../src/engine/types";
import { hoverText } from "../../../src/ui/provenance/hoverText";
import { rangesFromAccepted } from "../../../src/ui/provenance/tracker";
import { heldBy, replacedNote } from "../../../src/ui/provenance/why";
import { loadFixtureEngine, SAMPLE_PREFIXES } from "../helpers/fixtures";

const SUFFIX = "\n}\n";
const CREDITS_A_RULE = /hysteresis|minimum stay|stability/;

describe("ui/provenance why", () => {
  it("names a stability rule only where the engine says it changed the decision", () => {
    assert.equal(heldBy({}), undefined);
    assert.match(heldBy({ heldBy: "hysteresis" })!, /threshold - hysteresis/);
    assert.match(heldBy({ heldBy: "minStay" })!, /minimum stay/);
    // The figures alone credit nothing: a large token at or below the threshold is the switch's own token.
    assert.doesNotMatch(hoverText({ model: "large", entropy: 1, rolling: 1.8, threshold: 2 }), CREDITS_A_RULE);
  });

  it("says when a token replaced one the large model rejected, and only then", () => {
    assert.equal(replacedNote(undefined), undefined);
    const note = replacedNote({ text: " foo", probability: 0.00012 })!;
    assert.match(note, /replaced " foo"/);
    assert.match(note, /1\.2e-4/);
  });
});

describe("ui/provenance why (fixture pair)", function () {
  let engine: EadEngine;
  before(async () => {
    engine = await loadFixtureEngine();
  });
  after(async () => engine?.dispose());

  const complete = async (prefix: string, settings: Partial<DecodeSettings>): Promise<TokenEvent[]> =>
    (await engine.complete({ prefix, suffix: SUFFIX, settings: { mode: "ead", window: 4, maxTokens: 32, topK: 256, firstPosition: "counted", ...settings }, ignoreStops: true }, {})).tokens;

  it("reports the rolling mean the decision used, so under stability none the hover never credits a rule", async () => {
    let switches = 0;
    for (const threshold of [4, 5, 6]) {
      for (const prefix of SAMPLE_PREFIXES) {
        const tokens = await complete(prefix, { threshold, stability: "none" });
        tokens.forEach((t, i) => {
          if (i > 0 && t.model !== tokens[i - 1].model) switches++;
          // Under "none" the writer is exactly the threshold's choice on the reported value.
          assert.equal(t.model === "large", t.rolling > threshold, `token ${i} (${t.model}) reports ${t.rolling} against ${threshold}`);
          assert.equal(t.heldBy, undefined);
          assert.doesNotMatch(hoverText({ ...t, threshold }), CREDITS_A_RULE);
        });
      }
    }
    assert.ok(switches > 0, "the runs switched models");
  });

  it("credits the first-position rule for a large first token below the threshold, and only that token", async () => {
    let credited = 0;
    for (const prefix of SAMPLE_PREFIXES) {
      const tokens = await complete(prefix, { threshold: 5, stability: "none", firstPosition: "large" });
      assert.equal(tokens[0].model, "large");
      tokens.forEach((t, i) => {
        if (i === 0) {
          assert.equal(t.heldBy, t.rolling > 5 ? undefined : "firstPosition");
          if (t.heldBy) assert.match(hoverText({ ...t, threshold: 5 }), /start of a completion is the large model's/);
        } else {
          assert.equal(t.heldBy, undefined, `token ${i}`);
          assert.equal(t.model === "large", t.rolling > 5, `token ${i} (${t.model}) reports ${t.rolling} against 5`);
        }
      });
      if (tokens[0].heldBy) credited++;
    }
    assert.ok(credited > 0, "the rule was credited at least once");
  });

  it("credits a stability rule exactly where it kept the writer against the threshold", async () => {
    let held = 0;
    for (const [stability, rule] of [["hysteresis", "hysteresis"], ["minStay", "minStay"]] as const) {
      for (const prefix of SAMPLE_PREFIXES) {
        const tokens = await complete(prefix, { threshold: 5, stability, hysteresis: 1.5, minStay: 6 });
        for (const t of tokens) {
          const byThreshold = t.rolling > 5 ? "large" : "small";
          assert.equal(t.heldBy, t.model === byThreshold ? undefined : rule);
          if (t.heldBy) held++;
        }
      }
    }
    assert.ok(held > 0, "a stability rule kept a writer at least once");
  });

  it("rollback, accept, hover: the rewritten token's hover carries the rollback note", async () => {
    const service = new CompletionService({ engine });
    const accepted: AcceptedCompletion[] = [];
    service.events.onDidAccept((a) => accepted.push(a));
    let notes = 0;
    for (const rollbackBound of [0.5, 0.9]) {
      for (const prefix of SAMPLE_PREFIXES) {
        const text = prefix + SUFFIX;
        const answer = await service.provide({
          uri: "file:///why.js",
          text,
          offset: prefix.length,
          explicit: true,
          settings: { decode: { mode: "ead", threshold: 5, window: 4, stability: "none", maxTokens: 32, rollbackBound }, multiline: "always", debounceMs: 0 },
        });
        if (!answer) continue;
        service.accepted(answer.id);
        const last = accepted[accepted.length - 1];
        assert.equal(last.text, answer.text);
        assert.ok(last.rawIndex, "the service places accepted text through its offset map");
        // The rewritten tokens that made it into the accepted text.
        const shown = last.tokens.filter((t, i) => t.replaces && last.rawIndex!.some((r) => r >= offsetOf(last.tokens, i) && r < offsetOf(last.tokens, i) + t.text.length));
        for (const range of rangesFromAccepted(last)) {
          if (range.info.replaced) {
            notes++;
            assert.match(hoverText(range.info), /replaced ".*", which the large model rejected at catch-up/);
          }
        }
        if (shown.length > 0) assert.ok(notes > 0, `the accepted text holds ${shown.length} rewritten token(s): the hover must say so`);
      }
    }
    assert.ok(notes > 0, "a rollback's rewritten token reached the accepted text at least once");
  });
});

/** Where token `i` starts in the tokens' concatenated text. */
function offsetOf(tokens: readonly TokenEvent[], i: number): number {
  return tokens.slice(0, i).reduce((n, t) => n + t.text.length, 0);
}
