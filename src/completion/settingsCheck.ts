// Checks the editor-side settings (ead.*) from any source: values out of range are clamped and wrong
// types fall back to defaults, each with a warning a user can act on. The decode settings go through
// the engine's own normalizeSettings, so the editor warns about exactly what the engine will correct.
import { EDITOR_DECODE_KEYS, EDITOR_LIMITS } from "../engine/settingLimits";
import { normalizeSettings } from "../engine/settings";
import type { DecodeSettings } from "../engine/types";
import { SHARE_TARGET_LIMITS } from "../engine/budget/controller";
import { SWITCHING_RULES, type BudgetChoice, type SwitchingRule } from "./budgetKeeper";
import type { MultilineSetting } from "./postprocess";
import { checkContextSettings, type ContextSettings } from "./context/settings";

export interface EditorSettings {
  decode: DecodeSettings;
  debounceMs: number;
  multiline: MultilineSetting;
  /** ead.threads: 0 means automatic (resolve with machine/cores threadsFor). */
  threads: number;
  /** Memory the model pair may use, MiB; 0 means whatever is available. */
  memoryBudgetMB: number;
  /** Fixed threshold or large-share budget. */
  budget: BudgetChoice;
  /** Longest wait for the team server (ead.largeServer), ms. */
  largeServerTimeoutMs: number;
  /** Idle minutes before the pair is unloaded; 0 keeps it loaded. */
  idleUnloadMinutes: number;
  /** ead.context.*: code from the rest of the project in the prompt. */
  context: ContextSettings;
}

export interface CheckedSettings {
  settings: EditorSettings;
  /** One line per corrected setting, naming it as the user wrote it (ead.window, ...). */
  warnings: string[];
}

export const BUDGET_DEFAULTS: BudgetChoice = { switching: "budget", target: EDITOR_LIMITS.largeShareTarget.default };
const MULTILINE: readonly MultilineSetting[] = ["auto", "always", "never"];

/** `get(key)` reads one setting without the `ead.` prefix (undefined when unset). */
export function checkEditorSettings(get: (key: string) => unknown): CheckedSettings {
  const warnings: string[] = [];
  const input: Partial<Record<keyof DecodeSettings, unknown>> = {};
  for (const key of EDITOR_DECODE_KEYS) {
    const v = get(key);
    if (v !== undefined) input[key] = v;
  }
  const decode = normalizeSettings(input);
  warnings.push(...decode.warnings.map((w) => `ead.${w}`));

  const integer = (key: IntegerKey): number => checkedInteger(get, key, warnings);

  let multiline: MultilineSetting = "auto";
  const m = get("multiline");
  if (m !== undefined) {
    if ((MULTILINE as unknown[]).includes(m)) multiline = m as MultilineSetting;
    else warnings.push(`ead.multiline must be one of ${MULTILINE.join(", ")}; got ${JSON.stringify(m)}, using auto.`);
  }

  let switching: SwitchingRule = BUDGET_DEFAULTS.switching;
  const sw = get("switching");
  if (sw !== undefined) {
    if ((SWITCHING_RULES as unknown[]).includes(sw)) switching = sw as SwitchingRule;
    else warnings.push(`ead.switching must be one of ${SWITCHING_RULES.join(", ")}; got ${JSON.stringify(sw)}, using ${switching}.`);
  }
  let target = BUDGET_DEFAULTS.target;
  const t = get("largeShareTarget");
  if (t !== undefined) {
    if (typeof t !== "number" || !Number.isFinite(t)) warnings.push(`ead.largeShareTarget must be a number; got ${JSON.stringify(t)}, using ${target}.`);
    else if (t < SHARE_TARGET_LIMITS.min || t > SHARE_TARGET_LIMITS.max) {
      target = Math.min(SHARE_TARGET_LIMITS.max, Math.max(SHARE_TARGET_LIMITS.min, t));
      warnings.push(`ead.largeShareTarget ${t} is outside ${SHARE_TARGET_LIMITS.min}..${SHARE_TARGET_LIMITS.max}; using ${target}.`);
    } else target = t;
  }

  const context = checkContextSettings(get, warnings);

  return {
    settings: {
      budget: { switching, target },
      decode: decode.settings,
      debounceMs: integer("debounceMs"),
      multiline,
      threads: integer("threads"),
      memoryBudgetMB: integer("memoryBudgetMB"),
      largeServerTimeoutMs: integer("largeServerTimeoutMs"),
      idleUnloadMinutes: integer("idleUnloadMinutes"),
      context,
    },
    warnings,
  };
}

type IntegerKey = "debounceMs" | "threads" | "memoryBudgetMB" | "largeServerTimeoutMs" | "idleUnloadMinutes";

/**
 * One whole-number setting: unset gives the default, a non-number (a string, NaN, Infinity) the default
 * with a warning, a fraction is rounded, and a value outside the table's range is clamped with a warning.
 */
function checkedInteger(get: (key: string) => unknown, key: IntegerKey, warnings: string[]): number {
  const { min, max, default: fallback } = EDITOR_LIMITS[key];
  const v = get(key);
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v)) {
    warnings.push(`ead.${key} must be a number; got ${typeof v === "number" ? String(v) : JSON.stringify(v)}, using ${fallback}.`);
    return fallback;
  }
  const r = Math.round(v);
  if (r < min || r > max) {
    const c = Math.min(max, Math.max(min, r));
    warnings.push(`ead.${key} ${v} is outside ${min}..${max}; using ${c}.`);
    return c;
  }
  return r;
}

/**
 * ead.idleUnloadMinutes as the pair's lifecycle uses it, checked like the other settings (0..1440,
 * 0 = never unload; a wrong type gives the default). It is read on every request, so it checks this one
 * setting only; checkEditorSettings reports the same correction once, with the others.
 */
export function idleUnloadMinutes(get: (key: string) => unknown): number {
  return checkedInteger(get, "idleUnloadMinutes", []);
}
