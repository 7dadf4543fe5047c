// Browser end-to-end harness for the packaged extension: builds the linux-x64 .vsix (or reuses one newer than
// the build), installs it into a throwaway code-server profile, starts code-server on 127.0.0.1 and
// opens a copy of the sample workspace in headless chromium (playwright-core, Debian's chromium).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { freePort, launchChromium, QUIET_WORKBENCH_SETTINGS, waitForCodeServer } from "./localBrowser";
import { type Browser, type Page } from "playwright-core";

export const ROOT = resolve(__dirname, "../../..");

export interface VsixWorkbench {
  page: Page;
  workspace: string;
  /** Saves test-results/e2e/completion/<name>.png and returns its path. */
  shot(name: string): Promise<string>;
  close(): Promise<void>;
}

const mtime = (p: string) => (existsSync(p) ? statSync(p).mtimeMs : Number.POSITIVE_INFINITY);

/**
 * The packaged extension: `EAD_VSIX` if set, else the linux-x64 .vsix that scripts/package-targets.mjs
 * builds (the one users of Linux x64 install), in .cache/e2e, rebuilt when older than its inputs.
 */
export function packagedVsix(log: (m: string) => void = () => undefined): string {
  if (process.env.EAD_VSIX) return process.env.EAD_VSIX;
  const dir = join(ROOT, ".cache", "e2e");
  mkdirSync(dir, { recursive: true });
  const vsix = join(dir, "ead-complete-linux-x64.vsix");
  const inputs = ["dist/extension.js", "dist/engine-host.js", "package.json", ".vscodeignore", "scripts/package-targets.mjs"];
  const newest = Math.max(...inputs.map((p) => statSync(join(ROOT, p)).mtimeMs));
  if (existsSync(vsix) && mtime(vsix) > newest) {
    log(`reusing ${vsix}`);
    return vsix;
  }
  const t0 = Date.now();
  const res = spawnSync(process.execPath, [join(ROOT, "scripts", "package-targets.mjs"), "--target", "linux-x64", "--out", vsix], { cwd: ROOT, encoding: "utf8" });
  if (res.status !== 0) throw new Error(`packaging the linux-x64 .vsix failed:\n${res.stdout}\n${res.stderr}`);
  log(`packaged ${vsix} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return vsix;
}

export async function openVsixWorkbench(options: { vsix: string; settings: Record<string, unknown>; artifacts: string; log?: (m: string) => void }): Promise<VsixWorkbench> {
  const log = options.log ?? (() => undefined);
  const entry = process.env.CODE_SERVER_ENTRY ?? join(ROOT, ".vscode-test/code-server/node_modules/code-server/out/node/entry.js");
  if (!existsSync(entry)) throw new Error(`code-server not found at ${entry}: run scripts/install-code-server.sh`);
  mkdirSync(options.artifacts, { recursive: true });
  mkdirSync(join(ROOT, ".vscode-test", "runs"), { recursive: true });
  const runDir = mkdtempSync(join(ROOT, ".vscode-test", "runs", "e2e-vsix-"));
  const dirs = {
    userData: join(runDir, "user-data"),
    extensions: join(runDir, "extensions"),
    xdgConfig: join(runDir, "xdg-config"),
    xdgData: join(runDir, "xdg-data"),
    xdgCache: join(runDir, "xdg-cache"),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const workspace = join(runDir, "workspace");
  cpSync(join(ROOT, "test/vscode/workspace"), workspace, { recursive: true });
  mkdirSync(join(dirs.userData, "User"), { recursive: true });
  writeFileSync(
    join(dirs.userData, "User", "settings.json"),
    JSON.stringify(
      {
        ...QUIET_WORKBENCH_SETTINGS,
        "editor.quickSuggestions": { other: false, comments: false, strings: false },
        "editor.suggestOnTriggerCharacters": false,
        ...options.settings,
      },
      null,
      2,
    ),
  );
  // Settings of scope "machine" (model files, team server) apply in code-server, a remote window, only
  // from the machine's settings.
  const declared = [JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).contributes.configuration].flat() as { properties: Record<string, { scope?: string }> }[];
  const machineKeys = new Set(declared.flatMap((section) => Object.entries(section.properties)).filter(([, p]) => p.scope === "machine").map(([key]) => key));
  mkdirSync(join(dirs.userData, "Machine"), { recursive: true });
  writeFileSync(join(dirs.userData, "Machine", "settings.json"), JSON.stringify(Object.fromEntries(Object.entries(options.settings ?? {}).filter(([k]) => machineKeys.has(k))), null, 2));
  writeFileSync(join(runDir, "config.yaml"), "auth: none\ncert: false\n");
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.PORT;
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  Object.assign(env, { EXTENSIONS_GALLERY: "{}", XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData, XDG_CACHE_HOME: dirs.xdgCache });
  const common = ["--user-data-dir", dirs.userData, "--extensions-dir", dirs.extensions];

  const t0 = Date.now();
  const install = spawnSync(process.execPath, [entry, ...common, "--install-extension", options.vsix, "--force"], { env, cwd: runDir, encoding: "utf8" });
  if (install.status !== 0) throw new Error(`installing ${options.vsix} failed:\n${install.stdout}\n${install.stderr}`);
  log(`installed the .vsix in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  const out: Buffer[] = [];
  const server: ChildProcess = spawn(
    process.execPath,
    [entry, "--auth", "none", "--bind-addr", authority, "--config", join(runDir, "config.yaml"), ...common,
      "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", "--disable-getting-started-override", "--ignore-last-opened",
      // The built-in TypeScript service is not under test and costs a core while the models run
      // (only where this code-server knows the flag: 4.100.3 does not and refuses to start).
      ...(spawnSync(process.execPath, [entry, "--help"], { encoding: "utf8" }).stdout?.includes("--disable-extension")
        ? ["--disable-extension", "vscode.typescript-language-features"]
        : [])],
    { env, cwd: runDir, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  server.stdout?.on("data", (d: Buffer) => out.push(d));
  server.stderr?.on("data", (d: Buffer) => out.push(d));
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    if (server.exitCode === null && server.pid !== undefined) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // gone
      }
      for (let i = 0; i < 30 && server.exitCode === null && server.signalCode === null; i++) await new Promise((r) => setTimeout(r, 100));
      if (server.exitCode === null && server.signalCode === null) {
        try {
          process.kill(-server.pid, "SIGKILL");
        } catch {
          // gone
        }
      }
    }
    writeFileSync(join(options.artifacts, "code-server.log"), Buffer.concat(out));
    if (process.env.EAD_TEST_KEEP_RUN_DIR !== "1") rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    await waitForCodeServer(server, out, authority);
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`http://${authority}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: "domcontentloaded", timeout: 60_000 });
    await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
    return {
      page,
      workspace,
      shot: async (name) => {
        const path = join(options.artifacts, `${name}.png`);
        await page.screenshot({ path });
        return path;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
