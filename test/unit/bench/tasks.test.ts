// Task files: the dev-set fields, the cross-file fields (path, context, identifier) and clear errors
// naming the line of a bad field; and the committed cross-file set read as bench reads it.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasContext, promptContext, readTasks } from "../../../src/bench/tasks";

const dir = mkdtempSync(join(tmpdir(), "ead-tasks-"));
let n = 0;
function file(...rows: unknown[]): string {
  const path = join(dir, `tasks-${n++}.jsonl`);
  writeFileSync(path, rows.map((r) => (typeof r === "string" ? r : JSON.stringify(r))).join("\n") + "\n");
  return path;
}

const plain = { id: "p", prefix: "let a = ", suffix: ";\n", reference: "1", kind: "line", source: "axios@1.21.1/lib/x.js:3" };
const cross = {
  ...plain,
  id: "c",
  path: "lib/core/Axios.js",
  context: [{ path: "lib/helpers/bind.js", text: "export default function bind() {}\n" }, { path: "lib/utils.js", text: "const isString = (v) => typeof v === 'string';" }],
  identifier: "isString",
};

describe("bench/tasks", () => {
  it("reads the dev-set fields and the cross-file fields, and builds the request's context", async () => {
    const [p, c] = await readTasks(file(plain, cross));
    assert.equal(hasContext(p), false);
    assert.equal(promptContext(p), undefined, "a task without context sends today's request");
    assert.equal(p.identifier, undefined);
    assert.equal(hasContext(c), true);
    assert.equal(c.identifier, "isString");
    assert.deepEqual(promptContext(c), { repo: "axios", path: "lib/core/Axios.js", chunks: cross.context });
    // The repository name comes from `source`, scoped packages included; without it the engine's default applies.
    const [scoped, bare] = await readTasks(file({ ...cross, source: "@scope/pkg@2.0.0/src/a.ts:9" }, { ...cross, source: undefined }));
    assert.equal(promptContext(scoped)!.repo, "@scope/pkg");
    assert.deepEqual(promptContext(bare), { path: "lib/core/Axios.js", chunks: cross.context });
  });

  it("names the line and the field of a bad cross-file field", async () => {
    const bad = async (row: unknown, message: RegExp) => {
      const path = file(plain, row);
      await assert.rejects(readTasks(path), (e: Error) => {
        assert.ok(e.message.startsWith(`${path}:2: `), e.message);
        assert.match(e.message, message);
        return true;
      });
    };
    await bad({ ...cross, path: 3 }, /field "path" must be a non-empty string/);
    await bad({ ...cross, path: "" }, /field "path" must be a non-empty string/);
    await bad({ ...cross, context: { path: "a", text: "b" } }, /field "context" must be an array of \{"path", "text"\} chunks/);
    await bad({ ...cross, context: [cross.context[0], { path: "lib/utils.js" }] }, /context\[1\] must be an object with string fields "path" and "text"/);
    await bad({ ...cross, context: ["text"] }, /context\[0\] must be an object/);
    await bad({ ...cross, identifier: "" }, /field "identifier" must be a non-empty string/);
    await bad({ ...cross, identifier: ["isString"] }, /field "identifier" must be a non-empty string/);
    await bad([1, 2], /a task must be a JSON object/);
    await bad({ ...cross, reference: undefined }, /field "reference" must be a string/);
  });

  it("reads the committed cross-file set: every task names an identifier that only its context shows", async () => {
    const tasks = await readTasks(join(process.cwd(), "bench", "tasks", "dev-crossfile.jsonl"));
    assert.ok(tasks.length >= 150 && tasks.length <= 300, `${tasks.length} tasks`);
    const packages = new Set(tasks.map((t) => t.repo));
    assert.deepEqual([...packages].sort(), ["axios", "commander", "express", "immer", "moment", "preact"]);
    const word = (name: string) => new RegExp(`(?<![\\w$])${name.replace(/\$/g, "\\$")}(?![\\w$])`);
    for (const t of tasks) {
      const at = `task ${t.id}`;
      assert.ok(t.identifier && t.path && t.context && t.context.length >= 2, at);
      assert.ok(t.reference.startsWith(t.identifier), at);
      assert.ok(!word(t.identifier).test(t.prefix) && !word(t.identifier).test(t.suffix), `${at}: the prefix or suffix names ${t.identifier}`);
      const defining = t.context.filter((c) => word(t.identifier!).test(c.text));
      assert.ok(defining.length >= 1, `${at}: no chunk shows ${t.identifier}`);
      assert.ok(t.context.every((c) => c.path !== t.path), `${at}: a chunk of the current file`);
      assert.notEqual(t.context.indexOf(defining[0]), 0, `${at}: unrelated chunks come first`);
    }
    // The defining chunk is last in some tasks and in the middle in others.
    const last = tasks.filter((t) => word(t.identifier!).test(t.context![t.context!.length - 1].text)).length;
    assert.ok(last > 0 && last < tasks.length, `${last} of ${tasks.length} with the defining chunk last`);
  });
});
