// Why a token went to the model that wrote it, in the words of the switch rule (src/engine/policy.ts):
// the large model takes over when the rolling mean is above the threshold; with hysteresis it keeps
// writing until the mean falls below threshold - hysteresis; a minimum stay can hold either model.
import type { ModelRole } from "../../engine/types";

export interface WhyInput {
  model: ModelRole;
  rolling: number;
  threshold: number;
}

export function switchReason({ model, rolling, threshold }: WhyInput): string {
  if (model === "large") {
    return rolling > threshold
      ? "the rolling mean was above the threshold, so the large model wrote this token"
      : "the rolling mean was at or below the threshold, but a stability rule (hysteresis: until it falls below threshold - hysteresis; or a minimum stay) kept the large model writing";
  }
  return rolling > threshold
    ? "the rolling mean was above the threshold, but a minimum stay kept the small model writing"
    : "the rolling mean was at or below the threshold, so the small model wrote this token";
}

/** The hover's note for a token that replaced one the large model rejected during a catch-up. */
export function replacedNote(replaced: { text: string; probability: number } | undefined): string | undefined {
  if (!replaced) return undefined;
  const p = replaced.probability < 0.001 ? replaced.probability.toExponential(1) : replaced.probability.toFixed(3);
  return `This token replaced ${JSON.stringify(replaced.text)}, which the small model had written and the large model rejected (probability ${p}, below the rollback bound) when it caught up.`;
}
