// `speculative` mode, the lossless baseline: the small model drafts greedily, the large model verifies
// the whole draft in one batch; the agreeing prefix is kept plus the large model's next token. The
// output equals the large model's greedy output, so every token counts as the large model's.
import type { Generation } from "../generation";
import type { Lane } from "../lane";
import { RollingMean } from "../entropy";
import type { ModelRole } from "../types";

export async function decodeSpeculative(g: Generation, lanes: Record<ModelRole, Lane>): Promise<void> {
  const window = new RollingMean(g.settings.window);
  while (g.remaining > 0) {
    const draft: number[] = [];
    const budget = Math.min(g.settings.draftTokens, g.remaining);
    while (draft.length < budget) {
      const [next] = await g.evaluate(lanes.small, draft, 1, draft.length === 0 ? undefined : "decode");
      draft.push(next.token);
      if (g.isStop(next.token)) break;
    }
    g.stats.drafted += draft.length;

    // Distributions after the last accepted token and after each draft token.
    const verdicts = await g.evaluate(lanes.large, draft, draft.length + 1, "verify");
    for (let i = 0; i < verdicts.length; i++) {
      const { token, entropy } = verdicts[i];
      const agrees = i < draft.length && token === draft[i];
      if (agrees) g.stats.accepted++;
      if (!g.emit(token, "large", entropy, window.push(entropy))) return;
      if (!agrees) break;
    }
  }
}
