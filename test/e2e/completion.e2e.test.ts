// Browser end to end on the packaged .vsix: a person opens a JavaScript file in VS Code for the
// browser, types, sees ghost text from the model pair, accepts it with Tab, and the status bar shows
// the completion's latency and large-model share. Screenshots: test-results/e2e/completion/*.png.
//   EAD_E2E_SMALL / EAD_E2E_LARGE   use another model pair than the bundled one
import assert from "node:assert/strict";
import { join } from "node:path";
import { openVsixWorkbench, packagedVsix, ROOT, type VsixWorkbench } from "./vsixWorkbench";

const ARTIFACTS = join(ROOT, "test-results", "e2e", "completion");
const STATUS = '[id="ead-complete.ead-complete.ead.status"]';
const nbsp = (s: string) => s.replace(/\u00a0/g, " ");
const log = (m: string) => console.log(`    [e2e] ${m}`);

describe("EAD Complete end to end (packaged .vsix in VS Code for the browser)", function () {
  this.timeout(300_000);
  let wb: VsixWorkbench;

  before(async function () {
    const settings: Record<string, unknown> = {};
    if (process.env.EAD_E2E_SMALL) settings["ead.smallModel"] = process.env.EAD_E2E_SMALL;
    if (process.env.EAD_E2E_LARGE) settings["ead.largeModel"] = process.env.EAD_E2E_LARGE;
    wb = await openVsixWorkbench({ vsix: packagedVsix(log), settings, artifacts: ARTIFACTS, log });
  });

  after(async function () {
    await wb?.close();
  });

  const statusText = async () => nbsp((await wb.page.locator(STATUS).innerText()).trim());

  it("loads the bundled pair: the status bar says ready", async function () {
    const t0 = Date.now();
    await wb.page.waitForSelector(`${STATUS} .codicon-sparkle`, { timeout: 120_000 });
    log(`ready ${((Date.now() - t0) / 1000).toFixed(1)} s after the workbench opened: "${await statusText()}"`);
    await wb.shot("01-ready");
  });

  let ghost = "";
  it("typing in a JavaScript file shows ghost text", async function () {
    const { page } = wb;
    await page.keyboard.press("Control+P");
    await page.waitForSelector(".quick-input-widget input", { state: "visible" });
    await page.keyboard.type("math.js");
    await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="math.js"]');
    await page.keyboard.press("Enter");
    await page.waitForSelector(".monaco-editor .view-line");
    await page.click(".monaco-editor .view-lines");
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    const t0 = Date.now();
    // Typed like a person would: the editor closes the brackets and indents by itself.
    await page.keyboard.type("function multiply(a, b) {", { delay: 40 });
    await page.keyboard.press("Enter");
    await page.keyboard.type("return ", { delay: 40 });
    await wb.shot("02-typed");
    await page.waitForSelector(".monaco-editor .ghost-text-decoration, .monaco-editor .ghost-text", { timeout: 30_000 });
    await page.waitForTimeout(100); // let the decoration finish rendering all of its spans
    const first = await page.$$eval(".monaco-editor .ghost-text-decoration", (els) => els.map((e) => e.textContent ?? "").join(""));
    const rest = await page.$$eval(".monaco-editor .ghost-text", (els) => els.map((e) => e.textContent ?? ""));
    ghost = nbsp([first, ...rest].join("\n")).trim();
    log(`ghost text after ${Date.now() - t0} ms of typing and waiting: ${JSON.stringify(ghost)}`);
    await wb.shot("03-ghost-text");
    assert.ok(ghost.length > 0, "ghost text should not be empty");
  });

  it("Tab accepts the suggestion into the document", async function () {
    const { page } = wb;
    await page.keyboard.press("Tab");
    await page.waitForSelector(".monaco-editor .ghost-text-decoration", { state: "detached", timeout: 10_000 });
    const line = nbsp(await page.locator(".monaco-editor .view-line", { hasText: "return" }).last().innerText());
    log(`line after Tab: ${JSON.stringify(line)}`);
    await wb.shot("04-accepted");
    assert.ok(line.includes(`return ${ghost.split("\n")[0]}`.trim()), `the accepted line should read "return ${ghost}"`);
  });

  it("the status bar shows the last completion's latency and large-model share", async function () {
    const text = await statusText();
    log(`status bar: "${text}"`);
    assert.match(text, /EAD \d+ ms · L \d+%/);
    await wb.page.hover(STATUS);
    await wb.page.waitForSelector(".monaco-hover, .hover-contents, [role=tooltip]", { timeout: 5000 }).catch(() => undefined);
    await wb.shot("05-status-bar");
  });
});
