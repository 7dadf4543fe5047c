// A request's context as /infill's `input_extra`, so that the block llama-server builds from it
// (format_prompt_infill in llama.cpp's tools/server/server-common.cpp) is the block our engine builds
// (engine/promptContext/block.ts). The server cuts extra context only as a whole-prompt token tail, so
// the chunks are sent already cut as the engine cuts them: the newest whole chunks that fit the engine's
// allotment, and the line-start tail of the next one. The server always names the repository
// "myproject" and the current file "filename" (fixed in llama.cpp), so the block is built with those
// names: on Qwen2.5-Coder's vocabulary, the only tokens in which the server's block differs from the one
// the engine builds for the same request. Elsewhere llama.cpp's own rules decide (serverBlock): it knows
// the repo-level tokens by a few spellings (not StarCoder2's <repo_name>/<file_sep>, whose prompts it
// builds in the plain layout), and it tokenizes each text on its own with a SentencePiece space in front.
import type { LlamaModel } from "node-llama-cpp";
import { requireFim } from "../../engine/fimFormats/modelFim";
import type { ResolvedFim } from "../../engine/fimFormats/types";
import { contextBlock, hasRepoTokens } from "../../engine/promptContext/block";
import { contextAllotment, PLAIN_CHUNK_SEPARATOR } from "../../engine/promptContext/limits";
import type { ContextChunk, PromptContext } from "../../engine/types";

/** The names llama-server writes after <|repo_name|> and before the current file's prefix. */
export const SERVER_REPO_NAME = "myproject";
export const SERVER_FILE_PATH = "filename";

/** One `input_extra` entry. */
export interface InfillChunk {
  filename: string;
  text: string;
}

export interface InfillExtra {
  /** What to send as `input_extra`. */
  chunks: InfillChunk[];
  /** The block the server builds from them (token ids), put before BOS and the FIM prompt (serverBlock). */
  block: number[];
  /** The request's context with the server's names: our engine builds `block` from it. */
  context: PromptContext;
}

/**
 * The `input_extra` of a request with `context` under a prompt budget of `budget` tokens, or undefined
 * where the engine would build no block (nothing fits): the request is then sent with no extra context.
 */
export function infillExtra(model: LlamaModel, context: PromptContext, budget: number): InfillExtra | undefined {
  const fim = requireFim(model);
  const named: PromptContext = { ...context, repo: SERVER_REPO_NAME, path: SERVER_FILE_PATH };
  const block = contextBlock(model, fim, named, contextAllotment(context.maxTokens, budget));
  if (block.length === 0) return undefined;
  const repoLevel = hasRepoTokens(fim);
  const chunks = keptChunks(model, fim, named, block).map((c) => ({
    // As the engine writes them: a name on one line, a text that ends its line (repo-level layout).
    filename: c.path.replace(/[\r\n]+/g, " "),
    text: repoLevel && !c.text.endsWith("\n") ? c.text + "\n" : c.text,
  }));
  return { chunks, block: serverBlock(model, chunks), context: named };
}

/** llama.cpp's spellings of the repo-level tokens when the file names none (llama-vocab.cpp). */
const SERVER_REPO_SPELLINGS = ["<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>"];
const SERVER_SEP_SPELLINGS = ["<|file_sep|>"];

/** The repo-level token ids llama-server uses for this vocabulary: the file's keys, else its spellings. */
function serverRepoTokens(model: LlamaModel): { repo?: number; sep?: number } {
  const keys = (model.fileInfo.metadata as { tokenizer?: { ggml?: Record<string, unknown> } }).tokenizer?.ggml ?? {};
  const single = (spellings: readonly string[]) => {
    for (const text of spellings) {
      const ids = model.tokenize(text, true) as number[];
      if (ids.length === 1 && model.detokenize(ids as never, true) === text) return ids[0];
    }
    return undefined;
  };
  const key = (name: string) => (typeof keys[name] === "number" ? (keys[name] as number) : undefined);
  return { repo: key("fim_rep_token_id") ?? single(SERVER_REPO_SPELLINGS), sep: key("fim_sep_token_id") ?? single(SERVER_SEP_SPELLINGS) };
}

/** The extra-context tokens format_prompt_infill builds from `chunks` (the server keeps them all: serverModes.ts). */
export function serverBlock(model: LlamaModel, chunks: readonly InfillChunk[]): number[] {
  const { repo, sep } = serverRepoTokens(model);
  const tokens = (text: string) => (text ? (model.tokenize(text, false) as number[]) : []);
  const out: number[] = repo === undefined ? [] : [repo, ...tokens(SERVER_REPO_NAME + "\n")];
  for (const c of chunks) {
    if (sep === undefined) out.push(...tokens(PLAIN_CHUNK_SEPARATOR));
    else out.push(sep, ...tokens(c.filename + "\n"));
    out.push(...tokens(c.text));
  }
  if (sep !== undefined) out.push(sep, ...tokens(SERVER_FILE_PATH + "\n"));
  return out;
}

/** Whether `a` ends with `b`. */
function endsWith(a: readonly number[], b: readonly number[]): boolean {
  if (b.length > a.length) return false;
  const at = a.length - b.length;
  return b.every((t, i) => a[at + i] === t);
}

/**
 * The chunks (whole, or the first one a line-start tail) whose uncut block is `block`: found by
 * building candidate blocks with block.ts itself, so the cut stays the engine's whatever its rules.
 */
function keptChunks(model: LlamaModel, fim: ResolvedFim, context: PromptContext, block: readonly number[]): ContextChunk[] {
  const all = context.chunks;
  const uncut = (chunks: readonly ContextChunk[]) => contextBlock(model, fim, { ...context, chunks }, Infinity);
  // The frame's head (<repo_name> and the name) comes before the chunks; the rest of a block is chunks and foot.
  const frame = uncut([]);
  const headLength = hasRepoTokens(fim) ? frame.indexOf(fim.tokens.fileSep!) : 0;
  let whole = 0;
  let wholeBlock = frame;
  while (whole < all.length) {
    const next = uncut(all.slice(all.length - whole - 1));
    if (!endsWith(block, next.slice(headLength))) break;
    whole++;
    wholeBlock = next;
  }
  const newest = all.slice(all.length - whole);
  if (wholeBlock.length === block.length) return [...newest];
  // The oldest chunk kept lost lines from its front: find the line start whose tail gives `block`.
  const cut = all[all.length - whole - 1];
  const starts: number[] = [];
  for (let i = cut.text.indexOf("\n"); i >= 0 && i + 1 < cut.text.length; i = cut.text.indexOf("\n", i + 1)) starts.push(i + 1);
  // Later starts, shorter blocks: bisect for the start whose block is as long as `block`.
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const chunks = [{ path: cut.path, text: cut.text.slice(starts[mid]) }, ...newest];
    const tokens = uncut(chunks);
    if (tokens.length === block.length) {
      if (endsWith(block, tokens)) return chunks;
      break;
    }
    if (tokens.length > block.length) lo = mid + 1;
    else hi = mid - 1;
  }
  throw new Error(`the context block's cut of ${cut.path} could not be reproduced as /infill input_extra`);
}
