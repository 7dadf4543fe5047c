// @vscode/test-cli configuration: the suites in test/vscode run inside code-server's extension host.
// The "VS Code executable" is scripts/code-server-test-host.mjs (code-server + headless chromium).
import { defineConfig } from "@vscode/test-cli";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  label: "integration",
  files: "out/test/vscode/**/*.test.js",
  workspaceFolder: join(root, "test/vscode/workspace"),
  extensionDevelopmentPath: root,
  useInstallation: { fromPath: join(root, "scripts/code-server-test-host.mjs") },
  mocha: { ui: "bdd", timeout: 120000, color: false },
});
