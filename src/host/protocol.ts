// Typed messages between the extension (or CLI) and the engine child process.
// Sent with Node's "advanced" IPC serialisation, so Infinity and nested data survive.
import type { EngineErrorCode } from "../engine/errors";
import type { EngineInfo, EngineLoadOptions } from "../engine/engine";
import type { CompletionRequest, CompletionResult, TokenEvent } from "../engine/types";
import { GPU_SETTINGS, type GpuSetting } from "../engine/placement";
import type { PairEstimate } from "../engine/modelfiles/pairCheck";
import type { Catalog } from "../engine/modelfiles/catalog";
import type { RemoteLaneState } from "../engine/remote/remoteLane";
import { parsePromptContext } from "../engine/promptContext/parse";
import { isTokenHealing } from "../engine/tokenHealing";
import type { WarmContextRequest, WarmContextResult } from "../engine/promptContext/warmTypes";

/** A pair to check without loading it (header reading, pair rule, placement and memory). */
export interface PairCheckRequest {
  smallModelPath: string;
  largeModelPath: string;
  contextSize?: number;
  batchSize?: number;
  /** RAM the pair may use, bytes; default the memory available. */
  availableBytes?: number;
  gpu?: GpuSetting;
  threads?: number;
}

/** A model file to download into `storageDir` (hf: URI or http(s) URL). */
export interface DownloadRequest {
  uri: string;
  storageDir: string;
  huggingFaceEndpoint?: string;
  stallTimeoutMs?: number;
}

export type HostRequest =
  | { type: "load"; id: number; options: EngineLoadOptions }
  | { type: "complete"; id: number; request: CompletionRequest }
  /**
   * Evaluate a context block ahead of time (the editor is idle); answered by "warmed", or "error" ABORTED
   * when a completion request (which always wins), a later warm-up or a "cancel" with its id came first.
   */
  | { type: "warmContext"; id: number; request: WarmContextRequest }
  | { type: "cancel"; id: number }
  /** End a completion normally: its result (with stats) comes back as usual. */
  | { type: "stop"; id: number }
  | { type: "memory"; id: number }
  /** Check a pair as a load would, without loading it; answered by "pairChecked" or "error". */
  | { type: "checkPair"; id: number; options: PairCheckRequest }
  /** Download a model file; "downloadProgress" events, then "downloaded" or "error" (ABORTED on cancel). */
  | { type: "download"; id: number; options: DownloadRequest }
  /** The GGUF files already on the machine (model stores, our downloads in `downloadsDir`) and the pairs they make. */
  | { type: "findModels"; id: number; options: { downloadsDir?: string; home?: string; availableBytes?: number } }
  | { type: "shutdown" };

export interface MemoryReport {
  rss: number;
  heapUsed: number;
  /** Model pairs alive in the process (1 when loaded, 0 when not; more would be a leak). */
  engines: number;
}

export type HostEvent =
  | { type: "ready" }
  | { type: "loaded"; id: number; info: EngineInfo }
  | { type: "token"; id: number; event: TokenEvent }
  | { type: "warning"; id: number; message: string }
  | { type: "result"; id: number; result: CompletionResult }
  | { type: "warmed"; id: number; warmed: WarmContextResult }
  | { type: "memory"; id: number; memory: MemoryReport }
  | { type: "pairChecked"; id: number; estimate: PairEstimate }
  | { type: "downloadProgress"; id: number; downloadedBytes: number; totalBytes: number }
  | { type: "downloaded"; id: number; path: string }
  | { type: "modelsFound"; id: number; catalog: Catalog }
  /** The team server went down or came back (engine-wide, once per change; id of the load). */
  | { type: "remoteState"; id: number; state: RemoteLaneState }
  | { type: "error"; id: number; code: EngineErrorCode; message: string };

const REQUEST_TYPES = new Set(["load", "complete", "warmContext", "cancel", "stop", "memory", "checkPair", "download", "findModels", "shutdown"]);

/** The child trusts nothing it receives: a malformed message is rejected, not half-handled. */
export function isHostRequest(value: unknown): value is HostRequest {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  if (typeof v.type !== "string" || !REQUEST_TYPES.has(v.type)) return false;
  if (v.type === "shutdown") return true;
  if (typeof v.id !== "number" || !Number.isInteger(v.id)) return false;
  if (v.type === "load") {
    const o = v.options as Record<string, unknown> | undefined;
    if (typeof o !== "object" || o === null || typeof o.smallModelPath !== "string" || typeof o.largeModelPath !== "string") return false;
    if (!optionalInt(o.threads, 1, 256) || !optionalInt(o.contextSize, 64, 1 << 20) || !optionalInt(o.batchSize, 1, 1 << 16)) return false;
    if (!validPlacementOptions(o) || !validLargeServer(o.largeServer)) return false;
    if (o.tokenHealing !== undefined && !isTokenHealing(o.tokenHealing)) return false;
    if (o.fimLimits === undefined) return true;
    const f = o.fimLimits as Record<string, unknown>;
    return typeof f === "object" && f !== null && optionalInt(f.maxPrefixTokens, 1, 1 << 20, true) && optionalInt(f.maxSuffixTokens, 0, 1 << 20, true);
  }
  if (v.type === "checkPair") {
    const o = v.options as Record<string, unknown> | undefined;
    if (typeof o !== "object" || o === null || typeof o.smallModelPath !== "string" || typeof o.largeModelPath !== "string") return false;
    return optionalInt(o.threads, 1, 256) && optionalInt(o.contextSize, 64, 1 << 20) && optionalInt(o.batchSize, 1, 1 << 16) && validPlacementOptions(o);
  }
  if (v.type === "download") {
    const o = v.options as Record<string, unknown> | undefined;
    if (typeof o !== "object" || o === null || typeof o.uri !== "string" || typeof o.storageDir !== "string") return false;
    if (o.huggingFaceEndpoint !== undefined && typeof o.huggingFaceEndpoint !== "string") return false;
    return optionalInt(o.stallTimeoutMs, 1, 3_600_000);
  }
  if (v.type === "findModels") {
    const o = v.options as Record<string, unknown> | undefined;
    return typeof o === "object" && o !== null && (o.downloadsDir === undefined || typeof o.downloadsDir === "string") && (o.home === undefined || typeof o.home === "string") && validPlacementOptions(o);
  }
  if (v.type === "complete") {
    const r = v.request as Record<string, unknown> | undefined;
    if (typeof r !== "object" || r === null || typeof r.prefix !== "string") return false;
    if (r.suffix !== undefined && typeof r.suffix !== "string") return false;
    // Settings values are checked (and clamped) by the engine; here only their container.
    if (r.settings !== undefined && (typeof r.settings !== "object" || r.settings === null || Array.isArray(r.settings))) return false;
    if (r.schedule !== undefined && !(Array.isArray(r.schedule) && r.schedule.every((w) => w === "small" || w === "large"))) return false;
    if (r.context !== undefined && !validContext(r.context)) return false;
    return r.ignoreStops === undefined || typeof r.ignoreStops === "boolean";
  }
  if (v.type === "warmContext") {
    const r = v.request as Record<string, unknown> | undefined;
    if (typeof r !== "object" || r === null || !validContext(r.context)) return false;
    return r.settings === undefined || (typeof r.settings === "object" && r.settings !== null && !Array.isArray(r.settings));
  }
  return true;
}

/** A PromptContext as the engine reads it (promptContext/parse.ts). */
function validContext(value: unknown): boolean {
  try {
    parsePromptContext(value);
    return true;
  } catch {
    return false;
  }
}

/** `gpu` a known ead.gpu value and `availableBytes` a non-negative number, each optional. */
function validPlacementOptions(o: Record<string, unknown>): boolean {
  if (o.gpu !== undefined && !GPU_SETTINGS.includes(o.gpu as GpuSetting)) return false;
  return o.availableBytes === undefined || (typeof o.availableBytes === "number" && o.availableBytes >= 0);
}

/** Absent, or a team server: an http(s) URL with an optional key, time limit and slot. */
function validLargeServer(value: unknown): boolean {
  if (value === undefined) return true;
  const o = value as Record<string, unknown>;
  if (typeof o !== "object" || o === null || typeof o.url !== "string" || !/^https?:\/\//.test(o.url)) return false;
  if (o.apiKey !== undefined && typeof o.apiKey !== "string") return false;
  return optionalInt(o.timeoutMs, 1, 600_000) && optionalInt(o.slot, 0, 4096);
}

/** An integer within min..max, or (unless required) absent. */
function optionalInt(value: unknown, min: number, max: number, required = false): boolean {
  if (value === undefined) return !required;
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}
