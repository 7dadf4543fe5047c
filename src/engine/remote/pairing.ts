// Whether a llama-server serves a model that can pair with the local small one: asked before the first
// completion and again after each outage (the server may have been restarted with another model).
// Vocabulary sizes follow llama.cpp's draft-model rule; a probe text with code and the FIM tokens must
// tokenise to the same ids on both sides, and ids spread over the vocabulary must read back the same.
import { MAX_VOCAB_SIZE_DIFFERENCE } from "../modelfiles/pairRule";
import { RemoteError, type ServerApi } from "./serverApi";

export interface LocalVocabulary {
  name: string;
  size: number;
  /** Tokenises with special tokens parsed (the FIM markers become their ids). */
  tokenize(text: string): number[];
  detokenize(ids: readonly number[]): string;
  /** Texts of the special tokens the prompt uses, e.g. "<|fim_prefix|>". */
  specialTexts: readonly string[];
}

export interface ServerModelFacts {
  /** File name of the served model (from /props). */
  name: string;
  vocabularySize: number;
  trainContextSize: number;
  /** Tokens one slot holds. */
  slotContextSize: number;
  parameters: number;
  slots: number;
}

const PROBE = 'function add(a, b) {\n\treturn a + b; // sum\n}\nconst s = "héllo wörld ✓";\n  if (x >= 10) { y = [1, 2, 3]; }\n';

export async function checkServerPairing(api: ServerApi, local: LocalVocabulary, signal?: AbortSignal): Promise<ServerModelFacts> {
  const props = await api.getJson<{ model_path?: string; total_slots?: number; default_generation_settings?: { n_ctx?: number } }>("/props", signal);
  const models = await api.getJson<{ data?: { meta?: { n_vocab?: number; n_ctx_train?: number; n_params?: number } }[] }>("/v1/models", signal);
  const meta = models.data?.[0]?.meta ?? {};
  const name = (props.model_path ?? "").split(/[\\/]/).pop() || "the served model";
  const facts: ServerModelFacts = {
    name,
    vocabularySize: meta.n_vocab ?? 0,
    trainContextSize: meta.n_ctx_train ?? 0,
    slotContextSize: props.default_generation_settings?.n_ctx ?? 0,
    parameters: meta.n_params ?? 0,
    slots: props.total_slots ?? 1,
  };
  const differs = (what: string) =>
    new RemoteError("pairing", `${api.url} serves ${name}, which cannot pair with ${local.name}: ${what}. Serve the large model of the same family as the small one.`);

  if (!facts.vocabularySize) throw differs("the server does not report its vocabulary size");
  if (Math.abs(facts.vocabularySize - local.size) > MAX_VOCAB_SIZE_DIFFERENCE) {
    throw differs(`its vocabulary has ${facts.vocabularySize.toLocaleString("en-US")} tokens against ${local.size.toLocaleString("en-US")}`);
  }
  // The server's model masks the ids the small one lacks (logit bias); the other way round the local
  // small model would have to, so a served vocabulary smaller than the small model's is refused.
  if (facts.vocabularySize < local.size) {
    throw differs(`its vocabulary has ${facts.vocabularySize.toLocaleString("en-US")} tokens, fewer than the small model's ${local.size.toLocaleString("en-US")} (serve the larger file of the pair)`);
  }

  const probe = PROBE + local.specialTexts.join("");
  const remote = await api.postJson<{ tokens?: number[] }>("/tokenize", { content: probe, add_special: false, parse_special: true }, signal);
  const mine = local.tokenize(probe);
  const theirs = remote.tokens ?? [];
  const at = firstDifference(mine, theirs);
  if (at >= 0) {
    throw differs(`a probe text tokenises differently from token ${at} on (here ${mine.slice(at, at + 3).join(", ")}; there ${theirs.slice(at, at + 3).join(", ") || "nothing"})`);
  }

  // Ids spread over the whole shared vocabulary must read back the same text (one request).
  const shared = Math.min(facts.vocabularySize, local.size);
  const sample: number[] = [];
  for (let i = 0; i < 64; i++) sample.push(Math.floor(((i + 0.5) * shared) / 64));
  const there = (await api.postJson<{ content?: string }>("/detokenize", { tokens: sample }, signal)).content ?? "";
  const here = local.detokenize(sample);
  if (there !== here) {
    const at = firstDifference([...here], [...there]);
    throw differs(`ids spread over the vocabulary read differently (from character ${at}: here ${JSON.stringify(here.slice(at, at + 12))}, there ${JSON.stringify(there.slice(at, at + 12))})`);
  }
  return facts;
}

function firstDifference<T>(a: readonly T[], b: readonly T[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return -1;
}
