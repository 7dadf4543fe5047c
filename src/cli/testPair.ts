// `ead test-pair`: writes two tiny random-weight GGUFs in a real model family's file format (exact
// tokenizer, padded vocabularies), for tests of pairing, masking, FIM and stops without a download.
import { resolve } from "node:path";
import { TEST_PAIR_LAYOUTS, writeTestPair, type TestPairLayout } from "../bench/testPair/testPair";
import { numberArg, UsageError } from "./args";
import type { Command, FlagValues } from "./command";

export const testPairCommand: Command = {
  name: "test-pair",
  summary: "two tiny random-weight GGUFs in a real model family's format (exact tokenizer, padded vocabularies), for tests",
  flags: {
    out: { value: "<dir>", help: "folder to write small.gguf and large.gguf into (required)" },
    layout: { value: TEST_PAIR_LAYOUTS.join("|"), help: "model family whose file format is copied (default qwen2.5-coder)" },
    "small-vocab": { value: "<n>", help: "vocabulary entries of the small model, padding included (default 151936)" },
    "large-vocab": { value: "<n>", help: "vocabulary entries of the large model, padding included (default 152064)" },
    "large-favours": { value: "<token id>", help: "the large model then writes this token whatever the context" },
  },
  run: runTestPair,
};

async function runTestPair(v: FlagValues): Promise<number> {
  const layout = (v.layout as string | undefined) ?? "qwen2.5-coder";
  if (!TEST_PAIR_LAYOUTS.includes(layout as TestPairLayout)) throw new UsageError(`--layout must be one of ${TEST_PAIR_LAYOUTS.join(", ")}, got "${layout}"`);
  if (!v.out) throw new UsageError("--out is required");
  const smallVocab = numberArg(v, "small-vocab", 151_936, { integer: true, min: 151_665, max: 1 << 20 });
  const largeVocab = numberArg(v, "large-vocab", 152_064, { integer: true, min: 151_665, max: 1 << 20 });
  const largeFavours = v["large-favours"] === undefined ? undefined : numberArg(v, "large-favours", 0, { integer: true, min: 0, max: largeVocab - 1 });
  const t0 = Date.now();
  const paths = writeTestPair({ layout: layout as TestPairLayout, smallVocab, largeVocab, largeFavours, out: resolve(v.out as string) });
  console.log(`wrote ${paths.small} (${smallVocab} tokens) and ${paths.large} (${largeVocab} tokens) in ${Date.now() - t0} ms`);
  return 0;
}
