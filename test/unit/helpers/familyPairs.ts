// Random-weight test models of each coder family (its real or nearest tokenizer, see
// src/bench/testPair/familyTokenizers.ts), written once per test process into a temporary folder.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LlamaModel } from "node-llama-cpp";
import { FAMILY_FACTS, type FamilyLayout } from "../../../src/bench/testPair/familyTokenizers";
import { writeFamilyTestModel } from "../../../src/bench/testPair/testPair";
import { getCpuLlama } from "../../../src/engine/llama";

/** Padding entries the large model of a test pair has beyond the small one's vocabulary. */
export const LARGE_PADDING = 64;

let dir: string | undefined;
const written = new Map<string, Promise<string>>();

/** Path of a `layout` model with `vocabSize` entries (the family's by default), optionally favouring a token. */
export function familyModel(layout: FamilyLayout, options: { vocabSize?: number; favours?: number } = {}): Promise<string> {
  const vocabSize = options.vocabSize ?? FAMILY_FACTS[layout].defaultVocab;
  const key = `${layout}-${vocabSize}${options.favours === undefined ? "" : `-favours-${options.favours}`}`;
  let path = written.get(key);
  if (!path) {
    if (!dir) {
      const made = mkdtempSync(join(tmpdir(), "ead-family-pairs-"));
      dir = made;
      process.on("exit", () => rmSync(made, { recursive: true, force: true }));
    }
    const file = join(dir, `${key}.gguf`);
    path = writeFamilyTestModel(file, layout, { vocabSize, favours: options.favours }).then(() => file);
    written.set(key, path);
  }
  return path;
}

/** A small model of the family's size and a large one with LARGE_PADDING more (padding) entries. */
export async function familyPair(layout: FamilyLayout, largeFavours?: number): Promise<{ small: string; large: string; smallVocab: number }> {
  const smallVocab = FAMILY_FACTS[layout].defaultVocab;
  const small = await familyModel(layout);
  const large = await familyModel(layout, { vocabSize: smallVocab + LARGE_PADDING, favours: largeFavours });
  return { small, large, smallVocab };
}

/** The family's small model loaded for its vocabulary only (tokenisation, FIM facts). */
export async function familyVocabModel(layout: FamilyLayout): Promise<LlamaModel> {
  const llama = await getCpuLlama(1);
  return llama.loadModel({ modelPath: await familyModel(layout), vocabOnly: true });
}
