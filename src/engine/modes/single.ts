// `small` and `large` modes: one model writes every token greedily.
import type { Generation } from "../generation";
import type { Lane } from "../lane";
import { RollingMean } from "../entropy";

export async function decodeSingle(g: Generation, lane: Lane): Promise<void> {
  const window = new RollingMean(g.settings.window);
  if (g.remaining <= 0) return;
  for (;;) {
    const [next] = await g.evaluate(lane);
    const rolling = window.push(next.entropy);
    if (!g.emit(next.token, lane.role, next.entropy, rolling)) return;
  }
}
