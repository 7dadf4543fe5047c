// Real-shape speed: decodes the same prompts in small, large and ead (replayed schedule) modes on one
// engine, interleaved, and measures the pieces a speculative round and an EAD switch are made of.
import { EadEngine } from "../../engine/engine";
import type { Lane } from "../../engine/lane";
import type { DecodeMode, ModelRole } from "../../engine/types";
import { mean, percentile, round } from "../stats";
import { describeSchedule, replaySchedule } from "./schedule";

export interface SpeedOptions {
  small: string;
  large: string;
  smallShape: string;
  largeShape: string;
  threads: number;
  prompts: string[];
  maxTokens: number;
  largeShare: number;
  meanLargeRun: number;
  draftTokens: number;
  /** Per-token acceptance the trained pair measured in speculative mode. */
  acceptance: number;
  repeats: number;
  topK: number;
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface SpeedModeResult {
  mode: DecodeMode;
  msPerToken: number;
  msPerCompletion: { mean: number; p50: number };
  derived?: boolean;
  acceptance?: number;
  largeShare?: number;
}

export interface SpeedReport {
  smallShape: string;
  largeShape: string;
  threads: number;
  modes: SpeedModeResult[];
  engineOverheadMsPerToken: number;
  catchUpMsPerSwitch: number;
  largeDecodeMsPerToken: number;
  smallDecodeMsPerToken: number;
  engineOverheadPctOfSmallDecode: number;
  /** One batched evaluation of n tokens with a distribution on the last, in ms and in large decode steps. */
  catchUp: { tokens: number; ms: number; largeSteps: number }[];
  speculativeDerived: { acceptance: number; msPerToken: number; verifyMs: number; draftMsPerToken: number }[];
  schedule: { largeShare: number; meanLargeRun: number; switches: number; tokens: number };
  ratios: { eadToLarge: number; eadToSpeculative: number; smallToLarge: number };
  prompts: number;
  maxTokens: number;
}

const median = (xs: number[]) => percentile(xs, 50);

/** Times one lane evaluation that brings `lane` from `base` to `base + extra` (distribution after the last). */
async function timeAdvance(lane: Lane, base: number[], extra: number[], topK: number, outputs = 1): Promise<number> {
  await lane.advance(base, { topK });
  const target = [...base, ...extra];
  const t0 = performance.now();
  await lane.advance(target, { topK, outputsFrom: target.length - outputs });
  return performance.now() - t0;
}

export async function runSpeed(o: SpeedOptions): Promise<SpeedReport> {
  const engine = await EadEngine.load({ smallModelPath: o.small, largeModelPath: o.large, threads: o.threads, contextSize: 2048, batchSize: 128 });
  try {
    const schedule = replaySchedule(o.maxTokens, o.largeShare, o.meanLargeRun);
    const modes: ("small" | "large" | "ead")[] = ["small", "large", "ead"];
    const perMode: Record<string, { ms: number[]; tokens: number[]; largeTokens: number }> = {};
    for (const m of modes) perMode[m] = { ms: [], tokens: [], largeTokens: 0 };
    const overhead: { wall: number; inside: number; tokens: number } = { wall: 0, inside: 0, tokens: 0 };
    let catchUpMs = 0;
    let switches = 0;
    const total = o.prompts.length * o.repeats * modes.length;
    let done = 0;

    // Warm-up: load weights into the page cache and the caches of both lanes.
    await engine.complete({ prefix: o.prompts[0], settings: { mode: "ead", maxTokens: 4, topK: o.topK }, schedule: ["small", "large"], ignoreStops: true });

    for (let r = 0; r < o.repeats; r++) {
      for (const [i, prefix] of o.prompts.entries()) {
        // Both lanes hold the prompt before timing: the figures are generation, not prompt prefill.
        const prompt = engine.completionPrompt(prefix).prompt;
        await engine.lanes.small.advance(prompt, { topK: o.topK });
        await engine.lanes.large.advance(prompt, { topK: o.topK });
        // Rotate the order so drift on a shared machine hits every mode alike.
        const order = modes.map((_, k) => modes[(k + i + r) % modes.length]);
        for (const mode of order) {
          const lanes: Lane[] = [engine.lanes.small, engine.lanes.large];
          const insideBefore = lanes.reduce((a, l) => a + l.evaluationMs, 0);
          const result = await engine.complete({
            prefix,
            settings: { mode, maxTokens: o.maxTokens, topK: o.topK, threshold: Infinity },
            schedule: mode === "ead" ? schedule : undefined,
            ignoreStops: true,
          });
          const inside = lanes.reduce((a, l) => a + l.evaluationMs, 0) - insideBefore;
          const tokens = result.tokens.length;
          perMode[mode].ms.push(result.stats.ms.total);
          perMode[mode].tokens.push(tokens);
          perMode[mode].largeTokens += result.stats.largeTokens;
          if (mode === "small") {
            overhead.wall += result.stats.ms.total;
            overhead.inside += inside;
            overhead.tokens += tokens;
          }
          if (mode === "ead") {
            catchUpMs += result.stats.ms.catchUp;
            switches += result.stats.switches;
          }
          o.onProgress?.(++done, total, `${mode} prompt ${i + 1}`);
        }
      }
    }

    const msPerToken = (m: string) => perMode[m].ms.reduce((a, b) => a + b, 0) / Math.max(1, perMode[m].tokens.reduce((a, b) => a + b, 0));
    const results: SpeedModeResult[] = modes.map((mode) => ({
      mode,
      msPerToken: round(msPerToken(mode)),
      msPerCompletion: { mean: round(mean(perMode[mode].ms)), p50: round(median(perMode[mode].ms)) },
      ...(mode === "ead" ? { largeShare: round(perMode.ead.largeTokens / Math.max(1, perMode.ead.tokens.reduce((a, b) => a + b, 0))) } : {}),
    }));

    // Micro-measurements on a cached prompt: catch-up batches, decode steps, verification.
    const base = engine.buildPrompt(o.prompts[0]);
    const filler = (n: number, seed: number) => Array.from({ length: n }, (_, k) => 300 + ((seed * 31 + k * 17) % 3000));
    const sizes = [1, 2, 4, 8, 16, 32];
    const catchUp: SpeedReport["catchUp"] = [];
    const reps = 3;
    const time = async (lane: Lane, n: number, outputs = 1) => {
      const xs: number[] = [];
      for (let k = 0; k < reps; k++) xs.push(await timeAdvance(lane, base, filler(n, k), o.topK, outputs));
      return median(xs);
    };
    const largeStep = await time(engine.lanes.large, 1);
    for (const n of sizes) {
      const ms = n === 1 ? largeStep : await time(engine.lanes.large, n);
      catchUp.push({ tokens: n, ms: round(ms), largeSteps: round(ms / largeStep) });
    }
    const smallStep = await time(engine.lanes.small, 1);
    const smallStep2 = await time(engine.lanes.small, 2);
    const K = o.draftTokens;
    // Verification: the last accepted token plus K drafts, a distribution after each.
    const verifyMs = await time(engine.lanes.large, K, K + 1);
    const draftRound = smallStep2 + (K - 1) * smallStep;
    const derive = (a: number) => {
      const expected = a >= 1 ? K + 1 : (1 - a ** (K + 1)) / (1 - a);
      return { acceptance: a, msPerToken: round((draftRound + verifyMs) / expected), verifyMs: round(verifyMs), draftMsPerToken: round(smallStep) };
    };
    const speculativeDerived = [o.acceptance, 0.5, 0.7, 0.9].map(derive);
    const spec = speculativeDerived[0];
    results.push({ mode: "speculative", msPerToken: spec.msPerToken, msPerCompletion: { mean: round(spec.msPerToken * o.maxTokens), p50: round(spec.msPerToken * o.maxTokens) }, derived: true, acceptance: o.acceptance });

    const overheadPerToken = overhead.tokens ? (overhead.wall - overhead.inside) / overhead.tokens : 0;
    const smallDecode = msPerToken("small");
    const eadMs = msPerToken("ead");
    return {
      smallShape: o.smallShape,
      largeShape: o.largeShape,
      threads: o.threads,
      modes: results,
      engineOverheadMsPerToken: round(overheadPerToken),
      catchUpMsPerSwitch: round(switches ? catchUpMs / switches : 0),
      largeDecodeMsPerToken: round(msPerToken("large")),
      smallDecodeMsPerToken: round(smallDecode),
      engineOverheadPctOfSmallDecode: round((100 * overheadPerToken) / smallDecode, 2),
      catchUp,
      speculativeDerived,
      schedule: { ...describeSchedule(schedule as ModelRole[]), tokens: schedule.length },
      ratios: {
        eadToLarge: round(eadMs / msPerToken("large")),
        eadToSpeculative: round(eadMs / spec.msPerToken),
        smallToLarge: round(smallDecode / msPerToken("large")),
      },
      prompts: o.prompts.length,
      maxTokens: o.maxTokens,
    };
  } finally {
    await engine.dispose();
  }
}
