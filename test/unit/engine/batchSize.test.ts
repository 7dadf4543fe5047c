// One prompt batch size for the editor, the command line and the memory estimate: a second literal
// (the editor once loaded with 128 while the engine defaulted to 256) is a twin that drifts.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { PROMPT_BATCH_SIZE } from "../../../src/engine/batchSize";
import { repoRoot } from "../helpers/fixtures";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith(".ts") ? [path] : [];
  });
}

describe("engine/batchSize", () => {
  it("is the only batch size src/ writes down (the bench measures its own shapes)", () => {
    const literal = /\bbatchSize\s*(?::|\?\?|=)\s*\d+|BATCH_SIZE\s*=\s*\d+/;
    const found = sources(join(repoRoot, "src"))
      .map((path) => relative(repoRoot, path).replace(/\\/g, "/"))
      .filter((path) => !path.startsWith("src/bench/") && literal.test(readFileSync(join(repoRoot, path), "utf8")));
    assert.deepEqual(found, ["src/engine/batchSize.ts"]);
    assert.equal(PROMPT_BATCH_SIZE, 256);
  });
});
