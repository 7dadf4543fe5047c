// A new pair's entropy scale. The budget controller reads its threshold off recent rolling entropies and
// falls back to the fixed threshold (tuned on the fixture pair) until it has MIN samples; a real pair's
// entropies sit elsewhere, so its first completions would run at the wrong large share. This measures
// the pair's own rolling entropies once, on a few short bundled prompts with the small model writing
// alone, so that the controller starts from them; the editor keeps the result per pair (budget store).
import type { CompletionRequest, CompletionResult, DecodeSettings } from "../types";

/** Short, ordinary code in a few languages: the cursor where an editor would ask for a suggestion. */
export const SCALE_PROMPTS: readonly { prefix: string; suffix: string }[] = [
  { prefix: "function sum(values) {\n  let total = 0;\n  for (const v of values) {\n    ", suffix: "\n  }\n  return total;\n}\n" },
  { prefix: "import os\n\n\ndef read_lines(path):\n    with open(path) as f:\n        ", suffix: "\n\n\nif __name__ == '__main__':\n    print(read_lines('a.txt'))\n" },
  { prefix: "export class Queue<T> {\n  private items: T[] = [];\n\n  push(item: T): void {\n    ", suffix: "\n  }\n}\n" },
  { prefix: "#include <stdio.h>\n\nint main(int argc, char **argv) {\n  for (int i = 1; i < argc; i++) {\n    ", suffix: "\n  }\n  return 0;\n}\n" },
];

/** Tokens the small model writes per prompt: 4 x 16 = 64 rolling entropies, above the controller's 48. */
export const SCALE_TOKENS = 16;

export type Complete = (request: CompletionRequest) => Promise<Pick<CompletionResult, "tokens">>;

/**
 * The pair's rolling entropies (bits) under `settings`' window and top-K: `ead` mode with an infinite
 * threshold, so the small model writes every token and each token carries the rolling mean.
 */
export async function measurePairScale(complete: Complete, settings: Pick<DecodeSettings, "window" | "topK">): Promise<number[]> {
  const samples: number[] = [];
  for (const p of SCALE_PROMPTS) {
    const result = await complete({
      prefix: p.prefix,
      suffix: p.suffix,
      settings: { mode: "ead", threshold: Number.POSITIVE_INFINITY, window: settings.window, topK: settings.topK, maxTokens: SCALE_TOKENS },
      ignoreStops: true,
    });
    for (const t of result.tokens) if (Number.isFinite(t.rolling)) samples.push(t.rolling);
  }
  return samples;
}
