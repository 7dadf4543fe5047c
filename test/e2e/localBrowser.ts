// What both browser harnesses share: a free loopback port, Debian's headless chromium with flags that
// keep it off the network, and the user settings that keep a throwaway workbench quiet.
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { chromium, type Browser } from "playwright-core";

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => res(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function chromiumPath(): string {
  const found = [process.env.CHROMIUM_PATH, "/usr/lib/chromium/chromium", "/usr/bin/chromium"].find((p) => p && existsSync(p));
  if (!found) throw new Error("chromium not found: install the Debian package 'chromium' or set CHROMIUM_PATH");
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

/** User settings for a throwaway workbench: no auto-save, updates, telemetry, tips or trust prompts. */
export const QUIET_WORKBENCH_SETTINGS = {
  "files.autoSave": "off",
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "telemetry.telemetryLevel": "off",
  "security.workspace.trust.enabled": false,
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "update.mode": "none",
  "git.enabled": false,
  "chat.disableAIFeatures": true,
} as const;

/** Waits until the code-server at `authority` answers its health check; fails fast if it exits. */
export async function waitForCodeServer(server: ChildProcess, output: Buffer[], authority: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`code-server exited early: ${Buffer.concat(output).toString().slice(-2000)}`);
    try {
      if ((await fetch(`http://${authority}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`code-server did not start within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
