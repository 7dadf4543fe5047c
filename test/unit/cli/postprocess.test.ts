// `ead postprocess` on our own corpus (test/fixtures/postprocess): hand-written cases of what real
// coder models write, each with the text the editor must show. Every file runs through the built CLI
// (a real child process) and through the same function called directly; the two must agree with the
// expected text up to trailing whitespace.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCases, shownText, type PostprocessCase } from "../../../src/cli/postprocess";
import { languageFromExtension } from "../../../src/completion/postprocess";
import { cliPath } from "../helpers/fixtures";

const dir = join(process.cwd(), "test", "fixtures", "postprocess");
const files = readdirSync(dir).filter((f) => f.endsWith(".jsonl")).sort();

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, "postprocess", ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function casesOf(file: string): PostprocessCase[] {
  return parseCases(readFileSync(join(dir, file), "utf8"), file, true);
}

describe("cli postprocess: our corpus of real-model behaviours", function () {
  this.timeout(120_000);

  it("holds 60+ cases in at least ten languages, each with an expected text and a note", () => {
    const all = files.flatMap(casesOf);
    assert.ok(all.length >= 60, `only ${all.length} cases`);
    const languages = new Set(all.map((c) => c.language ?? languageFromExtension(c.extension ?? "")));
    assert.ok(!languages.has(undefined), "every case names a known language");
    assert.ok(languages.size >= 10, `only ${languages.size} languages: ${[...languages].join(", ")}`);
    for (const f of files) {
      for (const line of readFileSync(join(dir, f), "utf8").split("\n").filter((l) => l.trim() !== "")) {
        assert.equal(typeof JSON.parse(line).note, "string", `${f}: a case without a note`);
      }
    }
  });

  for (const file of files) {
    describe(file, () => {
      const cases = casesOf(file);
      const notes = notesOf(file);
      let printed: Map<string, string>;
      before(() => {
        const r = cli("--cases", join(dir, file));
        assert.equal(r.code, 0, r.stderr);
        printed = new Map(r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { id: string; text: string }).map((o) => [o.id, o.text]));
        assert.equal(printed.size, cases.length, "one output line per case");
      });
      for (const c of cases) {
        it(`${c.id}: ${notes.get(c.id)}`, () => {
          const expected = (c.expected ?? "").trimEnd();
          assert.equal(printed.get(c.id)?.trimEnd(), expected, "through the CLI");
          assert.equal(shownText(c).trimEnd(), expected, "called directly");
        });
      }
    });
  }

  it("--check counts the cases that show their expected text and fails on a difference", () => {
    const tmp = mkdtempSync(join(tmpdir(), "ead-pp-"));
    try {
      const ok = cli("--cases", join(dir, files[0]), "--check");
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stderr, /(\d+) of \1 cases show the expected text/);
      const wrong = join(tmp, "wrong.jsonl");
      writeFileSync(wrong, JSON.stringify({ id: "w", extension: "js", prefix: "const x = ", suffix: "", raw: "1;", expected: "2;" }) + "\n");
      const bad = cli("--cases", wrong, "--check");
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /differs: w/);
      assert.match(bad.stderr, /0 of 1 cases/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

/** Each case's note (what the case is about), for the test titles. */
function notesOf(file: string): Map<string, string> {
  const lines = readFileSync(join(dir, file), "utf8").split("\n").filter((l) => l.trim() !== "");
  return new Map(lines.map((l) => JSON.parse(l) as { id: string; note: string }).map((c) => [c.id, c.note]));
}

describe("cli postprocess: input and output", function () {
  this.timeout(120_000);
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), "ead-pp-"));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  function write(name: string, lines: string[]): string {
    const path = join(tmp, name);
    writeFileSync(path, lines.join("\n") + "\n");
    return path;
  }

  it("prints one {id, text} line per case, \"\" for nothing, and --out writes them to a file instead", () => {
    const path = write("cases.jsonl", [
      JSON.stringify({ id: "a", language: "go", prefix: "func Add", suffix: "\n", raw: "(a, b int) int {\n\treturn a + b\n}\n\nfunc Sub() {" }),
      "",
      JSON.stringify({ id: "b", extension: ".ts", prefix: "const s = '", suffix: "';\n", raw: "\n\n" }),
    ]);
    const r = cli("--cases", path);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split("\n").map((l) => JSON.parse(l)), [
      { id: "a", text: "(a, b int) int {\n\treturn a + b\n}" },
      { id: "b", text: "" },
    ]);
    const out = join(tmp, "out.jsonl");
    const w = cli("--cases", path, "--out", out);
    assert.equal(w.code, 0, w.stderr);
    assert.equal(w.stdout, "");
    assert.equal(readFileSync(out, "utf8"), r.stdout);
  });

  it("applies --multiline like the ead.multiline setting", () => {
    const path = write("cases.jsonl", [JSON.stringify({ id: "a", extension: "js", prefix: "", suffix: "", raw: "a();\nb();" })]);
    assert.equal(JSON.parse(cli("--cases", path).stdout).text, "a();\nb();");
    assert.equal(JSON.parse(cli("--cases", path, "--multiline", "never").stdout).text, "a();");
    const bad = cli("--cases", path, "--multiline", "sometimes");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--multiline must be one of auto, always, never/);
  });

  const badLines: [string, string, RegExp][] = [
    ["not JSON", "{id: 1}", /line 2: not JSON/],
    ["an array", "[1, 2]", /line 2: expected an object/],
    ["a missing raw", JSON.stringify({ id: "x", prefix: "", suffix: "" }), /line 2: "raw" must be a string and is missing/],
    ["a number id", JSON.stringify({ id: 3, prefix: "", suffix: "", raw: "" }), /line 2: "id" must be a string/],
    ["an unknown extension", JSON.stringify({ id: "x", prefix: "", suffix: "", raw: "", extension: "zzz" }), /line 2: unknown extension "zzz"; give "language"/],
    ["language and extension", JSON.stringify({ id: "x", prefix: "", suffix: "", raw: "", extension: "js", language: "go" }), /line 2: give "language" or "extension", not both/],
    ["a repeated id", JSON.stringify({ id: "ok", prefix: "", suffix: "", raw: "" }), /line 2: id "ok" appears twice/],
  ];
  for (const [what, line, message] of badLines) {
    it(`a line with ${what} is an error naming its line, exit 2, nothing written`, () => {
      const path = write("bad.jsonl", [JSON.stringify({ id: "ok", prefix: "", suffix: "", raw: "x" }), line]);
      const out = join(tmp, "out.jsonl");
      const r = cli("--cases", path, "--out", out);
      assert.equal(r.code, 2);
      assert.match(r.stderr, message);
      assert.ok(r.stderr.includes(path), "names the file");
      assert.equal(existsSync(out), false);
    });
  }

  it("a missing --cases or an unreadable file is a usage error", () => {
    const none = cli();
    assert.equal(none.code, 2);
    assert.match(none.stderr, /needs --cases/);
    const missing = cli("--cases", join(tmp, "nope.jsonl"));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read --cases .*ENOENT/);
  });
});
