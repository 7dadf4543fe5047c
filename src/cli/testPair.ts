// `ead test-pair`: writes two tiny random-weight GGUFs in a real model family's file format (exact
// tokenizer, padded vocabularies), for tests of pairing, masking, FIM and stops without a download.
import { resolve } from "node:path";
import { FAMILY_FACTS } from "../bench/testPair/familyTokenizers";
import { TEST_PAIR_LAYOUTS, writeTestPair, type TestPairLayout } from "../bench/testPair/testPair";
import { numberArg, UsageError } from "./args";
import type { Command, FlagValues } from "./command";

export const testPairCommand: Command = {
  name: "test-pair",
  summary: "two tiny random-weight GGUFs in a real model family's format (exact tokenizer, padded vocabularies), for tests",
  flags: {
    out: { value: "<dir>", help: "folder to write small.gguf and large.gguf into (required)" },
    layout: { value: TEST_PAIR_LAYOUTS.join("|"), help: "model family whose file format is copied (default qwen2.5-coder)" },
    "small-vocab": { value: "<n>", help: "vocabulary entries of the small model, padding included (default: the family's, 151936 for qwen2.5-coder)" },
    "large-vocab": { value: "<n>", help: "vocabulary entries of the large model, padding included (default: the family's, 152064 for qwen2.5-coder)" },
    "large-favours": { value: "<token id>", help: "the large model then writes this token whatever the context" },
  },
  run: runTestPair,
};

async function runTestPair(v: FlagValues): Promise<number> {
  const layout = (v.layout as string | undefined) ?? "qwen2.5-coder";
  if (!TEST_PAIR_LAYOUTS.includes(layout as TestPairLayout)) throw new UsageError(`--layout must be one of ${TEST_PAIR_LAYOUTS.join(", ")}, got "${layout}"`);
  if (!v.out) throw new UsageError("--out is required");
  const facts = FAMILY_FACTS[layout as TestPairLayout];
  const least = facts.realVocab;
  const smallVocab = numberArg(v, "small-vocab", facts.defaultVocab, { integer: true, min: least, max: 1 << 20 });
  // Qwen2.5-Coder's 7B-32B files have 128 more padding entries than its 0.5B-3B ones.
  const largeVocab = numberArg(v, "large-vocab", layout === "qwen2.5-coder" ? 152_064 : facts.defaultVocab, { integer: true, min: least, max: 1 << 20 });
  const largeFavours = v["large-favours"] === undefined ? undefined : numberArg(v, "large-favours", 0, { integer: true, min: 0, max: largeVocab - 1 });
  const t0 = Date.now();
  const paths = await writeTestPair({ layout: layout as TestPairLayout, smallVocab, largeVocab, largeFavours, out: resolve(v.out as string) });
  console.log(`wrote ${paths.small} (${smallVocab} tokens) and ${paths.large} (${largeVocab} tokens) in ${Date.now() - t0} ms`);
  return 0;
}
