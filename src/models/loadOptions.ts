// What the editor asks the engine process to load or check a pair with: the settings read as load options.
import { GPU_SETTINGS, type GpuSetting } from "../engine/placement";
import type { ResolvedModel } from "../engine/modelfiles/resolve";
import { DEFAULT_TOKEN_HEALING, isTokenHealing, type TokenHealing } from "../engine/tokenHealing";

export const CONTEXT_SIZE = 4096;

/** The ead.gpu setting; an unknown value counts as auto. */
export function gpuSetting(value: unknown): GpuSetting {
  return GPU_SETTINGS.includes(value as GpuSetting) ? (value as GpuSetting) : "auto";
}

/** The ead.tokenHealing setting; an unknown value counts as the default. */
export function tokenHealingSetting(value: unknown): TokenHealing {
  return isTokenHealing(value) ? value : DEFAULT_TOKEN_HEALING;
}

/**
 * The memory the pair may use: the ead.memoryBudgetMB setting when set (it lifts the cap: the user knows
 * what else the machine runs), else undefined, and the engine takes what the OS calls available.
 */
export function memoryBudget(mb: number): number | undefined {
  return mb > 0 ? mb * 2 ** 20 : undefined;
}

/** A resolved model setting in words, for the log. */
export function describeModel(m: ResolvedModel): string {
  if (m.source === "uri") return `${m.uri} (${m.path ?? "not downloaded"})`;
  return m.path;
}
