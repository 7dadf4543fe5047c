// Language ids (as VS Code names them) from a file extension, and the families the boundary rules
// tell apart. Only what the rules need: an unknown language gets the rules every language shares.

const BY_EXTENSION: Record<string, string> = {
  js: "javascript", mjs: "javascript", cjs: "javascript", jsx: "javascriptreact",
  ts: "typescript", mts: "typescript", cts: "typescript", tsx: "typescriptreact",
  py: "python", pyi: "python", rb: "ruby", go: "go", rs: "rust", java: "java", kt: "kotlin", kts: "kotlin",
  scala: "scala", swift: "swift", dart: "dart", cs: "csharp", fs: "fsharp", fsx: "fsharp", fsi: "fsharp",
  c: "c", h: "c", cc: "cpp", cpp: "cpp", cxx: "cpp", hpp: "cpp", hh: "cpp", m: "objective-c",
  php: "php", lua: "lua", jl: "julia", r: "r", hs: "haskell", clj: "clojure", ex: "elixir", exs: "elixir",
  sol: "solidity", sql: "sql", sh: "shellscript", bash: "shellscript", zsh: "shellscript", ps1: "powershell",
  css: "css", scss: "scss", sass: "sass", less: "less", html: "html", htm: "html", vue: "vue", svelte: "svelte",
  json: "json", jsonc: "jsonc", yaml: "yaml", yml: "yaml", toml: "toml", xml: "xml", md: "markdown",
  markdown: "markdown", txt: "plaintext", csv: "csv", nim: "nim", zig: "zig", elm: "elm", ml: "ocaml",
};

/** The language id of a file name or bare extension ("a/b.py", ".py", "py"); undefined when unknown. */
export function languageFromExtension(nameOrExtension: string): string | undefined {
  const ext = nameOrExtension.slice(nameOrExtension.lastIndexOf(".") + 1).toLowerCase();
  return Object.prototype.hasOwnProperty.call(BY_EXTENSION, ext) ? BY_EXTENSION[ext] : undefined;
}

/** Style sheets: a line of its own that is no property is a selector. */
const STYLE_SHEETS = new Set(["css", "scss", "sass", "less"]);

export function isStyleSheet(languageId: string | undefined): boolean {
  return languageId !== undefined && STYLE_SHEETS.has(languageId);
}
