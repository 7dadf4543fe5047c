// `ead replay`: editing sessions typed in real time against the completion service, per decoding mode.
import { DEFAULT_PROMPT_LAYOUT, PROMPT_LAYOUTS, type PromptLayout } from "../engine/fim";
import { resolve, join } from "node:path";
import { progressReporter } from "../bench/progress";
import { CONTEXT_ARMS, isContextArm, type ContextArm } from "../bench/replay/contextArms";
import { runReplay, writeReplay } from "../bench/replay/run";
import { DEFAULT_CONTEXT_TOKENS } from "../bench/replay/sessionContext";
import { hasContext, readSessions } from "../bench/replay/sessions";
import { DEFAULT_PACE } from "../bench/replay/typing";
import { isServerMode, SERVER_MODES } from "../bench/replay/serverModes";
import { replaySchedule } from "../bench/speed/schedule";
import { ensureShapeModel, parameterCountOf, SHAPES, tokenizerFrom } from "../bench/speed/shapes";
import { loadLlamaModule } from "../engine/llama";
import { DECODE_MODES, DEFAULT_FIRST_POSITION, FIRST_POSITION_RULES } from "../engine/types";
import { fixturePair } from "../engine/modelfiles/fixturePair";
import { firstPositionArg, listArg, modelPaths, numberArg, packageRoot, serverBinaryArg, threadsArg, threadsFlag, UsageError } from "./args";
import type { Command, FlagValues } from "./command";

const flag = (value: string | undefined, help: string) => (value ? { value, help } : { help });

export const replayCommand: Command = {
  name: "replay",
  summary: "editing sessions typed in real time into the completion service, per decoding mode: re-evaluated prompt tokens, latency, predicted characters",
  flags: {
    tasks: flag(
      "<jsonl>",
      'sessions ({"document", "steps": [{"offset", "text"}]}) or dev-set tasks ({"prefix", "reference", "suffix"}: retyping reference between prefix and suffix); default bench/replay/sessions.jsonl',
    ),
    modes: flag(
      [...DECODE_MODES, ...SERVER_MODES].join(","),
      `decoding modes (default ${DECODE_MODES.join(",")}); server: llama-server's /infill with the large model and --cache-reuse, as llama.vscode uses it; server-speculative: the same with the small model as its draft`,
    ),
    context: flag(
      CONTEXT_ARMS.join(","),
      "play each mode with the context the editor gathers (its ring buffer filled from the session's opened files or a task's context chunks, and the typed file's code outside the window), without it, or both in one run, session by session (default: with where the sessions carry files or chunks, else without); the server modes send it as /infill's input_extra",
    ),
    "context-tokens": flag("<n>", `bound on the context block's tokens (default ${DEFAULT_CONTEXT_TOKENS}, the editor's ead.context.maxTokens)`),
    "server-binary": flag("<path>", "llama-server for the server modes (default $EAD_LLAMA_SERVER, else scripts/build-llama-server.sh builds it once)"),
    limit: flag("<n>", "the first n sessions only"),
    threads: threadsFlag("threads per model"),
    out: flag("<dir>", "writes replay.json, requests.jsonl, replay.md, latency-<mode>.svg (default bench-out/replay)"),
    seed: flag(
      "<n>",
      `typing schedule seed (default 1): ${DEFAULT_PACE.msPerChar} ms per character, ${DEFAULT_PACE.lineEndMs} ms at line ends, a pause of about ${DEFAULT_PACE.pauseMs} ms after ${DEFAULT_PACE.pauseChance * 100} % of characters`,
    ),
    layout: flag(PROMPT_LAYOUTS.join("|"), `prompt layout (default ${DEFAULT_PROMPT_LAYOUT})`),
    debounce: flag("<ms>", "the service's debounce setting (default 150, the extension's)"),
    "ms-per-char": flag("<ms>", `typing speed (default ${DEFAULT_PACE.msPerChar})`),
    "line-end-ms": flag("<ms>", `pause after each newline, reading the suggestion (default ${DEFAULT_PACE.lineEndMs})`),
    "max-tokens": flag("<n>", "longest completion in tokens (default 64)"),
    threshold: flag("<bits>", "EAD threshold"),
    "first-position": flag(FIRST_POSITION_RULES.join("|"), `EAD's first-position rule (default ${DEFAULT_FIRST_POSITION}, the extension's)`),
    small: flag("<gguf>", "small model file (with --large)"),
    large: flag("<gguf>", "large model file (with --small)"),
    "small-shape": flag("0.5b", "small real shape with random weights (default 0.5b)"),
    "large-shape": flag("1.5b|3b", "real model shapes with random weights (written once into --cache); ead mode then replays a switching schedule as `speed` does"),
    "large-share": flag("<0..1>", "large share of the replayed schedule (default 0.25)"),
    "run-length": flag("<n>", "mean run length of the replayed schedule"),
    cache: flag("<dir>", "where real-shape model files are written"),
  },
  notes:
    "Records every model request: prompt tokens each model re-evaluated, time to first token, keystroke-to-ghost-text latency, and how many typed characters the ghost text had predicted.",
  run: runReplayCommand,
};

async function runReplayCommand(v: FlagValues, argv: readonly string[]): Promise<number> {
  const root = packageRoot();
  const modes = listArg(v, "modes") ?? [...DECODE_MODES];
  const known = [...DECODE_MODES, ...SERVER_MODES] as string[];
  for (const m of modes) if (!known.includes(m)) throw new UsageError(`--modes: unknown mode "${m}"; choose from ${known.join(", ")}`);
  if (modes.length === 0) throw new UsageError("--modes needs at least one mode");
  if ((v.small === undefined) !== (v.large === undefined)) throw new UsageError("--small and --large go together");
  if (v.small !== undefined && v["large-shape"] !== undefined) throw new UsageError("--large-shape replaces --small/--large: pass one or the other");

  const path = (v.tasks as string | undefined) ?? join(root, "bench", "replay", "sessions.jsonl");
  const limit = numberArg(v, "limit", Infinity, { integer: true, min: 1, allowInfinity: true });
  let sessions;
  try {
    sessions = (await readSessions(path)).slice(0, limit);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }

  const contexts = (listArg(v, "context") ?? [sessions.some(hasContext) ? "with" : "without"]).filter((a, i, all) => all.indexOf(a) === i);
  for (const a of contexts) if (!isContextArm(a)) throw new UsageError(`--context: unknown arm "${a}"; choose from ${CONTEXT_ARMS.join(", ")} (both: --context with,without)`);
  if (contexts.length === 0) throw new UsageError("--context needs with, without or both");
  const contextTokens = v["context-tokens"] === undefined ? undefined : numberArg(v, "context-tokens", DEFAULT_CONTEXT_TOKENS, { integer: true, min: 1, max: 65536 });

  const shaped = v["large-shape"] !== undefined;
  const maxTokens = numberArg(v, "max-tokens", 64, { integer: true, min: 1, max: 512 });
  let { small, large } = modelPaths(v);
  let pairLabel: { small: string; large: string } | undefined;
  let schedule;
  if (shaped) {
    const smallShape = (v["small-shape"] as string | undefined) ?? "0.5b";
    const largeShape = v["large-shape"] as string;
    for (const s of [smallShape, largeShape]) if (!SHAPES[s]) throw new UsageError(`unknown shape "${s}"; choose one of ${Object.keys(SHAPES).join(", ")}`);
    if (SHAPES[smallShape].vocab !== SHAPES[largeShape].vocab) throw new UsageError(`${largeShape} has a different vocabulary size from ${smallShape}; the pair must share one`);
    const cache = resolve((v.cache as string | undefined) ?? join(root, ".cache", "speed-models"));
    const tokenizer = await tokenizerFrom(await loadLlamaModule(), fixturePair(root).small, SHAPES[smallShape].vocab);
    console.error(`writing random-weight Q8_0 models (once, cached in ${cache})`);
    small = ensureShapeModel(cache, SHAPES[smallShape], tokenizer);
    large = ensureShapeModel(cache, SHAPES[largeShape], tokenizer);
    const label = (s: string) => `${s} shape (${(parameterCountOf(SHAPES[s]) / 1e6).toFixed(0)}M params, random Q8_0)`;
    pairLabel = { small: label(smallShape), large: label(largeShape) };
    schedule = replaySchedule(maxTokens, numberArg(v, "large-share", 0.25, { min: 0, max: 1 }), numberArg(v, "run-length", 4, { min: 1, max: 1000 }));
  }
  const threshold = v.threshold === undefined ? undefined : numberArg(v, "threshold", 2, { min: 0, max: 16 });
  const firstPosition = firstPositionArg(v);

  const layout = (v.layout as string | undefined) ?? DEFAULT_PROMPT_LAYOUT;
  if (!PROMPT_LAYOUTS.includes(layout as PromptLayout)) throw new UsageError(`--layout must be one of ${PROMPT_LAYOUTS.join(", ")}`);
  const withServer = modes.some(isServerMode);
  if (withServer && layout !== "line") throw new UsageError(`the server modes send the line layout's prompt (/infill's prompt field is the cursor line's typed part); drop --layout ${layout} or the server modes`);
  const serverBinary = serverBinaryArg(v, root, withServer);

  const out = resolve((v.out as string | undefined) ?? join(root, "bench-out", "replay"));
  const command = `node dist/cli.js replay ${argv.join(" ")}`.trim();
  const run = await runReplay({
    layout: layout as PromptLayout,
    small,
    large,
    pairLabel,
    threads: threadsArg(v),
    sessions,
    modes,
    serverBinary,
    seed: numberArg(v, "seed", 1, { integer: true, min: 0, max: 2 ** 31 - 1 }),
    pace: {
      ...DEFAULT_PACE,
      msPerChar: numberArg(v, "ms-per-char", DEFAULT_PACE.msPerChar, { min: 1, max: 5000 }),
      lineEndMs: numberArg(v, "line-end-ms", DEFAULT_PACE.lineEndMs, { min: 0, max: 60000 }),
    },
    debounceMs: numberArg(v, "debounce", 150, { integer: true, min: 0, max: 2000 }),
    decode: { maxTokens, ...(threshold === undefined ? {} : { threshold }), ...(firstPosition === undefined ? {} : { firstPosition }) },
    schedule,
    contexts: contexts as ContextArm[],
    contextTokens,
    onProgress: progressReporter(),
    onModeDone: (partial) => writeReplay(out, partial, command),
  });
  const paths = writeReplay(out, run, command);
  for (const m of run.report.modes) {
    const name = run.report.contexts.length > 1 ? `${m.mode} ${m.context}` : m.mode;
    console.log(
      `${name.padEnd(16)} ${m.requests} requests (${m.cancelled} cancelled), re-evaluated per char with a suffix small ${m.reevaluatedPerChar.small} / large ${m.reevaluatedPerChar.large} (no suffix ${m.reevaluatedPerCharNoSuffix.small} / ${m.reevaluatedPerCharNoSuffix.large}), ` +
        `keystroke-to-shown p50 ${m.latencyMs.p50} p95 ${m.latencyMs.p95} ms, first token p50 ${m.firstTokenMs.p50} ms, matched ${m.matchedChars}/${m.charsTyped} chars`,
    );
  }
  for (const c of run.report.contextComparison) {
    const x = (r: number | null) => (r === null ? "n/a" : `${r}x`);
    console.log(
      `${c.mode} with context: re-evaluated per typed char small ${c.reevaluatedPerCharWith.small} / large ${c.reevaluatedPerCharWith.large} (without ${c.reevaluatedPerCharWithout.small} / ${c.reevaluatedPerCharWithout.large}); keystroke-to-shown with / without p50 ${x(c.latencyRatio.p50)}, p90 ${x(c.latencyRatio.p90)}`,
    );
  }
  console.log(`wrote ${paths.join(", ")}`);
  return 0;
}
