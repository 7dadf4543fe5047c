// Small source files that the context tests gather as chunks, and a replay session that leans on one.
import type { ReplaySession } from "../../../src/bench/replay/sessions";
import type { ContextChunk } from "../../../src/engine/types";

/** A module whose `total` the tests' prompts call, as a chunk. */
export const SUM_CHUNK: ContextChunk = { path: "src/sum.js", text: "export function total(xs) {\n  return xs.reduce((a, b) => a + b, 0);\n}\n" };

/** src/limits.js: `clamp` and `LIMIT`, which scaleSession's line uses (its last line unended). */
export const LIMITS_JS = "export function clamp(value, low, high) {\n  return Math.min(high, Math.max(low, value));\n}\n\nexport const LIMIT = 100;";

/** src/scale.js retyped: one line that uses `clamp` and `LIMIT`, with src/limits.js (`limits`) opened before. */
export function scaleSession(limits: string): ReplaySession {
  const head = "import { clamp, LIMIT } from './limits.js';\n\nexport function scale(values) {\n";
  return {
    id: "scale",
    kind: "retype",
    repo: "demo",
    path: "src/scale.js",
    document: head + "}\n",
    steps: [{ offset: head.length, text: "  return values.map((v) => clamp(v, 0, LIMIT));\n" }],
    opened: [{ path: "src/limits.js", text: limits }],
  };
}
