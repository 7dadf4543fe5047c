// The /infill fields for a document and cursor, cut so that the prompt llama-server builds from them is
// the prompt our engine builds in its cursor layout (fim.ts): the editor side's character window
// (documentContext.ts), then the engine's token budget and cuts. /infill appends its `prompt` field (the
// cursor line's typed part, in llama.vscode) to the end of the prefix, before <fim_suffix>
// (format_prompt_infill in llama.cpp's tools/server/server-common.cpp), so the prompt the server builds
// is always the cursor layout: every keystroke moves the suffix. The whole prefix goes into
// `input_prefix` here, tokenized in one piece as our engine tokenizes it. The server cuts again only past
// 3/4 and 1/4 of its batch size, so it must run with a batch of at least INFILL_MIN_BATCH (and a default
// n_predict that keeps its repo-level header out).
import type { LlamaModel, Token } from "node-llama-cpp";
import { buildDocumentContext, DEFAULT_CONTEXT_LIMITS, type ContextLimits } from "../../completion/documentContext";
import { cutPrefix, cutSuffix, DEFAULT_FIM_LIMITS, fimTokenIds, splitBudget, type FimLimits } from "../../engine/fim";

/** Batch size at which the server keeps up to 2,048 prefix and 512 suffix tokens. */
export const INFILL_MIN_BATCH = 4 * Math.max(Math.ceil(DEFAULT_FIM_LIMITS.maxPrefixTokens / 3), DEFAULT_FIM_LIMITS.maxSuffixTokens + 2);

export interface InfillFields {
  input_prefix: string;
  input_suffix: string;
  prompt: string;
  /** Indentation of the cursor's line (llama.vscode sends it: the server stops at a line indented less). */
  n_indent: number;
  /** The prompt as our engine builds it in the cursor layout, token ids. */
  tokens: number[];
  /** Characters after the cursor sent (before token cuts), as the service counts them. */
  suffixChars: number;
  /** The text before the cursor's line, and the line's typed part (uncut): an answer cache's key. */
  above: string;
  line: string;
}

export class InfillPromptBuilder {
  private readonly lineEnds = new Map<number, boolean>();

  constructor(
    private readonly model: LlamaModel,
    /** Prompt tokens allowed (the engine's promptBudget for the same context and room). */
    private readonly budget: number,
    private readonly limits: FimLimits = DEFAULT_FIM_LIMITS,
    private readonly context: ContextLimits = DEFAULT_CONTEXT_LIMITS,
  ) {}

  build(text: string, offset: number): InfillFields {
    const doc = buildDocumentContext(text, offset, this.context);
    const { prefix, suffix } = doc;
    const preAll = prefix ? this.tokenize(prefix) : [];
    const sufAll = suffix ? this.tokenize(suffix) : [];
    const keep = splitBudget(preAll.length, sufAll.length, this.budget, this.limits);
    const endsLine = (t: number) => this.endsLine(t);
    const pre = cutPrefix(preAll, keep.prefix, endsLine);
    const suf = cutSuffix(sufAll, keep.suffix, endsLine);
    const ids = fimTokenIds(this.model);
    const lineStart = prefix.lastIndexOf("\n") + 1;
    return {
      input_prefix: pre.length === preAll.length ? prefix : this.detokenize(pre),
      input_suffix: suf.length === sufAll.length ? suffix : this.detokenize(suf),
      prompt: "",
      n_indent: /^[ \t]*/.exec(doc.linePrefix + doc.lineSuffix)![0].length,
      tokens: [ids.prefix, ...pre, ids.suffix, ...suf, ids.middle],
      suffixChars: suffix.length,
      above: prefix.slice(0, lineStart),
      line: prefix.slice(lineStart),
    };
  }
  private tokenize(text: string): number[] {
    return this.model.tokenize(text, false) as number[];
  }

  private detokenize(tokens: readonly number[]): string {
    return this.model.detokenize(tokens as Token[], false);
  }

  private endsLine(token: number): boolean {
    let v = this.lineEnds.get(token);
    if (v === undefined) this.lineEnds.set(token, (v = this.detokenize([token]).endsWith("\n")));
    return v;
  }
}
