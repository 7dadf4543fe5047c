// EAD switch policy: the large model writes while the rolling entropy is above the threshold.
// Stability rules of ours on top: a hysteresis band, or a minimum stay after each switch.
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
      const half = hysteresis / 2;
      if (this.current === "small") return rolling > threshold + half ? "large" : "small";
      return rolling < threshold - half ? "small" : "large";
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
