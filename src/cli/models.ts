// `ead models`: the GGUF files already on this machine (Ollama, LM Studio, the Hugging Face cache,
// llama.cpp's cache, node-llama-cpp's folder, our downloads), their header facts, and the pairs they make.
import { resolve } from "node:path";
import { buildCatalog, type Catalog } from "../engine/modelfiles/catalog";
import { MODEL_SOURCES, storeEnv, type ModelSource } from "../engine/modelfiles/discovery";
import { listArg, numberArg, UsageError } from "./args";
import { formatBytes } from "../engine/modelfiles/formatBytes";
import type { Command, FlagValues } from "./command";

export const modelsCommand: Command = {
  name: "models",
  summary: "list the GGUF model files already on this machine and the pairs they make",
  flags: {
    home: { value: "<dir>", help: "use this folder as the home folder, with no environment overrides (OLLAMA_MODELS, HF_HOME, ...)" },
    json: { help: 'print {"models":[...],"pairs":[{"small","large"}],"unpaired":[...]} instead of text' },
    downloads: { value: "<dir>", help: "the extension's download folder (default: its global storage in VS Code, VSCodium and code-server)" },
    source: { value: "<list>", help: `only these stores, comma-separated: ${MODEL_SOURCES.join(", ")}` },
    "memory-mb": { value: "<n>", help: "memory a pair may use, MiB (default: what the system calls available now)" },
  },
  notes: "Stores read: Ollama, LM Studio, the Hugging Face hub cache, llama.cpp's cache, node-llama-cpp's models folder and this extension's downloads, each at its usual place; nothing else.",
  run: runModels,
};

async function runModels(v: FlagValues): Promise<number> {
  const home = typeof v.home === "string" ? resolve(v.home) : undefined;
  const downloadsDir = typeof v.downloads === "string" ? resolve(v.downloads) : undefined;
  const sources = listArg(v, "source");
  const unknown = sources?.filter((s) => !(MODEL_SOURCES as readonly string[]).includes(s));
  if (unknown?.length) throw new UsageError(`--source: unknown store ${unknown.map((s) => `"${s}"`).join(", ")}; known: ${MODEL_SOURCES.join(", ")}`);
  const memory = v["memory-mb"] === undefined ? undefined : numberArg(v, "memory-mb", 0, { integer: true, min: 1, max: 1 << 30 }) * 2 ** 20;
  const catalog = await buildCatalog({ ...storeEnv({ home, downloadsDir }), sources: sources as ModelSource[] | undefined }, memory);
  if (v.json) {
    console.log(JSON.stringify({ models: catalog.models, pairs: catalog.pairs.map(({ small, large }) => ({ small, large })), unpaired: catalog.unpaired, unreadable: catalog.unreadable }));
  } else console.log(catalogText(catalog));
  return 0;
}

function paramsText(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(1)}B` : n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : `${Math.round(n / 1e3)}K`;
}

export function catalogText(c: Catalog): string {
  if (c.models.length === 0 && c.unreadable.length === 0) return "No GGUF model files found in the stores of Ollama, LM Studio, the Hugging Face cache, llama.cpp, node-llama-cpp or this extension.";
  const lines = [`${c.models.length} model file(s):`];
  for (const m of c.models) {
    lines.push(
      `  ${m.name} [${m.source}] ${m.family} ${paramsText(m.params)} ${m.quantization ?? "?"}, ${formatBytes(m.sizeBytes)}, context ${m.contextLength ?? "?"}, vocabulary ${m.vocabSize}, ${m.fim ? "FIM" : "no FIM"}`,
      `    ${m.path}`,
    );
  }
  const name = (path: string) => c.models.find((m) => m.path === path)?.name ?? path;
  lines.push("", c.pairs.length ? `Pairs, best first (${formatBytes(c.availableBytes)} of memory available):` : "No pair can be made from these files.");
  for (const p of c.pairs) lines.push(`  small ${name(p.small)} + large ${name(p.large)} (about ${formatBytes(p.memoryBytes)} while loaded)`);
  if (c.unpaired.length) lines.push("", "In no pair:", ...c.unpaired.map((u) => `  ${name(u.path)}: ${u.reason}`));
  if (c.unreadable.length) lines.push("", "Not readable:", ...c.unreadable.map((u) => `  ${u.path}: ${u.reason}`));
  return lines.join("\n");
}
