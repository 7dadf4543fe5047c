// Downloads one model file with node-llama-cpp's downloader into the extension's storage. Cancelling
// resolves the library's promise with a path although no complete file exists, so success is decided
// here: not aborted, the file exists, has the announced size and is a GGUF file.
import { stat, rm } from "node:fs/promises";
import { EngineError } from "../engine/errors";
import { loadLlamaModule } from "../engine/llama";
import { validateModelFile } from "./validate";
import { recordDownload } from "./resolve";

export interface DownloadProgress {
  downloadedBytes: number;
  totalBytes: number;
}

export interface DownloadOptions {
  storageDir: string;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** Base URL for hf: URIs (tests point it at a local server). */
  huggingFaceEndpoint?: string;
}

export class DownloadCancelled extends Error {
  constructor() {
    super("The download was cancelled.");
    this.name = "DownloadCancelled";
  }
}

export async function downloadModel(uri: string, options: DownloadOptions): Promise<string> {
  const lib = await loadLlamaModule();
  const endpoints = options.huggingFaceEndpoint ? { huggingFace: options.huggingFaceEndpoint } : undefined;
  if (options.signal?.aborted) throw new DownloadCancelled();
  const isUrl = /^https?:\/\//i.test(uri);
  let downloader;
  try {
    downloader = await lib.createModelDownloader({
      ...(isUrl ? { modelUrl: uri } : { modelUri: uri }),
      dirPath: options.storageDir,
      skipExisting: true,
      deleteTempFileOnCancel: true,
      showCliProgress: false,
      parallelDownloads: 1,
      endpoints,
      onProgress: (s) => options.onProgress?.({ downloadedBytes: s.downloadedSize, totalBytes: s.totalSize }),
    });
  } catch (error) {
    if (options.signal?.aborted) throw new DownloadCancelled();
    throw new EngineError("MODEL_MISSING", `Cannot download ${uri}: ${(error as Error).message}`);
  }
  const expected = downloader.totalSize;
  let path: string;
  try {
    path = await downloader.download({ signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted) throw new DownloadCancelled();
    throw new EngineError("MODEL_MISSING", `Downloading ${uri} failed: ${(error as Error).message}`);
  }
  if (options.signal?.aborted) {
    await rm(path, { force: true }).catch(() => undefined);
    throw new DownloadCancelled();
  }
  let size = -1;
  try {
    size = (await stat(path)).size;
  } catch {
    // checked below
  }
  if (size < 0 || (expected > 0 && size !== expected)) {
    throw new EngineError("MODEL_INVALID", `Downloading ${uri} did not produce a complete file (${size < 0 ? "no file" : `${size} of ${expected} bytes`}).`);
  }
  await validateModelFile(path, "downloaded");
  await recordDownload(options.storageDir, uri, path, size);
  return path;
}
