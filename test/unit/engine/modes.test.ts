// Consistency of the four decoding modes on the real fixture pair.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { EadEngine } from "../../../src/engine/engine";
import { LocalLane } from "../../../src/engine/localLane";
import { healNext } from "../../../src/engine/tokenHealing";
import type { DecodeSettings } from "../../../src/engine/types";
import { loadFixtureEngine, SAMPLE_PREFIXES } from "../helpers/fixtures";

const MAX_TOKENS = 24;

describe("engine/modes (fixture pair)", function () {
  let engine: EadEngine;
  const suffix = "\n}\n";

  before(async () => {
    engine = await loadFixtureEngine();
  });
  after(async () => engine?.dispose());

  const complete = (prefix: string, settings: Partial<DecodeSettings>) =>
    engine.complete({ prefix, suffix, settings: { maxTokens: MAX_TOKENS, ...settings } });

  it("generates tokens in every mode", async () => {
    for (const mode of ["small", "large", "ead", "speculative"] as const) {
      const r = await complete(SAMPLE_PREFIXES[0], { mode });
      assert.ok(r.tokens.length > 0, `${mode} produced no tokens`);
      assert.equal(r.tokens.map((t) => t.text).join(""), r.text);
    }
  });

  it("a stop signal ends the completion normally right after the token that raised it, with its stats", async () => {
    for (const mode of ["small", "large", "ead", "speculative"] as const) {
      const stop = new AbortController();
      let seen = 0;
      const r = await engine.complete(
        { prefix: SAMPLE_PREFIXES[1], suffix, settings: { mode, maxTokens: 40, threshold: 5 }, ignoreStops: true },
        { stop: stop.signal, onToken: () => ++seen === 3 && stop.abort() },
      );
      assert.equal(r.stats.stopReason, "stopped", mode);
      assert.equal(r.tokens.length, 3, mode);
      assert.equal(r.stats.smallTokens + r.stats.largeTokens, 3, mode);
      assert.ok(r.stats.evaluated.small + r.stats.evaluated.large >= 3, `${mode}: evaluated counts kept`);
      assert.ok(r.stats.ms.total > 0, mode);
    }
  });

  for (const [i, prefix] of SAMPLE_PREFIXES.entries()) {
    it(`prompt ${i}: ead at +infinity is exactly small; at -infinity exactly large; speculative exactly large`, async () => {
      const small = await complete(prefix, { mode: "small" });
      const large = await complete(prefix, { mode: "large" });
      const eadSmall = await complete(prefix, { mode: "ead", threshold: Infinity, firstPosition: "counted" });
      const eadLarge = await complete(prefix, { mode: "ead", threshold: -Infinity });
      const spec = await complete(prefix, { mode: "speculative", draftTokens: 4 });

      assert.equal(eadSmall.text, small.text);
      assert.equal(eadSmall.stats.largeTokens, 0);
      assert.equal(eadSmall.stats.evaluated.large, 0, "the large model must not run when it can never write");
      assert.equal(eadLarge.text, large.text);
      assert.equal(eadLarge.stats.smallTokens, 0);
      // At its default first position the large model writes the first word by the rule, then the window
      // hands it the word's end, whose distribution it computed already: each position evaluated once.
      const beyondPrompt = (r: typeof large) => r.stats.evaluated.large - (r.stats.promptEvaluated?.large ?? 0);
      assert.equal(beyondPrompt(eadLarge), beyondPrompt(large), "the large model evaluates no position twice");
      assert.equal(spec.text, large.text);
      assert.ok(spec.stats.drafted >= spec.stats.accepted);
    });
  }

  it("first position large: the large model writes large-only's first token, the small model goes on", async () => {
    for (const prefix of SAMPLE_PREFIXES) {
      const large = await complete(prefix, { mode: "large" });
      const r = await complete(prefix, { mode: "ead", threshold: Infinity, firstPosition: "large" });
      assert.ok(r.tokens.length > 1, JSON.stringify(r.text));
      assert.equal(r.tokens[0].model, "large");
      assert.equal(r.tokens[0].id, large.tokens[0].id, "the first token is the large model's greedy choice");
      assert.deepEqual(new Set(r.tokens.slice(1).map((t) => t.model)), new Set(["small"]), "at +infinity the small model writes the rest");
      assert.equal(r.stats.largeTokens, 1);
      assert.equal(r.stats.switches, 0, "the first token is the rule's, not a switch");
      // At -infinity the large model writes everything, as large-only does.
      const all = await complete(prefix, { mode: "ead", threshold: -Infinity, firstPosition: "large" });
      assert.equal(all.text, large.text);
    }
  });

  it("first position largeWord: the large model writes large-only's first word, the small model goes on", async () => {
    const wordChar = /[\p{L}\p{N}_$]/u;
    let longest = 0;
    for (const prefix of [...SAMPLE_PREFIXES, "const orders = [];\nconst total = ord"]) {
      const large = await complete(prefix, { mode: "large" });
      const r = await complete(prefix, { mode: "ead", threshold: Infinity, firstPosition: "largeWord" });
      let n = 0;
      while (n < r.tokens.length && r.tokens[n].model === "large") n++;
      assert.ok(n >= 1, "the first token is the large model's");
      longest = Math.max(longest, n);
      assert.deepEqual(r.tokens.slice(0, n).map((t) => t.id), large.tokens.slice(0, n).map((t) => t.id), "the word is large-only's");
      assert.ok(r.tokens.slice(n).every((t) => t.model === "small"), "at +infinity the small model writes the rest");
      assert.ok(r.tokens.slice(0, n).every((t) => t.heldBy === "firstPosition"), "the rule, not the threshold, chose the word's writer");
      for (let i = 1; i < n; i++) {
        const text = engine.detokenize([r.tokens[i].id]);
        assert.ok(wordChar.test(text[0]) && wordChar.test(engine.detokenize([r.tokens[i - 1].id]).at(-1)!), `token ${i} continues the word`);
      }
      // The word ended where large-only's next token no longer continues it (or the completion ended).
      if (n < r.tokens.length && n < large.tokens.length) {
        const before = engine.detokenize([large.tokens[n - 1].id]).at(-1) ?? "";
        const after = engine.detokenize([large.tokens[n].id])[0] ?? "";
        assert.ok(n === 8 || !wordChar.test(before) || !wordChar.test(after), `the word went on at token ${n}: ${JSON.stringify(before + after)}`);
      }
      assert.equal(r.stats.largeTokens, n);
      assert.equal(r.stats.switches, 0, "the word is the rule's, not a switch");
    }
    assert.ok(longest > 1, "some first word took more than one token");
  });

  it("first position largeWord: a first token that only spells the healed text again does not end the word", async () => {
    // A dev task whose prompt ends in `.`: healed, the large model writes the `.` again alone, then the name.
    const task = JSON.parse(readFileSync("bench/tasks/dev.jsonl", "utf8").split("\n").find((l) => l.includes('"moment-line-18"'))!);
    const healing = await loadFixtureEngine({ tokenHealing: "on" });
    try {
      const run = (settings: Partial<DecodeSettings>) =>
        healing.complete({ prefix: task.prefix, suffix: task.suffix, settings: { maxTokens: MAX_TOKENS, ...settings } });
      const large = await run({ mode: "large" });
      assert.equal(large.tokens[0].text, "", "the case under test: large-only's first token shows nothing");
      assert.match(large.tokens[1].text, /^\w/, "and its next token begins a word");
      const r = await run({ mode: "ead", threshold: Infinity, firstPosition: "largeWord" });
      let n = 0;
      while (n < r.tokens.length && r.tokens[n].model === "large") n++;
      assert.ok(n >= 2, `the word after the healed text is the large model's too (${n} token(s))`);
      assert.deepEqual(r.tokens.slice(0, n).map((t) => t.id), large.tokens.slice(0, n).map((t) => t.id));
      assert.ok(r.tokens.slice(0, n).every((t) => t.heldBy === "firstPosition"));
    } finally {
      await healing.dispose();
    }
  });

  it("re-scoring an ead output on a fresh large context agrees with every token the large lane chose", async () => {
    let checked = 0;
    for (const prefix of SAMPLE_PREFIXES) {
      const result = await complete(prefix, { mode: "ead", threshold: 1.5, window: 3, stability: "none" });
      const { prompt, healing } = engine.completionPrompt(prefix, suffix);
      const model = engine.models.large!;
      const context = await model.createContext({ contextSize: 2048, batchSize: 128, threads: 1 });
      try {
        const fresh = new LocalLane("large", model, context, context.getSequence(), 128);
        const outputIds = result.tokens.map((t) => t.id);
        const scored = await fresh.advance([...prompt, ...outputIds], { outputsFrom: prompt.length - 1, topK: 256 });
        // The first token is chosen among those that start with the healed text (tokenHealing.ts).
        if (healing) scored.next[0] = healNext(scored.next[0], healing, (t) => engine.detokenize([t]), (t) => engine.isStop(t));
        result.tokens.forEach((t, k) => {
          if (t.model !== "large") return;
          assert.equal(scored.next[k].token, outputIds[k], `large-lane token ${k} of prompt ${JSON.stringify(prefix.slice(0, 20))}`);
          checked++;
        });
      } finally {
        await context.dispose();
      }
    }
    assert.ok(checked > 0, "no token was written by the large lane at threshold 1.5; the test checked nothing");
  });
});
