#!/usr/bin/env node
// Opens a running code-server in headless chromium and waits until the installed EAD Complete
// extension has activated (its "activating" line in the extension host's log files).
// Usage: smoke-installed.mjs URL USER_DATA_DIR   (used by `scripts/start.sh --smoke`)
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const [url, userData] = process.argv.slice(2);
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const artifacts = join(root, "test-results", "vscode");
const chromiumPath = [process.env.CHROMIUM_PATH, "/usr/lib/chromium/chromium", "/usr/bin/chromium"].find((p) => p && existsSync(p));

function findActivation(dir) {
  if (!existsSync(dir)) return undefined;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) {
      const hit = findActivation(p);
      if (hit) return hit;
    } else if (name.endsWith(".log")) {
      const line = readFileSync(p, "utf8").split("\n").find((l) => /EAD Complete .* activating/.test(l));
      if (line) return line;
    }
  }
  return undefined;
}

const t0 = Date.now();
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});
let code = 1;
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(url, { waitUntil: "domcontentloaded", timeout: 60000 });
  await page.waitForSelector(".monaco-workbench", { timeout: 60000 });
  let line;
  while (!(line = findActivation(join(userData, "logs"))) && Date.now() - t0 < 90000) {
    await new Promise((r) => setTimeout(r, 500));
  }
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, "installed-extension.png") });
  if (line) {
    console.log(`installed extension activated after ${((Date.now() - t0) / 1000).toFixed(1)}s: ${line.trim()}`);
    code = 0;
  } else {
    console.error("installed extension did not log its activation within 90 s");
  }
} catch (err) {
  console.error(`smoke check failed: ${err instanceof Error ? err.message : err}`);
} finally {
  await browser.close();
}
process.exit(code);
