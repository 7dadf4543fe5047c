// Pair proposals from header facts: best first, and a reason for every file in no pair.
import * as assert from "node:assert/strict";
import type { ModelFileFacts } from "../../../../src/engine/modelfiles/headerFacts";
import { proposePairs, WORKING_MEMORY_BYTES } from "../../../../src/engine/modelfiles/pairs";
import type { VocabFacts } from "../../../../src/engine/modelfiles/pairRule";

const GB = 2 ** 30;
const tokens = Array.from({ length: 64 }, (_, i) => `t${i}`);
const vocab = (name: string, toks = tokens): VocabFacts => ({ name, model: "gpt2", tokens: toks, addBos: false, special: {} });
const facts = (params: number, sizeBytes: number, extra: Partial<ModelFileFacts> = {}): ModelFileFacts => ({
  family: "qwen2", modelName: undefined, params, quantization: "Q8_0", sizeBytes, contextLength: 32768, vocabSize: 64, fim: true, vocab: vocab("x"), ...extra,
});
const m = (path: string, f: ModelFileFacts) => ({ path, name: path, facts: { ...f, vocab: { ...f.vocab, name: path } } });

describe("engine/modelfiles/pairs", () => {
  const half = m("0.5b", facts(0.5e9, 0.5 * GB));
  const one5 = m("1.5b", facts(1.5e9, 1.6 * GB));
  const seven = m("7b", facts(7e9, 8 * GB));

  it("pairs each clearly smaller model with each larger one, the largest large model first, then the smallest small one", () => {
    const { pairs, unpaired } = proposePairs([seven, one5, half], 64 * GB);
    assert.deepEqual(pairs.map((p) => `${p.small}+${p.large}`), ["0.5b+7b", "1.5b+7b", "0.5b+1.5b"]);
    assert.equal(pairs[0].memoryBytes, 8.5 * GB + WORKING_MEMORY_BYTES);
    assert.deepEqual(unpaired, []);
  });

  it("leaves out pairs that do not fit the memory, saying so", () => {
    const { pairs, unpaired } = proposePairs([seven, half], 4 * GB);
    assert.deepEqual(pairs, []);
    assert.match(unpaired.find((u) => u.path === "7b")!.reason, /with 0\.5b it needs about 9\.0 GiB of memory, 4\.0 GiB is available/);
  });

  it("never pairs a FIM-less model, a model of another vocabulary, or two of one size", () => {
    const chat = m("chat", facts(0.5e9, 0.5 * GB, { fim: false }));
    const other = m("other", facts(0.4e9, 0.4 * GB, { vocab: vocab("other", tokens.map((t, i) => (i === 9 ? "different" : t))) }));
    const twin = m("1.5b-twin", facts(1.4e9, 1.5 * GB));
    const { pairs, unpaired } = proposePairs([chat, other, one5, twin], 64 * GB);
    assert.deepEqual(pairs, []);
    const reason = (p: string) => unpaired.find((u) => u.path === p)!.reason;
    assert.match(reason("chat"), /no fill-in-the-middle tokens/);
    assert.match(reason("other"), /token 9 differs/);
    assert.match(reason("1.5b-twin"), /shares its vocabulary with 1\.5b but is not clearly smaller or larger/);
    assert.match(proposePairs([one5], 64 * GB).unpaired[0].reason, /no other model with fill-in-the-middle tokens/);
  });
});
