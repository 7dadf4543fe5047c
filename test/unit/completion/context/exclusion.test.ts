import assert from "node:assert/strict";
import { looksBinary, MAX_FILE_CHARS, refusalOf } from "../../../../src/completion/context/exclusion";
import { GitignoreRules, gitignoreDirs } from "../../../../src/completion/context/gitignore";
import { visibleTo } from "../../../../src/completion/context/assemble";

describe("completion/context/exclusion", () => {
  it("gathers files and untitled documents only", () => {
    assert.equal(refusalOf({ scheme: "file", text: "const a = 1;\n" }), undefined);
    assert.equal(refusalOf({ scheme: "untitled", text: "const a = 1;\n" }), undefined);
    for (const scheme of ["git", "vscode-remote", "output", "http"]) assert.equal(refusalOf({ scheme, text: "x" }), "scheme");
  });

  it("refuses files over the size limit and binary files", () => {
    assert.equal(refusalOf({ scheme: "file", text: "a".repeat(MAX_FILE_CHARS + 1) }), "tooLarge");
    assert.equal(refusalOf({ scheme: "file", text: "a".repeat(MAX_FILE_CHARS) }), undefined);
    assert.equal(refusalOf({ scheme: "file", text: "PNG\u0000\u0001data" }), "binary");
    assert.equal(looksBinary("\ufffd\ufffdab"), true, "mostly undecodable");
    assert.equal(looksBinary("naïve café ünïcode\n"), false);
  });

  it(".gitignore rules: patterns, directories, negation, nested files overriding the root's", () => {
    const rules = new GitignoreRules([
      { dir: "", content: "# build output\ndist/\n*.log\nsecret.js\n!keep.log\n" },
      { dir: "pkg", content: "generated.js\n!secret.js\n" },
    ]);
    assert.equal(rules.ignores("src/a.js"), false);
    assert.equal(rules.ignores("dist/bundle.js"), true, "a file in an ignored directory");
    assert.equal(rules.ignores("src/dist/bundle.js"), true, "unanchored directory pattern");
    assert.equal(rules.ignores("debug.log"), true);
    assert.equal(rules.ignores("keep.log"), false, "negated");
    assert.equal(rules.ignores("secret.js"), true);
    assert.equal(rules.ignores("pkg/secret.js"), false, "the deeper .gitignore re-includes it");
    assert.equal(rules.ignores("pkg/generated.js"), true);
    assert.equal(rules.ignores("generated.js"), false, "pkg's rule applies below pkg only");
    assert.equal(rules.ignores(".git/config"), true, "git's own folder");
  });

  it("looks for .gitignore files from the root down to the file's folder", () => {
    assert.deepEqual(gitignoreDirs("a.js"), [""]);
    assert.deepEqual(gitignoreDirs("pkg/lib/a.js"), ["", "pkg", "pkg/lib"]);
  });

  it("an untrusted workspace sees the current folder's chunks and untitled ones only; never the current file's own", () => {
    const current = { source: "file:///w1/b.js", folder: "file:///w1", path: "b.js", repo: "w1" };
    const own = { path: "b.js", text: "x", source: "file:///w1/b.js", folder: "file:///w1" };
    const same = { path: "a.js", text: "x", source: "file:///w1/a.js", folder: "file:///w1" };
    const other = { path: "c.js", text: "x", source: "file:///w2/c.js", folder: "file:///w2" };
    const outside = { path: "d.js", text: "x", source: "file:///tmp/d.js" };
    const untitled = { path: "Untitled-1", text: "x", source: "untitled:Untitled-1" };
    assert.deepEqual([own, same, other, outside, untitled].map((c) => visibleTo(c, current, true)), [false, true, true, true, true]);
    assert.deepEqual([own, same, other, outside, untitled].map((c) => visibleTo(c, current, false)), [false, true, false, false, true]);
  });
});
