// Downloads one model file with node-llama-cpp's downloader into the extension's storage. Cancelling
// resolves the library's promise with a path although no complete file exists, so success is decided
// here: not aborted, the file exists, has the announced size and is a whole GGUF file. A server that
// errors or stops sending data is given up on after a while without progress (the library retries
// such failures on its own for a long time), and whatever was written is removed.
import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { EngineError } from "../errors";
import { loadLlamaModule } from "../llama";
import { readCompleteGguf } from "./ggufSize";
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
  /** Give up when no data arrives for this long, ms (default 60 s; checked every stallCheckMs). */
  stallTimeoutMs?: number;
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
    // Resolving the file retries server errors on its own, with no way to stop it: give it a deadline.
    downloader = await withDeadline(
      lib.createModelDownloader({
        ...(isUrl ? { modelUrl: uri } : { modelUri: uri }),
        dirPath: options.storageDir,
        skipExisting: true,
        deleteTempFileOnCancel: true,
        showCliProgress: false,
        parallelDownloads: 1,
        endpoints,
        onProgress: (s) => options.onProgress?.({ downloadedBytes: s.downloadedSize, totalBytes: s.totalSize }),
      }),
      options.stallTimeoutMs ?? 60_000,
      options.signal,
    );
  } catch (error) {
    if (options.signal?.aborted) throw new DownloadCancelled();
    throw new EngineError("MODEL_MISSING", `Cannot download ${uri}: ${(error as Error).message}`);
  }
  const expected = downloader.totalSize;
  // The library's signal also stops its retries: abort it when the user cancels or the server stalls.
  const inner = new AbortController();
  const onCancel = () => inner.abort();
  options.signal?.addEventListener("abort", onCancel, { once: true });
  const stallMs = options.stallTimeoutMs ?? 60_000;
  let stalled = false;
  let lastBytes = downloader.downloadedSize;
  let lastChangeAt = Date.now();
  // Checked often, so a stall is given up on after stallMs without data (plus at most one check), not
  // anywhere up to twice that as a check every stallMs would.
  const watchdog = setInterval(() => {
    const now = downloader.downloadedSize;
    if (now !== lastBytes) {
      lastBytes = now;
      lastChangeAt = Date.now();
    } else if (Date.now() - lastChangeAt >= stallMs) {
      stalled = true;
      inner.abort();
    }
  }, stallCheckMs(stallMs));
  let path: string;
  try {
    try {
      path = await downloader.download({ signal: inner.signal });
    } catch (error) {
      if (options.signal?.aborted) throw new DownloadCancelled();
      throw new EngineError("MODEL_MISSING", `Downloading ${uri} failed: ${(error as Error).message}`);
    } finally {
      clearInterval(watchdog);
      options.signal?.removeEventListener("abort", onCancel);
    }
    if (options.signal?.aborted) throw new DownloadCancelled();
    if (stalled) {
      throw new EngineError("MODEL_MISSING", `Downloading ${uri} failed: the server sent no data for ${Math.round(stallMs / 1000)} s. Try again later.`);
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
    try {
      await validateModelFile(path, "downloaded");
      await readCompleteGguf(path, "downloaded");
    } catch (error) {
      throw new EngineError("MODEL_INVALID", `Downloading ${uri} gave a broken file: ${(error as Error).message}`);
    }
    await recordDownload(options.storageDir, uri, path, size);
    return path;
  } catch (error) {
    await removePartial(options.storageDir, downloader.entrypointFilename);
    throw error;
  }
}

/** How often the stall watchdog looks: a tenth of the limit, between 50 ms and 1 s. */
export function stallCheckMs(stallMs: number): number {
  return Math.max(50, Math.min(1000, Math.round(stallMs / 10)));
}

/** Removes a failed download's file and the library's temporary files next to it. */
async function removePartial(dir: string, name: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n === name || n.startsWith(`${name}.`)).map((n) => rm(join(dir, n), { force: true }).catch(() => undefined)));
}

/** `promise`, or a rejection when it takes longer than `ms` or `signal` aborts first. */
function withDeadline<T>(promise: Promise<T>, ms: number, signal: AbortSignal | undefined): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      done();
      reject(new DownloadCancelled());
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`the server did not start sending the file within ${Math.round(ms / 1000)} s (it may be down or answering with errors)`));
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => (done(), resolve(v)),
      (e) => (done(), reject(e)),
    );
  });
}
