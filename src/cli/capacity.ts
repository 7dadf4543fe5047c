// `ead capacity`: N simulated developers replaying editing sessions against one llama-server (small
// models local), EAD against large-only: server work per completion, busy time, latencies.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { capacityMarkdown, runCapacity, type CapacityMode } from "../bench/remote/capacity";
import { readSessions } from "../bench/replay/sessions";
import { DEFAULT_PACE } from "../bench/replay/typing";
import { listArg, modelPaths, numberArg, packageRoot, serverBinaryArg, threadsArg, threadsFlag, UsageError } from "./args";
import type { Command, FlagValues } from "./command";


export const capacityCommand: Command = {
  name: "capacity",
  summary: "N simulated developers against one llama-server (small models local), EAD against large-only: server tokens per completion, server busy time, keystroke-to-ghost-text",
  flags: {
    developers: { value: "<n,...>", help: "developer counts (default 1,2,4,8)" },
    modes: { value: "ead,large", help: "modes (default both)" },
    tasks: { value: "<jsonl>", help: "editing sessions (default bench/replay/sessions.jsonl)" },
    sessions: { value: "<n>", help: "sessions each developer plays (default 1)" },
    threshold: { value: "<bits>", help: "EAD threshold (default the engine's)" },
    "max-tokens": { value: "<n>", help: "longest completion in tokens (default 64)" },
    "server-threads": threadsFlag("threads of the server"),
    "server-binary": { value: "<path>", help: "llama-server to start (default: scripts/build-llama-server.sh's build)" },
    small: { value: "<gguf>", help: "small model file (default: the bundled fixture pair)" },
    large: { value: "<gguf>", help: "large model file the server serves (default: the bundled fixture pair)" },
    seed: { value: "<n>", help: "typing schedule seed (default 1)" },
    debounce: { value: "<ms>", help: "the service's debounce (default 150)" },
    out: { value: "<dir>", help: "writes capacity.json and capacity.md (default bench-out/capacity)" },
  },
  run: runCapacityCommand,
};

async function runCapacityCommand(v: FlagValues, argv: readonly string[]): Promise<number> {
  const root = packageRoot();
  const { small, large } = modelPaths(v);
  const developers = (listArg(v, "developers") ?? ["1", "2", "4", "8"]).map((d) => {
    const n = Number(d);
    if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--developers must list whole numbers from 1 to 64, got "${d}"`);
    return n;
  });
  const modes = (listArg(v, "modes") ?? ["ead", "large"]) as CapacityMode[];
  for (const m of modes) if (m !== "ead" && m !== "large") throw new UsageError(`--modes takes ead and large, got "${m}"`);
  let sessions;
  try {
    sessions = await readSessions((v.tasks as string | undefined) ?? join(root, "bench", "replay", "sessions.jsonl"));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const maxTokens = numberArg(v, "max-tokens", 64, { integer: true, min: 1, max: 512 });
  const threshold = v.threshold === undefined ? undefined : numberArg(v, "threshold", 2, { min: 0, max: 16 });
  const serverThreads = threadsArg(v, "server-threads");
  const points = await runCapacity({
    binary: serverBinaryArg(v, root)!,
    small,
    large,
    serverThreads,
    sessions,
    sessionsPerDeveloper: numberArg(v, "sessions", 1, { integer: true, min: 1, max: 1000 }),
    developers,
    modes,
    seed: numberArg(v, "seed", 1, { integer: true, min: 0, max: 2 ** 31 - 1 }),
    pace: DEFAULT_PACE,
    debounceMs: numberArg(v, "debounce", 150, { integer: true, min: 0, max: 2000 }),
    decode: { maxTokens, ...(threshold === undefined ? {} : { threshold }) },
    onProgress: (label) => console.error(`capacity: ${label}`),
  });
  const out = resolve((v.out as string | undefined) ?? join(root, "bench-out", "capacity"));
  mkdirSync(out, { recursive: true });
  const command = `node dist/cli.js capacity ${argv.join(" ")}`.trim();
  const caption = `Server: llama-server with ${serverThreads} thread(s) and one slot per developer; each developer: the small model local with 1 thread, replaying editing sessions in real time. Machine: ${cpus().length} cores shared by the server and every developer's small model.`;
  writeFileSync(join(out, "capacity.json"), JSON.stringify({ command, caption, serverThreads, points }, null, 2) + "\n");
  const md = capacityMarkdown(points, command, caption);
  writeFileSync(join(out, "capacity.md"), md);
  process.stdout.write(md);
  return 0;
}
