// Errors the engine raises on purpose, each with a code callers can act on and a message a user can read.

export type EngineErrorCode =
  | "MODEL_MISSING"
  | "MODEL_INVALID"
  | "VOCAB_MISMATCH"
  | "NO_FIM_TOKENS"
  | "NO_BINARY"
  | "OUT_OF_MEMORY"
  | "BAD_SETTINGS"
  | "ABORTED"
  | "ENGINE_CRASHED"
  | "NOT_LOADED"
  /** The team server cannot be used now; the completion goes on with the small model. */
  | "REMOTE_UNAVAILABLE"
  | "INTERNAL";

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "EngineError";
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof EngineError && error.code === "ABORTED";
}

export function abortError(): EngineError {
  return new EngineError("ABORTED", "The completion was cancelled.");
}
