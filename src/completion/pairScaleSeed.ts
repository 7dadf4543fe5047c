// Measures a newly loaded pair's entropy scale once (engine/budget/pairScale) before the budget runs its
// first completions on it: the measurement is queued in the engine ahead of them, and the budget keeps
// the result per pair, so later loads of the same files start from it. No vscode import.
import { measurePairScale, type Complete } from "../engine/budget/pairScale";
import type { DecodeSettings } from "../engine/types";
import type { BudgetKeeper } from "./budgetKeeper";

export class PairScaleSeed {
  private running: Promise<void> | undefined;

  constructor(
    private readonly keeper: Pick<BudgetKeeper, "needsScale" | "seedScale">,
    private readonly complete: Complete,
    private readonly settings: () => Pick<DecodeSettings, "window" | "topK">,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Resolves once the loaded pair has an entropy history under the current settings (measured now if needed). */
  ensure(): Promise<void> {
    if (this.running) return this.running;
    const settings = this.settings();
    if (!this.keeper.needsScale(settings)) return Promise.resolve();
    const t0 = Date.now();
    this.running = measurePairScale(this.complete, settings)
      .then((samples) => {
        this.keeper.seedScale(settings, samples);
        this.log(`budget: measured the pair's entropy scale (${samples.length} rolling entropies, window ${settings.window}, top-K ${settings.topK}) in ${Date.now() - t0} ms`);
      })
      .catch((error: Error) => this.log(`budget: the pair's entropy scale could not be measured (${error.message}); the fixed threshold is used until completions teach it`))
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
