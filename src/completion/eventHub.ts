// The CompletionEvents the rest of the extension subscribes to.
import type { AcceptedCompletion, CompletionEvents, CompletionRecord, ShownCompletion } from "./events";

class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  on(listener: (value: T) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  fire(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch {
        // A failing listener must not break completions or other listeners.
      }
    }
  }
}

export class CompletionEventHub implements CompletionEvents {
  private readonly completed = new Emitter<CompletionRecord>();
  private readonly accepted = new Emitter<AcceptedCompletion>();
  private readonly shown = new Emitter<ShownCompletion>();

  onDidShow(listener: (shown: ShownCompletion) => void): { dispose(): void } {
    return this.shown.on(listener);
  }

  fireShow(shown: ShownCompletion): void {
    this.shown.fire(shown);
  }

  onDidComplete(listener: (record: CompletionRecord) => void): { dispose(): void } {
    return this.completed.on(listener);
  }

  onDidAccept(listener: (accepted: AcceptedCompletion) => void): { dispose(): void } {
    return this.accepted.on(listener);
  }

  fireComplete(record: CompletionRecord): void {
    this.completed.fire(record);
  }

  fireAccept(accepted: AcceptedCompletion): void {
    this.accepted.fire(accepted);
  }
}
