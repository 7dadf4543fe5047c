// Whether a model file can fill in the middle, from its GGUF header alone (no load): the
// tokenizer.ggml.fim_{pre,suf,mid}_token_id keys, else the token texts llama.cpp recognises as FIM
// tokens (src/llama-vocab.cpp) plus Codestral's, which llama.cpp does not detect but whose format we know.
// A file without them loads fine and then fails every completion, so it is refused when chosen.

/** Known spellings of the three FIM tokens, by family. */
const FIM_SPELLINGS: readonly { family: string; prefix: string; suffix: string; middle: string }[] = [
  { family: "qwen / codegemma", prefix: "<|fim_prefix|>", suffix: "<|fim_suffix|>", middle: "<|fim_middle|>" },
  { family: "starcoder / granite", prefix: "<fim_prefix>", suffix: "<fim_suffix>", middle: "<fim_middle>" },
  { family: "santacoder", prefix: "<fim-prefix>", suffix: "<fim-suffix>", middle: "<fim-middle>" },
  { family: "deepseek-coder", prefix: "<｜fim▁begin｜>", suffix: "<｜fim▁hole｜>", middle: "<｜fim▁end｜>" },
  { family: "codellama", prefix: "▁<PRE>", suffix: "▁<SUF>", middle: "▁<MID>" },
  { family: "codellama (plain)", prefix: "<PRE>", suffix: "<SUF>", middle: "<MID>" },
  { family: "glm-4.5", prefix: "<|code_prefix|>", suffix: "<|code_suffix|>", middle: "<|code_middle|>" },
  { family: "falcon-h1", prefix: "<|prefix|>", suffix: "<|suffix|>", middle: "<|middle|>" },
  { family: "codestral", prefix: "[PREFIX]", suffix: "[SUFFIX]", middle: "[MIDDLE]" },
];

export interface FimTokens {
  prefix: number;
  suffix: number;
  middle: number;
  /** "keys" when the file names them, else the family whose spellings were found. */
  from: string;
}

type Ggml = Record<string, unknown>;

function ggmlOf(metadata: unknown): Ggml {
  return ((metadata as { tokenizer?: { ggml?: Ggml } })?.tokenizer?.ggml ?? {}) as Ggml;
}

/** The FIM token ids of a GGUF header's metadata (node-llama-cpp's `fileInfo.metadata`), or undefined. */
export function fimTokensOf(metadata: unknown): FimTokens | undefined {
  const g = ggmlOf(metadata);
  const tokens = Array.isArray(g.tokens) ? (g.tokens as string[]) : [];
  const key = (name: string) => {
    const v = g[name];
    return typeof v === "number" && Number.isInteger(v) && v >= 0 && v < tokens.length ? v : undefined;
  };
  const [p, s, m] = [key("fim_pre_token_id"), key("fim_suf_token_id"), key("fim_mid_token_id")];
  if (p !== undefined && s !== undefined && m !== undefined) return { prefix: p, suffix: s, middle: m, from: "keys" };
  const index = new Map<string, number>();
  for (const spelling of FIM_SPELLINGS) for (const t of [spelling.prefix, spelling.suffix, spelling.middle]) index.set(t, -1);
  tokens.forEach((t, i) => {
    if (index.get(t) === -1) index.set(t, i);
  });
  for (const f of FIM_SPELLINGS) {
    const ids = [p ?? index.get(f.prefix)!, s ?? index.get(f.suffix)!, m ?? index.get(f.middle)!];
    if (ids.every((id) => id >= 0)) return { prefix: ids[0], suffix: ids[1], middle: ids[2], from: f.family };
  }
  return undefined;
}

/** What to tell a user whose model has no FIM tokens. */
export function noFimMessage(fileName: string, role?: string): string {
  return (
    `${role ? `The ${role} model ` : ""}${fileName} has no fill-in-the-middle tokens (neither the tokenizer.ggml.fim_*_token_id keys nor FIM tokens llama.cpp recognises), ` +
    "so it cannot complete code between a prefix and a suffix. Use a base coder model with fill-in-the-middle, e.g. Qwen2.5-Coder (base, not -Instruct), DeepSeek-Coder, StarCoder2, CodeGemma or CodeLlama."
  );
}
