// Context from the rest of the project (issue: repository-level prompts): the ring of chunks and the
// gatherers that fill it, started once by the wiring. The pure parts (ringBuffer, chunks, sameFile,
// assemble, identity, exclusion, gitignore, imports, settings) load without VS Code.
import type * as vscode from "vscode";
import { ContextCollector, type CollectorDeps } from "./collector";
import { registerGatherers } from "./gatherers";

export { ContextCollector, type ContextCounters } from "./collector";

export function startContext(deps: CollectorDeps): { collector: ContextCollector; disposables: vscode.Disposable[] } {
  const collector = new ContextCollector(deps);
  return { collector, disposables: [collector, ...registerGatherers(collector)] };
}
