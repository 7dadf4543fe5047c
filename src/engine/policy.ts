// EAD switch policy: the large model writes while the rolling entropy is above the threshold.
// Stability rules of ours on top: a hysteresis margin, or a minimum stay after each switch.
// Hysteresis keeps the threshold's meaning (the large model takes over strictly above it) and only
// delays the way back: the small model returns once the rolling mean is below threshold - hysteresis.
// So threshold 0 means always large (entropies are never negative) under every rule.
import type { ModelRole, SwitchSettings } from "./types";

export class SwitchPolicy {
  private current: ModelRole = "small";
  /** Tokens written since the last switch; no switch yet means nothing to hold. */
  private sinceSwitch = Number.POSITIVE_INFINITY;

  constructor(private readonly settings: SwitchSettings) {}

  get writer(): ModelRole {
    return this.current;
  }

  /** Decides who writes the token at this position, given the rolling mean that includes it. */
  decide(rolling: number): ModelRole {
    const { threshold, stability, hysteresis, minStay } = this.settings;
    if (stability === "minStay" && this.sinceSwitch < minStay) return this.current;
    if (stability === "hysteresis") {
      if (this.current === "small") return rolling > threshold ? "large" : "small";
      return rolling < threshold - hysteresis ? "small" : "large";
    }
    return rolling > threshold ? "large" : "small";
  }

  /** Records who wrote the token at this position; returns whether that was a switch. */
  commit(writer: ModelRole): boolean {
    const isSwitch = writer !== this.current;
    if (isSwitch) {
      this.current = writer;
      this.sinceSwitch = 0;
    }
    this.sinceSwitch++;
    return isSwitch;
  }
}
