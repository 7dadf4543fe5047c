// Hooks that change how the extension behaves (where model downloads come from, whether an accept
// pre-fetches), for the integration tests only. activate() hands them out only when VS Code runs the
// extension's tests (ExtensionMode.Test: under development with --extensionTestsPath), never to other
// extensions in normal use.
import * as vscode from "vscode";

export interface TestHooks {
  /** Model downloads go to this hub instead of the real one (undefined: back to the real one). */
  setHubEndpoint(url: string | undefined): void;
  /** "EAD: Select model files" looks for models under this folder instead of the home folder (undefined: back to it). */
  setModelStoreHome(dir: string | undefined): void;
  /** Turns pre-fetching after an accept on or off (to measure what it saves). */
  setPrefetch(enabled: boolean): void;
  /** Answers the questions asked before sending to a team server (undefined: back to asking a person). */
  answerTeamServerQuestions(answer: ((message: string, buttons: string[]) => string | undefined) | undefined): void;
}

export function testHooksFor(context: vscode.ExtensionContext, hooks: TestHooks): TestHooks | undefined {
  return context.extensionMode === vscode.ExtensionMode.Test ? hooks : undefined;
}
