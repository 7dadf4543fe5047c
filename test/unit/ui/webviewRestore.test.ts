// VS Code restores an open webview panel after a window reload only if the extension activates for it
// (onWebviewPanel:<viewType>) and registers a serializer for that view type.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("ui/webviews: restored after a window reload", () => {
  const root = process.cwd();
  const viewTypes = sources(join(root, "src")).flatMap((f) => [...readFileSync(f, "utf8").matchAll(/viewType: "([\w.]+)"/g)].map((m) => m[1]));
  const events: string[] = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).activationEvents;

  it("every panel's view type activates the extension", () => {
    assert.deepEqual([...new Set(viewTypes)].sort(), ["ead.settings", "ead.stats"]);
    for (const t of viewTypes) assert.ok(events.includes(`onWebviewPanel:${t}`), `activationEvents lack onWebviewPanel:${t}`);
  });

  it("panels register a serializer", () => {
    assert.match(readFileSync(join(root, "src", "ui", "webview", "panel.ts"), "utf8"), /registerWebviewPanelSerializer\(spec\.viewType/);
  });
});
