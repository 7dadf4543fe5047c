// The team server's API key (llama-server --api-key) in VS Code's secret storage, one per origin
// (scheme, host, port): a key is sent only to the server it was stored for, so pointing
// ead.largeServer elsewhere never carries it along. Set with a password input box, cleared with a
// command. The key goes only into the load options sent to the engine process, which puts it in the
// Authorization header; it is never written to settings, the log, a notification or a webview.
import * as vscode from "vscode";
import { largeServerUrl } from "../engine/remote/largeServerSetting";
import { serverOrigin } from "./serverOrigin";
import { userSetting } from "./userOnlySettings";

/** Where a key stored before keys were bound to an origin lives: it is never sent, only removed. */
export const UNBOUND_KEY_SECRET = "ead.largeServer.apiKey";
/** Origins that have a key (secret storage cannot list its entries); not secret. */
const ORIGINS_STATE = "ead.largeServer.keyOrigins";

export function serverKeySecret(origin: string): string {
  return `${UNBOUND_KEY_SECRET}@${origin}`;
}

/** A key must fit in one HTTP header line. */
export function serverKeyProblem(key: string): string | undefined {
  if (!key.trim()) return "Enter the key, or press Escape to keep the current one.";
  if (/[\u0000-\u001f\u007f]/.test(key)) return "The key cannot hold line breaks or other control characters.";
  return undefined;
}

export class ServerKeyStore {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {}

  /** The key stored for the origin of `url`, if any. */
  async get(url: string): Promise<string | undefined> {
    return (await this.secrets.get(serverKeySecret(serverOrigin(url)))) || undefined;
  }

  async set(url: string, key: string): Promise<void> {
    const origin = serverOrigin(url);
    await this.secrets.store(serverKeySecret(origin), key);
    await this.state.update(ORIGINS_STATE, [...new Set([...this.origins(), origin])]);
    // A key from before keys were bound to a server is replaced, never sent.
    await this.secrets.delete(UNBOUND_KEY_SECRET);
  }

  /** Removes the key of `url`'s origin; true when there was one. */
  async clear(url: string): Promise<boolean> {
    const origin = serverOrigin(url);
    const had = (await this.secrets.get(serverKeySecret(origin))) !== undefined || (await this.secrets.get(UNBOUND_KEY_SECRET)) !== undefined;
    await this.secrets.delete(serverKeySecret(origin));
    await this.secrets.delete(UNBOUND_KEY_SECRET);
    await this.state.update(ORIGINS_STATE, this.origins().filter((o) => o !== origin));
    return had;
  }

  /** Whether some other server has a key (or an unbound one exists): then this one is asked for its own. */
  async keysElsewhere(url: string): Promise<boolean> {
    const origin = serverOrigin(url);
    return this.origins().some((o) => o !== origin) || (await this.secrets.get(UNBOUND_KEY_SECRET)) !== undefined;
  }

  private origins(): string[] {
    const list = this.state.get<unknown>(ORIGINS_STATE);
    return Array.isArray(list) ? list.filter((o): o is string => typeof o === "string") : [];
  }

  /** A key was set or cleared (here or in another window). */
  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key.startsWith(UNBOUND_KEY_SECRET)) listener();
    });
  }
}

type Notify = (level: "info" | "warning", message: string) => unknown;

/** The team server the user's settings name now, checked; undefined when none (or unusable). */
function configuredServer(): string | undefined {
  try {
    return largeServerUrl(userSetting("largeServer"));
  } catch {
    return undefined;
  }
}

/**
 * "EAD: Set team server API key" (asks with a password box; a string argument sets it without asking,
 * for scripted set-ups; a second one names the server, else the configured one) and "EAD: Clear team
 * server API key". Both say what they did and for which server, never the key.
 */
export function serverKeyHandlers(store: ServerKeyStore, log: vscode.LogOutputChannel, notify: Notify): Record<string, (...args: unknown[]) => unknown> {
  const serverFor = (arg: unknown): string | undefined => {
    if (typeof arg !== "string") return configuredServer();
    try {
      return largeServerUrl(arg);
    } catch {
      return undefined;
    }
  };
  return {
    "ead.setServerKey": async (arg?: unknown, urlArg?: unknown) => {
      const url = serverFor(urlArg);
      if (!url) {
        void notify("warning", "EAD: set ead.largeServer in your user settings to the team server's URL first: a key is stored for one server and sent only to it.");
        return false;
      }
      const origin = serverOrigin(url);
      let key = typeof arg === "string" ? arg : undefined;
      if (key === undefined) {
        key = await vscode.window.showInputBox({
          title: `EAD: API key for the team server ${origin}`,
          prompt: `The key ${origin} expects (llama-server --api-key). It is kept in VS Code's secret storage, never in settings or logs, and sent only to ${origin}.`,
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
      await store.set(url, key.trim());
      log.info(`team server: API key for ${origin} saved in secret storage`);
      void notify("info", `EAD: the API key for ${origin} is saved in VS Code's secret storage; the next load uses it.`);
      return true;
    },
    "ead.clearServerKey": async (urlArg?: unknown) => {
      const url = serverFor(urlArg);
      if (!url) {
        void notify("info", "EAD: no team server is set (ead.largeServer in your user settings), so no key was cleared.");
        return false;
      }
      const origin = serverOrigin(url);
      const had = await store.clear(url);
      log.info(`team server: API key for ${origin} ${had ? "removed from" : "was not in"} secret storage`);
      void notify("info", had ? `EAD: the API key for ${origin} is removed from VS Code's secret storage.` : `EAD: no API key was stored for ${origin}.`);
      return had;
    },
  };
}
