// What package.json declares about the settings: which ones a workspace may not set, how the Settings editor
// groups and orders them, and what each numeric one says about its range.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

interface Setting {
  type?: string;
  scope?: string;
  order?: number;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  markdownDescription?: string;
  description?: string;
}
interface Section {
  id?: string;
  title?: string;
  order?: number;
  properties: Record<string, Setting>;
}

const pkg = JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8"));
const sections: Section[] = [pkg.contributes.configuration].flat();
const settings: Record<string, Setting> = Object.assign({}, ...sections.map((s) => s.properties));
/** Settings that choose which files are parsed or where code is sent. */
const USER_ONLY = ["ead.smallModel", "ead.largeModel", "ead.largeServer"];

describe("package.json settings", () => {
  it("a workspace or folder cannot set the model files or the team server", () => {
    for (const key of USER_ONLY) {
      assert.ok(settings[key], `${key} is declared`);
      assert.ok(["machine", "application"].includes(settings[key].scope ?? "window"), `${key} scope is ${settings[key].scope}`);
    }
  });

  it("declares limited support for untrusted workspaces with those settings restricted", () => {
    const untrusted = pkg.capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, "limited");
    assert.ok(typeof untrusted.description === "string" && untrusted.description.length > 20);
    for (const key of USER_ONLY) assert.ok(untrusted.restrictedConfigurations.includes(key), `${key} is restricted`);
    for (const key of untrusted.restrictedConfigurations) assert.ok(settings[key], `${key} exists`);
  });

  it("groups the settings into titled sections with unique orders", () => {
    const titles = sections.map((s) => s.title);
    assert.deepEqual(titles, ["Models", "Decoding", "Budget", "Provenance", "Team server", "Advanced", "Context"]);
    assert.equal(new Set(sections.map((s) => s.id)).size, sections.length, "section ids are unique");
    assert.equal(new Set(sections.map((s) => s.order)).size, sections.length, "section orders are unique");
    for (const section of sections) {
      // The id's first part is the settings' prefix, so the Settings editor titles them "Gpu", not "Ead: Gpu".
      assert.match(section.id ?? "", /^ead\.\w+$/);
      const orders = Object.values(section.properties).map((p) => p.order);
      assert.ok(orders.every((o) => typeof o === "number"), `${section.title}: every setting has an order`);
      assert.equal(new Set(orders).size, orders.length, `${section.title}: orders ${orders.join(",")} repeat`);
    }
  });

  it("every numeric setting states its range in its description", () => {
    const numeric = Object.entries(settings).filter(([, p]) => p.type === "number" || p.type === "integer");
    assert.ok(numeric.length >= 12);
    for (const [key, p] of numeric) {
      const text = p.markdownDescription ?? p.description ?? "";
      assert.ok(text.includes(`${p.minimum}-${p.maximum}`), `${key}: "${text.slice(-80)}" names no range ${p.minimum}-${p.maximum}`);
    }
  });

  it("prose languages get no suggestions by default", () => {
    const languages = settings["ead.disabledLanguages"].default as string[];
    for (const id of ["markdown", "plaintext"]) assert.ok(languages.includes(id), `${id} is disabled by default`);
  });
});
