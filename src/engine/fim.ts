// The one fill-in-the-middle prompt builder every mode uses, so prompts are identical across modes.
// The model's family format (fimFormats/) gives its FIM tokens, their order (prefix first, or suffix
// first for Codestral), BOS and SentencePiece spacing; this file cuts and lays out the text. Code from
// the rest of the project (promptContext/) goes between BOS and the first FIM marker.
//
// Layout "line" (the default) ends the prefix at the start of the cursor's line and puts the line's
// typed part after <fim_middle>, as the start of the middle the model continues:
//   <fim_prefix> lines above <fim_suffix> suffix <fim_middle> typed part of the line
// Typing inside a line then changes only the prompt's tail: the suffix keeps its positions and its
// cache, and a request re-evaluates the line's last word instead of the whole suffix (a newline still
// moves it). The models were trained on middles that start at a line start, so this stays in their format.
// Layout "block" anchors at a line start that moves every BLOCK_LINES lines, so a newline does not move
// the suffix either; but with whole lines already in the middle the models often end it at once (no
// suggestion in 15-31 % of the replay's requests), so it is not the default. Layout "cursor" ends the
// prefix at the cursor: every keystroke moves the whole suffix. Suffix-first formats end the prompt
// with the prefix, so the suffix keeps its cache whatever the layout: they use the cursor layout.
import type { LlamaModel, Token } from "node-llama-cpp";
import { EngineError } from "./errors";
import { requireFim, tokenizeContinuation } from "./fimFormats/modelFim";
import { contextBlock } from "./promptContext/block";
import { contextAllotment } from "./promptContext/limits";
import type { PromptContext } from "./promptContext/types";

export interface FimLimits {
  maxPrefixTokens: number;
  maxSuffixTokens: number;
}

export type PromptLayout = "block" | "line" | "cursor";
export const PROMPT_LAYOUTS: readonly PromptLayout[] = ["block", "line", "cursor"];
export const DEFAULT_PROMPT_LAYOUT: PromptLayout = "line";

/** Block layout: the anchor is a line start whose line number (from the prefix's start) is a multiple of this. */
export const BLOCK_LINES = 4;

/** A tail (text after the anchor) longer than this falls back to the next layout: block, line, cursor. */
export const TAIL_MAX_TOKENS = 128;

/** Where the prompt's prefix ends, as offsets into `prefix` to try in order (the cursor last). */
function anchors(prefix: string, layout: PromptLayout): number[] {
  const lineStart = prefix.lastIndexOf("\n") + 1;
  if (layout === "cursor") return [prefix.length];
  if (layout === "line") return [lineStart, prefix.length];
  let lines = 0;
  let blockStart = 0;
  for (let i = prefix.indexOf("\n"); i >= 0; i = prefix.indexOf("\n", i + 1)) {
    if (++lines % BLOCK_LINES === 0) blockStart = i + 1;
  }
  return [blockStart, lineStart, prefix.length];
}

export const DEFAULT_FIM_LIMITS: FimLimits = { maxPrefixTokens: 2048, maxSuffixTokens: 512 };

/**
 * The prefix is cut from the front in steps of this many tokens, so that typing does not move the cut
 * (and invalidate the whole cache) on every keystroke.
 */
export const PREFIX_CUT_STEP = 256;

export interface FimTokenIds {
  prefix: number;
  suffix: number;
  middle: number;
}

/** The model's prefix, suffix and middle markers; a model without them is refused (NO_FIM_TOKENS) with a hint. */
export function fimTokenIds(model: LlamaModel): FimTokenIds {
  const { prefix, suffix, middle } = requireFim(model).tokens;
  // Only a suffix-first format may lack a middle marker; llama-server's /infill needs one all the same.
  if (middle === undefined) throw new EngineError("NO_FIM_TOKENS", `${model.filename ?? "The model"} has no fill-in-the-middle middle marker.`);
  return { prefix, suffix, middle };
}

/**
 * Keeps the last `max` tokens of the prefix, cutting at a stable step; with `endsLine`, the cut moves
 * on to the next line start within that step, as the editor's context builder cuts at whole lines.
 */
export function cutPrefix(tokens: readonly number[], max: number, endsLine?: (token: number) => boolean): readonly number[] {
  if (tokens.length <= max) return tokens;
  let drop = Math.ceil((tokens.length - max) / PREFIX_CUT_STEP) * PREFIX_CUT_STEP;
  if (endsLine) {
    const limit = Math.min(tokens.length, drop + PREFIX_CUT_STEP);
    for (let i = drop; i < limit; i++) {
      if (endsLine(tokens[i - 1])) {
        drop = i;
        break;
      }
    }
  }
  return tokens.slice(drop);
}

/** Keeps at most `max` tokens of the suffix, ending after its last whole line when one fits. */
export function cutSuffix(tokens: readonly number[], max: number, endsLine?: (token: number) => boolean): readonly number[] {
  if (tokens.length <= max) return tokens;
  if (endsLine) {
    for (let i = max; i > 0; i--) if (endsLine(tokens[i - 1])) return tokens.slice(0, i);
  }
  return tokens.slice(0, max);
}

/** The suffix's share of a prompt budget that cannot hold both the whole prefix and the whole suffix. */
export const SUFFIX_BUDGET_SHARE = 0.25;

/**
 * How many prefix and suffix tokens a prompt of at most `budget` tokens (its `markers` FIM and BOS tokens, and any context block, included) keeps:
 * each side keeps what it has when the other leaves room; otherwise the suffix gets its share and the
 * prefix, which matters most for what comes next, the rest.
 */
export function splitBudget(prefixTokens: number, suffixTokens: number, budget: number, limits: FimLimits, markers = 3): { prefix: number; suffix: number } {
  const room = Math.max(0, budget - markers);
  const wantPrefix = Math.min(prefixTokens, limits.maxPrefixTokens);
  const wantSuffix = Math.min(suffixTokens, limits.maxSuffixTokens);
  if (wantPrefix + wantSuffix <= room) return { prefix: wantPrefix, suffix: wantSuffix };
  const suffix = Math.min(wantSuffix, Math.max(Math.floor(room * SUFFIX_BUDGET_SHARE), room - wantPrefix));
  return { prefix: Math.min(wantPrefix, room - suffix), suffix };
}

/** Whether a token's text ends a line, memoised per model. */
const lineEnds = new WeakMap<LlamaModel, Map<number, boolean>>();
function endsLineFor(model: LlamaModel): (token: number) => boolean {
  let memo = lineEnds.get(model);
  if (!memo) lineEnds.set(model, (memo = new Map()));
  const known = memo;
  return (token) => {
    let v = known.get(token);
    if (v === undefined) known.set(token, (v = model.detokenize([token as Token], false).endsWith("\n")));
    return v;
  };
}

/**
 * The prompt's start that depends on the context alone: BOS where the vocabulary adds one, then the
 * context block (promptContext/block.ts) in its share of `budget`. Every prompt with this context and
 * budget starts with these tokens, so evaluating them ahead of time (EadEngine.warmContext) serves it.
 */
export function contextPromptHead(model: LlamaModel, context: PromptContext | undefined, budget = Infinity): number[] {
  const fim = requireFim(model);
  const bos = fim.bos === undefined ? [] : [fim.bos];
  return [...bos, ...(context ? contextBlock(model, fim, context, contextAllotment(context.maxTokens, budget)) : [])];
}

/**
 * The FIM prompt. `budget` (tokens) bounds the whole prompt: the engine passes the model's training
 * context less the room the completion needs, so that no prompt runs past what the model was trained on.
 * `context` (code from the rest of the project) goes first, in at most its share of the budget: its size
 * must not follow the prefix's, or every keystroke near the budget would move its cut and re-evaluate it
 * all; the prefix and suffix split the rest as they would without it.
 */
export function buildFimPrompt(
  model: LlamaModel,
  prefix: string,
  suffix: string,
  limits: FimLimits = DEFAULT_FIM_LIMITS,
  budget = Infinity,
  layout: PromptLayout = DEFAULT_PROMPT_LAYOUT,
  context?: PromptContext,
): number[] {
  const fim = requireFim(model);
  const ids = fim.tokens;
  let head = prefix;
  let tail: number[] = [];
  for (const at of anchors(prefix, fim.middleInPrompt ? layout : "cursor")) {
    const typed = at < prefix.length ? tokenizeContinuation(model, prefix.slice(at), fim) : [];
    if (typed.length <= TAIL_MAX_TOKENS) {
      head = prefix.slice(0, at);
      tail = typed;
      break;
    }
  }
  // The prefix is tokenized as the start of a text (SentencePiece's leading space included, as trained);
  // the suffix and the typed part continue other text.
  const preAll = head ? (model.tokenize(head, false) as number[]) : [];
  const sufAll = tokenizeContinuation(model, suffix, fim);
  const front = contextPromptHead(model, context, budget);
  // BOS and the context block count with the FIM markers: the prefix and suffix split what they leave.
  const markers = front.length + 2 + (fim.middleInPrompt ? 1 : 0);
  // The line's typed part is prefix too: it counts against the prefix's share of the budget.
  const keep = splitBudget(preAll.length + tail.length, sufAll.length, budget, limits, markers);
  const endsLine = endsLineFor(model);
  const pre = cutPrefix(preAll, Math.max(0, keep.prefix - tail.length), endsLine);
  const suf = cutSuffix(sufAll, keep.suffix, endsLine);
  const prompt = fim.middleInPrompt
    ? [...front, ids.prefix, ...pre, ids.suffix, ...suf, ids.middle!, ...tail]
    : [...front, ids.suffix, ...suf, ids.prefix, ...pre, ...tail];
  return prompt as Token[] as number[];
}
