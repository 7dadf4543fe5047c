// The definitions of the names the current file imports, and of the object before the cursor's `.`,
// through VS Code's definition providers (the language's own resolution of imports). Slow providers
// must not hold anything up: every lookup runs off the keystroke path, all together under one time box,
// at most once per document version.
import * as vscode from "vscode";
import { chunkFrom, DEFAULT_CHUNK_SHAPE } from "./chunks";
import { importedNames, memberBefore, moduleSpecifiers, type NameAt } from "./imports";

export interface DefinitionLimits {
  /** Names looked up per document version. */
  maxNames: number;
  /** Time box for all lookups of one document version, ms. */
  timeoutMs: number;
  /** Lines kept of a definition (and at least this many when its range is shorter: what follows explains it). */
  minLines: number;
}

export const DEFAULT_DEFINITION_LIMITS: DefinitionLimits = { maxNames: 8, timeoutMs: 1500, minLines: 12 };

export interface DefinitionChunk {
  document: vscode.TextDocument;
  text: string;
}

type Found = vscode.Location | vscode.LocationLink;

/** The names to look up for a request at `offset`: the member access before it first, then the imports, then the modules. */
export function lookupNames(text: string, offset: number, limits = DEFAULT_DEFINITION_LIMITS): NameAt[] {
  const names: NameAt[] = [];
  const member = memberBefore(text, offset);
  if (member) names.push(member);
  for (const n of [...importedNames(text, limits.maxNames), ...moduleSpecifiers(text, limits.maxNames)]) {
    if (names.length < limits.maxNames && !names.some((m) => m.name === n.name)) names.push(n);
  }
  return names;
}

/**
 * The chunks the definitions of `names` (lookupNames) lie in, other documents only; `complete` is false
 * when the time box cut a lookup short or no name had a definition (a language server still starting
 * answers nothing: worth asking again).
 */
export async function definitionChunks(
  document: vscode.TextDocument,
  names: readonly NameAt[],
  limits = DEFAULT_DEFINITION_LIMITS,
): Promise<{ chunks: DefinitionChunk[]; complete: boolean }> {
  if (!names.length) return { chunks: [], complete: true };

  let timer: ReturnType<typeof setTimeout> | undefined;
  let complete = true;
  const timedOut = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      complete = false;
      resolve(undefined);
    }, limits.timeoutMs);
  });
  const lookups = names.map((n) =>
    Promise.race([
      Promise.resolve(vscode.commands.executeCommand<Found[] | undefined>("vscode.executeDefinitionProvider", document.uri, document.positionAt(n.offset))).then(
        (found) => found ?? [],
        () => [] as Found[],
      ),
      timedOut.then(() => [] as Found[]),
    ]),
  );
  const found = await Promise.all(lookups);
  clearTimeout(timer);
  const targets = found.flat().map(target).filter((t) => t.uri.toString() !== document.uri.toString());

  const chunks: DefinitionChunk[] = [];
  const seen = new Set<string>();
  for (const t of targets) {
    const key = `${t.uri.toString()}#${t.range.start.line}`;
    if (seen.has(key) || !["file", "untitled"].includes(t.uri.scheme)) continue;
    seen.add(key);
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(t.uri);
    } catch {
      continue;
    }
    // A comment just above a definition usually says what it is for.
    const start = Math.max(0, t.range.start.line - 2);
    const lines = Math.min(DEFAULT_CHUNK_SHAPE.lines, Math.max(limits.minLines, t.range.end.line - start + 1));
    const chunk = chunkFrom(doc.getText(), start, lines);
    if (chunk) chunks.push({ document: doc, text: chunk });
  }
  return { chunks, complete: complete && found.some((f) => f.length > 0) };
}

function target(found: Found): { uri: vscode.Uri; range: vscode.Range } {
  return "targetUri" in found ? { uri: found.targetUri, range: found.targetRange } : { uri: found.uri, range: found.range };
}
