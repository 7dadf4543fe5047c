// A new pair's entropy scale, measured on real engines: the Qwen-layout pair (random weights, entropies
// far above the fixture pair's) and the fixture pair. Starting the budget from the measured scale puts
// the first completions near the target share; the fixture pair's calibration does not travel.
import * as assert from "node:assert/strict";
import { BudgetController, emptyBudgetState } from "../../../../src/engine/budget/controller";
import { measurePairScale, SCALE_PROMPTS, SCALE_TOKENS } from "../../../../src/engine/budget/pairScale";
import { EadEngine } from "../../../../src/engine/engine";
import { fixtures } from "../../helpers/fixtures";
import { qwenTestPair } from "../../helpers/realPair";

const TARGET = 0.3;
/** The fixture pair's starting threshold (bits): what a new pair runs at until it has its own history. */
const FIXTURE_THRESHOLD = 5.4;
/** Prompts other than the measurement's. */
const HELD_OUT = [
  "const express = require('express');\nconst app = express();\n\napp.get('/', (req, res) => {\n  ",
  "def fibonacci(n):\n    if n < 2:\n        return n\n    ",
  "public class Point {\n  private final int x;\n  private final int y;\n\n  public Point(int x, int y) {\n    ",
  "fn main() {\n    let args: Vec<String> = std::env::args().collect();\n    ",
];

async function largeShare(engine: EadEngine, threshold: number): Promise<number> {
  let large = 0;
  let all = 0;
  for (const prefix of HELD_OUT) {
    const r = await engine.complete({ prefix, suffix: "\n", settings: { mode: "ead", threshold, window: 16, topK: 256, maxTokens: 24, stability: "none" }, ignoreStops: true });
    large += r.stats.largeTokens;
    all += r.stats.smallTokens + r.stats.largeTokens;
  }
  return large / all;
}

async function scaleOf(paths: { small: string; large: string }) {
  const engine = await EadEngine.load({ smallModelPath: paths.small, largeModelPath: paths.large, threads: 1, contextSize: 1024, batchSize: 64 });
  try {
    const samples = await measurePairScale((request) => engine.complete(request), { window: 16, topK: 256 });
    const threshold = new BudgetController(TARGET, { ...emptyBudgetState(), samples }).threshold(FIXTURE_THRESHOLD);
    return { samples, threshold, seeded: await largeShare(engine, threshold), fixed: await largeShare(engine, FIXTURE_THRESHOLD) };
  } finally {
    await engine.dispose();
  }
}

describe("engine/budget/pairScale: a new pair's entropy scale", function () {
  this.timeout(300_000);

  it("the Qwen-layout pair: the budget starts from its own entropy scale, far from the fixture's threshold", async () => {
    const r = await scaleOf(qwenTestPair());
    console.log(`      qwen layout: ${r.samples.length} samples, threshold ${r.threshold.toFixed(2)} bits, large share ${r.seeded.toFixed(2)} (fixture threshold: ${r.fixed.toFixed(2)})`);
    assert.equal(r.samples.length, SCALE_PROMPTS.length * SCALE_TOKENS);
    assert.ok(Math.abs(r.threshold - FIXTURE_THRESHOLD) > 1, `threshold ${r.threshold}`);
    // The threshold is read off the pair's own rolling entropies: the target share of them lies above it.
    const above = r.samples.filter((v) => v > r.threshold).length / r.samples.length;
    assert.ok(Math.abs(above - TARGET) <= 0.1, `${above} of the measured entropies above the threshold`);
    // The fixture's threshold sends every token of this pair to the large model.
    assert.equal(r.fixed, 1);
    // On held-out prompts both models write. The rolling entropies of random weights lie within tenths of
    // a bit of each other, so the share is steep in the threshold (the seeded pair: 0.63 at the measured
    // threshold, 1.00 at 0.1 bit below it, 0.03 at 0.1 bit above); the band holds for shifts of 0.05 bit,
    // well beyond the rounding of one CPU against another. The weights are seeded: the same on every run.
    assert.ok(r.seeded > 0.05 && r.seeded < 0.95, `held-out large share ${r.seeded}`);
  });

  it("the fixture pair: its measured scale lands near its bundled calibration", async () => {
    const r = await scaleOf(fixtures);
    console.log(`      fixture: threshold ${r.threshold.toFixed(2)} bits, large share ${r.seeded.toFixed(2)} (bundled threshold ${FIXTURE_THRESHOLD}: ${r.fixed.toFixed(2)})`);
    assert.ok(Math.abs(r.threshold - FIXTURE_THRESHOLD) < 1, `threshold ${r.threshold}`);
    assert.ok(r.seeded > 0.05 && r.seeded < 0.7, `seeded share ${r.seeded}`);
  });
});
