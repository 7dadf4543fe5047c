// `ead` mode: at each position the current writer computes its distribution; its entropy enters the
// rolling window and the policy decides who writes this token. On a switch the other lane catches up
// on the tokens it missed in one batch and writes the token itself; its entropy replaces the
// writer's in the window, so both models' entropies feed the signal.
import type { Generation } from "../generation";
import type { Lane } from "../lane";
import { RollingMean } from "../entropy";
import { SwitchPolicy } from "../policy";
import type { ModelRole } from "../types";

export async function decodeEad(g: Generation, lanes: Record<ModelRole, Lane>): Promise<void> {
  const window = new RollingMean(g.settings.window);
  const policy = new SwitchPolicy(g.settings);
  if (g.remaining <= 0) return;
  for (;;) {
    let [next] = await g.next(lanes[policy.writer]);
    let rolling = window.push(next.entropy);
    const writer = g.scheduledWriter ?? policy.decide(rolling);
    if (writer !== policy.writer) {
      [next] = await g.next(lanes[writer]);
      rolling = window.replaceLast(next.entropy);
    }
    if (policy.commit(writer)) g.stats.switches++;
    if (!g.emit(next.token, writer, next.entropy, rolling)) return;
  }
}
