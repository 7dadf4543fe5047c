// Qwen2.5-Coder-format test models (real tokenizer, padded vocabularies, random weights), written once
// per test process into a temporary folder and removed when it exits.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeTestModel } from "../../../src/bench/testPair/testPair";

export const SMALL_VOCAB = 151_936;
export const LARGE_VOCAB = 152_064;

let dir: string | undefined;
const written = new Map<string, string>();

/** Path of a test model with `vocabSize` entries (optionally favouring one token), written on first use. */
export function qwenTestModel(vocabSize: number, favours?: number): string {
  const key = `${vocabSize}${favours === undefined ? "" : `-favours-${favours}`}`;
  const known = written.get(key);
  if (known) return known;
  if (!dir) {
    const made = mkdtempSync(join(tmpdir(), "ead-qwen-pair-"));
    dir = made;
    process.on("exit", () => rmSync(made, { recursive: true, force: true }));
  }
  const path = join(dir, `qwen2.5-coder-test-${key}.gguf`);
  writeTestModel(path, { vocabSize, favours });
  written.set(key, path);
  return path;
}

/** The 0.5B/7B-style pair: 151,936 and 152,064 entries. */
export function qwenTestPair(largeFavours?: number): { small: string; large: string } {
  return { small: qwenTestModel(SMALL_VOCAB), large: qwenTestModel(LARGE_VOCAB, largeFavours) };
}
