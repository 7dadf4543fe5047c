// .gitignore rules of a folder tree, matched by the `ignore` package (git's own matching rules: negation,
// directory-only and anchored patterns). Each .gitignore applies to paths below its own directory, and
// a deeper file overrides a shallower one, as in git. Pure: the caller reads the files.
import ignore, { type Ignore } from "ignore";

export interface GitignoreFile {
  /** Directory of the .gitignore, relative to the folder root ("" for the root), "/"-separated. */
  dir: string;
  content: string;
}

export class GitignoreRules {
  private readonly levels: { dir: string; rules: Ignore }[];

  constructor(files: readonly GitignoreFile[]) {
    this.levels = files
      .map((f) => ({ dir: f.dir.replace(/^\/+|\/+$/g, ""), rules: ignore().add(f.content) }))
      .sort((a, b) => depth(a.dir) - depth(b.dir));
  }

  /** Whether `relPath` ("/"-separated, relative to the folder root) is ignored. Git's own folder is. */
  ignores(relPath: string): boolean {
    const path = relPath.replace(/^\/+/, "");
    if (!path || path.startsWith("../")) return false;
    if (path === ".git" || path.startsWith(".git/")) return true;
    let ignored = false;
    for (const { dir, rules } of this.levels) {
      if (dir && !path.startsWith(`${dir}/`)) continue;
      const result = rules.test(dir ? path.slice(dir.length + 1) : path);
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  }
}

const depth = (dir: string) => (dir ? dir.split("/").length : 0);

/** The directories whose .gitignore can apply to `relPath`: the root, then each folder down to the file's. */
export function gitignoreDirs(relPath: string): string[] {
  const parts = relPath.split("/").slice(0, -1);
  return ["", ...parts.map((_, i) => parts.slice(0, i + 1).join("/"))];
}
