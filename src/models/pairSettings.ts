// The settings a loaded pair depends on: a change to any of them reloads the pair (a pair not in memory
// stays out; the next request loads it with the new values). ead.gpu moves the models between devices.
export const PAIR_SETTINGS = ["ead.smallModel", "ead.largeModel", "ead.largeServer", "ead.largeServerTimeoutMs", "ead.threads", "ead.memoryBudgetMB", "ead.gpu", "ead.tokenHealing"] as const;

/** Whether a configuration change (`affects` as vscode's ConfigurationChangeEvent.affectsConfiguration) needs a reload. */
export function pairSettingsChanged(affects: (section: string) => boolean): boolean {
  return PAIR_SETTINGS.some((key) => affects(key));
}
