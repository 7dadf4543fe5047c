// What the replay drives: anything that answers the editor's request for each keystroke and reports
// the model requests it makes. Our completion service is one; llama-server's /infill can be another.
import type { PromptContext } from "../../engine/types";

export interface ReplayQuery {
  uri: string;
  text: string;
  offset: number;
  /** Context from the rest of the project, as the editor gathered it (absent: the current file only). */
  context?: PromptContext;
}

export interface ReplayAnswer {
  text: string;
  /** Where the text came from: "engine" (a model request), or a reuse such as "cache" or "typedThrough". */
  source: string;
}

/** A cancellation token as the editor gives one. */
export interface ReplayCancel {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

/** One model request a backend made, as it ended. Times are performance.now() values, ms. */
export interface ModelCall {
  startedAt: number;
  firstTokenAt?: number;
  endedAt: number;
  outcome: "completed" | "cancelled" | "error";
  /** Length of the prompt, tokens. */
  promptTokens: number;
  /** Characters after the cursor the request sent (0: the cursor is at the end of the file). */
  suffixChars: number;
  /** Prompt tokens each model evaluated because its cache did not hold them. */
  promptEvaluated: { small: number; large: number };
  /** Tokens generated. */
  tokens: number;
  /** Context chunks the request carried (0: none). */
  contextChunks?: number;
  /** The large model's server failed during this request and the small model wrote the rest. */
  fallback?: boolean;
}

export interface CallSink {
  /** A model request starts now (called synchronously, so the caller can tie it to the latest keystroke). */
  started(id: number): void;
  finished(id: number, call: ModelCall): void;
}

export interface ReplayBackend {
  readonly name: string;
  sink: CallSink | undefined;
  provide(query: ReplayQuery, cancel: ReplayCancel): Promise<ReplayAnswer | undefined>;
  /**
   * The context changed while the user is not typing: evaluate its block now, as the editor has the
   * engine do when idle (rejects when a request aborts it). Gives the prompt tokens each model evaluated.
   */
  warm?(context: PromptContext): Promise<{ small: number; large: number }>;
  /** Waits for any request in flight and forgets what the previous session left (results, shown text). */
  endSession(): Promise<void>;
}

/** A cancellation source like the editor's: cancelled when the next keystroke arrives. */
export class CancelSource implements ReplayCancel {
  private cancelled = false;
  private readonly listeners = new Set<() => void>();

  get isCancellationRequested(): boolean {
    return this.cancelled;
  }

  onCancellationRequested(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    for (const l of [...this.listeners]) l();
  }
}
