// `ead remote-equality`: greedy EAD with the large model on llama-server against the same model local,
// task by task: identical tokens, writers and switch points, or the first difference and its cause.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { launchLlamaServer, type LlamaServerProcess } from "../bench/llamaServer/launch";
import { progressReporter } from "../bench/progress";
import { compareLanes } from "../bench/remote/equality";
import { EadEngine } from "../engine/engine";
import { DECODE_LIMITS } from "../engine/settingLimits";
import { DEFAULT_DECODE_SETTINGS } from "../engine/types";
import { largeServerArg, listArg, modelPaths, numberArg, packageRoot, serverBinaryArg, threadsArg, threadsFlag, UsageError } from "./args";
import { loadTasksArg } from "./bench";
import type { Command, FlagValues } from "./command";

export const remoteEqualityCommand: Command = {
  name: "remote-equality",
  summary: "greedy EAD with the large model on llama-server against the same model local: tokens, writers and switch points per task",
  flags: {
    tasks: { value: "<jsonl>", help: "task file (default bench/tasks/dev.jsonl)" },
    limit: { value: "<n>", help: "the first n tasks only" },
    every: { value: "<k>", help: "every k-th task" },
    thresholds: { value: "<bits,...>", help: "EAD thresholds to compare at (default 2,3.5,5.4)" },
    window: { value: "<n>", help: `rolling window (default ${DEFAULT_DECODE_SETTINGS.window})` },
    "max-tokens": { value: "<n>", help: "longest completion in tokens (default 48)" },
    small: { value: "<gguf>", help: "small model file (default: the bundled fixture pair)" },
    large: { value: "<gguf>", help: "large model file, loaded locally and served (default: the bundled fixture pair)" },
    "large-server": { value: "<url>", help: "a llama-server already serving --large (default: one is started on 127.0.0.1)" },
    "server-binary": { value: "<path>", help: "llama-server to start (default: scripts/build-llama-server.sh's build)" },
    threads: threadsFlag("threads per model and for the server"),
    out: { value: "<dir>", help: "writes equality.json (default bench-out/remote-equality)" },
  },
  run: runRemoteEquality,
};

async function runRemoteEquality(v: FlagValues, argv: readonly string[]): Promise<number> {
  const root = packageRoot();
  const { small, large } = modelPaths(v);
  const threads = threadsArg(v);
  const thresholds = (listArg(v, "thresholds") ?? ["2", "3.5", "5.4"]).map((t) => {
    const n = Number(t);
    if (!(n >= 0)) throw new UsageError(`--thresholds must be non-negative numbers, got "${t}"`);
    return n;
  });
  const tasks = await loadTasksArg(v);
  const settings = {
    window: numberArg(v, "window", DEFAULT_DECODE_SETTINGS.window, DECODE_LIMITS.window),
    maxTokens: numberArg(v, "max-tokens", 48, DECODE_LIMITS.maxTokens),
  };
  let server: LlamaServerProcess | undefined;
  // The same check as complete's --large-server: no user-info or query, and no message repeats them.
  let url = v["large-server"] === undefined ? undefined : largeServerArg({ "large-server": v["large-server"] })?.url;
  if (!url) {
    const binary = serverBinaryArg(v, root)!;
    server = await launchLlamaServer({ binary, model: large, threads, slots: 1, contextSize: 4096 });
    url = server.url;
  }
  const local = await EadEngine.load({ smallModelPath: small, largeModelPath: large, threads });
  const remote = await EadEngine.load({ smallModelPath: small, largeModelPath: "", largeServer: { url, slot: 0 }, threads });
  try {
    if (!remote.info.remote?.up) throw new UsageError(`the server at ${url} cannot be used: ${remote.info.remote?.reason}`);
    const report = await compareLanes(local, remote, tasks, settings, thresholds, progressReporter());
    const out = resolve((v.out as string | undefined) ?? join(root, "bench-out", "remote-equality"));
    mkdirSync(out, { recursive: true });
    const command = `node dist/cli.js remote-equality ${argv.join(" ")}`.trim();
    writeFileSync(join(out, "equality.json"), JSON.stringify({ command, threads, ...report }, null, 2) + "\n");
    console.log(
      `${report.identical} of ${report.completions} completions identical (${report.tasks} tasks x thresholds ${report.thresholds.join(", ")}; ${report.tokens} tokens, ${report.largeTokens} by the server); ` +
        `switch-count differences ${report.switchDifferences}; largest entropy difference on identical positions ${report.maxEntropyDifference.toExponential(2)} bits`,
    );
    for (const m of report.mismatches) console.log(`mismatch ${m.task} @${m.threshold} bits, token ${m.at}: local ${m.local}, remote ${m.remote}: ${m.cause}`);
    console.log(`wrote ${join(out, "equality.json")}`);
    return report.mismatches.length === 0 ? 0 : 1;
  } finally {
    await remote.dispose();
    await local.dispose();
    await server?.stop();
  }
}
