// Walks one model store for files, reading nothing outside it: a symlink is followed only when its
// real target lies inside the store's own folder (a Hugging Face snapshot's links into its blobs),
// and the walk stops at a depth and a file count so that a huge or looping folder cannot stall it.
import { lstat, readdir, realpath, stat } from "node:fs/promises";
import { join, relative, isAbsolute, sep } from "node:path";

/** Whether `path` is `root` itself or lies inside it. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel) && rel.split(sep)[0] !== "..");
}

/**
 * The real path of `path` when it and everything it links to stay inside `root` (already real), else
 * undefined (missing, or a link that leaves the store).
 */
export async function realPathInside(root: string, path: string): Promise<string | undefined> {
  try {
    const real = await realpath(path);
    return isInside(root, real) ? real : undefined;
  } catch {
    return undefined;
  }
}

/** The store's folder as a real path, or undefined when it does not exist or is not a folder. */
export async function storeRoot(path: string): Promise<string | undefined> {
  try {
    const real = await realpath(path);
    return (await stat(real)).isDirectory() ? real : undefined;
  } catch {
    return undefined;
  }
}

export interface WalkOptions {
  maxDepth: number;
  /** Which file names to return. */
  accept: (name: string) => boolean;
  /** At most this many files. */
  maxFiles?: number;
}

/** Files under `root` (a real path) that `accept` takes, as their paths inside the store (links kept). */
export async function walkStore(root: string, options: WalkOptions): Promise<string[]> {
  const found: string[] = [];
  const max = options.maxFiles ?? 2000;
  const seenDirs = new Set<string>();
  const visit = async (dir: string, depth: number): Promise<void> => {
    const realDir = await realPathInside(root, dir);
    if (!realDir || seenDirs.has(realDir)) return;
    seenDirs.add(realDir);
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (found.length >= max) return;
      const path = join(dir, name);
      let info;
      try {
        info = await lstat(path);
        if (info.isSymbolicLink()) {
          if (!(await realPathInside(root, path))) continue;
          info = await stat(path);
        }
      } catch {
        continue;
      }
      if (info.isDirectory()) {
        if (depth < options.maxDepth) await visit(path, depth + 1);
      } else if (info.isFile() && options.accept(name)) found.push(path);
    }
  };
  await visit(root, 0);
  return found;
}

export const isGgufName = (name: string) => name.toLowerCase().endsWith(".gguf");
