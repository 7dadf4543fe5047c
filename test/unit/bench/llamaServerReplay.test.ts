// The replay's llama-server peer against a real llama-server (built from the llama.cpp source that
// node-llama-cpp ships) serving the fixture large model: the prompt it builds is ours, the session's
// requests are made, measured and shown as the server answers them, and --cache-reuse keeps a moved
// suffix from being evaluated again.
import assert from "node:assert/strict";
import type { LlamaModel } from "node-llama-cpp";
import { buildDocumentContext } from "../../../src/completion/documentContext";
import { streamInfill, type InfillBody } from "../../../src/bench/llamaServer/infill";
import { InfillPromptBuilder, type InfillFields } from "../../../src/bench/llamaServer/infillPrompt";
import { launchLlamaServer, type LlamaServerProcess } from "../../../src/bench/llamaServer/launch";
import { locateLlamaServer } from "../../../src/bench/llamaServer/locate";
import { playSession } from "../../../src/bench/replay/driver";
import { LlamaServerBackend } from "../../../src/bench/replay/llamaServerBackend";
import { summarizeMode } from "../../../src/bench/replay/report";
import { promptBudgetFor, serverArgs, trainContextOf } from "../../../src/bench/replay/serverModes";
import type { ReplaySession } from "../../../src/bench/replay/sessions";
import { DEFAULT_PACE, type TypingPace } from "../../../src/bench/replay/typing";
import type { EadEngine } from "../../../src/engine/engine";
import { getCpuLlama } from "../../../src/engine/llama";
import { fixtures, loadFixtureEngine, repoRoot, syntheticJs } from "../helpers/fixtures";

/** Slow enough that most keystrokes make a request that completes (a 440-token suffix is evaluated each time); no random pauses. */
const PACE: TypingPace = { ...DEFAULT_PACE, msPerChar: 500, jitter: 0.2, lineEndMs: 800, pauseChance: 0, moveMs: 300 };
const MAX_TOKENS = 24;

const body = (f: InfillFields): InfillBody => ({
  input_prefix: f.input_prefix,
  input_suffix: f.input_suffix,
  prompt: f.prompt,
  n_indent: f.n_indent,
  n_predict: MAX_TOKENS,
  temperature: 0,
  top_k: 1,
  cache_prompt: true,
  id_slot: 0,
});

describe("bench/replay: the llama-server peer", function () {
  this.timeout(600_000);
  let engine: EadEngine;
  let vocab: LlamaModel;
  let prompts: InfillPromptBuilder;
  let server: LlamaServerProcess;

  before(async () => {
    const binary = locateLlamaServer(repoRoot);
    engine = await loadFixtureEngine();
    vocab = await (await getCpuLlama(1)).loadModel({ modelPath: fixtures.large, vocabOnly: true });
    // The budget as the replay's server modes compute it (from the file): the engine's.
    const budget = promptBudgetFor(4096, trainContextOf(vocab), { maxTokens: MAX_TOKENS, draftTokens: 5 });
    assert.equal(budget, engine.promptBudget({ maxTokens: MAX_TOKENS, draftTokens: 5 }));
    prompts = new InfillPromptBuilder(vocab, budget);
    server = await launchLlamaServer({ binary, model: fixtures.large, threads: 1, contextSize: trainContextOf(vocab), slots: 1, args: serverArgs("server", { small: fixtures.small, threads: 1 }) });
  });
  afterEach(function () {
    // A failed request usually means the server died: its last lines say why.
    if (this.currentTest?.state === "failed") console.log(`      llama-server's last lines:\n${server?.logTail()}`);
  });
  after(async () => {
    await server?.stop();
    await vocab?.dispose();
    await engine?.dispose();
  });

  it("sends /infill fields from which the server builds our engine's prompt, token for token", async () => {
    const long = syntheticJs(400);
    const cases: [string, number][] = [
      [long, long.indexOf("return", 9000) + 3], // inside a line, with the prefix and the suffix cut to the budget
      [long, long.indexOf("\n", 2000) + 1], // at a line start
      [long, long.length], // end of the file: no suffix
    ];
    for (const [text, offset] of cases) {
      const fields = prompts.build(text, offset);
      const doc = buildDocumentContext(text, offset);
      assert.deepEqual(fields.tokens, engine.buildPrompt(doc.prefix, doc.suffix, { maxTokens: MAX_TOKENS, draftTokens: 5 }, "cursor"), `offset ${offset}`);
      const answer = await streamInfill(server.url, { ...body(fields), n_predict: 1 }, new AbortController().signal);
      // The server reports the prompt it built: as long as ours (its own cuts took nothing away).
      assert.equal(answer.promptTokens, fields.tokens.length, `offset ${offset}`);
    }
    assert.ok(prompts.build(long, cases[0][1]).tokens.length > 600, "the first case fills the budget");
  });

  it("replays a session: one streamed request per pause, measured, showing what /infill answers for that text", async () => {
    const head = syntheticJs(60) + "function mean(items) {\n";
    const session: ReplaySession = {
      id: "mean",
      kind: "test",
      document: head + "\n" + syntheticJs(80),
      steps: [{ offset: head.length, text: "  let t = 0;\n  return t;\n" }],
    };
    // The pace leaves room for an answer between keystrokes on this machine as loaded now: one cold
    // request (the whole prompt evaluated) is timed first, and each character takes at least twice that.
    const t0 = Date.now();
    await streamInfill(server.url, { ...body(prompts.build(session.document, head.length)), cache_prompt: false }, new AbortController().signal);
    const coldMs = Date.now() - t0;
    const pace: TypingPace = { ...PACE, msPerChar: Math.max(PACE.msPerChar, 2 * coldMs) };
    const backend = new LlamaServerBackend({ name: "server", url: server.url, prompts, maxTokens: MAX_TOKENS, debounceMs: 150 });
    const result = await playSession(session, backend, { seed: 1, pace });
    const summary = summarizeMode("server", [result]);
    console.log(`      a cold request took ${coldMs} ms: ${pace.msPerChar} ms per character`);
    console.log(`      ${summary.requests} requests (${summary.cancelled} cancelled), ${summary.reevaluatedPerChar.large} re-evaluated per char, latency p50 ${summary.latencyMs.p50} ms, answers ${JSON.stringify(result.answers)}`);
    assert.equal(backend.errors, 0, backend.firstError);
    const completed = result.requests.filter((r) => r.outcome === "completed");
    assert.ok(completed.length >= 8, `${completed.length} completed requests`);
    const step = session.steps[0];
    let shown = 0;
    let sameAsCold = 0;
    for (const r of completed) {
      assert.ok(r.firstTokenAt === undefined || (r.firstTokenAt >= r.startedAt && r.firstTokenAt <= r.endedAt), JSON.stringify(r));
      assert.equal(r.promptEvaluated.small, 0);
      // The document as it was at the request's keystroke: the server's prompt was ours, and the whole
      // suffix was evaluated again (each keystroke moves it; the server's KV reuse shifts to the left only).
      const text = session.document.slice(0, step.offset) + step.text.slice(0, r.keystroke + 1) + session.document.slice(step.offset);
      const fields = prompts.build(text, step.offset + r.keystroke + 1);
      assert.equal(r.promptTokens, fields.tokens.length, JSON.stringify(r));
      const suffixAndMiddle = fields.tokens.length - fields.tokens.indexOf(vocab.tokens.infill.suffix!);
      assert.ok(r.promptEvaluated.large >= suffixAndMiddle && r.promptEvaluated.large < r.promptTokens, JSON.stringify(r));
      if (r.shown === undefined) continue;
      shown++;
      assert.ok(r.latencyMs! >= 150, `latency ${r.latencyMs} includes the debounce`);
      // The same text and cursor asked directly gives the same answer: evaluated from scratch, or from the
      // server's cache (its RAM prompt cache keeps this prompt). The two can differ on a near tie: a
      // token evaluated alone and the same token in a batch differ in the last bits.
      const cold = await streamInfill(server.url, { ...body(fields), cache_prompt: false }, new AbortController().signal);
      const cached = await streamInfill(server.url, body(fields), new AbortController().signal);
      assert.ok(cold.content.length > 0);
      assert.ok([cold.content, cached.content].includes(r.shown), `keystroke ${r.keystroke}: shown ${JSON.stringify(r.shown)}, cold ${JSON.stringify(cold.content)}, cached ${JSON.stringify(cached.content)}`);
      if (r.shown === cold.content) sameAsCold++;
    }
    assert.ok(shown >= 2, `${shown} answers shown`);
    assert.ok(sameAsCold * 2 >= shown, `${sameAsCold} of ${shown} shown answers equal the cold answer`);
  });

  it("with --cache-reuse, lines deleted above the cursor do not make the server evaluate the rest of the prompt again", async () => {
    // KV reuse shifts cached chunks to the left only: text removed before the cursor (or a prefix window
    // that slides down) keeps the rest of the cache; text inserted before the suffix still moves it.
    const top = "const first = require('first');\nconst second = require('second');\n";
    const body0 = syntheticJs(40) + "function next(a) {\n  const b = ";
    const tail = "a + 1;\n  return b;\n}\n" + syntheticJs(30);
    const first = await streamInfill(server.url, body(prompts.build(top + body0 + tail, (top + body0).length)), new AbortController().signal);
    const second = await streamInfill(server.url, body(prompts.build(body0 + tail, body0.length)), new AbortController().signal);
    const evaluated = second.promptTokens! - second.cachedTokens!;
    console.log(`      after deleting the first two lines: ${evaluated} of ${second.promptTokens} prompt tokens evaluated (the first request: ${first.promptTokens})`);
    assert.ok(second.promptTokens! > 500 && second.promptTokens! < first.promptTokens!, `${second.promptTokens} / ${first.promptTokens}`);
    assert.ok(evaluated < second.promptTokens! / 10, `${evaluated} evaluated`);
  });
});
