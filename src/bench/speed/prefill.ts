// Prompt evaluation speed against the context's batch size (llama.cpp's n_batch; node-llama-cpp sets
// n_ubatch to the same) and the lane's chunk size (tokens per evaluation call, the unit of cancellation).
import { getCpuLlama } from "../../engine/llama";
import { LocalLane } from "../../engine/localLane";
import { round } from "../stats";

export interface PrefillOptions {
  modelPath: string;
  threads: number;
  /** Prompt to evaluate from an empty cache, in tokens of the model's vocabulary. */
  prompt: readonly number[];
  batchSizes: readonly number[];
  chunkSizes: readonly number[];
  repeats: number;
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface PrefillRow {
  batchSize: number;
  chunkSize: number;
  /** Median over repeats of the whole prompt's evaluation, per token. */
  msPerToken: number;
  msTotal: number;
}

export async function measurePrefill(o: PrefillOptions): Promise<PrefillRow[]> {
  const llama = await getCpuLlama(Math.max(2, o.threads));
  const model = await llama.loadModel({ modelPath: o.modelPath, gpuLayers: 0 });
  const pairs = o.batchSizes.flatMap((batchSize) => o.chunkSizes.filter((c) => c <= batchSize).map((chunkSize) => ({ batchSize, chunkSize })));
  const rows: PrefillRow[] = [];
  let done = 0;
  try {
    for (const batchSize of o.batchSizes) {
      const context = await model.createContext({ contextSize: Math.max(1024, o.prompt.length + 16), batchSize, threads: o.threads, sequences: 1 });
      const sequence = context.getSequence();
      try {
        for (const { chunkSize } of pairs.filter((p) => p.batchSize === batchSize)) {
          const lane = new LocalLane("large", model, context, sequence, chunkSize);
          const times: number[] = [];
          // One untimed run warms the allocations of this batch size.
          for (let r = -1; r < o.repeats; r++) {
            await lane.reset();
            const t0 = performance.now();
            await lane.advance(o.prompt, { topK: 40 });
            if (r >= 0) times.push(performance.now() - t0);
          }
          times.sort((a, b) => a - b);
          const msTotal = times[Math.floor(times.length / 2)];
          rows.push({ batchSize, chunkSize, msTotal: round(msTotal, 2), msPerToken: round(msTotal / o.prompt.length, 4) });
          o.onProgress?.(++done, pairs.length, `batch ${batchSize} chunk ${chunkSize}`);
        }
      } finally {
        await context.dispose();
      }
    }
  } finally {
    await model.dispose();
  }
  return rows;
}
