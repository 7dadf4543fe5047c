// The replay's server modes with context, on a real llama-server serving the fixture large model (threads
// 1): the request's chunks go out as /infill's input_extra, cut as the engine cuts them, and the context
// server builds from them our engine's prompt with its repository-level block, token for token (the
// server's fixed names in the block); the plain server keeps building today's prompt; a session played
// in both arms carries the chunks in the with arm's requests only.
import assert from "node:assert/strict";
import type { LlamaModel, Token } from "node-llama-cpp";
import { streamInfill } from "../../../../src/bench/llamaServer/infill";
import { SERVER_FILE_PATH, SERVER_REPO_NAME } from "../../../../src/bench/llamaServer/infillExtra";
import type { InfillFields } from "../../../../src/bench/llamaServer/infillPrompt";
import type { LlamaServerBackend } from "../../../../src/bench/replay/llamaServerBackend";
import { replayArms } from "../../../../src/bench/replay/run";
import { promptBudgetFor, trainContextOf, withServerBackends } from "../../../../src/bench/replay/serverModes";
import { DEFAULT_PACE, type TypingPace } from "../../../../src/bench/replay/typing";
import { buildDocumentContext } from "../../../../src/completion/documentContext";
import { buildFimPrompt } from "../../../../src/engine/fim";
import { getCpuLlama } from "../../../../src/engine/llama";
import { DEFAULT_DECODE_SETTINGS, type PromptContext } from "../../../../src/engine/types";
import { LIMITS_JS, scaleSession } from "../../helpers/contextSamples";
import { fixtures, syntheticJs } from "../../helpers/fixtures";
import { llamaServerBinary } from "../../helpers/llamaServer";

const MAX_TOKENS = 16;
const PACE: TypingPace = { ...DEFAULT_PACE, msPerChar: 60, jitter: 0.2, lineEndMs: 900, pauseChance: 0, moveMs: 300 };

const chunks = [
  { path: "src/old.js", text: syntheticJs(30) },
  { path: "src/limits.js", text: LIMITS_JS },
];
const prefix = "import { clamp, LIMIT } from './limits.js';\n\nexport function scale(values) {\n  return ";
const suffix = "values;\n}\n";

async function serverPromptIs(url: string, tokens: number[], counted: number): Promise<{ same: boolean; evaluated: number }> {
  // After /infill, one more token evaluates only itself exactly when the slot holds `tokens`.
  const res = await fetch(`${url}/completion`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ prompt: [...tokens, tokens[tokens.length - 1]], n_predict: 1, cache_prompt: true, id_slot: 0, temperature: 0 }),
  });
  const json = (await res.json()) as { timings: { prompt_n: number } };
  return { same: counted === tokens.length && json.timings.prompt_n === 1, evaluated: json.timings.prompt_n };
}

describe("bench/llamaServer: a request's context as /infill's input_extra (fixture pair, llama-server)", function () {
  this.timeout(600_000);
  let vocab: LlamaModel;
  let budget: number;

  before(async () => {
    vocab = await (await getCpuLlama(1)).loadModel({ modelPath: fixtures.large, vocabOnly: true });
    budget = promptBudgetFor(4096, trainContextOf(vocab), { ...DEFAULT_DECODE_SETTINGS, maxTokens: MAX_TOKENS });
  });
  after(async () => {
    await vocab?.dispose();
  });

  const play = <T>(run: (backends: { with: LlamaServerBackend; without: LlamaServerBackend }) => Promise<T>) =>
    withServerBackends(
      "server",
      { binary: llamaServerBinary(), small: fixtures.small, large: fixtures.large, threads: 1, debounceMs: 150, decode: { maxTokens: MAX_TOKENS }, engineContextSize: 4096 },
      ["with", "without"],
      (b) => run({ with: b.with!, without: b.without! }),
    );

  it("the server builds our engine's prompt from the fields: whole chunks, a chunk cut to its last lines, and none", async () => {
    await play(async ({ with: withContext, without }) => {
      const prompts = withContext.options.prompts;
      const text = prefix + suffix;
      const doc = buildDocumentContext(text, prefix.length);
      const send = async (url: string, f: InfillFields) => {
        const answer = await streamInfill(url, { input_prefix: f.input_prefix, input_suffix: f.input_suffix, ...(f.input_extra ? { input_extra: f.input_extra } : {}), prompt: f.prompt, n_predict: 1, cache_prompt: true, id_slot: 0, temperature: 0 }, new AbortController().signal);
        return serverPromptIs(url, f.tokens, answer.promptTokens!);
      };
      const cases: { name: string; context: PromptContext; extra: (f: InfillFields) => void }[] = [
        { name: "whole", context: { repo: "demo", path: "src/scale.js", chunks }, extra: (f) => assert.deepEqual(f.input_extra!.map((c) => c.filename), ["src/old.js", "src/limits.js"]) },
        {
          // 120 tokens hold the newest chunk and the last lines of the older one.
          name: "cut",
          context: { chunks, maxTokens: 120 },
          extra: (f) => {
            const [old, limits] = f.input_extra!;
            assert.equal(limits.text, LIMITS_JS + "\n", "a chunk's text ends its line, as the engine writes it");
            assert.ok(old.text.length < chunks[0].text.length && chunks[0].text.endsWith(old.text) && chunks[0].text.at(-old.text.length - 1) === "\n", JSON.stringify(old.text));
          },
        },
      ];
      for (const c of cases) {
        const fields = prompts.build(text, prefix.length, c.context);
        c.extra(fields);
        const ours = buildFimPrompt(vocab, doc.prefix, doc.suffix, undefined, budget, "cursor", { ...c.context, repo: SERVER_REPO_NAME, path: SERVER_FILE_PATH });
        assert.deepEqual(fields.tokens, ours, c.name);
        const check = await send(withContext.options.contextUrl!, fields);
        assert.ok(check.same, `${c.name}: ${check.evaluated} re-evaluated; ours ${JSON.stringify(vocab.detokenize(ours as Token[], true))}`);
      }
      // The names are the only difference from the engine's block for the request's own names.
      const named = buildFimPrompt(vocab, doc.prefix, doc.suffix, undefined, budget, "cursor", cases[0].context);
      assert.notDeepEqual(prompts.build(text, prefix.length, cases[0].context).tokens, named);
      // No context: the plain server builds today's prompt (no repository header).
      const plain = prompts.build(text, prefix.length);
      assert.equal(plain.input_extra, undefined);
      assert.deepEqual(plain.tokens, buildFimPrompt(vocab, doc.prefix, doc.suffix, undefined, budget, "cursor"));
      assert.ok((await send(without.options.url, plain)).same);
      // The probe tells a different prompt apart: the context server writes its header without any chunk.
      const bare = await streamInfill(withContext.options.contextUrl!, { input_prefix: plain.input_prefix, input_suffix: plain.input_suffix, prompt: "", n_predict: 1, cache_prompt: true, id_slot: 0 }, new AbortController().signal);
      assert.equal((await serverPromptIs(withContext.options.contextUrl!, plain.tokens, bare.promptTokens!)).same, false);
    });
  });

  it("plays a session in both arms: the with arm's requests carry the chunk and longer prompts", async () => {
    const session = scaleSession(LIMITS_JS);
    const played = await play(({ with: w, without: wo }) => replayArms({ with: w, without: wo }, ["with", "without"], [session], 1, PACE, undefined));
    const [withContext] = played.with!;
    const [without] = played.without!;
    const done = (r: { outcome: string }) => r.outcome === "completed";
    assert.ok(withContext.requests.filter(done).length > 0 && without.requests.filter(done).length > 0);
    assert.ok(withContext.requests.every((r) => r.outcome === "error" || r.contextChunks! >= 1), JSON.stringify(withContext.requests.map((r) => r.contextChunks)));
    assert.ok(withContext.requests.every((r) => r.outcome !== "error") && without.requests.every((r) => r.outcome !== "error"));
    assert.ok(without.requests.every((r) => r.contextChunks === 0));
    const shortestWith = Math.min(...withContext.requests.filter(done).map((r) => r.promptTokens));
    const longestWithout = Math.max(...without.requests.filter(done).map((r) => r.promptTokens));
    assert.ok(shortestWith > longestWithout + 20, `with ${shortestWith}, without ${longestWithout}`);
  });
});
