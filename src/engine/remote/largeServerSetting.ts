// The ead.largeServer setting as the engine's load options: a checked http(s) base URL, the time limit
// and the API key from VS Code's secret storage. A URL with a user name or password in it is refused
// (the key belongs in secret storage, and the URL is shown in the status bar and the log). The CLI's
// --large-server goes through the same check under its own name. No message repeats a user-info part.
import { EngineError } from "../errors";
import type { LargeServerOptions } from "./connect";

/** `text` with its user-info part (before the host's "@") and its query or fragment hidden: either may hold a password or key. */
export function withoutUserInfo(text: string): string {
  return text.replace(/^((?:[a-z][a-z0-9+.-]*:\/\/)?)[^/?#]*@/i, "$1…@").replace(/[?#].*$/s, "?…");
}

/** The setting's URL, checked; undefined when it is empty (the large model runs here). `name` is what errors call it. */
export function largeServerUrl(value: unknown, name = "ead.largeServer"): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    throw new EngineError("BAD_SETTINGS", `${name} must be a URL such as http://gpu-box:8012; got ${JSON.stringify(value)}.`);
  }
  const text = value.trim();
  if (!text) return undefined;
  const notUrl = () =>
    new EngineError("BAD_SETTINGS", `${name} ${JSON.stringify(withoutUserInfo(text))} is not a URL: write it as http://host:port, for example http://gpu-box:8012.`);
  // "gpu-box:8012" would parse as a URL of scheme "gpu-box:": ask for the scheme instead.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw notUrl();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw notUrl();
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new EngineError("BAD_SETTINGS", `${name} must be an http:// or https:// URL (llama-server speaks HTTP); got ${url.protocol}//${url.host}.`);
  }
  if (url.username || url.password) {
    // Named without its user part, which may be the key itself.
    throw new EngineError(
      "BAD_SETTINGS",
      `${name} (${url.protocol}//${url.host}) holds a user name or password: remove it from the URL and ${name === "ead.largeServer" ? "store the key with “EAD: Set team server API key”" : "pass the key in $EAD_LARGE_SERVER_KEY"} instead.`,
    );
  }
  if (url.search || url.hash) {
    throw new EngineError("BAD_SETTINGS", `${name} must be the server's base URL without a query or fragment, such as ${url.protocol}//${url.host}.`);
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
}

/** The load options' `largeServer`, or undefined when the setting is empty. */
export function largeServerOptions(url: unknown, timeoutMs: number, apiKey: string | undefined): LargeServerOptions | undefined {
  const checked = largeServerUrl(url);
  if (!checked) return undefined;
  return { url: checked, timeoutMs, ...(apiKey ? { apiKey } : {}) };
}
