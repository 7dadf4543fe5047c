// The record of one finished completion, as the completion event reports it, and its log line.
import type { CompletionResult } from "../../engine/types";
import type { CompletionRecord } from "../events";
import type { PostProcessContext } from "../postprocess";
import type { CompletionQuery } from "./types";

export function buildRecord(
  query: Pick<CompletionQuery, "uri" | "offset">,
  ctx: PostProcessContext,
  result: CompletionResult,
  shown: string,
  timing: { latencyMs: number; at: number },
  stoppedEarly: boolean,
): CompletionRecord {
  return {
    uri: query.uri,
    text: shown,
    tokens: result.tokens,
    stats: result.stats,
    settings: result.settings,
    latencyMs: timing.latencyMs,
    at: timing.at,
    offset: query.offset,
    raw: result.text,
    multiline: ctx.multiline,
    stoppedEarly,
  };
}

export function describeRecord(record: CompletionRecord): string {
  const { text, stats } = record;
  return (
    `completion ${record.settings.mode}: ${record.tokens.length} tokens (${stats.largeTokens} large) in ${Math.round(record.latencyMs)} ms` +
    `${record.stoppedEarly ? " (stopped at the end of the shown text)" : ""}; shown ${JSON.stringify(text.length > 80 ? text.slice(0, 80) + "…" : text)}`
  );
}
