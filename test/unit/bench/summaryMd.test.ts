// summary.md: runs on cross-file tasks show each point's context and identifier hits (with intervals
// where the run has them); runs on other task files keep their table as it was.
import assert from "node:assert/strict";
import { FIGURES } from "../../../src/bench/intervals";
import type { BenchResults, ModeResult } from "../../../src/bench/quality";
import { summaryMarkdown } from "../../../src/bench/summaryMd";

const mode = (m: Partial<ModeResult>): ModeResult => ({
  mode: "large", threshold: null, stability: null, target: null, rollbackBound: 0, firstPosition: "counted", layout: "line", context: "with",
  rollbacks: 0, rewritten: 0, firstLarge: 1, catchUpMs: 0, window: 16, exactMatch: 0.1, editSimilarity: 0.5, largeShare: 1, paramCost: 1,
  msPerTask: { mean: 10, p50: 9, p95: 12 }, evaluated: { small: 0, large: 100 }, switches: 0, tokensPerTask: 8, ...m,
});

const results = (modes: ModeResult[], extra: Partial<BenchResults> = {}): BenchResults => ({
  tasks: 4,
  modes,
  settings: { maxTokens: 48, window: 16, topK: 8, stabilities: ["none"], hysteresis: 0.5, minStay: 2, draftTokens: 4 },
  machine: { cpus: 2, threads: 1, node: "v20" },
  ...extra,
});

const rows = (md: string) => md.split("\n").filter((l) => l.startsWith("| "));

describe("bench/summaryMd: context and identifier hits", () => {
  it("adds a context and an identifier-hit column, and says what the hit counts", () => {
    const md = summaryMarkdown(
      results([
        mode({ identifierHit: 0.75 }),
        { ...mode({ context: "without", identifierHit: 0.25, editSimilarity: 0.4 }), ci95: { ...Object.fromEntries(FIGURES.map((f) => [f, [0, 1]])), identifierHit: [0, 0.5] } } as ModeResult,
      ], { identifierTasks: 4 }),
      "node dist/cli.js bench",
    );
    const [head, large, largeWithout] = rows(md);
    assert.match(head, /^\| mode \| context \| identifier hit \| threshold \|/);
    assert.match(large, /^\| large \| with \| 0\.750 \| /);
    assert.match(largeWithout, /^\| large \| without \| 0\.250 \[0\.000, 0\.500\] \| /);
    assert.equal(head.split("|").length, large.split("|").length, "as many cells as headings");
    // Ratios are taken against large-only of the point's own context, as its intervals are.
    const percentOfLarge = (row: string) => row.split("|")[11].trim();
    assert.equal(percentOfLarge(large), "100.0 %");
    assert.match(percentOfLarge(largeWithout), /^100\.0 % \[/);
    assert.match(md, /Identifier hit: the share of the 4 tasks that name an identifier defined in another file/);
  });

  it("shows the context column alone for context tasks without identifiers, and neither for plain tasks", () => {
    const [head, row] = rows(summaryMarkdown(results([mode({})]), "c"));
    assert.match(head, /^\| mode \| context \| threshold \|/);
    assert.match(row, /^\| large \| with \| /);
    const plain = summaryMarkdown(results([mode({ context: "without" })]), "c");
    assert.match(rows(plain)[0], /^\| mode \| threshold \|/);
    assert.doesNotMatch(plain, /Identifier hit/);
  });
});
