// Whether a document may be gathered for context: the pure checks (exclusion.ts: scheme, size,
// binary), then its workspace folder's .gitignore files (gitignore.ts, read through VS Code's file
// system, cached until one changes) and `files.exclude`, matched with VS Code's own glob engine
// (languages.match with a relative pattern) so that a pattern means what it means in the Explorer.
import * as vscode from "vscode";
import { refusalOf, type Refusal } from "./exclusion";
import { GitignoreRules, gitignoreDirs } from "./gitignore";

type ExcludeValue = boolean | { when?: unknown };

export class FileFilter implements vscode.Disposable {
  /** .gitignore contents by directory URI ("" when there is none). */
  private readonly gitignores = new Map<string, Promise<string>>();
  private readonly watcher: vscode.FileSystemWatcher;

  constructor() {
    this.watcher = vscode.workspace.createFileSystemWatcher("**/.gitignore");
    const forget = () => this.gitignores.clear();
    this.watcher.onDidCreate(forget);
    this.watcher.onDidChange(forget);
    this.watcher.onDidDelete(forget);
  }

  dispose(): void {
    this.watcher.dispose();
  }

  /** Why `document` must not be gathered, or undefined when it may. */
  async refusal(document: vscode.TextDocument): Promise<Refusal | undefined> {
    const basic = refusalOf({ scheme: document.uri.scheme, text: document.getText() });
    if (basic || document.uri.scheme === "untitled") return basic;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    // Outside the open folders (the user's settings file, a download): not part of this project.
    if (!folder) return vscode.workspace.workspaceFolders?.length ? "outsideFolders" : undefined;
    const rel = relativePath(folder.uri, document.uri);
    if (rel === undefined) return undefined;
    if (await this.gitignored(folder.uri, rel)) return "ignored";
    if (await excludedByFilesExclude(folder, document.uri)) return "excluded";
    return undefined;
  }

  private async gitignored(root: vscode.Uri, rel: string): Promise<boolean> {
    const files = await Promise.all(
      gitignoreDirs(rel).map(async (dir) => ({ dir, content: await this.gitignoreAt(dir ? vscode.Uri.joinPath(root, dir) : root) })),
    );
    return new GitignoreRules(files.filter((f) => f.content)).ignores(rel);
  }

  private gitignoreAt(dir: vscode.Uri): Promise<string> {
    const key = dir.toString();
    let content = this.gitignores.get(key);
    if (!content) {
      content = Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, ".gitignore"))).then(
        (bytes) => new TextDecoder().decode(bytes),
        () => "",
      );
      this.gitignores.set(key, content);
    }
    return content;
  }
}

/** `uri`'s path below `root`, "/"-separated, or undefined when it is not below it. */
export function relativePath(root: vscode.Uri, uri: vscode.Uri): string | undefined {
  const base = root.path.endsWith("/") ? root.path : `${root.path}/`;
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : undefined;
}

/**
 * files.exclude for `uri` in `folder`: a pattern excludes the file or any folder above it (the pattern
 * or the pattern followed by "/**"); a `when` pattern only when the named sibling exists.
 */
async function excludedByFilesExclude(folder: vscode.WorkspaceFolder, uri: vscode.Uri): Promise<boolean> {
  const patterns = vscode.workspace.getConfiguration("files", folder.uri).get<Record<string, ExcludeValue>>("exclude") ?? {};
  // languages.match reads only the URI and the language id of the document it is given.
  const probe = { uri, languageId: "" } as vscode.TextDocument;
  for (const [glob, value] of Object.entries(patterns)) {
    if (!value || typeof glob !== "string" || !glob) continue;
    const hit = [glob, `${glob.replace(/\/+$/, "")}/**`].some((g) => vscode.languages.match({ pattern: new vscode.RelativePattern(folder, g) }, probe) > 0);
    if (!hit) continue;
    if (value === true) return true;
    if (typeof value === "object" && typeof value.when === "string" && (await siblingExists(uri, value.when))) return true;
  }
  return false;
}

/** files.exclude's `when`: "$(basename).ts" names a sibling of the file (its name without extension). */
async function siblingExists(uri: vscode.Uri, when: string): Promise<boolean> {
  const name = uri.path.slice(uri.path.lastIndexOf("/") + 1);
  const stem = name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : name;
  const sibling = when.replace(/\$\(basename\)/g, stem);
  if (!sibling || sibling.includes("/")) return false;
  try {
    await vscode.workspace.fs.stat(vscode.Uri.joinPath(uri, "..", sibling));
    return true;
  } catch {
    return false;
  }
}
