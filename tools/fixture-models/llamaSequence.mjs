// What heldout.mjs and numerics.mjs share: a GGUF loaded on the CPU with one 1-thread sequence, and
// sampling options that return the full, untruncated next-token distribution.
import { getLlama } from "node-llama-cpp";

export async function openSequence(gguf) {
  const llama = await getLlama({ gpu: false, build: "never", logLevel: "error" });
  const model = await llama.loadModel({ modelPath: gguf });
  const ctx = await model.createContext({ contextSize: 1024, threads: 1, batchSize: 512 });
  const n = model.fileInfo.metadata.tokenizer.ggml.tokens.length;
  return { model, ctx, seq: ctx.getSequence(), n, sampling: { temperature: 1, topK: n, topP: 1, minP: 0 } };
}
