// The small/large pair the project trains and ships, the offline default.
import { join } from "node:path";

export interface ModelPair {
  small: string;
  large: string;
}

/** `root` is the extension or repository root (the folder holding package.json). */
export function fixturePair(root: string): ModelPair {
  const dir = join(root, "test", "fixtures", "models");
  return { small: join(dir, "small.gguf"), large: join(dir, "large.gguf") };
}
