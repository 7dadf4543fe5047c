// Our FIM prompt against the one llama-server's /infill builds (the format llama.vscode users get), for
// every family, on the llama-server the project builds. Identity is checked token for token through
// the server's prompt cache: after /infill, a /completion of our prompt plus one token evaluates only
// that token exactly when the server's prompt equals ours (and /infill counted as many tokens).
import assert from "node:assert/strict";
import type { LlamaModel, Token } from "node-llama-cpp";
import { FAMILY_LAYOUTS, type FamilyLayout } from "../../../../src/bench/testPair/familyTokenizers";
import type { LlamaServerProcess } from "../../../../src/bench/llamaServer/launch";
import { launchLlamaServer } from "../../../../src/bench/llamaServer/launch";
import { buildFimPrompt } from "../../../../src/engine/fim";
import { fimFormatOf, tokenizeContinuation } from "../../../../src/engine/fimFormats/modelFim";
import { familyModel, familyVocabModel } from "../../helpers/familyPairs";
import { llamaServerBinary } from "../../helpers/llamaServer";

const CASES: { prefix: string; suffix: string }[] = [
  { prefix: "function add(a, b) {\n  return ", suffix: ";\n}\n" },
  { prefix: "def f(x):\n    if x > 0:\n        ", suffix: "\n    return x\n" },
  { prefix: "const s = 'héllo wörld';\n", suffix: "" },
  { prefix: "", suffix: "  }\n}\n" },
  { prefix: "    indented = [1, 2,", suffix: " 3]\n\n\n// end" },
];

/** Each family as llama.vscode would serve it: Codestral is suffix first (--spm-infill). */
function serverArgs(layout: FamilyLayout): string[] {
  // A context no larger than the batch keeps the repo-level header out (n_ctx - n_batch - 2 n_predict <= 0,
  // with the server's default n_predict of -1 it would keep 2 of its tokens).
  return ["-b", "2048", "-ub", "512", "-n", "16", ...(layout === "codestral" ? ["--spm-infill"] : [])];
}

async function post(server: LlamaServerProcess, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(server.url + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Whether the server's last /infill prompt is exactly `tokens` (see the header). */
async function serverPromptIs(server: LlamaServerProcess, tokens: number[], infillCount: number): Promise<{ same: boolean; evaluated: number }> {
  const probe = [...tokens, tokens.find((t) => t >= 0)!];
  const r = await post(server, "/completion", { prompt: probe, n_predict: 1, cache_prompt: true, id_slot: 0, temperature: 0 });
  const evaluated = (r.timings as { prompt_n: number }).prompt_n;
  return { same: infillCount === tokens.length && evaluated === 1, evaluated };
}

for (const layout of FAMILY_LAYOUTS) {
  describe(`fimFormats: ${layout} prompts against llama-server's /infill`, function () {
    this.timeout(300_000);
    let server: LlamaServerProcess;
    let model: LlamaModel;

    before(async function () {
      model = await familyVocabModel(layout);
      server = await launchLlamaServer({ binary: llamaServerBinary(), model: await familyModel(layout), threads: 1, contextSize: 2048, args: serverArgs(layout) });
    });
    after(async () => {
      await server?.stop();
      await model?.dispose();
    });

    for (const [i, c] of CASES.entries()) {
      it(`case ${i}: ${JSON.stringify(c.prefix.slice(-16))} | ${JSON.stringify(c.suffix.slice(0, 12))}`, async () => {
        const fim = fimFormatOf(model)!;
        const ours = buildFimPrompt(model, c.prefix, c.suffix, undefined, Infinity, "cursor");
        const infill = await post(server, "/infill", { input_prefix: c.prefix, input_suffix: c.suffix, n_predict: 1, cache_prompt: true, id_slot: 0, temperature: 0 });
        const count = infill.tokens_evaluated as number;
        // What the server is known to build differently, by design of the family's reference format:
        // - SentencePiece vocabularies: llama.cpp tokenizes the suffix with a leading space that
        //   CodeLlama's and Codestral's reference tokenizers leave out (ours follows the references);
        // - Codestral: /infill always ends with a middle marker; Codestral's format has none.
        let expected = ours;
        if (fim.spacelessPieces && c.suffix) {
          const plain = model.tokenize(c.suffix, false) as number[];
          const spaceless = tokenizeContinuation(model, c.suffix, fim);
          assert.notDeepEqual(plain, spaceless, "the SentencePiece suffix differs only by its leading space");
          const at = ours.indexOf(fim.tokens.suffix) + 1;
          expected = [...ours.slice(0, at), ...plain, ...ours.slice(at + spaceless.length)];
        }
        if (!fim.middleInPrompt) expected = [...expected, fim.tokens.middle!];
        const check = await serverPromptIs(server, expected, count);
        const detail = `server: ${JSON.stringify(infill.prompt)} (${count} tokens); ours: ${JSON.stringify(model.detokenize(expected as Token[], true))} (${expected.length} tokens, ${check.evaluated} re-evaluated)`;
        assert.ok(check.same, detail);
      });
    }

    it("the probe tells a different prompt apart (one token changed)", async () => {
      const c = CASES[0];
      const ours = buildFimPrompt(model, c.prefix, c.suffix, undefined, Infinity, "cursor");
      const infill = await post(server, "/infill", { input_prefix: c.prefix + "x", input_suffix: c.suffix, n_predict: 1, cache_prompt: true, id_slot: 0, temperature: 0 });
      const check = await serverPromptIs(server, ours, infill.tokens_evaluated as number);
      assert.equal(check.same, false);
    });
  });
}
