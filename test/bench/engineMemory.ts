// Memory of engine processes, for the shared-engine decision (README "Memory: one engine per window").
// Loads a pair in N separate engine processes, as N windows would, and prints each process's resident
// memory split into private (anonymous) pages and file pages: mapped model weights are file pages,
// which processes mapping the same files share in the page cache.
//
//   node out/test/bench/engineMemory.js [--windows 2] [--shapes 0.5b,1.5b] [--cache .cache/speed-models]
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ensureShapeModel, SHAPES, tokenizerFrom } from "../../src/bench/speed/shapes";
import { loadLlamaModule } from "../../src/engine/llama";
import { EngineClient } from "../../src/host/engineClient";
import { fixturePair } from "../../src/engine/modelfiles/fixturePair";

interface Rss {
  total: number;
  anon: number;
  file: number;
}

function rssOf(pid: number): Rss {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
  return { total: kb("VmRSS"), anon: kb("RssAnon"), file: kb("RssFile") };
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const show = (r: Rss) => `RSS ${mib(r.total)} (private ${mib(r.anon)}, file-backed ${mib(r.file)})`;

async function emptyEngineProcess(hostScript: string): Promise<Rss> {
  const child = fork(hostScript, [], { serialization: "advanced", stdio: ["ignore", "ignore", "ignore", "ipc"] });
  await new Promise<void>((done) => child.on("message", (m: { type: string }) => m.type === "ready" && done()));
  await new Promise((r) => setTimeout(r, 300));
  const rss = rssOf(child.pid!);
  child.kill();
  return rss;
}

async function measurePair(label: string, small: string, large: string, windows: number, hostScript: string): Promise<void> {
  const clients: EngineClient[] = [];
  try {
    for (let w = 0; w < windows; w++) {
      const client = new EngineClient({ hostScript });
      clients.push(client);
      const t0 = Date.now();
      await client.load({ smallModelPath: small, largeModelPath: large, threads: 1, contextSize: 4096, batchSize: 128 });
      const loadMs = Date.now() - t0;
      await client.complete({ prefix: "function add(a, b) {\n  return ", settings: { mode: "speculative", maxTokens: 16 } });
      console.log(`${label}, window ${w + 1}: loaded in ${loadMs} ms; after one completion ${show(rssOf(client.pid!))}`);
    }
    const all = clients.map((c) => rssOf(c.pid!));
    const sum = (k: keyof Rss) => all.reduce((s, r) => s + r[k], 0);
    console.log(
      `${label}, ${windows} engine processes: summed RSS ${mib(sum("total"))}; private ${mib(sum("anon"))}; ` +
        `file-backed ${mib(sum("file"))} (the same mapped files, counted once in memory: about ${mib(Math.max(...all.map((r) => r.file)))})`,
    );
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { windows: { type: "string", default: "2" }, shapes: { type: "string" }, cache: { type: "string" } } });
  const root = process.cwd();
  const hostScript = join(root, "dist", "engine-host.js");
  const windows = Number(values.windows);
  console.log(`engine process before any load: ${show(await emptyEngineProcess(hostScript))}`);
  const fixtures = fixturePair(root);
  await measurePair("fixture pair (1M + 11M)", fixtures.small, fixtures.large, windows, hostScript);
  if (values.shapes) {
    const [s, l] = values.shapes.split(",");
    const cache = resolve(values.cache ?? join(root, ".cache", "speed-models"));
    const lib = await loadLlamaModule();
    const t0 = Date.now();
    const small = ensureShapeModel(cache, SHAPES[s], await tokenizerFrom(lib, fixtures.small, SHAPES[s].vocab));
    const large = ensureShapeModel(cache, SHAPES[l], await tokenizerFrom(lib, fixtures.small, SHAPES[l].vocab));
    console.log(`random-weight ${s} + ${l} Q8_0 ready in ${Date.now() - t0} ms (${cache})`);
    await measurePair(`${s} + ${l} shapes (Q8_0)`, small, large, windows, hostScript);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
