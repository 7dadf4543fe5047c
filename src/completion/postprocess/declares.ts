// Whether the text before the cursor opens or declares something whose body follows: a signature
// (`func area`, `public function `, `fn`), a member name on its own line in an object or class, a
// style-sheet selector, an unclosed bracket or multi-line string. Real coder models write the whole
// body there, so the completion may span several lines (the line stage bounds it by its block).
import { scanBrackets } from "./brackets";
import { isStyleSheet } from "./languages";
import { openLongString } from "./longString";

/** Words that start a declaration, possibly after modifiers. */
const DECLARATION_WORD =
  /^(?:(?:export|default|public|private|protected|internal|static|final|abstract|virtual|override|async|pub(?:\([\w:]+\))?|unsafe|extern|inline|sealed|open|data|partial|readonly|const|suspend|operator|declare)\s+)*(?:(?:function\*?|constructor)(?=\s|$|\()|(?:func|def|fn|fun|class|interface|struct|enum|trait|impl|type|namespace|record|object|protocol|extension|sub|procedure|contract|union|mod|module|method|member|let\s+rec)(?=\s|$|<))/;

/** Modifiers alone ("public ", "private static "): a member declaration is being typed. */
const MODIFIERS_ONLY = /^(?:(?:export|public|private|protected|internal|static|final|abstract|virtual|override|async|pub|unsafe|sealed|open|partial|suspend)\s+)+$/;

/**
 * A type and a name, or modifiers and a type, with nothing after (`int max`, `public int `,
 * `static String label`): a function or field being declared. A field's line ends the completion at
 * its end (the line stage), so only a body makes it longer.
 */
const TYPE_AND_NAME = /^(?:[\w$.]+(?:<[^<>]*>)?(?:\[\])?[*&?]*\s+)+[*&]?[\w$]+$/;

/** Lines that start with these are statements, never declarations. */
const STATEMENT_WORD = /^(?:\}\s*)?(?:if|else|elif|elsif|for|foreach|while|do|switch|try|catch|except|finally|with|using|lock|unless|until|loop|match|select|when|case|synchronized|defer|go|guard|return|await|yield|throw|raise|new|delete|print|echo|puts|assert)\b/;

/** A typed signature without a keyword: `int add(int a, int b)`, `void subtract(double x) {`. */
const TYPED_SIGNATURE = /^[\w$.<>[\],?*&: ]*[\w$>\]?*&]\s+[\w$]+\s*\([^;=]*\)[\w\s:<>,.?*&]*\{?\s*$/;

/** A method shorthand: `resetCounter() {`, `get name() {`, `async load(id) {`. */
const METHOD_SHORTHAND = /^(?:(?:async|static|get|set|public|private|protected)\s+)*\*?[\w$]+\s*\([^;=]*\)\s*(?::\s*[^={;]+)?\{\s*$/;

/** True when `line` (trimmed) declares something rather than running a statement. */
export function isDeclarationLine(line: string): boolean {
  const code = line.trim();
  if (code === "" || STATEMENT_WORD.test(code)) return false;
  if (DECLARATION_WORD.test(code)) return !/=\s*[^>{\s]/.test(code.replace(/=>/g, ""));
  return TYPED_SIGNATURE.test(code) || METHOD_SHORTHAND.test(code);
}

/** Brackets the line opened and left open (`public Person(string name, int `). */
function leavesBracketOpen(linePrefix: string): boolean {
  let depth = 0;
  for (const ev of scanBrackets(linePrefix)) depth = Math.max(0, depth + (ev.kind === "open" ? 1 : -1));
  return depth > 0;
}

/** A member name alone on its line, right after an object or class opened or another member ended. */
function isMemberName(code: string, previousLine: string | undefined): boolean {
  if (!/^(?:(?:async|static|get|set)\s+)?\*?[A-Za-z_$][\w$]*$/.test(code) || previousLine === undefined) return false;
  const prev = previousLine.trim();
  if (prev.endsWith(",")) return true; // another member ended ("count: 0,", "},")
  if (prev.endsWith("}")) return false;
  if (!prev.endsWith("{")) return false;
  // An object (`methods: {`, `= {`, `({`) or a class body, not a function or statement body.
  const head = prev.slice(0, -1).trimEnd();
  if (STATEMENT_WORD.test(prev) || /(?:\)|=>|\belse|\btry|\bdo|\bfinally)$/.test(head)) return false;
  return /[:=(,[]$/.test(head) || /^(?:export\s+)?(?:default\s+)?(?:abstract\s+)?(?:class|interface|object|struct|impl|trait)\b/.test(prev) || /^export\s+default$/.test(head);
}

/** A selector typed on its own line of a style sheet (`h4`, `.card .title`, `&:hover`, `@media print`). */
function isSelector(linePrefix: string): boolean {
  const code = linePrefix.trim();
  if (code === "" || /[;{}]/.test(code)) return false;
  if (code.startsWith("@")) return /^@(?:media|supports|keyframes|font-face|layer|container|page|document|-webkit-keyframes)\b/.test(code);
  if (/^[.#&:*[>+~]/.test(code)) return true;
  // A bare word at the start of the line is a tag; an indented one is a property being typed.
  if (linePrefix.length === linePrefix.trimStart().length) return !/:\s/.test(code);
  return /[\s>+~,]/.test(code) && !/:\s/.test(code);
}

export interface CursorLine {
  linePrefix: string;
  /** The nearest non-blank line above the cursor line, if any. */
  previousLine?: string;
  languageId?: string;
}

/** Whether the cursor line opens or declares something, so that its body may follow. */
export function declaresAtCursor(at: CursorLine): boolean {
  const code = at.linePrefix.trim();
  if (code === "") return false;
  if (openLongString(at.linePrefix) !== undefined || leavesBracketOpen(at.linePrefix)) return true;
  if (isStyleSheet(at.languageId)) return isSelector(at.linePrefix);
  if (MODIFIERS_ONLY.test(code + " ") || isDeclarationLine(code) || (!STATEMENT_WORD.test(code) && TYPE_AND_NAME.test(code))) return true;
  return isMemberName(code, at.previousLine);
}
