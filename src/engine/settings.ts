// Validates decode settings from any caller: out-of-range values are clamped, wrong types fall back to
// defaults, and each correction is reported so the caller can warn the user.
import { DECODE_LIMITS } from "./settingLimits";
import { DECODE_MODES, DEFAULT_DECODE_SETTINGS, FIRST_POSITION_RULES, STABILITY_RULES, type DecodeSettings } from "./types";

export interface NormalizedSettings {
  settings: DecodeSettings;
  warnings: string[];
}

export function normalizeSettings(input: Partial<Record<keyof DecodeSettings, unknown>> = {}): NormalizedSettings {
  const warnings: string[] = [];
  const settings: DecodeSettings = { ...DEFAULT_DECODE_SETTINGS };

  const pick = <K extends keyof DecodeSettings>(key: K, allowed: readonly DecodeSettings[K][]) => {
    const value = input[key];
    if (value === undefined) return;
    if ((allowed as unknown[]).includes(value)) settings[key] = value as DecodeSettings[K];
    else warnings.push(`${key} must be one of ${allowed.join(", ")}; got ${JSON.stringify(value)}, using ${settings[key]}.`);
  };
  const number = (key: keyof typeof DECODE_LIMITS, allowInfinite = false) => {
    const value = input[key];
    if (value === undefined) return;
    const { min, max, integer } = DECODE_LIMITS[key];
    if (typeof value !== "number" || Number.isNaN(value)) {
      warnings.push(`${key} must be a number; got ${JSON.stringify(value)}, using ${settings[key]}.`);
      return;
    }
    // An infinite threshold is meaningful (never / always switch); it is how the modes are compared.
    if (allowInfinite && !Number.isFinite(value)) {
      (settings[key] as number) = value;
      return;
    }
    let v = integer ? Math.round(value) : value;
    if (v < min || v > max || !Number.isFinite(v)) {
      const clamped = Math.min(max, Math.max(min, Number.isFinite(v) ? v : v > 0 ? max : min));
      warnings.push(`${key} ${value} is outside ${min}..${max}; using ${clamped}.`);
      v = clamped;
    }
    (settings[key] as number) = v;
  };

  pick("mode", DECODE_MODES);
  pick("stability", STABILITY_RULES);
  number("threshold", true);
  number("window");
  number("hysteresis");
  number("minStay");
  number("topK");
  number("maxTokens");
  number("draftTokens");
  number("rollbackBound");
  pick("firstPosition", FIRST_POSITION_RULES);
  return { settings, warnings };
}
