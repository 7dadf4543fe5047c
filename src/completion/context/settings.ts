// ead.context.*: whether context from the rest of the project is sent, and how many tokens it may take.
// Checked like the other editor settings (settingsCheck.ts): wrong types fall back to the default and
// values out of range are clamped, each with a warning that names the setting.
import { DEFAULT_CONTEXT_MAX_TOKENS, MAX_CONTEXT_MAX_TOKENS } from "../../engine/promptContext/limits";
import type { NumberLimit } from "../../engine/settingLimits";

export const CONTEXT_LIMITS = {
  /** Tokens the context block may take; 0 turns context off. */
  maxTokens: { min: 0, max: MAX_CONTEXT_MAX_TOKENS, default: DEFAULT_CONTEXT_MAX_TOKENS, integer: true },
} as const satisfies Record<string, NumberLimit>;

export interface ContextSettings {
  enabled: boolean;
  maxTokens: number;
}

/** `get(key)` reads one setting without the `ead.` prefix (undefined when unset); warnings are appended. */
export function checkContextSettings(get: (key: string) => unknown, warnings: string[]): ContextSettings {
  let enabled = true;
  const e = get("context.enabled");
  if (e !== undefined) {
    if (typeof e === "boolean") enabled = e;
    else warnings.push(`ead.context.enabled must be true or false; got ${JSON.stringify(e)}, using true.`);
  }
  const { min, max, default: fallback } = CONTEXT_LIMITS.maxTokens;
  let maxTokens: number = fallback;
  const t = get("context.maxTokens");
  if (t !== undefined) {
    if (typeof t !== "number" || !Number.isFinite(t)) warnings.push(`ead.context.maxTokens must be a number; got ${JSON.stringify(t)}, using ${fallback}.`);
    else {
      const r = Math.round(t);
      maxTokens = Math.min(max, Math.max(min, r));
      if (r !== maxTokens) warnings.push(`ead.context.maxTokens ${t} is outside ${min}..${max}; using ${maxTokens}.`);
    }
  }
  return { enabled, maxTokens };
}

/** Whether requests carry context at all. */
export const contextOn = (s: ContextSettings): boolean => s.enabled && s.maxTokens > 0;
