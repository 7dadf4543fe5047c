// The /infill fields in every coder family's format: for each family's test model, the replay's server
// mode (its plain and context servers, as withServerBackends starts them, Codestral with --spm-infill)
// builds from the fields exactly the prompt `tokens` says, with and without context. Identity is checked
// through the server's prompt cache: one more token evaluates only itself.
import assert from "node:assert/strict";
import type { Token } from "node-llama-cpp";
import { streamInfill } from "../../../../src/bench/llamaServer/infill";
import type { InfillFields } from "../../../../src/bench/llamaServer/infillPrompt";
import { withServerBackends } from "../../../../src/bench/replay/serverModes";
import { FAMILY_LAYOUTS } from "../../../../src/bench/testPair/familyTokenizers";
import { buildDocumentContext } from "../../../../src/completion/documentContext";
import { buildFimPrompt } from "../../../../src/engine/fim";
import { fimFormatOf } from "../../../../src/engine/fimFormats/modelFim";
import type { PromptContext } from "../../../../src/engine/types";
import { familyModel, familyVocabModel } from "../../helpers/familyPairs";
import { llamaServerBinary } from "../../helpers/llamaServer";

const context: PromptContext = {
  chunks: [
    { path: "lib/a.js", text: "export const a = 1;\n" },
    { path: "lib/b.js", text: "export function b(x) {\n  return x * 2;\n}" },
  ],
};
const prefix = "import { a } from './lib/a.js';\nfunction f(y) {\n  return ";
const suffix = "a + y;\n}\n";

async function serverPromptIs(url: string, tokens: number[], counted: number): Promise<{ same: boolean; evaluated: number }> {
  const res = await fetch(`${url}/completion`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ prompt: [...tokens, tokens.find((t) => t >= 0)!], n_predict: 1, cache_prompt: true, id_slot: 0, temperature: 0 }),
  });
  const json = (await res.json()) as { timings: { prompt_n: number } };
  return { same: counted === tokens.length && json.timings.prompt_n === 1, evaluated: json.timings.prompt_n };
}

for (const layout of FAMILY_LAYOUTS) {
  it(`bench/llamaServer: ${layout} /infill fields give the prompt they say, with and without context`, async function () {
    this.timeout(300_000);
    const model = await familyModel(layout);
    const vocab = await familyVocabModel(layout);
    try {
      await withServerBackends(
        "server",
        { binary: llamaServerBinary(), small: model, large: model, threads: 1, debounceMs: 0, decode: { maxTokens: 16 }, engineContextSize: 4096 },
        ["with", "without"],
        async (b) => {
          const prompts = b.with!.options.prompts;
          const text = prefix + suffix;
          for (const [name, c, url] of [
            ["without", undefined, b.without!.options.url],
            ["with", context, b.with!.options.contextUrl!],
          ] as const) {
            const f: InfillFields = prompts.build(text, prefix.length, c);
            assert.equal(f.input_extra === undefined, c === undefined);
            const answer = await streamInfill(url, { input_prefix: f.input_prefix, input_suffix: f.input_suffix, ...(f.input_extra ? { input_extra: f.input_extra } : {}), prompt: "", n_predict: 1, cache_prompt: true, id_slot: 0, temperature: 0 }, new AbortController().signal);
            const check = await serverPromptIs(url, f.tokens, answer.promptTokens!);
            assert.ok(check.same, `${name}: ${answer.promptTokens} tokens, ${check.evaluated} re-evaluated; fields say ${JSON.stringify(vocab.detokenize(f.tokens as Token[], true))} (${f.tokens.length})`);
            // Prefix-first BPE families without BOS: the engine's own prompt, but for StarCoder2 with
            // context (llama.cpp does not know its repo-level spellings: its block is in the plain layout).
            const fim = fimFormatOf(vocab)!;
            if (fim.middleInPrompt && !fim.spacelessPieces && fim.bos === undefined) {
              if (layout === "starcoder2" && c) {
                assert.ok(f.tokens.every((t) => t !== fim.tokens.repoName && t !== fim.tokens.fileSep));
                continue;
              }
              const doc = buildDocumentContext(text, prefix.length);
              const named = c && { ...c, repo: "myproject", path: "filename" };
              assert.deepEqual(f.tokens, buildFimPrompt(vocab, doc.prefix, doc.suffix, undefined, Infinity, "cursor", named), name);
            }
          }
        },
      );
    } finally {
      await vocab.dispose();
    }
  });
}
