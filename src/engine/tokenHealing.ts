// Token healing. The text before the cursor is tokenized on its own, so its last token is often one the
// model would never have written there: `x = ` ends in a lone space, while the model (and the context
// block) spell the name that follows as ` name`, the space inside the name's first token. The prompt's
// last token is taken back and the first token written must start with its text; the completion shows
// what follows that text. Where the text was a whole token after all, the model simply writes it again.
// (The prompt boundary problem, as Guidance's token healing names it.)
import type { NextToken } from "./lane";
import type { PromptContext } from "./promptContext/types";

/**
 * When a completion heals its prompt: always, never, only when the prompt carries code from other
 * files (a PromptContext with chunks), or ("auto") there and where the text before the cursor ends in a
 * space or tab.
 */
export type TokenHealing = "auto" | "on" | "off" | "context";
export const TOKEN_HEALING_VALUES: readonly TokenHealing[] = ["auto", "on", "off", "context"];

/**
 * Healing where it pays for the bundled pair, and nowhere else. With context the pair copies names from
 * other files' code only healed (cross-file dev set, large-only: 44 of 221 with healing, 31 without).
 * Without context, healing paid only where the text before the cursor ends in a blank (`x = `, an
 * indented empty line): the prompt boundary problem above (cross-file set without context, large-only
 * edit similarity +0.025 on those 155 tasks, -0.002 on the 66 others). On the dev set, whose prompts end
 * in a word, punctuation or a newline and never in a blank, healing cost the large model (edit
 * similarity -0.017 where the text ends in a word, -0.057 after punctuation, 0 after a newline).
 * BENCHMARKS.md, "Healing where the prompt ends in a blank".
 */
export const DEFAULT_TOKEN_HEALING: TokenHealing = "auto";

/** Whether `value` (a setting, a flag, a message field) is one of TOKEN_HEALING_VALUES. */
export function isTokenHealing(value: unknown): value is TokenHealing {
  return (TOKEN_HEALING_VALUES as readonly unknown[]).includes(value);
}

/** Whether a prompt for the text `prefix` before the cursor, with this context, is healed under `mode`. */
export function healsPrompt(mode: TokenHealing, prefix: string, context?: PromptContext): boolean {
  if (mode === "on" || mode === "off") return mode === "on";
  const carriesContext = (context?.chunks.length ?? 0) > 0 && context?.maxTokens !== 0;
  return carriesContext || (mode === "auto" && endsInBlank(prefix));
}

/** A space or tab just before the cursor: the next word's own leading space would be cut from it. */
function endsInBlank(prefix: string): boolean {
  return prefix.endsWith(" ") || prefix.endsWith("\t");
}

export interface Healing {
  /** The token taken back from the prompt's end. */
  token: number;
  /** Its text: the first token written must start with it, and the shown completion leaves it out. */
  text: string;
}

export interface HealedPrompt {
  prompt: number[];
  healing?: Healing;
}

/**
 * Takes back `prompt`'s last token when it is text (a control token such as `<fim_middle>` stays):
 * `textOf` gives a token's text, `isControl` tells markers and end tokens, `tokenize` tokenizes text
 * that continues other text. A run of blanks keeps all but its last character: tokenizers give a
 * word the one space (or tab) before it, so `x =        ` is healed as `x =       ` and ` `, and the
 * first token may be ` name`.
 */
export function healPrompt(
  prompt: readonly number[],
  textOf: (token: number) => string,
  isControl: (token: number) => boolean,
  tokenize: (text: string) => number[],
): HealedPrompt {
  const token = prompt.at(-1);
  if (token === undefined || prompt.length < 2 || isControl(token)) return { prompt: [...prompt] };
  const text = textOf(token);
  // An empty text is a marker; a replacement character is part of a character split across tokens.
  if (!text || text.includes("\uFFFD")) return { prompt: [...prompt] };
  if (text.length > 1 && /^[ \t]+$/.test(text)) {
    const last = tokenize(text.slice(-1));
    if (last.length === 1) return { prompt: [...prompt.slice(0, -1), ...tokenize(text.slice(0, -1))], healing: { token: last[0], text: text.slice(-1) } };
  }
  return { prompt: prompt.slice(0, -1), healing: { token, text } };
}

/**
 * The distribution of the first token written, kept to the tokens that start with the healed text (and
 * the end tokens, so that a completion may still be empty), renormalised. The healed token itself
 * always qualifies: where the top-K list holds none of these, it is written again. The entropy stays
 * the whole distribution's: the switching signal is the model's doubt at this position, as without
 * healing (a blank's few continuations would otherwise read as certainty and hold the small model on).
 */
export function healNext(
  next: NextToken,
  healing: Healing,
  textOf: (token: number) => string,
  isStop: (token: number) => boolean,
): NextToken {
  const kept: [number, number][] = [];
  for (const [token, p] of next.probabilities) {
    if (p > 0 && (isStop(token) || token === healing.token || textOf(token).startsWith(healing.text))) kept.push([token, p]);
  }
  if (!kept.length) return { token: healing.token, entropy: next.entropy, probabilities: new Map([[healing.token, 1]]) };
  const total = kept.reduce((sum, [, p]) => sum + p, 0);
  // Most probable first, as the lanes give them: the first key is the greedy choice.
  kept.sort((a, b) => b[1] - a[1]);
  const probabilities = new Map(kept.map(([t, p]) => [t, p / total] as const));
  return { token: kept[0][0], entropy: next.entropy, probabilities };
}
