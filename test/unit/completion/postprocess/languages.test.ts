import assert from "node:assert/strict";
import { isStyleSheet, languageFromExtension } from "../../../../src/completion/postprocess/languages";

describe("completion/postprocess/languages", () => {
  it("maps a file name or an extension to VS Code's language id", () => {
    assert.equal(languageFromExtension("main.rs"), "rust");
    assert.equal(languageFromExtension(".PY"), "python");
    assert.equal(languageFromExtension("tsx"), "typescriptreact");
    assert.equal(languageFromExtension("a/b/MyComponent.vue"), "vue");
    assert.equal(languageFromExtension("zzz"), undefined);
    assert.equal(languageFromExtension("constructor"), undefined);
  });

  it("tells style sheets apart", () => {
    assert.equal(isStyleSheet("scss"), true);
    assert.equal(isStyleSheet("typescript"), false);
    assert.equal(isStyleSheet(undefined), false);
  });
});
