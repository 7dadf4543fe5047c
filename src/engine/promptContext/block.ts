// The repository-level context block, put before the FIM prompt (after BOS):
//   with repo-level tokens (Qwen2.5-Coder <|repo_name|>/<|file_sep|>, StarCoder2 <repo_name>/<file_sep>):
//     <repo_name> "{repo}\n" ( <file_sep> "{chunk.path}\n" "{chunk.text}" )* <file_sep> "{path}\n"
//   without them (llama-server's format_infill): ( "\n\n--- snippet ---\n\n" "{chunk.text}" )*
// Chunks come oldest first. When they do not fit, the oldest go first (whole chunks; the oldest one kept
// may lose lines from its front), so new chunks appended at the end change only the block's tail, and
// evicted ones change its front, which the cache shift (frontReuse.ts) absorbs.
import type { LlamaModel } from "node-llama-cpp";
import type { ResolvedFim } from "../fimFormats/types";
import type { ContextChunk, PromptContext } from "./types";
import { DEFAULT_FILE_PATH, DEFAULT_REPO_NAME, PLAIN_CHUNK_SEPARATOR } from "./limits";
import { pieceTokens } from "./pieces";

/**
 * A text longer than this many characters per token of room is cut to its last lines before it is
 * tokenized: no code tokenizes that sparsely, and a huge chunk must not cost a huge tokenization.
 */
const MAX_CHARS_PER_TOKEN = 32;

/** Whether the vocabulary has the repo-level tokens the repository layout needs. */
export function hasRepoTokens(fim: ResolvedFim): boolean {
  return fim.tokens.repoName !== undefined && fim.tokens.fileSep !== undefined;
}

/** A name on one line, whatever it holds (a line break would start the file's text early). */
export function oneLineName(name: string): string {
  return name.replace(/[\r\n]+/g, " ");
}

/** A name line: the name on one line, then its line break. */
function nameLine(name: string): string {
  return oneLineName(name) + "\n";
}

/** A chunk's text as the repository layout writes it: ending its line. */
export function lineEnded(text: string): string {
  return text.endsWith("\n") ? text : text + "\n";
}

/** Tokens of one chunk with `text` (the chunk's, or a tail of it). Marker texts inside it stay plain text. */
function chunkTokens(model: LlamaModel, fim: ResolvedFim, path: string, text: string): number[] {
  if (!hasRepoTokens(fim)) return [...pieceTokens(model, fim, PLAIN_CHUNK_SEPARATOR), ...pieceTokens(model, fim, text)];
  return [fim.tokens.fileSep!, ...pieceTokens(model, fim, nameLine(path)), ...pieceTokens(model, fim, lineEnded(text))];
}

/** A chunk the block keeps: its text as laid out (a line-start tail when the chunk was cut) and its tokens. */
export interface KeptChunk {
  chunk: ContextChunk;
  tokens: number[];
}

/**
 * The longest tail of the chunk that starts at a line start and fits `room` tokens, or undefined when
 * not even its last line fits.
 */
function chunkTail(model: LlamaModel, fim: ResolvedFim, chunk: ContextChunk, room: number): KeptChunk | undefined {
  const text = chunk.text;
  const from = Math.max(1, text.length - room * MAX_CHARS_PER_TOKEN);
  const starts: number[] = [];
  for (let i = text.indexOf("\n", from - 1); i >= 0 && i + 1 < text.length; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  // Fewer lines, fewer tokens: the first start (longest tail) that fits, by bisection.
  let lo = 0;
  let hi = starts.length;
  let best: KeptChunk | undefined;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const tail = { path: chunk.path, text: text.slice(starts[mid]) };
    const tokens = chunkTokens(model, fim, tail.path, tail.text);
    if (tokens.length <= room) {
      best = { chunk: tail, tokens };
      hi = mid;
    } else lo = mid + 1;
  }
  return best;
}

/**
 * The block for `context` in at most `allotment` tokens, in its parts: the frame's head and foot and the
 * chunks kept (oldest first); undefined when not even its frame fits, or no chunk fits a plain block.
 */
export function contextBlockParts(
  model: LlamaModel,
  fim: ResolvedFim,
  context: PromptContext,
  allotment: number,
): { head: number[]; kept: KeptChunk[]; foot: number[] } | undefined {
  if (allotment <= 0) return undefined;
  const repoLevel = hasRepoTokens(fim);
  const head = repoLevel ? [fim.tokens.repoName!, ...pieceTokens(model, fim, nameLine(context.repo || DEFAULT_REPO_NAME))] : [];
  const foot = repoLevel ? [fim.tokens.fileSep!, ...pieceTokens(model, fim, nameLine(context.path || DEFAULT_FILE_PATH))] : [];
  let room = allotment - head.length - foot.length;
  if (room < 0) return undefined;
  const kept: KeptChunk[] = [];
  for (let i = context.chunks.length - 1; i >= 0 && room > 0; i--) {
    const chunk = context.chunks[i];
    // A chunk far larger than the room is not tokenized whole: only its tail can be kept.
    const whole = chunk.text.length <= room * MAX_CHARS_PER_TOKEN ? chunkTokens(model, fim, chunk.path, chunk.text) : undefined;
    if (whole && whole.length <= room) {
      kept.push({ chunk, tokens: whole });
      room -= whole.length;
      continue;
    }
    const tail = chunkTail(model, fim, chunk, room);
    if (tail) kept.push(tail);
    break;
  }
  if (!repoLevel && kept.length === 0) return undefined;
  return { head, kept: kept.reverse(), foot };
}

/** The block for `context` in at most `allotment` tokens; empty when not even its frame fits. */
export function contextBlock(model: LlamaModel, fim: ResolvedFim, context: PromptContext, allotment: number): number[] {
  const parts = contextBlockParts(model, fim, context, allotment);
  return parts ? [...parts.head, ...parts.kept.flatMap((k) => k.tokens), ...parts.foot] : [];
}
