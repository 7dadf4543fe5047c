// Completions saved by earlier bench runs (<dir>/outputs.jsonl, or .gz), read back as points for fidelity
// and the paired bootstrap: runs on the same task file pair up task by task, so settings that need a run
// each (the window, for one) can be compared with intervals.
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { OutputLine } from "./outputs";
import { CONTEXT_TOKENS_LABEL, NO_CONTEXT_LABEL, type BenchConfig } from "./quality";
import type { TaskOutput } from "./taskOutput";

export interface SavedPoint {
  /** The run's label, prefixed with its folder's name for every run after the first. */
  label: string;
  config: BenchConfig;
  runs: TaskOutput[][];
}

function readOutputs(dir: string): OutputLine[] {
  const plain = join(dir, "outputs.jsonl");
  const gz = `${plain}.gz`;
  const text = existsSync(plain) ? readFileSync(plain, "utf8") : existsSync(gz) ? gunzipSync(readFileSync(gz)).toString("utf8") : undefined;
  if (text === undefined) throw new Error(`${dir} holds no outputs.jsonl (or outputs.jsonl.gz): pass folders written by bench`);
  return text.split("\n").filter((l) => l.trim()).map((l, i) => {
    try {
      return JSON.parse(l) as OutputLine;
    } catch {
      throw new Error(`${dir}/outputs.jsonl:${i + 1}: not valid JSON`);
    }
  });
}

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const TOKENS_IN_LABEL = new RegExp(`${escaped(CONTEXT_TOKENS_LABEL)}(\\d+)`);
/** Small- and large-only labels, with or without the context and its bound. */
const REFERENCE = new RegExp(`^(small|large)(${escaped(CONTEXT_TOKENS_LABEL)}\\d+)?(${escaped(NO_CONTEXT_LABEL)})?$`);

/** Points of several saved runs; small-only and large-only come from the first run that has them. */
export function readSavedRuns(dirs: readonly string[]): { taskIds: string[]; points: SavedPoint[] } {
  let taskIds: string[] | undefined;
  const points: SavedPoint[] = [];
  dirs.forEach((dir, d) => {
    const lines = readOutputs(dir);
    const ids = [...new Set(lines.map((l) => l.taskId))];
    if (!taskIds) taskIds = ids;
    else if (ids.length !== taskIds.length || ids.some((id) => !taskIds!.includes(id))) {
      throw new Error(`${dir} ran other tasks than ${dirs[0]}: runs pair up only on the same tasks`);
    }
    const index = new Map(taskIds.map((id, i) => [id, i]));
    const byLabel = new Map<string, SavedPoint>();
    for (const l of lines) {
      const reference = REFERENCE.test(l.config);
      if (reference && points.some((p) => p.label === l.config)) continue;
      const label = reference || d === 0 ? l.config : `${basename(dir)}:${l.config}`;
      let point = byLabel.get(label);
      if (!point) {
        // A point is compared with small- and large-only of its own context (without it, or with it at its bound).
        const bound = TOKENS_IN_LABEL.exec(l.config);
        const context = l.config.endsWith(NO_CONTEXT_LABEL) ? ({ context: "without" } as const) : bound ? { contextTokens: Number(bound[1]) } : {};
        const mode = reference ? (l.config.startsWith("small") ? "small" : "large") : "ead";
        point = { label, config: { mode, threshold: null, stability: null, ...context }, runs: [] };
        byLabel.set(label, point);
      }
      const run = (point.runs[l.order ?? 0] ??= []);
      run[index.get(l.taskId)!] = {
        text: l.text,
        rawText: l.rawText,
        largeShare: l.largeShare,
        tokens: l.tokens,
        largeTokens: Math.round(l.largeShare * l.tokens),
        firstLarge: l.firstLarge,
        exact: l.exactMatch,
        similarity: l.editSimilarity,
        ...(typeof l.identifierHit === "boolean" ? { identifierHit: l.identifierHit } : {}),
      };
    }
    points.push(...byLabel.values());
  });
  return { taskIds: taskIds ?? [], points };
}
