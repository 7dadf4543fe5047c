// The session's completion numbers for "EAD: Show switch stats" and the entropy history for the settings
// panel. Pure (no vscode import): records in, plain summaries out.
import type { CompletionRecord } from "../../completion/events";
import type { ModelRole } from "../../engine/types";
import { percentile as percentileOf } from "../../engine/quantile";

export interface TimelinePoint {
  text: string;
  model: ModelRole;
  entropy: number;
  rolling: number;
}

export interface LastCompletion {
  text: string;
  mode: string;
  threshold: number;
  window: number;
  smallTokens: number;
  largeTokens: number;
  switches: number;
  latencyMs: number;
  paramCost: number;
  tokens: TimelinePoint[];
}

export interface StatsSummary {
  completions: number;
  smallTokens: number;
  largeTokens: number;
  /** Large-model share of generated tokens; null before any token. */
  largeShare: number | null;
  switches: number;
  switchesPerCompletion: number | null;
  /** Token-weighted mean parameter-weighted cost (1 = large model only); null before any token. */
  paramCost: number | null;
  /** 1 - paramCost. */
  paramCostSaved: number | null;
  /** Tokens each model really evaluated (prompt, catch-up, generation, verification). */
  evaluated: { small: number; large: number };
  /** Completions the service stopped once the shown text was settled (their stats are complete). */
  stoppedEarly: number;
  latency: { p50: number | null; p95: number | null; mean: number | null };
  /** Engine time by phase, summed over the session, ms. */
  phaseMs: { prefill: number; decode: number; catchUp: number; verify: number; total: number };
  /** Completions per decode mode. */
  modes: Record<string, number>;
  /** Rollbacks during catch-up, and the small-model tokens they replaced. */
  rollbacks: number;
  rewritten: number;
  /** Threshold each recent `ead` completion ran with (the budget's effective one), oldest first. */
  thresholdHistory: { at: number; threshold: number; largeShare: number }[];
  since: number;
  last: LastCompletion | null;
}

/** The percentile (p in 0..100) the bench reports too (engine/quantile.ts); null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  return values.length === 0 ? null : percentileOf(values, p);
}

const finite = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

export class SessionStats {
  private completions = 0;
  private stoppedEarly = 0;
  private small = 0;
  private large = 0;
  private switches = 0;
  private costWeighted = 0;
  private costTokens = 0;
  private evaluated = { small: 0, large: 0 };
  private phaseMs = { prefill: 0, decode: 0, catchUp: 0, verify: 0, total: 0 };
  private modes: Record<string, number> = {};
  private rollbacks = 0;
  private rewritten = 0;
  private thresholds: { at: number; threshold: number; largeShare: number }[] = [];
  private latencies: number[] = [];
  private history: CompletionRecord[] = [];
  /** The last completion the editor was given to display (not merely the last one made). */
  private last: CompletionRecord | null = null;
  private since = Date.now();

  /**
   * @param historyCompletions how many recent completions the entropy history keeps
   * @param maxLatencies how many recent latencies the percentiles use
   */
  constructor(
    private readonly historyCompletions = 100,
    private readonly maxLatencies = 5000,
  ) {}

  add(record: CompletionRecord): void {
    const s = record.stats;
    const small = finite(s.smallTokens);
    const large = finite(s.largeTokens);
    this.completions++;
    this.small += small;
    this.large += large;
    this.switches += finite(s.switches);
    if (small + large > 0 && Number.isFinite(s.paramCost)) {
      this.costWeighted += s.paramCost * (small + large);
      this.costTokens += small + large;
    }
    if (s.stopReason === "stopped") this.stoppedEarly++;
    this.evaluated.small += finite(s.evaluated?.small);
    this.evaluated.large += finite(s.evaluated?.large);
    for (const k of Object.keys(this.phaseMs) as (keyof typeof this.phaseMs)[]) this.phaseMs[k] += finite(s.ms?.[k]);
    const mode = record.settings?.mode ?? "unknown";
    this.modes[mode] = (this.modes[mode] ?? 0) + 1;
    this.rollbacks += finite(s.rollbacks);
    this.rewritten += finite(s.rewritten);
    if (mode === "ead" && Number.isFinite(record.settings.threshold) && small + large > 0) {
      this.thresholds.push({ at: record.at, threshold: record.settings.threshold, largeShare: large / (small + large) });
      if (this.thresholds.length > this.historyCompletions) this.thresholds.shift();
    }
    if (Number.isFinite(record.latencyMs)) {
      this.latencies.push(record.latencyMs);
      if (this.latencies.length > this.maxLatencies) this.latencies.shift();
    }
    this.history.push(record);
    if (this.history.length > this.historyCompletions) this.history.shift();
  }

  get lastShown(): CompletionRecord | null {
    return this.last;
  }

  /**
   * The editor displayed `text` in document `uri`: the newest recent completion it comes from (the
   * whole of it, or its rest while the user types it) becomes the last completion. Returns it.
   */
  shown(uri: string, text: string): CompletionRecord | undefined {
    if (!text) return undefined;
    for (let i = this.history.length - 1; i >= 0; i--) {
      const r = this.history[i];
      if (r.uri === uri && r.text.endsWith(text)) {
        this.last = r;
        return r;
      }
    }
    return undefined;
  }

  reset(): void {
    this.completions = this.small = this.large = this.switches = this.stoppedEarly = 0;
    this.costWeighted = this.costTokens = 0;
    this.evaluated = { small: 0, large: 0 };
    this.phaseMs = { prefill: 0, decode: 0, catchUp: 0, verify: 0, total: 0 };
    this.modes = {};
    this.rollbacks = this.rewritten = 0;
    this.thresholds = [];
    this.latencies = [];
    this.history = [];
    this.last = null;
    this.since = Date.now();
  }

  /** Per-completion entropy sequences of the recent history (finite values only). */
  entropySequences(): number[][] {
    return this.history
      .map((r) => r.tokens.map((t) => t.entropy).filter((h) => typeof h === "number" && Number.isFinite(h)))
      .filter((s) => s.length > 0);
  }

  /** Recent tokens' entropies with who wrote them. */
  recentTokens(): { entropy: number; model: ModelRole }[] {
    const out: { entropy: number; model: ModelRole }[] = [];
    for (const r of this.history) {
      for (const t of r.tokens) if (Number.isFinite(t.entropy)) out.push({ entropy: t.entropy, model: t.model });
    }
    return out;
  }

  summary(): StatsSummary {
    const tokens = this.small + this.large;
    const cost = this.costTokens > 0 ? this.costWeighted / this.costTokens : null;
    const latencyMean = this.latencies.length ? this.latencies.reduce((a, b) => a + b, 0) / this.latencies.length : null;
    const last = this.last;
    return {
      completions: this.completions,
      smallTokens: this.small,
      largeTokens: this.large,
      largeShare: tokens > 0 ? this.large / tokens : null,
      switches: this.switches,
      switchesPerCompletion: this.completions > 0 ? this.switches / this.completions : null,
      paramCost: cost,
      paramCostSaved: cost === null ? null : 1 - cost,
      evaluated: { ...this.evaluated },
      stoppedEarly: this.stoppedEarly,
      latency: { p50: percentile(this.latencies, 50), p95: percentile(this.latencies, 95), mean: latencyMean },
      phaseMs: { ...this.phaseMs },
      modes: { ...this.modes },
      rollbacks: this.rollbacks,
      rewritten: this.rewritten,
      thresholdHistory: [...this.thresholds],
      since: this.since,
      last: last && {
        text: last.text,
        mode: last.settings?.mode ?? "unknown",
        threshold: last.settings?.threshold,
        window: last.settings?.window,
        smallTokens: finite(last.stats.smallTokens),
        largeTokens: finite(last.stats.largeTokens),
        switches: finite(last.stats.switches),
        latencyMs: last.latencyMs,
        paramCost: last.stats.paramCost,
        tokens: last.tokens.map((t) => ({ text: t.text, model: t.model, entropy: t.entropy, rolling: t.rolling })),
      },
    };
  }
}
