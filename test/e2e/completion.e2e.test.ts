// Browser end to end on the packaged .vsix: a person opens a JavaScript file in VS Code for the
// browser, types, sees ghost text from the model pair, accepts it with Tab, and the status bar shows
// the completion's latency and large-model share. Screenshots: test-results/e2e/completion/*.png.
//   EAD_E2E_SMALL / EAD_E2E_LARGE   use another model pair than the fixture pair
import assert from "node:assert/strict";
import { join } from "node:path";
import { fixturePair } from "../../src/engine/modelfiles/fixturePair";
import { openVsixWorkbench, packagedVsix, ROOT, type VsixWorkbench } from "./vsixWorkbench";

const ARTIFACTS = join(ROOT, "test-results", "e2e", "completion");
const STATUS = '[id="ead-complete.ead-complete.ead.status"]';
const nbsp = (s: string) => s.replace(/\u00a0/g, " ");
const log = (m: string) => console.log(`    [e2e] ${m}`);

describe("EAD Complete end to end (packaged .vsix in VS Code for the browser)", function () {
  this.timeout(300_000);
  let wb: VsixWorkbench;

  before(async function () {
    // No model ships in the .vsix: the fixture pair is set as a user who selected it would have it.
    const settings: Record<string, unknown> = {
      "ead.smallModel": process.env.EAD_E2E_SMALL ?? fixturePair(ROOT).small,
      "ead.largeModel": process.env.EAD_E2E_LARGE ?? fixturePair(ROOT).large,
    };
    wb = await openVsixWorkbench({ vsix: packagedVsix(log), settings, artifacts: ARTIFACTS, log });
  });

  after(async function () {
    await wb?.close();
  });

  const statusText = async () => nbsp((await wb.page.locator(STATUS).innerText()).trim());

  it("activates without loading the pair: the status bar says it loads on the first request", async function () {
    const t0 = Date.now();
    await wb.page.waitForSelector(`${STATUS} .codicon-circle-large-outline`, { timeout: 120_000 });
    log(`activated ${((Date.now() - t0) / 1000).toFixed(1)} s after the workbench opened: "${await statusText()}"`);
    await wb.shot("01-activated");
  });

  let ghost = "";
  /** What to type, tried in turn until the model pair suggests something (it may well say nothing for one context). */
  const ATTEMPTS: { type: string; enter?: boolean; then?: string }[] = [
    { type: "function multiply(a, b) {", enter: true, then: "return " },
    { type: "function square(x) {", enter: true, then: "const result = " },
    { type: "const total = add(" },
    { type: "for (let i = 0; i < " },
  ];

  it("typing in a JavaScript file shows ghost text", async function () {
    const { page } = wb;
    await page.keyboard.press("Control+P");
    await page.waitForSelector(".quick-input-widget input", { state: "visible" });
    await page.keyboard.type("math.js");
    await page.click('.quick-input-list .monaco-list-row[aria-label*="math.js"]');
    await page.waitForSelector('.tab.active[aria-label*="math.js"]');
    await page.waitForSelector(".monaco-editor .view-line");
    await page.click(".monaco-editor .view-lines");
    const tried: string[] = [];
    for (const [i, attempt] of ATTEMPTS.entries()) {
      await page.keyboard.press("Escape");
      await page.keyboard.press("Control+End");
      await page.keyboard.press("Enter");
      await page.keyboard.press("Enter");
      const t0 = Date.now();
      // Typed like a person would: the editor closes the brackets and indents by itself.
      await page.keyboard.type(attempt.type, { delay: 40 });
      if (attempt.enter) await page.keyboard.press("Enter");
      if (attempt.then) await page.keyboard.type(attempt.then, { delay: 40 });
      const typedMs = Date.now() - t0;
      await wb.shot(`02-typed${i ? `-${i + 1}` : ""}`);
      const shown = await page
        .waitForSelector(".monaco-editor .ghost-text-decoration, .monaco-editor .ghost-text", { timeout: 15_000 })
        .then(() => true, () => false);
      tried.push(`${JSON.stringify(attempt.type + (attempt.then ?? ""))}: ${shown ? `ghost text ${Date.now() - t0 - typedMs} ms after the last key` : "no suggestion"}`);
      if (!shown) continue;
      await page.waitForTimeout(100); // let the decoration render all of its spans
      const first = await page.$$eval(".monaco-editor .ghost-text-decoration", (els) => els.map((e) => e.textContent ?? "").join(""));
      const rest = await page.$$eval(".monaco-editor .ghost-text", (els) => els.map((e) => e.textContent ?? ""));
      ghost = nbsp([first, ...rest].join("\n")).trim();
      anchor = attempt.then ?? attempt.type;
      break;
    }
    log(tried.join("; "));
    await wb.shot("03-ghost-text");
    assert.ok(ghost.length > 0, `no ghost text appeared for any of ${ATTEMPTS.length} contexts`);
    log(`ghost text: ${JSON.stringify(ghost)}`);
  });

  let anchor = "";
  it("Tab accepts the suggestion into the document", async function () {
    const { page } = wb;
    await page.keyboard.press("Tab");
    await page.waitForSelector(".monaco-editor .ghost-text-decoration", { state: "detached", timeout: 10_000 });
    const lines = (await page.$$eval(".monaco-editor .view-line", (els) => els.map((e) => e.textContent ?? ""))).map(nbsp);
    const line = lines.filter((l) => l.includes(anchor)).pop() ?? "";
    log(`line after Tab: ${JSON.stringify(line)}`);
    await wb.shot("04-accepted");
    const expected = `${anchor}${ghost.split("\n")[0]}`;
    assert.ok(line.replace(/\s+/g, " ").includes(expected.replace(/\s+/g, " ")), `the accepted line should contain ${JSON.stringify(expected)}`);
  });

  it("the status bar shows the last completion's latency and large-model share", async function () {
    const text = await statusText();
    log(`status bar: "${text}"`);
    assert.match(text, /EAD \w+ · \d+ ms · large \d+%/);
    await wb.page.hover(STATUS);
    await wb.page.waitForSelector(".monaco-hover, .hover-contents, [role=tooltip]", { timeout: 5000 }).catch(() => undefined);
    await wb.shot("05-status-bar");
  });
});
