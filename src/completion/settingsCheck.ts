// Checks the editor-side settings (ead.*) from any source: values out of range are clamped and wrong
// types fall back to defaults, each with a warning a user can act on. The decode settings go through
// the engine's own normalizeSettings, so the editor warns about exactly what the engine will correct.
import { DECODE_KEYS, EDITOR_LIMITS } from "../engine/settingLimits";
import { normalizeSettings } from "../engine/settings";
import type { DecodeSettings } from "../engine/types";
import type { MultilineSetting } from "./postprocess";

export interface EditorSettings {
  decode: DecodeSettings;
  debounceMs: number;
  multiline: MultilineSetting;
  threads: number;
  /** Memory the model pair may use, MiB; 0 means whatever is available. */
  memoryBudgetMB: number;
}

export interface CheckedSettings {
  settings: EditorSettings;
  /** One line per corrected setting, naming it as the user wrote it (ead.window, ...). */
  warnings: string[];
}

const MULTILINE: readonly MultilineSetting[] = ["auto", "always", "never"];

/** `get(key)` reads one setting without the `ead.` prefix (undefined when unset). */
export function checkEditorSettings(get: (key: string) => unknown): CheckedSettings {
  const warnings: string[] = [];
  const input: Partial<Record<keyof DecodeSettings, unknown>> = {};
  for (const key of DECODE_KEYS) {
    const v = get(key);
    if (v !== undefined) input[key] = v;
  }
  const decode = normalizeSettings(input);
  warnings.push(...decode.warnings.map((w) => `ead.${w}`));

  const integer = (key: keyof typeof EDITOR_LIMITS): number => {
    const { min, max, default: fallback } = EDITOR_LIMITS[key];
    const v = get(key);
    if (v === undefined) return fallback;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      warnings.push(`ead.${key} must be a number; got ${JSON.stringify(v)}, using ${fallback}.`);
      return fallback;
    }
    const r = Math.round(v);
    if (r < min || r > max) {
      const c = Math.min(max, Math.max(min, r));
      warnings.push(`ead.${key} ${v} is outside ${min}..${max}; using ${c}.`);
      return c;
    }
    return r;
  };

  let multiline: MultilineSetting = "auto";
  const m = get("multiline");
  if (m !== undefined) {
    if ((MULTILINE as unknown[]).includes(m)) multiline = m as MultilineSetting;
    else warnings.push(`ead.multiline must be one of ${MULTILINE.join(", ")}; got ${JSON.stringify(m)}, using auto.`);
  }

  return {
    settings: {
      decode: decode.settings,
      debounceMs: integer("debounceMs"),
      multiline,
      threads: integer("threads"),
      memoryBudgetMB: integer("memoryBudgetMB"),
    },
    warnings,
  };
}
