// `ead postprocess`: the editor's post-processing on recorded model outputs, without a model. Each
// input line is a case {"id", "prefix", "suffix", "raw"} with an optional "language" (a VS Code
// language id) or "extension"; each output line is {"id", "text"}: what the editor would show there
// under the default settings ("" for nothing), with the editor's own multi-line decision.
import { readFile, writeFile } from "node:fs/promises";
import { cursorContext, languageFromExtension, postProcess } from "../completion/postprocess";
import { MULTILINE_SETTINGS, type MultilineSetting } from "../completion/postprocess";
import { checkEditorSettings } from "../completion/settingsCheck";
import { UsageError } from "./args";
import type { Command, FlagValues } from "./command";

export const postprocessCommand: Command = {
  name: "postprocess",
  summary: "what the editor shows for recorded model outputs (JSON lines in, JSON lines out), under the default settings",
  flags: {
    cases: { value: "<file.jsonl>", help: 'one case a line: {"id", "prefix", "suffix", "raw"} and optionally "language" or "extension" (required)' },
    out: { value: "<file>", help: 'write the {"id", "text"} lines here instead of stdout' },
    multiline: { value: MULTILINE_SETTINGS.join("|"), help: "the ead.multiline setting to apply (default: the editor's default)" },
    check: { help: 'compare each text with the case\'s "expected" (equal up to trailing whitespace): one line per difference and a count on stderr, exit 1 if any differs' },
  },
  notes: "A line that is not such a case is an error naming its line number (exit 2); nothing is written then.",
  run: runPostprocess,
};

export interface PostprocessCase {
  id: string;
  prefix: string;
  suffix: string;
  raw: string;
  language?: string;
  extension?: string;
  /** What should be shown (only read by --check). */
  expected?: string;
}

/** What the editor shows for one case, under the default settings unless `multiline` is given. */
export function shownText(c: PostprocessCase, multiline: MultilineSetting = defaultMultiline()): string {
  const languageId = c.language ?? (c.extension !== undefined ? languageFromExtension(c.extension) : undefined);
  const { ctx } = cursorContext(c.prefix + c.suffix, c.prefix.length, multiline, languageId);
  return postProcess(c.raw, ctx);
}

/** The editor's ead.multiline when nothing is set, from the settings check the editor uses. */
function defaultMultiline(): MultilineSetting {
  return checkEditorSettings(() => undefined).settings.multiline;
}

/** The cases of a JSON-lines text; blank lines are skipped. Throws a UsageError naming the bad line. */
export function parseCases(text: string, source: string, needExpected = false): PostprocessCase[] {
  const cases: PostprocessCase[] = [];
  const ids = new Set<string>();
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const where = `${source} line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new UsageError(`${where}: not JSON (${(error as Error).message})`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new UsageError(`${where}: expected an object {"id", "prefix", "suffix", "raw"}`);
    const v = value as Record<string, unknown>;
    for (const key of ["id", "prefix", "suffix", "raw"]) {
      if (typeof v[key] !== "string") throw new UsageError(`${where}: "${key}" must be a string${v[key] === undefined ? " and is missing" : ""}`);
    }
    if (needExpected && typeof v.expected !== "string") throw new UsageError(`${where}: --check needs "expected" (a string) in every case`);
    for (const key of ["language", "extension"]) {
      if (v[key] !== undefined && typeof v[key] !== "string") throw new UsageError(`${where}: "${key}" must be a string when given`);
    }
    if (v.language !== undefined && v.extension !== undefined) throw new UsageError(`${where}: give "language" or "extension", not both`);
    if (typeof v.extension === "string" && languageFromExtension(v.extension) === undefined) {
      throw new UsageError(`${where}: unknown extension ${JSON.stringify(v.extension)}; give "language" (a VS Code language id) instead`);
    }
    if (ids.has(v.id as string)) throw new UsageError(`${where}: id ${JSON.stringify(v.id)} appears twice`);
    ids.add(v.id as string);
    cases.push({ id: v.id as string, prefix: v.prefix as string, suffix: v.suffix as string, raw: v.raw as string, language: v.language as string | undefined, extension: v.extension as string | undefined, expected: v.expected as string | undefined });
  });
  return cases;
}

async function runPostprocess(values: FlagValues): Promise<number> {
  const path = values.cases as string | undefined;
  if (!path) throw new UsageError("postprocess needs --cases <file.jsonl>");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read --cases ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const setting = (values.multiline as string | undefined) ?? defaultMultiline();
  if (!(MULTILINE_SETTINGS as readonly string[]).includes(setting)) throw new UsageError(`--multiline must be one of ${MULTILINE_SETTINGS.join(", ")}, got "${setting}"`);
  const check = values.check === true;
  const cases = parseCases(text, path, check);
  const shown = cases.map((c) => shownText(c, setting as MultilineSetting));
  const output = cases.map((c, i) => JSON.stringify({ id: c.id, text: shown[i] }) + "\n").join("");
  const out = values.out as string | undefined;
  if (out === undefined) process.stdout.write(output);
  else {
    try {
      await writeFile(out, output);
    } catch (error) {
      throw new UsageError(`cannot write --out ${out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  if (!check) return 0;
  const differing = cases.filter((c, i) => shown[i].trimEnd() !== (c.expected ?? "").trimEnd());
  for (const c of differing) console.error(`differs: ${c.id}`);
  console.error(`postprocess --check: ${cases.length - differing.length} of ${cases.length} cases show the expected text`);
  return differing.length === 0 ? 0 : 1;
}
