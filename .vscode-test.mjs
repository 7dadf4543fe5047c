// @vscode/test-cli configuration: the suites in test/vscode run inside code-server's extension host.
// The "VS Code executable" is scripts/code-server-test-host.mjs (code-server + headless chromium).
import { defineConfig } from "@vscode/test-cli";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));

const common = {
  workspaceFolder: join(root, "test/vscode/workspace"),
  extensionDevelopmentPath: root,
  useInstallation: { fromPath: join(root, "scripts/code-server-test-host.mjs") },
  mocha: { ui: "bdd", timeout: 120000, color: false },
};

// Two runs, each in a fresh VS Code: "lifecycle" sees a session in which nothing has loaded the model
// pair yet (activation loads none; the first request does); "integration" holds the other suites.
export default defineConfig([
  { ...common, label: "lifecycle", files: "out/test/vscode/lifecycle/*.test.js" },
  { ...common, label: "integration", files: "out/test/vscode/*.test.js" },
]);
