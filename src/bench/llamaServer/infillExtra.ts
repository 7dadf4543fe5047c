// A request's context as /infill's `input_extra`, so that the block llama-server builds from it
// (format_prompt_infill in llama.cpp's tools/server/server-common.cpp) is the block our engine builds
// (engine/promptContext/block.ts). The server cuts extra context only as a whole-prompt token tail, so
// the chunks are sent already cut as the engine cuts them (block.ts says which it kept: the newest whole
// chunks that fit the engine's allotment, and the line-start tail of the next one). The server always names the repository
// "myproject" and the current file "filename" (fixed in llama.cpp), so the block is built with those
// names: on Qwen2.5-Coder's vocabulary, the only tokens in which the server's block differs from the one
// the engine builds for the same request. Elsewhere llama.cpp's own rules decide (serverBlock): it knows
// the repo-level tokens by a few spellings (not StarCoder2's <repo_name>/<file_sep>, whose prompts it
// builds in the plain layout), and it tokenizes each text on its own with a SentencePiece space in front.
import type { LlamaModel } from "node-llama-cpp";
import { requireFim } from "../../engine/fimFormats/modelFim";
import { contextBlockParts, hasRepoTokens, lineEnded, oneLineName } from "../../engine/promptContext/block";
import { contextAllotment, PLAIN_CHUNK_SEPARATOR } from "../../engine/promptContext/limits";
import type { PromptContext } from "../../engine/types";

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
  const parts = contextBlockParts(model, fim, named, contextAllotment(context.maxTokens, budget));
  if (!parts) return undefined;
  const repoLevel = hasRepoTokens(fim);
  const chunks = parts.kept.map(({ chunk: c }) => ({
    // As the engine writes them: a name on one line, a text that ends its line (repo-level layout).
    filename: oneLineName(c.path),
    text: repoLevel ? lineEnded(c.text) : c.text,
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
