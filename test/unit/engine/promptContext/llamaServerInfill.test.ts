// Our repository-level prompt against the one llama-server's /infill builds from `input_extra` (what
// llama.vscode users get), on the fixture pair's Qwen-format vocabulary, which has no BOS: with the
// server's fixed names ("myproject", "filename") and chunks ending in a newline, the two are the same
// token for token. Identity is checked through the server's prompt cache, as in fimFormats/.
import assert from "node:assert/strict";
import type { LlamaModel, Token } from "node-llama-cpp";
import type { LlamaServerProcess } from "../../../../src/bench/llamaServer/launch";
import { buildFimPrompt } from "../../../../src/engine/fim";
import { getCpuLlama } from "../../../../src/engine/llama";
import type { PromptContext } from "../../../../src/engine/types";
import { fixtures, syntheticJs } from "../../helpers/fixtures";
import { startServer } from "../../helpers/llamaServer";

async function post(server: LlamaServerProcess, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(server.url + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json;
}

describe("engine/promptContext: the repository-level prompt against llama-server's /infill (fixture vocabulary)", function () {
  this.timeout(300_000);
  let server: LlamaServerProcess;
  let model: LlamaModel;

  before(async () => {
    model = await (await getCpuLlama(1)).loadModel({ modelPath: fixtures.small, vocabOnly: true });
    // The server keeps n_ctx - n_batch - 2 n_predict tokens of extra context (n_ctx is capped at the
    // fixture's training context): a batch of 512 leaves it room for the block.
    server = await startServer({ model: fixtures.small, args: ["-b", "512", "-ub", "512", "-n", "16"] });
  });
  after(async () => {
    await server?.stop();
    await model?.dispose();
  });

  const chunks = [
    { path: "src/sum.js", text: "export function total(xs) {\n  return xs.reduce((a, b) => a + b, 0);\n}\n" },
    { path: "lib/util.js", text: syntheticJs(4).trimEnd() + "\n" },
  ];

  /** Whether the server's last prompt on slot 0 is exactly `tokens` (one more token evaluates only itself). */
  async function serverPromptIs(tokens: number[], infillCount: number): Promise<{ same: boolean; evaluated: number }> {
    const r = await post(server, "/completion", { prompt: [...tokens, tokens[tokens.length - 1]], n_predict: 1, cache_prompt: true, id_slot: 0, temperature: 0 });
    const evaluated = (r.timings as { prompt_n: number }).prompt_n;
    return { same: infillCount === tokens.length && evaluated === 1, evaluated };
  }

  for (const [i, c] of [
    { prefix: "import { total } from './sum';\n\nexport function mean(xs) {\n  return ", suffix: "total(xs) / xs.length;\n}\n" },
    { prefix: "", suffix: "\n" },
  ].entries()) {
    it(`case ${i}: same tokens as /infill with input_extra`, async () => {
      const context: PromptContext = { repo: "myproject", path: "filename", chunks };
      const ours = buildFimPrompt(model, c.prefix, c.suffix, undefined, Infinity, "cursor", context);
      const infill = await post(server, "/infill", {
        input_prefix: c.prefix,
        input_suffix: c.suffix,
        input_extra: chunks.map((k) => ({ filename: k.path, text: k.text })),
        n_predict: 1,
        cache_prompt: true,
        id_slot: 0,
        temperature: 0,
      });
      const check = await serverPromptIs(ours, infill.tokens_evaluated as number);
      assert.ok(check.same, `server: ${JSON.stringify(infill.prompt)} (${infill.tokens_evaluated} tokens); ours: ${JSON.stringify(model.detokenize(ours as Token[], true))} (${ours.length} tokens, ${check.evaluated} re-evaluated)`);
    });
  }

  it("the probe tells a different block apart (another repository name)", async () => {
    const c = { prefix: "let a = ", suffix: ";\n" };
    const ours = buildFimPrompt(model, c.prefix, c.suffix, undefined, Infinity, "cursor", { repo: "otherproject", path: "filename", chunks });
    const infill = await post(server, "/infill", { input_prefix: c.prefix, input_suffix: c.suffix, input_extra: chunks.map((k) => ({ filename: k.path, text: k.text })), n_predict: 1, cache_prompt: true, id_slot: 0 });
    assert.equal((await serverPromptIs(ours, infill.tokens_evaluated as number)).same, false);
  });
});
