// Loads test/fixtures/models/{small,large}.gguf in node-llama-cpp, checks that the vocabularies are
// identical, tokenises a FIM prompt and prints a short greedy infill from each model.
import { getLlama, LlamaCompletion } from "node-llama-cpp";
import path from "node:path";

const dir = path.join(process.cwd(), "test/fixtures/models");
const llama = await getLlama({ gpu: false, build: "never", logLevel: "error" });
const models = {};
for (const name of ["small", "large"]) models[name] = await llama.loadModel({ modelPath: path.join(dir, name + ".gguf") });
const a = models.small.tokens, b = models.large.tokens;
const n = models.small.fileInsights.tensorInfo ? undefined : undefined;
const size = (m) => m.fileInfo.metadata.tokenizer.ggml.tokens.length;
if (size(models.small) !== size(models.large)) throw new Error("vocab size differs");
for (let i = 0; i < size(models.small); i++) {
  if (models.small.detokenize([i], true) !== models.large.detokenize([i], true)) throw new Error("token " + i + " differs");
}
console.log("vocab identical:", size(models.small), "tokens; fim:", a.infill.prefix, a.infill.suffix, a.infill.middle, "eos", a.eos);
for (const name of ["small", "large"]) {
  const ctx = await models[name].createContext({ contextSize: 1024, threads: 1, batchSize: 128 });
  const c = new LlamaCompletion({ contextSequence: ctx.getSequence() });
  const t0 = Date.now();
  const out = await c.generateInfillCompletion("function add(a, b) {\n  ", "\n}\n", { maxTokens: 24, temperature: 0, repeatPenalty: false });
  console.log(name, JSON.stringify(out), Date.now() - t0, "ms");
  await ctx.dispose();
}
