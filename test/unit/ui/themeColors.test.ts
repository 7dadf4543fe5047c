// The webviews paint with the theme colours this extension contributes. VS Code hands a webview each
// theme colour as a CSS variable named "--vscode-" + the colour id with only its FIRST dot made a dash
// (webview theming: `'vscode-' + id.replace('.', '-')`), so "ead.provenance.smallBackground" arrives as
// "--vscode-ead-provenance.smallBackground". A name that matches no contributed colour paints nothing.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = process.cwd();
const contributed: string[] = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).contributes.colors.map((c: { id: string }) => c.id);
const webviewVariable = (id: string) => `--vscode-${id.replace(".", "-")}`;

/** Variables of our own colours ("--vscode-ead...") that a media file reads, CSS escapes undone. */
function eadVariables(file: string): string[] {
  let text = readFileSync(join(root, "media", file), "utf8");
  if (file.endsWith(".js")) text = text.replace(/\\\\/g, "\\"); // "\\." in a JS string is "\." in CSS
  return [...text.matchAll(/--vscode-ead[\w\\.-]*/g)].map((m) => m[0].replace(/\\(.)/g, "$1"));
}

describe("ui/webviews: theme colour variables", () => {
  it("the provenance colours are contributed", () => {
    assert.ok(contributed.includes("ead.provenance.smallBackground"));
    assert.ok(contributed.includes("ead.provenance.largeBackground"));
  });

  for (const file of ["settings.js", "panel.css", "stats.js", "common.js"]) {
    it(`${file} reads only variables VS Code defines for our colours`, () => {
      const known = new Set(contributed.map(webviewVariable));
      for (const v of eadVariables(file)) assert.ok(known.has(v), `${file} reads ${v}; VS Code defines ${[...known].join(", ")}`);
    });
  }

  it("the settings panel's swatches use both provenance colours", () => {
    const used = new Set(eadVariables("settings.js"));
    assert.ok(used.has("--vscode-ead-provenance.smallBackground"));
    assert.ok(used.has("--vscode-ead-provenance.largeBackground"));
  });
});
