// The engine client's requests waiting for the engine process's answer: each answer, progress event or
// error is routed to the request with its id.
import { EngineError } from "../engine/errors";
import type { TokenEvent } from "../engine/types";
import type { HostEvent, HostRequest } from "./protocol";

export interface Pending {
  resolve: (value: never) => void;
  reject: (error: Error) => void;
  onToken?: (event: TokenEvent) => void;
  onWarning?: (message: string) => void;
  onProgress?: (progress: { downloadedBytes: number; totalBytes: number }) => void;
  kind: HostRequest["type"];
}

/** Events that answer a request, and the field of each that holds the answer. */
const ANSWERS = {
  loaded: "info",
  result: "result",
  warmed: "warmed",
  memory: "memory",
  pairChecked: "estimate",
  downloaded: "path",
  modelsFound: "catalog",
} as const;

export class PendingRequests {
  private readonly byId = new Map<number, Pending>();

  add(id: number, pending: Pending): void {
    this.byId.set(id, pending);
  }

  delete(id: number): void {
    this.byId.delete(id);
  }

  /** Requests sent and not yet answered, of one kind. */
  count(kind: HostRequest["type"]): number {
    let n = 0;
    for (const p of this.byId.values()) if (p.kind === kind) n++;
    return n;
  }

  /** Fails every request still waiting (the process ended or was stopped). */
  rejectAll(error: Error): void {
    const all = [...this.byId.values()];
    this.byId.clear();
    for (const p of all) p.reject(error);
  }

  /** Routes an event about one request (tokens, warnings, progress, its answer or its error). */
  route(message: Exclude<HostEvent, { type: "ready" } | { type: "remoteState" }>, log?: (message: string) => void): void {
    const pending = this.byId.get(message.id);
    if (!pending) return;
    switch (message.type) {
      case "token":
        pending.onToken?.(message.event);
        return;
      case "warning":
        log?.(`warning: ${message.message}`);
        pending.onWarning?.(message.message);
        return;
      case "downloadProgress":
        pending.onProgress?.({ downloadedBytes: message.downloadedBytes, totalBytes: message.totalBytes });
        return;
      case "error":
        this.byId.delete(message.id);
        pending.reject(new EngineError(message.code, message.message));
        return;
      default: {
        this.byId.delete(message.id);
        const field = ANSWERS[message.type] as keyof typeof message;
        pending.resolve(message[field] as never);
      }
    }
  }
}
