import assert from "node:assert/strict";
import { importedNames, memberBefore, moduleSpecifiers } from "../../../../src/completion/context/imports";

const names = (text: string) => importedNames(text).map((n) => n.name);

describe("completion/context/imports", () => {
  it("finds the local names of JavaScript and TypeScript imports, at their offsets", () => {
    const text = 'import fs from "fs";\nimport { readFile as rf, join } from "node:path";\nimport * as util from "./util";\nimport type { Shape } from "./shape";\nconst { parse } = require("./parser");\nconst lib = require(\'lib\');\n';
    assert.deepEqual(names(text), ["fs", "rf", "join", "util", "Shape", "parse", "lib"]);
    for (const n of importedNames(text)) assert.equal(text.slice(n.offset, n.offset + n.name.length), n.name);
  });

  it("finds Python imports", () => {
    assert.deepEqual(names("import os, numpy as np\nfrom pkg.mod import (a, b as c)\nfrom x import y  # why\n"), ["os", "np", "a", "c", "y"]);
  });

  it("ignores other lines and stops at the bound", () => {
    assert.deepEqual(names("const a = 1;\n// import x from 'y'\nfunction f() {}\n"), []);
    const many = Array.from({ length: 20 }, (_, i) => `import n${i} from "m${i}";`).join("\n");
    assert.equal(importedNames(many, 8).length, 8);
  });

  it("finds module specifiers of imports and requires, at their first character", () => {
    const text = 'import fs from "fs";\nimport "./side";\nconst { a } = require(\'./a\');\nexport { b } from "./b";\nconst x = "not ./c";\n';
    const found = moduleSpecifiers(text);
    assert.deepEqual(found.map((n) => n.name), ["fs", "./side", "./a", "./b"]);
    for (const n of found) assert.equal(text.slice(n.offset, n.offset + n.name.length), n.name);
  });

  it("the object before a member access at the cursor", () => {
    const text = "const v = mathUtils.sq";
    assert.deepEqual(memberBefore(text, text.length), { name: "mathUtils", offset: text.indexOf("mathUtils") });
    assert.deepEqual(memberBefore("x = api.", 8), { name: "api", offset: 4 });
    assert.equal(memberBefore("const v = 1 + ", 14), undefined);
  });
});
