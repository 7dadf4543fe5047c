// Real bad outputs of our models, one fixture file per failure kind (test/fixtures/bad-outputs): each
// case is the raw engine text at a real cursor position and the text the editor must show for it.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { postProcess, type PostProcessContext } from "../../../src/completion/postprocess";

interface BadOutputCase extends PostProcessContext {
  name: string;
  raw: string;
  shown: string;
}

interface BadOutputFile {
  kind: string;
  description: string;
  source: string;
  cases: BadOutputCase[];
}

const dir = join(process.cwd(), "test", "fixtures", "bad-outputs");
const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();

describe("completion/postprocess: corpus of real bad outputs", () => {
  it("has one file per failure kind, each with cases", () => {
    assert.ok(files.length >= 4, `only ${files.length} files in ${dir}`);
    for (const f of files) {
      const file = JSON.parse(readFileSync(join(dir, f), "utf8")) as BadOutputFile;
      assert.equal(`${file.kind}.json`, f, "a file is named after its kind");
      assert.ok(file.cases.length > 0, `${f} has no cases`);
    }
  });

  for (const f of files) {
    const file = JSON.parse(readFileSync(join(dir, f), "utf8")) as BadOutputFile;
    describe(file.kind, () => {
      for (const c of file.cases) {
        it(`${c.name}: ${JSON.stringify(c.linePrefix)} + ${JSON.stringify(c.raw.split("\n")[0].slice(0, 40))}`, () => {
          const ctx: PostProcessContext = { linePrefix: c.linePrefix, lineSuffix: c.lineSuffix, followingLines: c.followingLines, multiline: c.multiline };
          assert.equal(postProcess(c.raw, ctx), c.shown);
        });
      }
    });
  }
});
