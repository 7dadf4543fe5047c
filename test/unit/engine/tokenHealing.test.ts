// Token healing on the real fixture pair: the prompt's last text token is taken back, and the first
// token written starts with its text in every mode.
import assert from "node:assert/strict";
import type { EadEngine } from "../../../src/engine/engine";
import { LocalLane } from "../../../src/engine/localLane";
import { healNext, healPrompt, healsPrompt } from "../../../src/engine/tokenHealing";
import { loadFixtureEngine } from "../helpers/fixtures";

const SUFFIX = "\n\nconsole.log(total);\n";

describe("engine/tokenHealing (fixture pair)", function () {
  let engine: EadEngine;
  const textOf = (token: number) => engine.detokenize([token]);

  before(async () => {
    engine = await loadFixtureEngine({ tokenHealing: "on" });
  });
  after(async () => engine?.dispose());

  it("takes back a trailing space of the typed line, and keeps a prompt that ends in a marker whole", () => {
    const full = engine.buildPrompt("const orders = [];\nconst total = ", SUFFIX);
    assert.equal(textOf(full.at(-1)!), " ", "the typed part ends in a lone space token");
    const { prompt, healing } = engine.completionPrompt("const orders = [];\nconst total = ", SUFFIX);
    assert.deepEqual(prompt, full.slice(0, -1));
    assert.deepEqual(healing, { token: full.at(-1), text: " " });

    // At a line's start the typed part is empty: the prompt ends in <fim_middle>, which is not text.
    const atLineStart = engine.completionPrompt("const orders = [];\n", SUFFIX);
    assert.equal(atLineStart.healing, undefined);
    assert.deepEqual(atLineStart.prompt, engine.buildPrompt("const orders = [];\n", SUFFIX));
  });

  it("a run of blanks keeps all but its last character, which the first token starts with", () => {
    const typed = "const orders = [];\nconst total =" + " ".repeat(8);
    const full = engine.buildPrompt(typed, SUFFIX);
    assert.equal(textOf(full.at(-1)!), " ".repeat(8), "eight spaces are one token");
    const { prompt, healing } = engine.completionPrompt(typed, SUFFIX);
    assert.deepEqual(prompt, [...full.slice(0, -1), ...engine.tokenize(" ".repeat(7))]);
    assert.deepEqual(healing, { token: engine.tokenize(" ")[0], text: " " });
    const tabs = engine.completionPrompt("function f() {\n\t\t", SUFFIX);
    assert.equal(tabs.healing?.text, "\t");
    assert.equal(engine.detokenize(tabs.prompt.slice(-1)), "\t");
  });

  it("healPrompt leaves control tokens and split characters alone", () => {
    const prompt = [5, 6, 7];
    const tokenize = () => assert.fail("only blank runs are tokenized again");
    assert.equal(healPrompt(prompt, () => "x", (t) => t === 7, tokenize).healing, undefined);
    assert.equal(healPrompt(prompt, () => "\uFFFD", () => false, tokenize).healing, undefined);
    assert.equal(healPrompt([7], () => "x", () => false, tokenize).healing, undefined);
    assert.deepEqual(healPrompt(prompt, () => " ", () => false, tokenize), { prompt: [5, 6], healing: { token: 7, text: " " } });
    assert.deepEqual(healPrompt(prompt, () => " (", () => false, tokenize), { prompt: [5, 6], healing: { token: 7, text: " (" } });
  });

  it("keeps the first distribution to tokens that start with the healed text, renormalised, greedy first", async () => {
    const { prompt, healing } = engine.completionPrompt("const orders = [];\nconst total = ", SUFFIX);
    const model = engine.models.large!;
    const context = await model.createContext({ contextSize: 1024, batchSize: 128, threads: 1 });
    try {
      const lane = new LocalLane("large", model, context, context.getSequence(), 128);
      const [raw] = (await lane.advance(prompt, { topK: 256 })).next;
      const healed = healNext(raw, healing!, textOf, () => false);
      assert.ok(healed.probabilities.size > 1 && healed.probabilities.size < raw.probabilities.size);
      for (const token of healed.probabilities.keys()) assert.ok(textOf(token).startsWith(" "), JSON.stringify(textOf(token)));
      const sum = [...healed.probabilities.values()].reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 1e-9);
      const best = [...healed.probabilities].reduce((a, b) => (b[1] > a[1] ? b : a));
      assert.equal(healed.token, best[0]);
      // The order of the kept tokens is the lane's: their relative probabilities are unchanged.
      const [a, b] = [...healed.probabilities.keys()];
      assert.ok(Math.abs(healed.probabilities.get(a)! / healed.probabilities.get(b)! - raw.probabilities.get(a)! / raw.probabilities.get(b)!) < 1e-9);

      // Where no kept token is text, the healed token itself is written again.
      const none = healNext(raw, { token: healing!.token, text: "\u0001never" }, textOf, () => false);
      assert.equal(none.token, healing!.token);
      assert.equal(none.entropy, raw.entropy, "the switching signal is the whole distribution's entropy");
      assert.equal(healed.entropy, raw.entropy);
    } finally {
      await context.dispose();
    }
  });

  for (const mode of ["small", "large", "ead", "speculative"] as const) {
    it(`${mode}: the first token starts with the healed space, and the shown text leaves it out`, async () => {
      const r = await engine.complete({ prefix: "const orders = [];\nconst total = ", suffix: SUFFIX, settings: { mode, maxTokens: 12, threshold: 1.5 } });
      assert.ok(r.tokens.length > 0, "tokens were written");
      const ids = r.tokens.map((t) => t.id);
      assert.ok(textOf(ids[0]).startsWith(" "), `first token ${JSON.stringify(textOf(ids[0]))}`);
      assert.equal(r.text, engine.detokenize(ids).slice(1));
      assert.equal(r.tokens.map((t) => t.text).join(""), r.text);
    });
  }

  it("by default heals the prompts that carry context from other files and those that end in a blank", async () => {
    const byDefault = await loadFixtureEngine();
    try {
      assert.equal(byDefault.tokenHealing, "auto");
      const chunk = { path: "lib/total.js", text: "exports.total = (xs) => xs.reduce((a, b) => a + b, 0);\n" };
      const context = { path: "main.js", chunks: [chunk] };
      // With context, also a prompt that ends in code.
      const withContext = byDefault.completionPrompt("const total =", SUFFIX, undefined, undefined, context);
      assert.ok(withContext.healing, "a prompt with context is healed");
      assert.deepEqual(withContext.prompt, byDefault.buildPrompt("const total =", SUFFIX, undefined, undefined, context).slice(0, -1));
      // Without context: healed where the typed text ends in a space or tab, sent as typed elsewhere.
      assert.equal(byDefault.completionPrompt("const total = ", SUFFIX).healing?.text, " ");
      assert.equal(byDefault.completionPrompt("if (ok) {\n\t", SUFFIX).healing?.text, "\t");
      assert.deepEqual(byDefault.completionPrompt("const total =", SUFFIX), { prompt: byDefault.buildPrompt("const total =", SUFFIX) });
      assert.deepEqual(byDefault.completionPrompt("const total = sum", SUFFIX), { prompt: byDefault.buildPrompt("const total = sum", SUFFIX) });
      // A context with no chunks, or with its tokens turned off, carries no code to copy.
      assert.equal(byDefault.completionPrompt("const total =", SUFFIX, undefined, undefined, { path: "main.js", chunks: [] }).healing, undefined);
      assert.equal(byDefault.completionPrompt("const total =", SUFFIX, undefined, undefined, { ...context, maxTokens: 0 }).healing, undefined);
    } finally {
      await byDefault.dispose();
    }
  });

  it("heals by mode: context only with chunks, auto also before a blank, on and off regardless", () => {
    const context = { path: "main.js", chunks: [{ path: "a.js", text: "exports.a = 1;\n" }] };
    assert.equal(healsPrompt("context", "const total = "), false);
    assert.equal(healsPrompt("context", "const total", context), true);
    assert.equal(healsPrompt("auto", "const total = "), true);
    assert.equal(healsPrompt("auto", "x =\t"), true);
    assert.equal(healsPrompt("auto", "const total =\n"), false);
    assert.equal(healsPrompt("auto", "const total", context), true);
    assert.equal(healsPrompt("on", "const total"), true);
    assert.equal(healsPrompt("off", "const total = ", context), false);
  });

  it("off, the prompt is sent as typed and the first token is the lane's own greedy choice", async () => {
    const plain = await loadFixtureEngine({ tokenHealing: "off" });
    try {
      assert.equal(plain.tokenHealing, "off");
      const typed = "const orders = [];\nconst total = ";
      assert.deepEqual(plain.completionPrompt(typed, SUFFIX), { prompt: plain.buildPrompt(typed, SUFFIX) });
      const r = await plain.complete({ prefix: typed, suffix: SUFFIX, settings: { mode: "large", maxTokens: 4 } });
      const [first] = (await plain.lanes.large.advance(plain.buildPrompt(typed, SUFFIX), { topK: 256 })).next;
      assert.equal(r.tokens[0]?.id, first.token);
    } finally {
      await plain.dispose();
    }
  });

  it("without a healed token the shown text is the tokens' whole text", async () => {
    const r = await engine.complete({ prefix: "const orders = [];\n", suffix: SUFFIX, settings: { mode: "large", maxTokens: 12 } });
    assert.ok(r.tokens.length > 0);
    assert.equal(r.text, engine.detokenize(r.tokens.map((t) => t.id)));
  });
});
