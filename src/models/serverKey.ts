// The team server's API key (llama-server --api-key) in VS Code's secret storage: set with a password
// input box, cleared with a command. The key goes only into the load options sent to the engine
// process, which puts it in the Authorization header; it is never written to settings, the log, a
// notification or a webview.
import * as vscode from "vscode";

/** The secret storage entry. */
export const SERVER_KEY_SECRET = "ead.largeServer.apiKey";

/** A key must fit in one HTTP header line. */
export function serverKeyProblem(key: string): string | undefined {
  if (!key.trim()) return "Enter the key, or press Escape to keep the current one.";
  if (/[\u0000-\u001f\u007f]/.test(key)) return "The key cannot hold line breaks or other control characters.";
  return undefined;
}

export class ServerKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(): Promise<string | undefined> {
    return (await this.secrets.get(SERVER_KEY_SECRET)) || undefined;
  }

  async set(key: string): Promise<void> {
    await this.secrets.store(SERVER_KEY_SECRET, key);
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SERVER_KEY_SECRET);
  }

  /** The key was set or cleared (here or in another window). */
  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key === SERVER_KEY_SECRET) listener();
    });
  }
}

type Notify = (level: "info" | "warning", message: string) => unknown;

/**
 * "EAD: Set team server API key" (asks with a password box; a string argument sets it without asking,
 * for scripted set-ups) and "EAD: Clear team server API key". Both say what they did, never the key.
 */
export function serverKeyHandlers(store: ServerKeyStore, log: vscode.LogOutputChannel, notify: Notify): Record<string, (...args: unknown[]) => unknown> {
  const serverSet = () => Boolean(vscode.workspace.getConfiguration("ead").get<string>("largeServer")?.trim());
  return {
    "ead.setServerKey": async (arg?: unknown) => {
      let key = typeof arg === "string" ? arg : undefined;
      if (key === undefined) {
        key = await vscode.window.showInputBox({
          title: "EAD: team server API key",
          prompt: "The key the team server expects (llama-server --api-key). It is kept in VS Code's secret storage, never in settings or logs.",
          placeHolder: "API key",
          password: true,
          ignoreFocusOut: true,
          validateInput: (value) => serverKeyProblem(value),
        });
        if (key === undefined) return false;
      }
      const problem = serverKeyProblem(key);
      if (problem) {
        void notify("warning", `EAD: the team server API key was not saved. ${problem}`);
        return false;
      }
      await store.set(key.trim());
      log.info("team server: API key saved in secret storage");
      void notify(
        "info",
        serverSet()
          ? "EAD: the team server API key is saved in VS Code's secret storage; the next load uses it."
          : "EAD: the team server API key is saved in VS Code's secret storage. Set ead.largeServer to the server's URL to use it.",
      );
      return true;
    },
    "ead.clearServerKey": async () => {
      const had = (await store.get()) !== undefined;
      await store.clear();
      log.info(`team server: API key ${had ? "removed from" : "was not in"} secret storage`);
      void notify("info", had ? "EAD: the team server API key is removed from VS Code's secret storage." : "EAD: no team server API key was stored.");
      return had;
    },
  };
}
