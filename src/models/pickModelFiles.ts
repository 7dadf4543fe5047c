// "EAD: Select model files" before the check: the pairs found on the machine first, else two open dialogs.
import * as vscode from "vscode";
import type { EngineClient } from "../host/engineClient";
import { pickDiscoveredPair, type DiscoveredPick } from "./discoveredPick";

/** Two model paths (given as arguments, picked from the machine's models, or browsed), or undefined if cancelled. */
export async function pickModelFiles(
  smallArg: unknown,
  largeArg: unknown,
  discover: { client: EngineClient; storageDir: string; log: vscode.LogOutputChannel; availableBytes: () => number | undefined; storeHome?: string },
): Promise<{ small: string; large: string } | undefined> {
  const pick = async (role: string, near?: string): Promise<string | undefined> => {
    const uris = await vscode.window.showOpenDialog({
      // The large model is usually next to the small one: start the second dialog in its folder.
      defaultUri: near ? vscode.Uri.joinPath(vscode.Uri.file(near), "..") : undefined,
      canSelectMany: false,
      canSelectFolders: false,
      filters: { "GGUF models": ["gguf"] },
      title: `EAD: select the ${role} model (.gguf)`,
      openLabel: `Use as ${role} model`,
    });
    return uris?.[0]?.fsPath;
  };
  // Without paths: first the pairs found among the models already on the machine.
  let found: DiscoveredPick = "browse";
  if (typeof smallArg !== "string" && typeof largeArg !== "string") {
    found = await pickDiscoveredPair(discover.client, discover.storageDir, discover.log, discover.availableBytes(), discover.storeHome);
  }
  if (found === undefined) return undefined;
  const small = typeof smallArg === "string" ? smallArg : found !== "browse" ? found.small : await pick("small (fast)");
  if (!small) return undefined;
  const large = typeof largeArg === "string" ? largeArg : found !== "browse" ? found.large : await pick("large (accurate)", small);
  if (!large) return undefined;
  return { small, large };
}
