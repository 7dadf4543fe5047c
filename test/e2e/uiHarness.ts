// Browser end-to-end harness for the UI tests: code-server (VS Code for the browser) with this
// repository loaded as the development extension, a fresh copy of the sample workspace and throwaway
// profile directories, driven by headless chromium through playwright-core. Screenshots go to
// test-results/e2e/ui/.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { freePort, launchChromium, QUIET_WORKBENCH_SETTINGS, waitForCodeServer } from "./localBrowser";
import { type Browser, type Frame, type Page } from "playwright-core";

export const ROOT = resolve(__dirname, "../../..");
export const ARTIFACTS = join(ROOT, "test-results", "e2e", "ui");

export interface Workbench {
  page: Page;
  runDir: string;
  userDataDir: string;
  workspace: string;
  /** Saves a PNG screenshot under test-results/e2e/ui/ and returns its path. */
  shot(name: string): Promise<string>;
  /** The user settings.json as VS Code last wrote it. */
  userSettings(): Record<string, unknown>;
  /** Text of the extension's log channel (its file under the profile's logs). */
  extensionLog(): string;
  close(): Promise<void>;
}

function findFiles(dir: string, match: (name: string) => boolean, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findFiles(p, match, out);
    else if (match(name)) out.push(p);
  }
  return out;
}

/** Strips // comments and trailing commas the way VS Code's settings files allow them. */
function parseJsonc(text: string): Record<string, unknown> {
  const noComments = text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m, str) => str ?? "");
  return JSON.parse(noComments.replace(/,(\s*[}\]])/g, "$1") || "{}");
}

export async function openWorkbench(options: {
  settings: Record<string, unknown>;
  keybindings?: unknown[];
  /** Sample workspace to copy (default test/vscode/workspace). */
  workspace?: string;
  viewport?: { width: number; height: number };
  /** The browser's preferred colour scheme (with window.autoDetectColorScheme it picks the theme). */
  colorScheme?: "light" | "dark";
}): Promise<Workbench> {
  const entry = process.env.CODE_SERVER_ENTRY ?? join(ROOT, ".vscode-test/code-server/node_modules/code-server/out/node/entry.js");
  if (!existsSync(entry)) throw new Error(`code-server not found at ${entry}: run scripts/install-code-server.sh`);
  if (!existsSync(join(ROOT, "dist/extension.js"))) throw new Error("dist/extension.js missing: run npm run build");
  mkdirSync(ARTIFACTS, { recursive: true });
  mkdirSync(join(ROOT, ".vscode-test", "runs"), { recursive: true });
  const runDir = mkdtempSync(join(ROOT, ".vscode-test", "runs", "e2e-ui-"));
  const dirs = {
    userData: join(runDir, "user-data"),
    extensions: join(runDir, "extensions"),
    xdgConfig: join(runDir, "xdg-config"),
    xdgData: join(runDir, "xdg-data"),
    xdgCache: join(runDir, "xdg-cache"),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const workspace = join(runDir, "workspace");
  cpSync(options.workspace ?? join(ROOT, "test/vscode/workspace"), workspace, { recursive: true });
  const settings = {
    ...QUIET_WORKBENCH_SETTINGS,
    "workbench.enableExperiments": false,
    ...options.settings,
  };
  mkdirSync(join(dirs.userData, "User"), { recursive: true });
  const settingsPath = join(dirs.userData, "User", "settings.json");
  writeFileSync(settingsPath, JSON.stringify(settings, null, 2));
  // Settings of scope "machine" (model files, team server) apply in code-server, a remote window, only
  // from the machine's settings.
  const declared = [JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).contributes.configuration].flat() as { properties: Record<string, { scope?: string }> }[];
  const machineKeys = new Set(declared.flatMap((section) => Object.entries(section.properties)).filter(([, p]) => p.scope === "machine").map(([key]) => key));
  mkdirSync(join(dirs.userData, "Machine"), { recursive: true });
  writeFileSync(join(dirs.userData, "Machine", "settings.json"), JSON.stringify(Object.fromEntries(Object.entries(settings).filter(([k]) => machineKeys.has(k))), null, 2));
  if (options.keybindings) writeFileSync(join(dirs.userData, "User", "keybindings.json"), JSON.stringify(options.keybindings, null, 2));
  writeFileSync(join(runDir, "config.yaml"), "auth: none\ncert: false\n");

  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.PORT;
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  Object.assign(env, {
    EXTENSIONS_GALLERY: "{}",
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    CS_DISABLE_FILE_DOWNLOADS: "1",
  });
  const serverOut: Buffer[] = [];
  const server: ChildProcess = spawn(
    process.execPath,
    [
      entry,
      ...["--auth", "none", "--bind-addr", authority, "--config", join(runDir, "config.yaml")],
      ...["--user-data-dir", dirs.userData, "--extensions-dir", dirs.extensions],
      ...["--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", "--disable-getting-started-override", "--ignore-last-opened"],
    ],
    { env, cwd: runDir, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  server.stdout?.on("data", (d: Buffer) => serverOut.push(d));
  server.stderr?.on("data", (d: Buffer) => serverOut.push(d));

  let browser: Browser | undefined;
  const stopServer = async () => {
    if (server.exitCode === null && server.pid !== undefined) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
      for (let i = 0; i < 30 && server.exitCode === null && server.signalCode === null; i++) await new Promise((r) => setTimeout(r, 100));
      if (server.exitCode === null && server.signalCode === null) {
        try {
          process.kill(-server.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
  };
  const close = async () => {
    await browser?.close().catch(() => {});
    await stopServer();
    writeFileSync(join(ARTIFACTS, "code-server.log"), Buffer.concat(serverOut));
    if (process.env.EAD_TEST_KEEP_RUN_DIR !== "1") rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    await waitForCodeServer(server, serverOut, authority);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 }, colorScheme: options.colorScheme ?? "light" });
    const page = await context.newPage();
    const params = new URLSearchParams();
    params.set("folder", workspace);
    params.set("payload", JSON.stringify([["extensionDevelopmentPath", `vscode-remote://${authority}${ROOT}`]]));
    await page.goto(`http://${authority}/?${params}`, { waitUntil: "domcontentloaded", timeout: 60000 });
    await page.waitForSelector(".monaco-workbench", { timeout: 60000 });
    return {
      page,
      runDir,
      userDataDir: dirs.userData,
      workspace,
      shot: async (name) => {
        const path = join(ARTIFACTS, `${name}.png`);
        await page.screenshot({ path });
        return path;
      },
      userSettings: () => parseJsonc(readFileSync(settingsPath, "utf8")),
      extensionLog: () =>
        findFiles(join(dirs.userData, "logs"), (n) => /EAD Complete\.log$/.test(n))
          .map((p) => readFileSync(p, "utf8"))
          .join("\n"),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Polls `check` until it returns a value other than undefined/false, or throws after `ms`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ms = 30000, every = 200): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** Runs a command from the palette (F1) by its title, e.g. "EAD: Show switch stats". */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: 15000 });
  await input.fill(`>${title}`);
  const row = page.locator(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`).first();
  await row.waitFor({ state: "visible", timeout: 15000 });
  await page.keyboard.press("Enter");
  await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 15000 });
}

/** Opens a workspace file with quick open and waits for its editor to have focus. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: 15000 });
  await input.fill(name);
  await page.locator(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`).first().waitFor({ timeout: 15000 });
  await page.keyboard.press("Enter");
  await page.locator(`.tab[aria-label*="${name}"]`).first().waitFor({ timeout: 15000 });
  await page.locator(".monaco-editor textarea").first().waitFor({ state: "attached", timeout: 15000 });
}

/** The content frame of an open webview whose `#app` has data-view `view`. */
export async function webviewFrame(page: Page, view: string, ms = 20000): Promise<Frame> {
  return waitFor(`the ${view} webview`, async () => {
    for (const frame of page.frames()) {
      try {
        if (await frame.$(`#app[data-view="${view}"]`)) return frame;
      } catch {
        // frame navigating or detached
      }
    }
    return undefined;
  }, ms);
}
