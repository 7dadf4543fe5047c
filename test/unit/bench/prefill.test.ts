// The prefill measurement: every batch/chunk pair it is asked for (chunks never above the batch), timed on
// the fixture large model's real evaluation; and the same cold prompt in a real llama-server, its peer.
import assert from "node:assert/strict";
import { locateLlamaServer } from "../../../src/bench/llamaServer/locate";
import { measurePrefill } from "../../../src/bench/speed/prefill";
import { measureServerPrefill } from "../../../src/bench/speed/serverPrefill";
import { fixtures, repoRoot } from "../helpers/fixtures";

describe("bench/prefill (fixture large model)", function () {
  it("times each batch size with each chunk size that fits in it", async () => {
    const prompt = Array.from({ length: 200 }, (_, i) => 100 + (i % 50));
    const rows = await measurePrefill({ modelPath: fixtures.large, threads: 1, prompt, batchSizes: [64, 128], chunkSizes: [32, 128], repeats: 1 });
    assert.deepEqual(rows.map((r) => [r.batchSize, r.chunkSize]), [[64, 32], [128, 32], [128, 128]]);
    for (const r of rows) {
      assert.ok(r.msTotal > 0 && r.msPerToken > 0, JSON.stringify(r));
      assert.ok(Math.abs(r.msPerToken * prompt.length - r.msTotal) < 0.05 * r.msTotal + 0.1, JSON.stringify(r));
    }
  });
});

describe("bench/prefill against llama-server (fixture large model)", function () {
  this.timeout(600_000);
  it("times the whole prompt in a real llama-server for each batch size, with its cache off", async () => {
    const prompt = Array.from({ length: 150 }, (_, i) => 100 + (i % 50));
    const labels: string[] = [];
    const rows = await measureServerPrefill({
      binary: locateLlamaServer(repoRoot),
      modelPath: fixtures.large,
      threads: 1,
      prompt,
      batchSizes: [32, 128],
      repeats: 2,
      onProgress: (_done, _total, label) => labels.push(label),
    });
    assert.deepEqual(rows.map((r) => r.batchSize), [32, 128]);
    assert.deepEqual(labels, ["llama-server batch 32", "llama-server batch 128"]);
    // Each repeat is checked to have evaluated all 150 tokens (a cached prompt would throw).
    for (const r of rows) {
      assert.ok(r.msTotal > 0 && r.msPerToken > 0, JSON.stringify(r));
      assert.ok(Math.abs(r.msPerToken * prompt.length - r.msTotal) < 0.05 * r.msTotal + 0.1, JSON.stringify(r));
    }
  });
});
