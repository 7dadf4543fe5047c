// The editor's side of the large-share budget: one controller per model pair (and window / top-K), fed
// by every finished `ead` completion, its effective threshold put into each request, its state kept in
// the extension's global state so it survives reloads and restarts. No vscode import: the storage is
// any get/update pair (a Memento).
import { BUNDLED_STARTS } from "../engine/budget/bundledStart";
import { BudgetController, emptyBudgetState } from "../engine/budget/controller";
import { observeCompletion, pairBudgetKey } from "../engine/budget/observe";
import { BudgetStore } from "../engine/budget/store";
import type { CompletionResult, DecodeSettings } from "../engine/types";

export type SwitchingRule = "budget" | "threshold";
export const SWITCHING_RULES: readonly SwitchingRule[] = ["budget", "threshold"];

export interface KeyValueStorage {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export interface BudgetChoice {
  switching: SwitchingRule;
  /** Target large share, 0.05..0.95. */
  target: number;
}

export interface BudgetSnapshot extends BudgetChoice {
  /** Threshold the next completion will use (bits); undefined before a pair is loaded. */
  effectiveThreshold: number | undefined;
  /** Large share over recent completions, NaN before any. */
  realisedShare: number;
  /** Effective thresholds of recent completions, oldest first. */
  thresholds: readonly number[];
}

export const BUDGET_STORAGE_KEY = "ead.budget.v1";
/** Effective thresholds are rounded so that repeated requests for one context still hit the cache. */
const THRESHOLD_STEP = 0.05;
const SAVE_EVERY_MS = 5000;

export interface PairInfo {
  small: { name: string; parameters: number };
  large: { name: string; parameters: number };
}

export class BudgetKeeper {
  private readonly store: BudgetStore;
  private readonly controllers = new Map<string, BudgetController>();
  private lastSave = 0;
  private dirty = false;

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly choice: () => BudgetChoice,
    private readonly pair: () => PairInfo | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.store = new BudgetStore(storage.get(BUDGET_STORAGE_KEY), BUNDLED_STARTS);
  }

  private controllerFor(settings: Pick<DecodeSettings, "window" | "topK">): { key: string; controller: BudgetController } | undefined {
    const info = this.pair();
    if (!info) return undefined;
    const key = pairBudgetKey(info, settings.window, settings.topK);
    const { target } = this.choice();
    let controller = this.controllers.get(key);
    if (!controller) {
      controller = this.store.controller(key, target);
      this.controllers.set(key, controller);
    }
    controller.target = target;
    return { key, controller };
  }

  /** The request's settings with the budget's effective threshold (unchanged under the fixed threshold). */
  adjust(settings: DecodeSettings): DecodeSettings {
    if (this.choice().switching !== "budget" || settings.mode !== "ead") return settings;
    const c = this.controllerFor(settings);
    if (!c) return settings;
    const threshold = Math.round(c.controller.threshold(settings.threshold) / THRESHOLD_STEP) * THRESHOLD_STEP;
    return { ...settings, threshold: Math.round(threshold * 100) / 100 };
  }

  /** What picks the threshold besides the user's settings: the budget's target, when the budget adjusts. */
  cacheTag(settings: DecodeSettings): string {
    const { switching, target } = this.choice();
    return switching === "budget" && settings.mode === "ead" ? `budget ${target}` : "";
  }

  /**
   * Whether the loaded pair has no entropy history under these settings (no saved state, no bundled
   * start): its scale should be measured before the budget's first completions (engine/budget/pairScale).
   */
  needsScale(settings: Pick<DecodeSettings, "window" | "topK">): boolean {
    if (this.choice().switching !== "budget") return false;
    const info = this.pair();
    if (!info) return false;
    const key = pairBudgetKey(info, settings.window, settings.topK);
    // A controller made by adjust() alone has seen nothing; only a saved or bundled state counts.
    return !this.store.has(key);
  }

  /** Starts the pair's controller from its measured rolling entropies, and keeps them. */
  seedScale(settings: Pick<DecodeSettings, "window" | "topK">, samples: readonly number[]): void {
    const info = this.pair();
    if (!info) return;
    const key = pairBudgetKey(info, settings.window, settings.topK);
    const controller = new BudgetController(this.choice().target, { ...emptyBudgetState(), samples: [...samples] });
    this.controllers.set(key, controller);
    this.store.save(key, controller);
    this.dirty = true;
    void this.flush();
  }

  /** Feeds a finished completion to its pair's controller (only under the budget: it ran on the budget's threshold). */
  observe(result: Pick<CompletionResult, "tokens" | "settings" | "stats">): void {
    if (result.settings.mode !== "ead" || this.choice().switching !== "budget") return;
    const c = this.controllerFor(result.settings);
    if (!c) return;
    observeCompletion(c.controller, result);
    this.store.save(c.key, c.controller);
    this.dirty = true;
    if (this.now() - this.lastSave >= SAVE_EVERY_MS) void this.flush();
  }

  async flush(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    this.lastSave = this.now();
    await this.storage.update(BUDGET_STORAGE_KEY, this.store.toJSON());
  }

  snapshot(settings: Pick<DecodeSettings, "window" | "topK" | "threshold">): BudgetSnapshot {
    const choice = this.choice();
    const c = this.controllerFor(settings);
    return {
      ...choice,
      effectiveThreshold: c ? (choice.switching === "budget" ? this.adjust({ ...(settings as DecodeSettings), mode: "ead" }).threshold : settings.threshold) : undefined,
      realisedShare: c ? c.controller.realisedShare : Number.NaN,
      thresholds: c ? c.controller.thresholdHistory : [],
    };
  }
}
