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
import { firstPositionOutOfWindow, leadingOutOfWindow, type ModelRole } from "../types";

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
      // direction), under "largeWord" also the rest of the word it begins, and the small model goes on
      // after that, catching up in its batch.
      const first = firstPosition === "skipped" ? "small" : "large";
      const [next] = await g.evaluate(lanes[first]);
      // The window is empty here: a large first token is the rule's choice, not the threshold's.
      const rule = first === "large" && !(window.mean > g.settings.threshold) ? "firstPosition" : undefined;
      if (!g.emit(next.token, first, next.entropy, window.mean, rule)) return;
      if (first === "large") {
        if (firstPosition === "largeWord" && !(await finishWord(g, lanes.large, window.mean))) return;
        unjudged = g.tokens.length;
      }
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
          window = refill(size, g);
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
    if (policy.commit(writer)) g.stats.switches++;
    // The small model writes after the large one (a hand-back, or after the first position): a remote
    // lane stops the continuation it was streaming. Until then it stays open, so a position the window
    // hands straight to the large model is served from it without a new request.
    if (writer === "small" && g.events.at(-1)?.model === "large") lanes.large.release?.();
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
function refill(size: number, g: Generation): RollingMean {
  const window = new RollingMean(size);
  const events = g.events.slice(leadingOutOfWindow(g.settings.firstPosition, g.events));
  for (const e of events.slice(-size)) window.push(e.entropy);
  return window;
}

/** Tokens the large model may add to the first word under "largeWord": a bound on a runaway word. */
const MAX_WORD_TOKENS = 8;
const ENDS_IN_WORD = /[\p{L}\p{N}_$]$/u;
const STARTS_WORD = /^[\p{L}\p{N}_$]/u;

/**
 * "largeWord": after the first token, the large model goes on while its next token continues the word
 * the text so far ends in (no blank or punctuation before it); the position where the word ends is left
 * to the small model, which writes it after catching up. A first token that shows nothing (it only
 * spells the healed text again, such as a lone space) has not begun the word: the next token may. The
 * word's entropies stay out of the window. Returns false when the completion ended.
 */
async function finishWord(g: Generation, large: Lane, rolling: number): Promise<boolean> {
  let last = g.events[g.events.length - 1].text;
  // g.emit has returned false before the token limit could be reached here.
  for (let written = 1; written < MAX_WORD_TOKENS && (last === "" || ENDS_IN_WORD.test(last)); written++) {
    const [next] = await g.evaluate(large);
    const text = g.tokenText(next.token);
    if (g.isStop(next.token) || !STARTS_WORD.test(text)) return true;
    if (!g.emit(next.token, "large", next.entropy, rolling, "firstPosition")) return false;
    last = text;
  }
  return true;
}
