// Downloads in the editor: a cancellable progress notification while the engine process downloads each
// file (it has node-llama-cpp's downloader and GGUF reader), and a failure told with Retry and Select.
import * as vscode from "vscode";
import { EngineError } from "../engine/errors";
import { formatBytes } from "../engine/modelfiles/formatBytes";
import { downloadedPath } from "../engine/modelfiles/resolve";
import type { EngineClient } from "../host/engineClient";
import { describeDownloadFailure } from "./downloadFailure";
import type { Notice } from "./notice";

export const RETRY = "Retry";
export const SELECT = "Select model files";

export interface DownloadDeps {
  client: EngineClient;
  log: vscode.LogOutputChannel;
  storageDir: string;
  /** Base URL for hf: downloads (tests point it at a local server); node-llama-cpp's default otherwise. */
  hubEndpoint: () => string | undefined;
  notify: (level: Notice["level"], message: string, buttons?: string[]) => Thenable<string | undefined>;
}

/** Downloads `uris` in turn with a cancellable progress notification; true when all are there. */
export async function downloadModelFiles(deps: DownloadDeps, uris: string[], label: string, thenUse: () => Promise<unknown>): Promise<boolean> {
  const controller = new AbortController();
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `EAD: downloading ${label}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        for (const [i, uri] of uris.entries()) {
          if (await downloadedPath(deps.storageDir, uri)) continue;
          let reported = 0;
          progress.report({ message: `${i + 1} of ${uris.length}: ${uri}` });
          const t0 = Date.now();
          // Downloaded by the engine process, which has node-llama-cpp's downloader and GGUF reader.
          const path = await deps.client.download({ uri, storageDir: deps.storageDir, huggingFaceEndpoint: deps.hubEndpoint() }, {
            signal: controller.signal,
            onProgress: ({ downloadedBytes, totalBytes }) => {
              if (totalBytes <= 0) return;
              const pct = (100 * downloadedBytes) / totalBytes / uris.length;
              progress.report({
                increment: Math.max(0, pct - reported),
                message: `${i + 1} of ${uris.length}: ${formatBytes(downloadedBytes)} of ${formatBytes(totalBytes)}`,
              });
              reported = Math.max(reported, pct);
            },
          });
          deps.log.info(`download: ${uri} -> ${path} in ${Date.now() - t0} ms`);
        }
      },
    );
    return true;
  } catch (error) {
    if (error instanceof EngineError && error.code === "ABORTED") {
      deps.log.info(`download cancelled: ${label}`);
      void deps.notify("info", `EAD: the download of ${label} was cancelled; nothing was kept.`);
      return false;
    }
    downloadFailed(deps, error as Error, uris, label, thenUse);
    return false;
  }
}

/** Says why a download failed (offline, or what the server answered), with Retry and Select. */
function downloadFailed(deps: DownloadDeps, error: Error, uris: string[], label: string, thenUse: () => Promise<unknown>): void {
  const failure = describeDownloadFailure(error);
  deps.log.error(`download failed (${failure.kind}): ${error.message}`);
  void deps.notify("error", `EAD: the download of ${label} failed: ${failure.message}`, [RETRY, SELECT]).then(async (choice) => {
    if (choice === SELECT) void vscode.commands.executeCommand("ead.selectModels");
    else if (choice === RETRY && (await downloadModelFiles(deps, uris, label, thenUse))) await thenUse();
  });
}
