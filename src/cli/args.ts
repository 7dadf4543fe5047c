// Argument parsing shared by the CLI commands; any mistake is a one-line error and exit code 2.
import { existsSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { join } from "node:path";
import { locateLlamaServer } from "../bench/llamaServer/locate";
import type { EngineLoadOptions } from "../engine/engine";
import { EngineError } from "../engine/errors";
import { GPU_SETTINGS, type GpuSetting } from "../engine/placement";
import { fixturePair } from "../engine/modelfiles/fixturePair";
import { largeServerUrl } from "../engine/remote/largeServerSetting";
import { DEFAULT_TOKEN_HEALING, isTokenHealing, TOKEN_HEALING_VALUES, type TokenHealing } from "../engine/tokenHealing";
import { FIRST_POSITION_RULES, type FirstPositionRule } from "../engine/types";
import { automaticThreads } from "../machine/cores";
import type { Flag, FlagValues, Flags } from "./command";

export class UsageError extends Error {}

type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

/**
 * A thread-count flag. Its default is the extension's (ead.threads 0): the idle physical cores, counted
 * when the command runs, so the help names the number this machine would get now.
 */
export function threadsFlag(what: string, automatic: () => number = automaticThreads): Flag {
  return {
    value: "<n>",
    get help() {
      return `${what} (default: the idle physical cores, ${automatic()} on this machine now)`;
    },
  };
}

/** A thread-count flag's value: the number given (1..256), else the idle physical cores now. */
export function threadsArg(values: Record<string, unknown>, name = "threads", automatic: () => number = automaticThreads): number {
  return values[name] === undefined ? automatic() : numberArg(values, name, 1, { integer: true, min: 1, max: 256 });
}

/** Flags every engine-driving command takes. */
export const MODEL_FLAGS: Flags = {
  small: { value: "<gguf>", help: "small model file (default: the bundled fixture pair)" },
  large: { value: "<gguf>", help: "large model file (default: the bundled fixture pair)" },
  threads: threadsFlag("CPU threads per model"),
  "context-size": { value: "<n>", help: "context size in tokens per model (default 4096)" },
  gpu: { value: "auto|off|cuda|vulkan|metal", help: "where the models run, as the ead.gpu setting (default off)" },
  "large-server": {
    value: "<url>",
    help: "the large model on a llama-server (e.g. http://gpu-box:8012) instead of --large; its API key, if any, from $EAD_LARGE_SERVER_KEY",
  },
  "server-slot": { value: "<n>", help: "with --large-server: the server slot to keep (default: the server picks)" },
  healing: { value: TOKEN_HEALING_VALUES.join("|"), help: `token healing: the prompt's last token taken back, the first token written starting with its text; "context" heals only prompts that carry context, "auto" those and prompts ending in a space or tab (default ${DEFAULT_TOKEN_HEALING})` },
};

/** --large-server <url>, as the ead.largeServer setting. */
export function largeServerArg(values: Record<string, unknown>): EngineLoadOptions["largeServer"] {
  const url = values["large-server"] as string | undefined;
  if (url === undefined) {
    if (values["server-slot"] !== undefined) throw new UsageError("--server-slot goes with --large-server");
    return undefined;
  }
  if (values.large !== undefined) throw new UsageError("--large and --large-server name two large models: pass one");
  // The editor's check: user-info and query strings are refused, and no message repeats them.
  let checked: string | undefined;
  try {
    checked = largeServerUrl(url, "--large-server");
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!checked) throw new UsageError("--large-server needs a URL such as http://127.0.0.1:8012");
  const slot = values["server-slot"] === undefined ? undefined : numberArg(values, "server-slot", 0, { integer: true, min: 0, max: 4096 });
  const apiKey = process.env.EAD_LARGE_SERVER_KEY || undefined;
  return { url: checked, ...(apiKey ? { apiKey } : {}), ...(slot !== undefined ? { slot } : {}) };
}

/** --gpu auto|off|cuda|vulkan|metal (the ead.gpu setting); the command line defaults to off. */
/**
 * The llama-server binary: `--server-binary` if given (it must exist), else the build script's cache
 * (built there first if needed), but only when the command needs one.
 */
export function serverBinaryArg(values: Record<string, unknown>, root: string, needed = true): string | undefined {
  const given = values["server-binary"] as string | undefined;
  if (given !== undefined && !existsSync(given)) throw new UsageError(`--server-binary: ${given} does not exist`);
  return given ?? (needed ? locateLlamaServer(root) : undefined);
}

export function gpuArg(values: Record<string, unknown>): GpuSetting {
  const gpu = (values.gpu as string | undefined) ?? "off";
  if (!GPU_SETTINGS.includes(gpu as GpuSetting)) throw new UsageError(`--gpu must be one of ${GPU_SETTINGS.join(", ")}, got "${gpu}"`);
  return gpu as GpuSetting;
}

/** Parses `argv` accepting exactly `flags`: a flag with a value placeholder takes a value, the others are switches. */
export function parse(argv: string[], flags: Flags): FlagValues {
  const options: OptionSpec = {};
  for (const [name, flag] of Object.entries(flags)) options[name] = { type: flag.value ? "string" : "boolean" };
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values as FlagValues;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function numberArg(values: Record<string, unknown>, name: string, fallback: number, opts: { integer?: boolean; min?: number; max?: number; allowInfinity?: boolean } = {}): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const text = String(raw).trim().toLowerCase();
  const value = opts.allowInfinity && /^[+-]?inf(inity)?$/.test(text) ? (text.startsWith("-") ? -Infinity : Infinity) : Number(text);
  if (Number.isNaN(value) || text === "") throw new UsageError(`--${name} must be a number, got "${raw}"`);
  if (!(opts.allowInfinity && !Number.isFinite(value))) {
    if (opts.integer && !Number.isInteger(value)) throw new UsageError(`--${name} must be an integer, got "${raw}"`);
    if (opts.min !== undefined && value < opts.min) throw new UsageError(`--${name} must be at least ${opts.min}, got ${raw}`);
    if (opts.max !== undefined && value > opts.max) throw new UsageError(`--${name} must be at most ${opts.max}, got ${raw}`);
  }
  return value;
}

export function listArg(values: Record<string, unknown>, name: string): string[] | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  return String(raw).split(",").map((s) => s.trim()).filter(Boolean);
}

/** The repository/extension root: dist/cli.js lives one folder below it. */
export function packageRoot(): string {
  return join(__dirname, "..");
}

/** How to load the engine, from MODEL_FLAGS; the thread count is always set, for reports to record. */
export function engineLoadOptions(values: Record<string, unknown>, automatic: () => number = automaticThreads): EngineLoadOptions & { threads: number } {
  const paths = modelPaths(values);
  return {
    smallModelPath: paths.small,
    largeModelPath: paths.large,
    threads: threadsArg(values, "threads", automatic),
    contextSize: values["context-size"] === undefined ? undefined : numberArg(values, "context-size", 4096, { integer: true, min: 256, max: 131072 }),
    gpu: gpuArg(values),
    largeServer: largeServerArg(values),
    tokenHealing: healingArg(values.healing as string | undefined),
  };
}

/** --healing: one of TOKEN_HEALING_VALUES. */
function healingArg(value: string | undefined): TokenHealing {
  if (value === undefined) return DEFAULT_TOKEN_HEALING;
  if (!isTokenHealing(value)) throw new UsageError(`--healing must be ${TOKEN_HEALING_VALUES.join(", ")}, got "${value}"`);
  return value;
}

/** --first-position: one of FIRST_POSITION_RULES; undefined where the flag is not given. */
export function firstPositionArg(values: FlagValues): FirstPositionRule | undefined {
  const value = values["first-position"];
  if (value === undefined) return undefined;
  if (!FIRST_POSITION_RULES.includes(value as FirstPositionRule)) throw new UsageError(`--first-position must be one of ${FIRST_POSITION_RULES.join(", ")}`);
  return value as FirstPositionRule;
}

export function modelPaths(values: Record<string, unknown>): { small: string; large: string } {
  const fixtures = fixturePair(packageRoot());
  return { small: (values.small as string | undefined) ?? fixtures.small, large: (values.large as string | undefined) ?? fixtures.large };
}

/** Prints an error as one line and picks the exit code: 2 for the user's input, 1 for anything else. */
export function reportError(error: unknown): number {
  if (error instanceof UsageError) {
    console.error(`ead: ${error.message}`);
    return 2;
  }
  if (error instanceof EngineError) {
    console.error(`ead: ${error.message.replace(/\s*\n\s*/g, " ")}`);
    return error.code === "INTERNAL" || error.code === "ENGINE_CRASHED" ? 1 : 2;
  }
  console.error(`ead: ${(error as Error)?.message ?? String(error)}`.replace(/\s*\n\s*/g, " "));
  return 1;
}
