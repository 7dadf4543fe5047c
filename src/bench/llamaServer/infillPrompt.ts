// The /infill fields for a document and cursor, cut so that the prompt llama-server builds from them is
// the prompt our engine builds in its cursor layout (fim.ts): the editor side's character window
// (documentContext.ts), then the engine's token budget and cuts, in the model's FIM family
// (fimFormats/). /infill appends its `prompt` field (the cursor line's typed part, in llama.vscode) to
// the end of the prefix, before <fim_suffix> (format_prompt_infill in llama.cpp's
// tools/server/server-common.cpp), so the prompt the server builds is always the cursor layout: every
// keystroke moves the suffix. The whole prefix goes into `input_prefix` here, tokenized in one piece as
// our engine tokenizes it. The server cuts again only past 3/4 and 1/4 of its batch size, so it must run
// with a batch of at least INFILL_MIN_BATCH (and, without context, a default n_predict that keeps its
// repo-level header out). A request's context goes into `input_extra` (infillExtra.ts).
//
// Where the server's prompt is known to differ from ours, by llama.cpp's design (fimFormats tests):
// SentencePiece vocabularies get the suffix (and each chunk) with a leading space; suffix-first families
// (Codestral, served with --spm-infill) end with a middle marker; a vocabulary that adds BOS gets the
// context block before BOS, where ours has it after; StarCoder2's block is in the plain layout
// (infillExtra.ts). `tokens` is the server's prompt: our engine's, token for token, on Qwen2.5-Coder's
// format.
import type { LlamaModel, Token } from "node-llama-cpp";
import { buildDocumentContext, DEFAULT_CONTEXT_LIMITS, type ContextLimits } from "../../completion/documentContext";
import { buildFimPrompt, contextPromptHead, DEFAULT_FIM_LIMITS, fimTokenIds, type FimLimits } from "../../engine/fim";
import { requireFim, tokenizeContinuation } from "../../engine/fimFormats/modelFim";
import type { PromptContext } from "../../engine/types";
import { infillExtra, type InfillChunk } from "./infillExtra";

/** Batch size at which the server keeps up to 2,048 prefix and 512 suffix tokens. */
export const INFILL_MIN_BATCH = 4 * Math.max(Math.ceil(DEFAULT_FIM_LIMITS.maxPrefixTokens / 3), DEFAULT_FIM_LIMITS.maxSuffixTokens + 2);

export interface InfillFields {
  input_prefix: string;
  input_suffix: string;
  prompt: string;
  /** Indentation of the cursor's line (llama.vscode sends it: the server stops at a line indented less). */
  n_indent: number;
  /** The request's context as the engine cuts it; absent where the prompt has no context block. */
  input_extra?: InfillChunk[];
  /** The prompt llama-server builds from these fields, token ids: our engine's in the cursor layout (see the header). */
  tokens: number[];
  /** Characters after the cursor sent (before token cuts), as the service counts them. */
  suffixChars: number;
  /** The text before the cursor's line, and the line's typed part (uncut): an answer cache's key. */
  above: string;
  line: string;
}

export class InfillPromptBuilder {
  constructor(
    private readonly model: LlamaModel,
    /** Prompt tokens allowed (the engine's promptBudget for the same context and room). */
    private readonly budget: number,
    private readonly limits: FimLimits = DEFAULT_FIM_LIMITS,
    private readonly context: ContextLimits = DEFAULT_CONTEXT_LIMITS,
  ) {}

  /** Whether the model's family puts the suffix first (its server runs with --spm-infill). */
  get suffixFirst(): boolean {
    return requireFim(this.model).order === "suffix-first";
  }

  build(text: string, offset: number, context?: PromptContext): InfillFields {
    const doc = buildDocumentContext(text, offset, this.context);
    const { prefix, suffix } = doc;
    const fim = requireFim(this.model);
    const ids = fimTokenIds(this.model);
    const extra = context ? infillExtra(this.model, context, this.budget) : undefined;
    // Our engine's prompt for this request: its cuts are the ones sent.
    const ours = buildFimPrompt(this.model, prefix, suffix, this.limits, this.budget, "cursor", extra?.context);
    const bos = fim.bos === undefined ? [] : [fim.bos];
    const body = ours.slice(contextPromptHead(this.model, extra?.context, this.budget).length);
    const prefixFirst = fim.middleInPrompt;
    const [pre, suf] = prefixFirst
      ? [body.slice(1, body.indexOf(ids.suffix)), body.slice(body.indexOf(ids.suffix) + 1, -1)]
      : [body.slice(body.indexOf(ids.prefix) + 1), body.slice(1, body.indexOf(ids.prefix))];
    const preAll = prefix ? this.model.tokenize(prefix, false).length : 0;
    const sufAll = tokenizeContinuation(this.model, suffix, fim).length;
    const input_prefix = pre.length === preAll ? prefix : this.detokenize(pre);
    const input_suffix = suf.length === sufAll ? suffix : this.detokenize(suf);
    // The server tokenizes the suffix as a text of its own (a SentencePiece space in front).
    const sufServer = input_suffix ? (this.model.tokenize(input_suffix, false) as number[]) : [];
    const fimPart = prefixFirst ? [ids.prefix, ...pre, ids.suffix, ...sufServer] : [ids.suffix, ...sufServer, ids.prefix, ...pre];
    const lineStart = prefix.lastIndexOf("\n") + 1;
    return {
      input_prefix,
      input_suffix,
      prompt: "",
      n_indent: /^[ \t]*/.exec(doc.linePrefix + doc.lineSuffix)![0].length,
      ...(extra ? { input_extra: extra.chunks } : {}),
      tokens: [...(extra?.block ?? []), ...bos, ...fimPart, ids.middle],
      suffixChars: suffix.length,
      above: prefix.slice(0, lineStart),
      line: prefix.slice(lineStart),
    };
  }

  private detokenize(tokens: readonly number[]): string {
    return this.model.detokenize(tokens as Token[], false);
  }
}
