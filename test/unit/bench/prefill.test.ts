// The prefill measurement: every batch/chunk pair it is asked for (chunks never above the batch), timed on
// the fixture large model's real evaluation.
import assert from "node:assert/strict";
import { measurePrefill } from "../../../src/bench/speed/prefill";
import { fixtures } from "../helpers/fixtures";

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
