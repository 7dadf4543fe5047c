// The editor side of inline completions: reads the settings and the document, asks the service, and
// turns its answer into an InlineCompletionItem whose command reports the acceptance.
import * as vscode from "vscode";
import type { PromptContext } from "../engine/types";
import type { CompletionService, ServiceSettings } from "./service";
import { checkEditorSettings } from "./settingsCheck";

export const ACCEPT_COMMAND = "ead.internal.accepted";

export function readServiceSettings(config = vscode.workspace.getConfiguration("ead")): ServiceSettings {
  // Out-of-range and wrong-typed values are corrected here; the user is warned once elsewhere.
  const { settings } = checkEditorSettings((key) => config.get(key));
  return { decode: settings.decode, multiline: settings.multiline, debounceMs: settings.debounceMs };
}

/** How often the editor asked, and why requests were declined before reaching the service. */
export interface ProviderCounters {
  calls: number;
  /** Calls the editor made on its own (after typing), and calls for an explicit trigger. */
  automatic: number;
  explicit: number;
  declined: { off: number; suggestWidget: number };
  /** Requests that waited for the pair to load and then returned a suggestion. */
  answeredAfterWait: number;
}

export class EadInlineCompletionProvider implements vscode.InlineCompletionItemProvider {
  readonly counters: ProviderCounters = { calls: 0, automatic: 0, explicit: 0, declined: { off: 0, suggestWidget: 0 }, answeredAfterWait: 0 };

  constructor(
    private readonly service: CompletionService,
    /** Whether the engine can answer now (a pair is loaded). */
    private readonly canComplete: () => boolean,
    /**
     * The pair is not ready: load it (or wait for the load in progress) and say whether it is ready
     * now. Without it, such requests are declined.
     */
    private readonly waitForPair?: (token: vscode.CancellationToken) => Promise<boolean>,
    /** Code from the rest of the project for a request at `offset` of `text` (completion/context); undefined: none. */
    private readonly contextFor?: (document: vscode.TextDocument, offset: number, text: string) => PromptContext | undefined,
  ) {}

  /** Whether suggestions are on for this document and a pair is loaded. */
  canProvide(document: vscode.TextDocument): boolean {
    return this.suggestionsOn(document) && this.canComplete();
  }

  private suggestionsOn(document: vscode.TextDocument): boolean {
    const config = vscode.workspace.getConfiguration("ead", document);
    if (!config.get<boolean>("enabled", true)) return false;
    return !config.get<string[]>("disabledLanguages", []).includes(document.languageId);
  }

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    this.counters.calls++;
    if (context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke) this.counters.explicit++;
    else this.counters.automatic++;
    const mustWait = !this.canProvide(document);
    if (mustWait) {
      // A keystroke before the pair is ready waits for it rather than getting nothing.
      const waited = this.suggestionsOn(document) && this.waitForPair !== undefined && (await this.waitForPair(token));
      if (!waited || token.isCancellationRequested) {
        this.counters.declined.off++;
        return undefined;
      }
    }
    const config = vscode.workspace.getConfiguration("ead", document);
    // The suggest widget is open: its own item is what the user is choosing.
    if (context.selectedCompletionInfo) {
      this.counters.declined.suggestWidget++;
      return undefined;
    }
    const offset = document.offsetAt(position);
    const text = document.getText();
    const answer = await this.service.provide(
      {
        uri: document.uri.toString(),
        text,
        offset,
        languageId: document.languageId,
        settings: readServiceSettings(config),
        explicit: context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke,
        context: this.contextFor?.(document, offset, text),
      },
      token,
    );
    if (!answer || token.isCancellationRequested) return undefined;
    if (mustWait) this.counters.answeredAfterWait++;
    this.service.events.fireShow({ uri: document.uri.toString(), text: answer.text });
    const item = new vscode.InlineCompletionItem(answer.text, new vscode.Range(position, position), {
      command: ACCEPT_COMMAND,
      title: "Accept EAD suggestion",
      arguments: [answer.id],
    });
    return [item];
  }
}
