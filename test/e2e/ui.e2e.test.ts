// Browser end to end: provenance colours, their hover, the settings panel's threshold slider and the
// switch stats view, in VS Code for the browser with real completions from the model pair.
//
// One workbench for the whole suite, steps in order:
//  1. the settings panel's threshold slider goes to its maximum: ead.threshold becomes 16 in the user's
//     settings.json, so the next completion is written by the small model only;
//  2. a suggestion is accepted;
//  3. the slider goes to its minimum (0): the next completion is written by the large model;
//  4. a second suggestion is accepted: the editor now shows both provenance colours (computed colours
//     checked), and hovering a large-model token names the model;
//  5. "EAD: Show switch stats" from the palette shows the numbers the completions logged.
// Screenshots: test-results/e2e/ui/*.png.
//
// It runs the fixture pair (set in the user settings: no model ships with the extension).
// EAD_E2E_SMALL / EAD_E2E_LARGE use another model file for a role
// (for instance the bundled small.gguf in both roles, to check the UI whatever the large model says).
// EAD_E2E_COLOR_SCHEME=dark runs it with a dark theme (the browser prefers dark, VS Code follows).
import assert from "node:assert/strict";
import type { Frame, Page } from "playwright-core";
import { fixturePair } from "../../src/engine/modelfiles/fixturePair";
import { openFile, openWorkbench, ROOT, runCommand, waitFor, webviewFrame, type Workbench } from "./uiHarness";

/** Defaults of the contributed colours ead.provenance.smallBackground / largeBackground, by theme kind. */
const THEME_BG = {
  dark: { small: "rgba(64, 160, 255, 0.18)", large: "rgba(255, 140, 0, 0.22)" },
  light: { small: "rgba(31, 120, 212, 0.14)", large: "rgba(224, 112, 0, 0.19)" },
};

interface LoggedCompletion {
  threshold: number;
  small: number;
  large: number;
  switches: number;
  evaluatedSmall: number;
  evaluatedLarge: number;
  latency: number;
}

function loggedCompletions(log: string): LoggedCompletion[] {
  const re = /completion: mode=\S+ threshold=(\S+) window=\S+ small=(\d+) large=(\d+) switches=(\d+) evaluated=(\d+)\/(\d+) latency=([\d.]+)ms/g;
  return [...log.matchAll(re)].map((m) => ({
    threshold: Number(m[1]),
    small: Number(m[2]),
    large: Number(m[3]),
    switches: Number(m[4]),
    evaluatedSmall: Number(m[5]),
    evaluatedLarge: Number(m[6]),
    latency: Number(m[7]),
  }));
}

/** Linear interpolation between the closest ranks: the one percentile of the project (engine/quantile.ts). */
function interpolatedPercentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  return sorted[lo] + (sorted[Math.ceil(rank)] - sorted[lo]) * (rank - lo);
}

/** Computed backgrounds of the editor's decoration overlays (their class names are generated). */
async function overlayBackgrounds(page: Page): Promise<string[]> {
  return page.$$eval(".monaco-editor .view-overlays div.cdr", (els) =>
    els.map((e) => getComputedStyle(e).backgroundColor).filter((c) => c && c !== "rgba(0, 0, 0, 0)" && c !== "transparent"),
  );
}

async function statText(frame: Frame, key: string): Promise<string> {
  return (await frame.locator(`[data-stat="${key}"]`).first().innerText()).trim();
}

const num = (text: string) => Number(text.replace(/[^\d.-]/g, ""));

describe("EAD UI in the browser (code-server + chromium)", function () {
  this.timeout(240_000);
  let wb: Workbench;
  let page: Page;
  let expected = THEME_BG.dark;
  const webviewProblems: string[] = [];
  const models = {
    "ead.smallModel": process.env.EAD_E2E_SMALL ?? fixturePair(ROOT).small,
    "ead.largeModel": process.env.EAD_E2E_LARGE ?? fixturePair(ROOT).large,
  };

  before(async function () {
    const dark = process.env.EAD_E2E_COLOR_SCHEME === "dark";
    wb = await openWorkbench({
      colorScheme: dark ? "dark" : "light",
      settings: {
        "window.autoDetectColorScheme": dark,
        "workbench.colorTheme": "Default Dark Modern",
        "editor.autoClosingBrackets": "never",
        "editor.autoClosingQuotes": "never",
        "editor.autoIndent": "none",
        "editor.quickSuggestions": { other: "off", comments: "off", strings: "off" },
        "editor.suggestOnTriggerCharacters": false,
        "editor.inlineSuggest.enabled": true,
        "editor.hover.delay": 200,
        "editor.minimap.enabled": false,
        "ead.provenance.enabled": true,
        // The fixed threshold: the steps below drive who writes through the threshold slider.
        "ead.switching": "threshold",
        "ead.stability": "none",
        // The threshold decides the first token too (the default gives it to the large model).
        "ead.firstPosition": "counted",
        "ead.window": 1,
        "ead.maxTokens": 16,
        "ead.multiline": "never",
        "ead.debounceMs": 50,
        ...models,
      },
    });
    page = wb.page;
    // Anything a webview's Content Security Policy blocked, or an error thrown inside a webview.
    page.on("console", (m) => {
      const where = m.location().url ?? "";
      if (/Refused to|Content Security Policy/.test(m.text()) && /webview|vscode-cdn|vscode-resource|\/media\//.test(where)) webviewProblems.push(`${where}: ${m.text()}`);
    });
    page.on("pageerror", (err) => webviewProblems.push(`page error: ${err.message}`));
  });

  after(async function () {
    await wb?.close();
  });

  /**
   * Types each context in turn on a new last line of main.js until a suggestion shows (a small model
   * may say nothing for one context), then accepts it with Tab.
   */
  async function acceptSuggestion(contexts: string[], name: string): Promise<void> {
    // Focus the editor first: keys sent while a webview control still has focus would move it. A webview
    // that becomes active in the other group (a panel tab just closed) can take the focus back after the
    // click, so click until the focus stays.
    await waitFor("the editor to keep the focus", async () => {
      await page.locator(".monaco-editor .view-lines").first().click();
      await page.waitForTimeout(300);
      return (await page.locator(".monaco-editor.focused").count()) > 0;
    }, 15000, 0);
    const ghost = page.locator(".monaco-editor .ghost-text-decoration, .monaco-editor .ghost-text").first();
    let shown = false;
    for (const context of contexts) {
      await page.keyboard.press("Escape");
      await page.keyboard.press("Control+End");
      await page.keyboard.press("Enter");
      await page.keyboard.type(context, { delay: 15 });
      try {
        await ghost.waitFor({ state: "visible", timeout: 20000 });
        shown = true;
        break;
      } catch {
        // try the next context
      }
    }
    if (!shown) {
      await wb.shot(`${name}-no-ghost-text`);
      throw new Error(`no suggestion appeared for any of ${JSON.stringify(contexts)}; extension log:\n${wb.extensionLog().slice(-3000)}`);
    }
    await wb.shot(`${name}-ghost-text`);
    const before = (await overlayBackgrounds(page)).length;
    await page.keyboard.press("Tab");
    await ghost.waitFor({ state: "hidden", timeout: 10000 }).catch(() => {});
    await waitFor("provenance colours on the accepted text", async () => (await overlayBackgrounds(page)).length > before, 10000);
    await wb.shot(`${name}-accepted`);
  }

  async function moveThresholdSlider(key: "End" | "Home", expected: number, name: string): Promise<void> {
    await runCommand(page, "EAD: Open settings panel");
    const frame = await webviewFrame(page, "settings");
    const slider = frame.locator("#threshold-slider");
    await slider.waitFor({ state: "visible", timeout: 20000 });
    await slider.press(key);
    await waitFor(`ead.threshold = ${expected} in the user settings`, () => wb.userSettings()["ead.threshold"] === expected, 15000);
    await waitFor("the panel to show the new threshold", async () => (await frame.locator("#threshold-number").inputValue()) === String(expected), 10000);
    await wb.shot(name);
    // Close the panel so the editor has the whole width again.
    const tab = page.locator(".tab", { hasText: "EAD settings" });
    await tab.hover();
    await tab.locator(".action-label.codicon-close").click();
    await tab.waitFor({ state: "detached", timeout: 10000 });
  }

  it("opens the workbench with the extension", async function () {
    await openFile(page, "main.js");
    await waitFor("the extension to activate", () => /EAD Complete .* activating/.test(wb.extensionLog()), 60000);
    // The pair loads on the first completion request (the tests below type), not at activation.
    assert.doesNotMatch(wb.extensionLog(), /models: loaded/, "the model pair loaded at activation");
    const light = await page.locator(".monaco-workbench.vs").count();
    expected = light ? THEME_BG.light : THEME_BG.dark;
    await wb.shot("01-workbench");
  });

  it("the threshold slider at its maximum writes ead.threshold = 16 to the user settings", async function () {
    await moveThresholdSlider("End", 16, "02-settings-threshold-16");
  });

  it("the next completion uses it: the small model writes every token", async function () {
    await acceptSuggestion(["function average(values) {\n  return ", "const total = values.reduce((sum, v) => sum + v", "let count = "], "03-small");
    const done = loggedCompletions(wb.extensionLog()).filter((c) => c.threshold === 16);
    assert.ok(done.length > 0, "a completion with threshold 16 was logged");
    for (const c of done) assert.equal(c.large, 0, "threshold 16 is above any top-K entropy: no large-model tokens");
    assert.ok(done.some((c) => c.small > 0));
  });

  it("the slider at its minimum writes ead.threshold = 0", async function () {
    await moveThresholdSlider("Home", 0, "04-settings-threshold-0");
  });

  it("the next completion uses it: the large model writes (nearly) every token", async function () {
    await acceptSuggestion(["function isEmpty(list) {\n  return ", "const doubled = values.map((v) => ", "let index = ", "if (values.length === 0) {\n  return "], "05-large");
    const done = loggedCompletions(wb.extensionLog()).filter((c) => c.threshold === 0 && c.small + c.large > 0);
    assert.ok(done.length > 0, "a completion with threshold 0 was logged");
    const small = done.reduce((a, c) => a + c.small, 0);
    const large = done.reduce((a, c) => a + c.large, 0);
    assert.ok(large / (small + large) >= 0.9, `large share at threshold 0 is ${large}/${small + large}`);
  });

  it("accepted text shows both provenance colours", async function () {
    // The editor renders decorations in overlay passes: wait for both colours, then report what is there.
    await waitFor("both provenance colours on screen", async () => {
      const c = await overlayBackgrounds(page);
      return c.includes(expected.small) && c.includes(expected.large);
    }, 10000).catch(() => {});
    const colours = await overlayBackgrounds(page);
    const seen = JSON.stringify([...new Set(colours)]);
    assert.ok(colours.includes(expected.small), `small-model colour ${expected.small} among ${seen}`);
    assert.ok(colours.includes(expected.large), `large-model colour ${expected.large} among ${seen}`);
    await wb.shot("06-both-colours");
  });

  it("hovering a large-model token names the model", async function () {
    // Dismiss a suggestion on screen, then find a large-model decoration (the overlay may be re-rendering).
    await page.keyboard.press("Escape");
    const findBox = () =>
      page.$$eval(".monaco-editor .view-overlays div.cdr", (els, large) => {
        const el = els.find((e) => getComputedStyle(e).backgroundColor === large);
        if (!el) return undefined;
        const r = el.getBoundingClientRect();
        return { x: r.left + Math.min(r.width / 2, 6), y: r.top + r.height / 2 };
      }, expected.large);
    const box = await waitFor("a large-model decoration to hover", findBox, 5000).catch(async () => {
      await wb.shot("07-hover-no-decoration");
      throw new Error(`no large-model decoration among ${JSON.stringify(await overlayBackgrounds(page))}`);
    });
    await page.mouse.move(box.x + 40, box.y + 60);
    await page.mouse.move(box.x, box.y, { steps: 4 });
    const hover = page.locator(".monaco-hover:visible").filter({ hasText: "written by the" }).first();
    await hover.waitFor({ state: "visible", timeout: 15000 });
    const text = await hover.innerText();
    assert.match(text, /written by the large model/);
    assert.match(text, /entropy/);
    assert.match(text, /threshold/);
    // Let the hover finish fading in before the screenshot.
    await waitFor("the hover to be opaque", () => hover.evaluate((e) => getComputedStyle(e).opacity === "1"), 3000).catch(() => {});
    await wb.shot("07-hover-large");
    await page.mouse.move(5, 5);
  });

  it("the stats view opens from the palette and its numbers match the completions just made", async function () {
    await runCommand(page, "EAD: Show switch stats");
    const frame = await webviewFrame(page, "stats");
    await frame.locator('[data-stat="completions"] .value').waitFor({ timeout: 20000 });
    // Compare with what the extension logged for each completion; wait until both have settled.
    const logged = await waitFor("the stats view and the log to agree on the number of completions", async () => {
      const list = loggedCompletions(wb.extensionLog());
      const shown = num(await frame.locator('[data-stat="completions"] .value').innerText());
      return list.length > 0 && shown === list.length ? list : undefined;
    }, 20000);
    const sum = (f: (c: LoggedCompletion) => number) => logged.reduce((a, c) => a + f(c), 0);
    assert.equal(num(await statText(frame, "smallTokens")), sum((c) => c.small));
    assert.equal(num(await statText(frame, "largeTokens")), sum((c) => c.large));
    const share = (await frame.locator('[data-stat="largeShare"] .value').innerText()).trim();
    assert.equal(share, `${((sum((c) => c.large) / sum((c) => c.small + c.large)) * 100).toFixed(1)}%`);
    assert.equal(num(await frame.locator('[data-stat="switchesPerCompletion"] .value').innerText()), Number((sum((c) => c.switches) / logged.length).toFixed(2)));
    assert.equal(num(await statText(frame, "evaluatedSmall")), sum((c) => c.evaluatedSmall));
    assert.equal(num(await statText(frame, "evaluatedLarge")), sum((c) => c.evaluatedLarge));
    const latencies = logged.map((c) => c.latency);
    assert.equal(num(await statText(frame, "p50")), Math.round(interpolatedPercentile(latencies, 50)));
    assert.equal(num(await statText(frame, "p95")), Math.round(interpolatedPercentile(latencies, 95)));
    // The last completion the editor displayed: its timeline has one bar per token, coloured by model.
    const shownLog = [...wb.extensionLog().matchAll(/completion shown: small=(\d+) large=(\d+)/g)];
    assert.ok(shownLog.length > 0, "the log says which completions were displayed");
    const lastShown = shownLog[shownLog.length - 1];
    const last = { small: Number(lastShown[1]), large: Number(lastShown[2]) };
    assert.equal(await frame.locator("svg.timeline rect.bar").count(), last.small + last.large);
    assert.equal(await frame.locator("svg.timeline rect.bar.large").count(), last.large);
    await wb.shot("08-stats-view");
  });

  it("the stats view's reset button clears the numbers", async function () {
    const frame = await webviewFrame(page, "stats");
    await frame.locator("#reset").click();
    await waitFor("the completions count to go to 0", async () => (await frame.locator('[data-stat="completions"] .value').innerText()).trim() === "0", 10000);
    assert.equal((await frame.locator('[data-stat="largeShare"] .value').innerText()).trim(), "–");
    await wb.shot("08b-stats-reset");
  });

  it("the settings panel shows the entropy histogram of new completions and calibrates on them", async function () {
    // The stats were just reset: make a completion at a middle threshold so there is history again.
    await moveThresholdSlider("End", 16, "09a-settings-threshold-16");
    await acceptSuggestion(["function first(list) {\n  return ", "const sum = a + ", "let name = "], "09b-history");
    await runCommand(page, "EAD: Open settings panel");
    const frame = await webviewFrame(page, "settings");
    await frame.locator("svg.histogram-chart rect.bar").first().waitFor({ timeout: 20000 });
    assert.match(await frame.locator("#share-value").innerText(), /^0\.0%$/, "threshold 16 replays to no large tokens");
    await frame.locator("#calibrate-target").fill("0.5");
    await frame.locator("#calibrate").click();
    const threshold = await waitFor("a calibrated threshold in the user settings", () => {
      const t = wb.userSettings()["ead.threshold"];
      return typeof t === "number" && t < 16 ? t : undefined;
    }, 15000);
    const notice = frame.locator(".notice");
    await notice.waitFor({ timeout: 10000 });
    assert.match(await notice.innerText(), new RegExp(`Threshold ${threshold} gives a [\\d.]+% large share`));
    const share = Number((await frame.locator("#share-value").innerText()).replace("%", ""));
    assert.ok(share > 0 && share < 100, `replayed share at the calibrated threshold is ${share}%`);
    await wb.shot("09-settings-calibrated");
    // The stats view with the last completion made at threshold 16 (far above every token).
    await runCommand(page, "EAD: Show switch stats");
    const stats = await webviewFrame(page, "stats");
    await stats.locator("svg.timeline").waitFor({ timeout: 10000 });
    await stats.locator("svg.timeline").scrollIntoViewIfNeeded();
    await wb.shot("09c-stats-timeline");
    await runCommand(page, "EAD: Open settings panel");
  });

  it("a colour set in the panel overrides the theme colour in the editor", async function () {
    const frame = await webviewFrame(page, "settings");
    const custom = "rgba(0, 200, 0, 0.3)";
    const input = frame.locator("#provenance-smallColor-text");
    await input.fill(custom);
    await input.press("Enter");
    await input.blur();
    await waitFor("ead.provenance.smallColor in the user settings", () => wb.userSettings()["ead.provenance.smallColor"] === custom, 15000);
    await waitFor("the custom small-model colour in the editor", async () => (await overlayBackgrounds(page)).includes(custom), 15000);
    // One overlay pass may draw the new colour before the other decorations: wait for the whole picture.
    await waitFor("the theme's small colour gone and the large colour drawn", async () => {
      const c = await overlayBackgrounds(page);
      return !c.includes(expected.small) && c.includes(expected.large);
    }, 10000).catch(() => {});
    const colours = await overlayBackgrounds(page);
    assert.ok(!colours.includes(expected.small), "the theme's small-model colour is replaced");
    assert.ok(colours.includes(expected.large), "the large-model colour stays");
    await frame.locator("#provenance-smallColor-text").scrollIntoViewIfNeeded();
    await wb.shot("10-custom-colour");
  });

  it("the webviews ran without Content Security Policy violations or script errors", function () {
    assert.deepEqual(webviewProblems, []);
  });
});
