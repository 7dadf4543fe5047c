// The settings panel's logic without vscode: which settings it edits and their limits (read from the
// extension's package.json), validation of every message the webview sends, the entropy histogram, and
// the replayed large share for a threshold.
import { simulatedLargeShare } from "../../engine/calibrate";
import { DECODE_KEYS } from "../../engine/settingLimits";
import type { ModelRole, SwitchSettings } from "../../engine/types";

/** Decoding settings the panel edits (without the `ead.` prefix, in display order) are defined once in the engine. */
export { DECODE_KEYS };
/** How the threshold is chosen (budget or fixed), and rollback and first-position rules. */
export const BUDGET_KEYS = ["switching", "largeShareTarget", "rollbackBound", "firstPosition"] as const;
/** How the prompt ends: token healing (a change reloads the pair). */
export const PROMPT_KEYS = ["tokenHealing"] as const;
/** Provenance colour settings the panel edits. */
export const PROVENANCE_KEYS = ["provenance.enabled", "provenance.smallColor", "provenance.largeColor"] as const;
/** Context from other files: on or off, and the tokens it may add to a prompt. */
export const CONTEXT_KEYS = ["context.enabled", "context.maxTokens"] as const;
export const PANEL_KEYS = [...DECODE_KEYS, ...BUDGET_KEYS, ...PROMPT_KEYS, ...PROVENANCE_KEYS, ...CONTEXT_KEYS] as const;
export type PanelKey = (typeof PANEL_KEYS)[number];

export interface NumberField {
  kind: "number";
  key: PanelKey;
  integer: boolean;
  min: number;
  max: number;
  step: number;
  default: number;
  description: string;
}

export interface EnumField {
  kind: "enum";
  key: PanelKey;
  options: string[];
  optionDescriptions: string[];
  default: string;
  description: string;
}

export interface BooleanField {
  kind: "boolean";
  key: PanelKey;
  default: boolean;
  description: string;
}

/** A CSS colour, or empty for the theme colour. */
export interface ColorField {
  kind: "color";
  key: PanelKey;
  default: string;
  description: string;
}

export type PanelField = NumberField | EnumField | BooleanField | ColorField;

/**
 * Whether `value` is a colour the panel may write: empty (the theme colour), #rgb, #rgba, #rrggbb,
 * #rrggbbaa, or rgb()/rgba()/hsl()/hsla() with numeric arguments. Nothing else reaches the editor's CSS.
 */
export function isCssColor(value: string): boolean {
  if (value === "") return true;
  if (value.length > 64) return false;
  if (/^#([0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(value)) return true;
  return /^(rgb|rgba|hsl|hsla)\(\s*[-+]?[\d.]+(deg|%)?(\s*[,\s/]\s*[-+]?[\d.]+%?){2,3}\s*\)$/i.test(value);
}

const STEPS: Partial<Record<PanelKey, number>> = { threshold: 0.05, hysteresis: 0.05, largeShareTarget: 0.05, rollbackBound: 0.01 };

/** Strips markdown setting links and backticks from a description for plain display. */
function plain(text: unknown): string {
  return typeof text === "string" ? text.replace(/`#ead\.([\w.]+)#`/g, "$1").replace(/`#([\w.]+)#`/g, "$1").replace(/`/g, "") : "";
}

/** A `contributes.configuration` section: one object, or (since the settings are grouped) a list of them. */
export type ConfigurationContribution = { properties?: Record<string, unknown> } | { properties?: Record<string, unknown> }[];

/** Every setting of `contributes.configuration`, whether it is one section or several. */
export function settingProperties(configuration: ConfigurationContribution | undefined): Record<string, unknown> {
  const sections = configuration === undefined ? [] : Array.isArray(configuration) ? configuration : [configuration];
  return Object.assign({}, ...sections.map((section) => section.properties ?? {}));
}

/**
 * Panel fields from package.json's `contributes.configuration` properties, so the panel's limits are the
 * ones VS Code's own settings editor enforces. Throws if a panel setting is missing or malformed.
 */
export function fieldsFromSchema(properties: Record<string, unknown>): PanelField[] {
  return PANEL_KEYS.map((key): PanelField => {
    const prop = properties[`ead.${key}`] as Record<string, unknown> | undefined;
    if (!prop || typeof prop !== "object") throw new Error(`package.json has no setting ead.${key}`);
    const description = plain(prop.markdownDescription ?? prop.description);
    if (prop.type === "boolean") return { kind: "boolean", key, default: prop.default === true, description };
    if (key.endsWith("Color") && prop.type === "string") {
      return { kind: "color", key, default: typeof prop.default === "string" ? prop.default : "", description };
    }
    if (Array.isArray(prop.enum)) {
      return {
        kind: "enum",
        key,
        options: prop.enum.map(String),
        optionDescriptions: Array.isArray(prop.enumDescriptions) ? prop.enumDescriptions.map(plain) : [],
        default: String(prop.default),
        description,
      };
    }
    if ((prop.type === "number" || prop.type === "integer") && typeof prop.minimum === "number" && typeof prop.maximum === "number") {
      const integer = prop.type === "integer";
      return {
        kind: "number",
        key,
        integer,
        min: prop.minimum,
        max: prop.maximum,
        step: integer ? 1 : (STEPS[key] ?? 0.01),
        default: Number(prop.default),
        description,
      };
    }
    throw new Error(`setting ead.${key} needs a boolean, colour, enum or numeric type with minimum and maximum`);
  });
}

/** Messages the settings webview may send. */
export type SettingsMessage =
  | { type: "ready" }
  | { type: "set"; key: PanelKey; value: number | string | boolean }
  | { type: "reset"; key: PanelKey }
  | { type: "calibrate"; target: number }
  | { type: "openStats" };

export type Validated<T> = { ok: true; message: T } | { ok: false; error: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function onlyKeys(msg: Record<string, unknown>, allowed: string[]): string | undefined {
  const extra = Object.keys(msg).filter((k) => !allowed.includes(k));
  return extra.length ? `unexpected field(s) ${extra.join(", ")}` : undefined;
}

/** Validates a value for one field: type, integer-ness, range, enum membership. */
export function validateValue(field: PanelField, value: unknown): { ok: true; value: number | string | boolean } | { ok: false; error: string } {
  if (field.kind === "boolean") {
    return typeof value === "boolean" ? { ok: true, value } : { ok: false, error: `${field.key} must be true or false` };
  }
  if (field.kind === "color") {
    if (typeof value !== "string" || !isCssColor(value.trim())) {
      return { ok: false, error: `${field.key} must be empty (theme colour), a #hex colour or rgb()/rgba()/hsl()/hsla()` };
    }
    return { ok: true, value: value.trim() };
  }
  if (field.kind === "enum") {
    if (typeof value !== "string" || !field.options.includes(value)) {
      return { ok: false, error: `${field.key} must be one of ${field.options.join(", ")}` };
    }
    return { ok: true, value };
  }
  if (typeof value !== "number" || !Number.isFinite(value)) return { ok: false, error: `${field.key} must be a finite number` };
  if (field.integer && !Number.isInteger(value)) return { ok: false, error: `${field.key} must be an integer` };
  if (value < field.min || value > field.max) return { ok: false, error: `${field.key} must be within ${field.min}..${field.max}` };
  return { ok: true, value };
}

/** Checks every field of a message from the settings webview; anything unexpected is rejected. */
export function validateSettingsMessage(raw: unknown, fields: readonly PanelField[]): Validated<SettingsMessage> {
  if (!isRecord(raw)) return { ok: false, error: "message is not an object" };
  const fail = (error: string): Validated<SettingsMessage> => ({ ok: false, error });
  switch (raw.type) {
    case "ready":
    case "openStats": {
      const extra = onlyKeys(raw, ["type"]);
      return extra ? fail(extra) : { ok: true, message: { type: raw.type } };
    }
    case "set":
    case "reset": {
      const extra = onlyKeys(raw, raw.type === "set" ? ["type", "key", "value"] : ["type", "key"]);
      if (extra) return fail(extra);
      const field = fields.find((f) => f.key === raw.key);
      if (typeof raw.key !== "string" || !field) return fail(`unknown setting ${JSON.stringify(raw.key)}`);
      if (raw.type === "reset") return { ok: true, message: { type: "reset", key: field.key } };
      const checked = validateValue(field, raw.value);
      return checked.ok ? { ok: true, message: { type: "set", key: field.key, value: checked.value } } : fail(checked.error);
    }
    case "calibrate": {
      const extra = onlyKeys(raw, ["type", "target"]);
      if (extra) return fail(extra);
      const t = raw.target;
      if (typeof t !== "number" || !Number.isFinite(t) || t < 0 || t > 1) return fail("target must be a number within 0..1");
      return { ok: true, message: { type: "calibrate", target: t } };
    }
    default:
      return fail(`unknown message type ${JSON.stringify(raw.type)}`);
  }
}

export interface Histogram {
  binWidth: number;
  /** Upper edge of the last bin. */
  max: number;
  /** Tokens per bin, split by who wrote them. */
  small: number[];
  large: number[];
  total: number;
}

/** Histogram of token entropies in bins of `binWidth` bits from 0 to at least `minMax`. */
export function entropyHistogram(tokens: readonly { entropy: number; model: ModelRole }[], binWidth = 0.25, minMax = 4): Histogram {
  let top = minMax;
  for (const t of tokens) if (t.entropy > top) top = t.entropy;
  const bins = Math.max(1, Math.ceil(top / binWidth + 1e-9));
  const small = new Array<number>(bins).fill(0);
  const large = new Array<number>(bins).fill(0);
  for (const t of tokens) {
    if (!Number.isFinite(t.entropy)) continue;
    const i = Math.min(bins - 1, Math.max(0, Math.floor(t.entropy / binWidth)));
    (t.model === "large" ? large : small)[i]++;
  }
  return { binWidth, max: bins * binWidth, small, large, total: tokens.length };
}

export interface ShareCurve {
  /** Thresholds, evenly spaced from `from` by `step`. */
  from: number;
  step: number;
  /** Replayed large share at each threshold (null without history). */
  shares: (number | null)[];
}

/** Replayed large share at evenly spaced thresholds, so the webview can show it while a slider moves. */
export function shareCurve(
  sequences: readonly (readonly number[])[],
  settings: SwitchSettings,
  from: number,
  to: number,
  step: number,
): ShareCurve {
  const shares: (number | null)[] = [];
  const n = Math.round((to - from) / step);
  for (let i = 0; i <= n; i++) {
    const share = simulatedLargeShare(sequences, { ...settings, threshold: from + i * step });
    shares.push(Number.isNaN(share) ? null : share);
  }
  return { from, step, shares };
}
