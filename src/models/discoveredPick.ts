// "EAD: Select model files" starts from the models already on the machine (Ollama, LM Studio, the
// Hugging Face cache, llama.cpp, node-llama-cpp, our downloads), found and read by the engine process.
import * as vscode from "vscode";
import type { EngineClient } from "../host/engineClient";
import { discoveredChoices } from "./discoveredItems";

export type DiscoveredPick = { small: string; large: string } | "browse" | undefined;

/**
 * `availableBytes`: the ead.memoryBudgetMB limit, if set (else the engine takes what the system calls available);
 * `home`: a folder that stands for the home folder (the integration tests' machine), else the user's.
 */
export async function pickDiscoveredPair(client: EngineClient, downloadsDir: string, log: vscode.LogOutputChannel, availableBytes?: number, home?: string): Promise<DiscoveredPick> {
  let catalog;
  try {
    catalog = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: "EAD: looking for GGUF models on this machine" }, () => client.findModels({ downloadsDir, availableBytes, home }));
  } catch (error) {
    log.warn(`models on this machine could not be listed: ${(error as Error).message}`);
    return "browse";
  }
  log.info(`models on this machine: ${catalog.models.length} file(s), ${catalog.pairs.length} pair(s)`);
  if (catalog.models.length === 0) return "browse";
  const choice = await vscode.window.showQuickPick(discoveredChoices(catalog), {
    title: "EAD: select a model pair (found on this machine)",
    placeHolder: "A small and a large model of one family; or browse for files",
    matchOnDetail: true,
  });
  if (!choice) return undefined;
  if (choice.choice === "pair") return { small: choice.small, large: choice.large };
  if (choice.choice === "unpaired") {
    void vscode.window.showInformationMessage(`EAD: ${choice.label} cannot be paired: ${choice.reason}.`);
    return undefined;
  }
  return "browse";
}
