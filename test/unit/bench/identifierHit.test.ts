// Identifier hits: the shown completion starts with the name in full; the share over the tasks that
// name one; through scoring as bench scores; and its bootstrap interval beside the other shares.
import assert from "node:assert/strict";
import { identifierHitShare, startsWithIdentifier } from "../../../src/bench/identifierHit";
import { FidelityStatistics } from "../../../src/bench/intervals";
import type { BenchConfig } from "../../../src/bench/quality";
import { scoreCompletion } from "../../../src/bench/scoring";
import type { TaskOutput } from "../../../src/bench/taskOutput";

const out = (text: string, identifierHit?: boolean): TaskOutput => ({
  text, rawText: text, largeShare: 0, tokens: 4, largeTokens: 0, firstLarge: false, exact: false, similarity: 0.5,
  ...(identifierHit !== undefined ? { identifierHit } : {}),
});

describe("bench/identifierHit", () => {
  it("hits on the name in full at the start, not on a longer name or the name later on", () => {
    assert.equal(startsWithIdentifier("isString(value)) {", "isString"), true);
    assert.equal(startsWithIdentifier("isString", "isString"), true);
    assert.equal(startsWithIdentifier("isStringOrNumber(value)", "isString"), false);
    assert.equal(startsWithIdentifier("isString_(v)", "isString"), false);
    assert.equal(startsWithIdentifier("$el$x", "$el"), false);
    assert.equal(startsWithIdentifier("$el.x", "$el"), true);
    assert.equal(startsWithIdentifier(" isString(v)", "isString"), false, "the prefix already ends where the name starts");
    assert.equal(startsWithIdentifier("utils.isString(v)", "isString"), false);
    assert.equal(startsWithIdentifier("", "isString"), false);
  });

  it("shares hits over the tasks that name an identifier, and is undefined where none does", () => {
    const outputs = [out("a", true), out("b"), out("c", false), out("d", true)];
    assert.equal(identifierHitShare(outputs, [0, 1, 2, 3]), 2 / 3);
    assert.equal(identifierHitShare(outputs, [0, 0, 2]), 2 / 3, "a resample counts a task as often as it is drawn");
    assert.ok(Number.isNaN(identifierHitShare(outputs, [1, 1])));
  });

  it("scores the text the editor would show: a line task's first line", () => {
    const task = { id: "t", prefix: "  if (!utils.", suffix: "\n  }\n", reference: "isString(v)) {", kind: "line", identifier: "isString" };
    assert.equal(scoreCompletion("isString(v)) {\n    return;", task).identifierHit, true);
    assert.equal(scoreCompletion("isNumber(v)) {", task).identifierHit, false);
    const { identifier: _, ...plain } = task;
    assert.equal(scoreCompletion("isString(v)) {", plain).identifierHit, undefined, "tasks without an identifier give no hit");
  });

  it("gets a paired-bootstrap interval where tasks name identifiers, and a difference between points", () => {
    const small: BenchConfig = { mode: "small", threshold: null, stability: null };
    const large: BenchConfig = { mode: "large", threshold: null, stability: null };
    const smallWithout: BenchConfig = { ...small, context: "without" };
    const largeWithout: BenchConfig = { ...large, context: "without" };
    const configs = [small, large, smallWithout, largeWithout];
    // Four tasks, the third names no identifier. With context large hits 3 of 3, without 1 of 3.
    const runs = new Map<BenchConfig, TaskOutput[][]>([
      [large, [[out("a", true), out("b", true), out("c"), out("d", true)]]],
      [small, [[out("a", true), out("x", false), out("c"), out("x", false)]]],
      [largeWithout, [[out("a", true), out("x", false), out("c"), out("x", false)]]],
      [smallWithout, [[out("x", false), out("x", false), out("c"), out("x", false)]]],
    ]);
    const stats = new FidelityStatistics(configs, (c) => runs.get(c) ?? [], 4, { resamples: 1000, seed: 1 });
    assert.equal(stats.namesIdentifiers(), true);
    assert.equal(stats.statistic(1, "identifierHit")(stats.all), 1);
    assert.equal(stats.statistic(3, "identifierHit")(stats.all), 1 / 3);
    const [lo, hi] = stats.figures(3)!.ci95.identifierHit!;
    assert.ok(lo >= 0 && lo <= 1 / 3 && hi >= 1 / 3 && hi <= 1 && lo < hi, `[${lo}, ${hi}]`);
    assert.deepEqual(stats.figures(1)!.ci95.identifierHit, [1, 1]);
    const d = stats.difference(1, 3, "identifierHit");
    assert.equal(d.estimate, 0.6667);
    // A point without context is compared with large-only without context: agreement 1 with itself.
    assert.deepEqual(stats.figures(3)!.agreement, { exact: 1, firstLine: 1, editSimilarity: 1 });
    const none = new FidelityStatistics(configs, (c) => (runs.get(c) ?? []).map((r) => r.map((o) => out(o.text))), 4);
    assert.equal(none.namesIdentifiers(), false);
    assert.equal(none.figures(1)!.ci95.identifierHit, undefined, "old task files get no identifier interval");
  });
});
