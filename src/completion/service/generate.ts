// One engine call for a prepared query: streams tokens into the early stop, post-processes the text
// and builds the completion record. Counts engine calls and calls in flight.
import type { CompletionResult, DecodeSettings } from "../../engine/types";
import type { DocumentContext } from "../documentContext";
import type { CompletionRecord } from "../events";
import { postProcessMapped, type PostProcessContext } from "../postprocess";
import { EarlyStop } from "./earlyStop";
import { keptTokenStats } from "./keptStats";
import { buildRecord } from "./record";
import type { CompletionQuery, EngineLike, Outcome, PairParams, ServiceCounters } from "./types";

/** A query with everything derived from it once: the models' context, the line rules, the settings and the cache key. */
export interface PreparedQuery {
  query: Omit<CompletionQuery, "explicit">;
  doc: DocumentContext;
  ctx: PostProcessContext;
  settings: DecodeSettings;
  key: string;
}

export interface GenerateDeps {
  engine: EngineLike;
  counters: ServiceCounters;
  now: () => number;
  log?: (message: string) => void;
  onBusy?: (busy: boolean) => void;
  params?: () => PairParams | undefined;
}

export async function generate(deps: GenerateDeps, p: PreparedQuery, signal: AbortSignal): Promise<{ outcome: Outcome; record: CompletionRecord }> {
  const { counters } = deps;
  const early = new EarlyStop(p.ctx);
  counters.engineCalls++;
  counters.inFlight++;
  counters.maxInFlight = Math.max(counters.maxInFlight, counters.inFlight);
  deps.onBusy?.(true);
  const started = deps.now();
  let result: CompletionResult;
  try {
    result = await deps.engine.complete(
      { prefix: p.doc.prefix, suffix: p.doc.suffix, settings: p.settings, ...(p.query.context ? { context: p.query.context } : {}) },
      {
        signal,
        stop: early.signal,
        onWarning: (m) => deps.log?.(`settings: ${m}`),
        onToken: (event) => early.onToken(event),
      },
    );
  } finally {
    counters.inFlight--;
    deps.onBusy?.(false);
  }
  if (early.stopped) {
    counters.earlyStops++;
    // Tokens the engine wrote before the stop reached it are not shown: count only the kept ones.
    result = { ...result, text: early.raw, tokens: early.tokens, stats: keptTokenStats(result.stats, early.tokens, deps.params?.()) };
  }
  const latencyMs = deps.now() - started;
  const { text, map } = postProcessMapped(result.text, p.ctx);
  const record = buildRecord(p.query, p.ctx, result, text, { latencyMs, at: deps.now() }, early.stopped);
  return { outcome: { text, tokens: result.tokens, map }, record };
}
