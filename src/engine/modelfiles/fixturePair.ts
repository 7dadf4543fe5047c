// The small/large pair the project trains and ships, the offline default.
import { join } from "node:path";

export interface ModelPair {
  small: string;
  large: string;
}

/** Told wherever the demo pair is in use: it is a toy, and how to get a real one. */
export const DEMO_PAIR_NOTE =
  "Demo pair: the repository's tiny fixture models write code-shaped nonsense. For real suggestions run “EAD: Download recommended models” or “EAD: Select model files” (it lists the models already on this machine).";

/** Whether two model files are the repository's fixture pair (test/fixtures/models/small.gguf and large.gguf), wherever the repository is. */
export function isDemoPair(smallPath: string, largePath: string): boolean {
  const tail = (p: string, name: string) => p.replace(/\\/g, "/").endsWith(`test/fixtures/models/${name}`);
  return tail(smallPath, "small.gguf") && tail(largePath, "large.gguf");
}

/** `root` is the extension or repository root (the folder holding package.json). */
export function fixturePair(root: string): ModelPair {
  const dir = join(root, "test", "fixtures", "models");
  return { small: join(dir, "small.gguf"), large: join(dir, "large.gguf") };
}
