// `ead` mode: at each position the current writer computes its distribution; its entropy enters the
// rolling window and the policy decides who writes this token. On a switch the other lane catches up
// on the tokens it missed in one batch and writes the token itself; its entropy replaces the
// writer's in the window, so both models' entropies feed the signal.
//
// Rollback (Big Little Decoder): when the large model takes over it evaluates the small model's tokens
// in that batch anyway, so it is asked for its distribution at each of them too; the first token it
// gives a probability below `rollbackBound` is dropped with everything after it, and the large model
// writes from there.
import type { Generation } from "../generation";
import type { Lane, NextToken } from "../lane";
import { RollingMean } from "../entropy";
import { SwitchPolicy } from "../policy";
import { firstPositionOutOfWindow, type ModelRole } from "../types";

export async function decodeEad(g: Generation, lanes: Record<ModelRole, Lane>): Promise<void> {
  const { window: size, firstPosition } = g.settings;
  const rollbackBound = g.settings.rollbackBound ?? 0;
  let window = new RollingMean(size);
  const policy = new SwitchPolicy(g.settings);
  const skipFirst = firstPositionOutOfWindow(firstPosition);
  // Sequence index of the first token the large model has not judged: what the small model wrote since.
  let unjudged = g.promptLength;
  if (g.remaining <= 0) return;
  for (;;) {
    const scheduled = g.scheduledWriter;
    if (skipFirst && g.generatedCount === 0 && scheduled === undefined) {
      // The first position's uncertainty says little about who should write the rest: its entropy stays
      // out of the window. Under "large" the large model writes it (the token that sets the completion's
      // direction), and the small model goes on from the second position, catching up in its batch.
      const first = firstPosition === "large" ? "large" : "small";
      const [next] = await g.evaluate(lanes[first]);
      if (first === "large") {
        unjudged = g.tokens.length + 1;
        // A remote lane stops the continuation it started streaming: the small model writes next.
        lanes.large.release?.();
      }
      // The window is empty here: a large first token is the rule's choice, not the threshold's.
      const rule = first === "large" && !(window.mean > g.settings.threshold) ? "firstPosition" : undefined;
      if (!g.emit(next.token, first, next.entropy, window.mean, rule)) return;
      continue;
    }
    let [next] = await g.evaluate(lanes[policy.writer]);
    const rolling = window.push(next.entropy);
    // What the decision compared: reported with the token and sampled by the budget, even on a switch,
    // where the window then takes the new writer's entropy for the positions after this one.
    let decided = rolling;
    const writer = scheduled ?? policy.decide(rolling);
    const byThreshold: ModelRole = rolling > g.settings.threshold ? "large" : "small";
    const heldBy = scheduled === undefined && writer !== byThreshold ? heldRule(g.settings.stability) : undefined;
    if (writer !== policy.writer) {
      if (writer === "large" && rollbackBound > 0 && scheduled === undefined && g.tokens.length > unjudged) {
        const judged = await g.evaluate(lanes.large, [], g.tokens.length - unjudged + 1);
        const rejected = firstRejected(g.tokens, unjudged, judged, rollbackBound);
        if (rejected) {
          g.rollBack(unjudged + rejected.index, rejected.probability);
          window = refill(size, g, skipFirst);
          next = judged[rejected.index];
          // The rewritten position was not decided by the threshold: report the window that now holds it.
          decided = window.push(next.entropy);
        } else {
          next = judged[judged.length - 1];
          window.replaceLast(next.entropy);
        }
      } else {
        [next] = await g.evaluate(lanes[writer]);
        window.replaceLast(next.entropy);
      }
    }
    if (policy.commit(writer)) {
      g.stats.switches++;
      // The large model hands back: a remote lane stops the continuation it was streaming.
      if (writer === "small") lanes.large.release?.();
    }
    if (writer === "large") unjudged = g.tokens.length + 1;
    if (!g.emit(next.token, writer, next.entropy, decided, heldBy)) return;
  }
}

/** The stability rule that can keep a writer against the threshold; "none" never does. */
function heldRule(stability: string): "hysteresis" | "minStay" | undefined {
  return stability === "hysteresis" || stability === "minStay" ? stability : undefined;
}

/** The first small-model token (from sequence index `from`) the large model gives less than `bound`. */
function firstRejected(
  tokens: readonly number[],
  from: number,
  judged: readonly NextToken[],
  bound: number,
): { index: number; probability: number } | undefined {
  // judged[i] is the large model's distribution for sequence index from + i; the last one is for the
  // position being decided now.
  for (let i = 0; i + 1 < judged.length; i++) {
    const probability = judged[i].probabilities.get(tokens[from + i]) ?? 0;
    if (probability < bound) return { index: i, probability };
  }
  return undefined;
}

/** The window as it stood after the tokens kept by a rollback. */
function refill(size: number, g: Generation, skipFirst: boolean): RollingMean {
  const window = new RollingMean(size);
  const events = skipFirst ? g.events.slice(1) : g.events;
  for (const e of events.slice(-size)) window.push(e.entropy);
  return window;
}
