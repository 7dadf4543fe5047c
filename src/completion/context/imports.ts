// Where to ask the definition provider: the names the current file imports (JavaScript/TypeScript
// `import`/`require`, Python `import`/`from ... import`) and the member access right before the cursor
// (`mod.` asks for `mod`'s module). Offsets only; the editor side asks VS Code. Pure.

export interface NameAt {
  name: string;
  /** Document offset of the name's first character. */
  offset: number;
}

/** Lines of the file's top searched for imports (they come first in the languages we look at). */
const IMPORT_LINES = 200;

const IDENT = /[A-Za-z_$][\w$]*/g;

/** Imported names (the local ones, `b` of `a as b`), first occurrence each, at most `max`. */
export function importedNames(text: string, max = 8): NameAt[] {
  const out: NameAt[] = [];
  const seen = new Set<string>();
  const push = (name: string, offset: number) => {
    if (out.length >= max || seen.has(name) || KEYWORDS.has(name)) return;
    seen.add(name);
    out.push({ name, offset });
  };
  let lineStart = 0;
  for (let n = 0; n < IMPORT_LINES && lineStart < text.length && out.length < max; n++) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const clause = importClause(line);
    if (clause) {
      IDENT.lastIndex = 0;
      for (let m = IDENT.exec(clause.text); m; m = IDENT.exec(clause.text)) {
        // `a as b` / `a: b`: the local name is the one the file uses.
        const rest = clause.text.slice(m.index + m[0].length);
        if (/^\s*(as\b|:)/.test(rest)) continue;
        push(m[0], lineStart + clause.start + m.index);
      }
    }
    lineStart = lineEnd + 1;
  }
  return out;
}

/** The part of an import line that names local bindings, and where it starts in the line. */
function importClause(line: string): { text: string; start: number } | undefined {
  const patterns = [
    /^\s*import\s+(?:type\s+)?(.+?)\s+from\s+["']/, // import a, { b as c } from "x"
    /^\s*(?:const|let|var)\s+(.+?)\s*=\s*require\(\s*["']/, // const { a } = require("x")
    /^\s*from\s+[\w.]+\s+import\s+\(?([^#]+?)\)?\s*(?:#.*)?$/, // from x import a, b as c
    /^\s*import\s+([\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)\s*$/, // import x, y as z
  ];
  for (const re of patterns) {
    const m = re.exec(line);
    if (m) return { text: m[1], start: line.indexOf(m[1], m.index) };
  }
  return undefined;
}

/**
 * The module specifiers of JavaScript/TypeScript imports and requires (`"./a"`), at the offset of their
 * first character inside the quotes: a definition provider resolves them to the module's file, where a
 * name bound by `require` has its definition in the importing file itself.
 */
export function moduleSpecifiers(text: string, max = 8): NameAt[] {
  const out: NameAt[] = [];
  const head = text.split("\n", IMPORT_LINES).join("\n");
  const re = /(?:\bfrom\s+|\brequire\(\s*|^\s*import\s+)(["'])([^"'\n]+)\1/gm;
  for (let m = re.exec(head); m && out.length < max; m = re.exec(head)) {
    const quote = m.index + m[0].length - m[2].length - 1;
    if (!out.some((n) => n.name === m![2])) out.push({ name: m[2], offset: quote });
  }
  return out;
}

/** `obj.mem` right before `offset` (the member may be partly typed): the object's name and offset. */
export function memberBefore(text: string, offset: number): NameAt | undefined {
  const before = text.slice(Math.max(0, offset - 200), offset);
  const m = /([A-Za-z_$][\w$]*)\s*\.\s*[\w$]*$/.exec(before);
  if (!m) return undefined;
  return { name: m[1], offset: offset - before.length + m.index };
}

const KEYWORDS = new Set(["import", "from", "as", "type", "typeof", "default", "const", "let", "var", "require", "in", "of"]);
