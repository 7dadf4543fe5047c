// Evaluating a context block ahead of time: the editor calls this when it is idle, so that a change of
// context (chunks change on events, not keystrokes) is paid off the keystroke's critical path. Only the
// local lanes are warmed: the team server's slot is shared work, evaluated when a completion needs it;
// and only those the coming completions' mode uses: a model the mode never asks would burn idle CPU.
import type { LlamaModel } from "node-llama-cpp";
import { contextPromptHead } from "../fim";
import type { Lane } from "../lane";
import { LocalLane } from "../localLane";
import type { DecodeMode, ModelRole, PromptContext } from "../types";
import type { WarmContextResult } from "./warmTypes";

export type { WarmContextRequest, WarmContextResult } from "./warmTypes";

function startsWith(cached: readonly number[], head: readonly number[]): boolean {
  if (cached.length < head.length) return false;
  for (let i = 0; i < head.length; i++) if (cached[i] !== head[i]) return false;
  return true;
}

/** The lanes a decoding mode evaluates: a single-model mode leaves the other model idle. */
export function lanesOf(mode: DecodeMode): readonly ModelRole[] {
  return mode === "small" || mode === "large" ? [mode] : ["small", "large"];
}

/** Brings the cache of each local lane in `roles` to start with the prompt head of `context` under `budget`. */
export async function warmContextHead(
  model: LlamaModel,
  lanes: Record<ModelRole, Lane>,
  roles: readonly ModelRole[],
  context: PromptContext,
  budget: number,
  signal: AbortSignal,
): Promise<WarmContextResult> {
  const head = contextPromptHead(model, context, budget);
  const result: WarmContextResult = { tokens: head.length, evaluated: { small: 0, large: 0 } };
  for (const role of roles) {
    const lane = lanes[role];
    // A cache that already starts with the head keeps what follows it (the last prompt's text) intact.
    if (!(lane instanceof LocalLane) || head.length === 0 || startsWith(lane.cachedTokens, head)) continue;
    const before = lane.evaluatedTokens;
    try {
      await lane.advance(head, { topK: 1, signal });
    } finally {
      result.evaluated[role] = lane.evaluatedTokens - before;
    }
  }
  return result;
}
