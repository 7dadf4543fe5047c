// `ead prefill`: prompt evaluation speed for each context batch size and lane chunk size, on one model.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { progressReporter } from "../bench/progress";
import { measurePrefill } from "../bench/speed/prefill";
import { measureServerPrefill, type ServerPrefillRow } from "../bench/speed/serverPrefill";
import { readTasks } from "../bench/tasks";
import { getCpuLlama } from "../engine/llama";
import { fixturePair } from "../engine/modelfiles/fixturePair";
import { listArg, numberArg, packageRoot, serverBinaryArg, threadsArg, threadsFlag, UsageError } from "./args";
import type { Command, FlagValues } from "./command";

export const prefillCommand: Command = {
  name: "prefill",
  summary: "prompt evaluation speed for each batch size and chunk size, on one model",
  flags: {
    model: { value: "<gguf>", help: "model to time (default: the fixture pair's large model)" },
    "batch-sizes": { value: "a,b,c", help: "context batch sizes (default 64,128,256,512)" },
    "chunk-sizes": { value: "a,b,c", help: "lane chunk sizes, each at most the batch size (default 64,128,256,512)" },
    tokens: { value: "<n>", help: "prompt length in tokens, 64..4096 (default 768)" },
    threads: threadsFlag("CPU threads"),
    repeats: { value: "<n>", help: "timed repeats per point, median reported, 1..20 (default 3)" },
    "against-server": { help: "also time the same prompt in llama-server (cache off, its n_batch = n_ubatch = each batch size) and print ours against it" },
    "server-binary": { value: "<path>", help: "llama-server for --against-server (default $EAD_LLAMA_SERVER, else scripts/build-llama-server.sh builds it once)" },
    out: { value: "<dir>", help: "output folder (default bench-out)" },
  },
  notes: "Writes prefill.json to the output folder.",
  run: runPrefill,
};

function sizes(v: FlagValues, name: string): number[] {
  const list = (listArg(v, name) ?? ["64", "128", "256", "512"]).map(Number);
  for (const n of list) if (!Number.isInteger(n) || n < 1 || n > 4096) throw new UsageError(`--${name} must be whole numbers 1..4096`);
  return list;
}

async function runPrefill(v: FlagValues): Promise<number> {
  const root = packageRoot();
  const modelPath = resolve((v.model as string | undefined) ?? fixturePair(root).large);
  if (!existsSync(modelPath)) throw new UsageError(`--model: no file at ${modelPath}`);
  const tokens = numberArg(v, "tokens", 768, { integer: true, min: 64, max: 4096 });
  const threads = threadsArg(v);
  // Real code as the prompt: dev-set prefixes joined until long enough, in the model's own tokens.
  const tasks = await readTasks(join(root, "bench", "tasks", "dev.jsonl"));
  let text = "";
  for (const t of tasks) {
    if (text.length > tokens * 8) break;
    text += t.prefix;
  }
  const llama = await getCpuLlama(Math.max(2, threads));
  const tokenizer = await llama.loadModel({ modelPath, gpuLayers: 0, vocabOnly: true });
  const prompt = (tokenizer.tokenize(text, false) as number[]).slice(0, tokens);
  await tokenizer.dispose();
  if (prompt.length < tokens) throw new UsageError(`the dev set gave only ${prompt.length} tokens; ask for fewer with --tokens`);

  const batchSizes = sizes(v, "batch-sizes");
  const repeats = numberArg(v, "repeats", 3, { integer: true, min: 1, max: 20 });
  // Found before the timing starts: building it first would otherwise land in the middle of the run.
  const serverBinary = serverBinaryArg(v, root, Boolean(v["against-server"]));
  const rows = await measurePrefill({
    modelPath,
    threads,
    prompt,
    batchSizes,
    chunkSizes: sizes(v, "chunk-sizes"),
    repeats,
    onProgress: progressReporter(),
  });
  let server: ServerPrefillRow[] | undefined;
  if (v["against-server"]) {
    server = await measureServerPrefill({ binary: serverBinary!, modelPath, threads, prompt, batchSizes, repeats, onProgress: progressReporter() });
  }
  const report = { model: basename(modelPath), tokens, threads, rows, ...(server ? { server } : {}) };
  const out = resolve((v.out as string | undefined) ?? join(root, "bench-out"));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "prefill.json"), JSON.stringify(report, null, 2) + "\n");
  console.log(`${report.model}, ${tokens}-token prompt from an empty cache, ${threads} thread(s)`);
  console.log("| batch size | chunk size | ms per prompt token | ms per prompt |\n|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.batchSize} | ${r.chunkSize} | ${r.msPerToken} | ${r.msTotal} |`);
  if (server) {
    console.log("\nllama-server, same prompt and threads, cache off (its own prompt timing):");
    console.log("| batch size | server ms per prompt token | ours at chunk = batch | ours / server |\n|---|---|---|---|");
    for (const s of server) {
      const ours = rows.find((r) => r.batchSize === s.batchSize && r.chunkSize === s.batchSize);
      const ratio = ours ? (ours.msTotal / s.msTotal).toFixed(3) : "";
      console.log(`| ${s.batchSize} | ${s.msPerToken} | ${ours?.msPerToken ?? ""} | ${ratio} |`);
    }
  }
  console.log(`wrote ${join(out, "prefill.json")}`);
  return 0;
}
