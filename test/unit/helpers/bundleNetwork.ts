// Finds network code in a bundle esbuild wrote (not minified): which of its modules, as named by the
// "// path" line esbuild puts before each one, open a socket, load a network module or call fetch.
// Global fetch needs no import, so it is matched as a call however it is reached.

/** Every way the bundles could reach the network without an import that names a network module. */
export const NETWORK_CODE: RegExp[] = [
  /require\("(node:)?(http|https|http2|net|tls|dgram)"\)/,
  /\bimport\(["'](node:)?(http|https|http2|net|tls|dgram)["']\)/,
  /(^|[^.\w$])fetch\s*\(/m,
  /\b(globalThis|window|self|global)\s*(\.\s*fetch\b|\[\s*["'`]fetch["'`]\s*\])/,
  /\bXMLHttpRequest\b/,
  /\bnew\s+WebSocket\b/,
  /\bEventSource\b/,
  /\bsendBeacon\b/,
  /\bundici\b/,
];

/** The bundle cut at esbuild's module markers: module path -> its code. */
export function bundleModules(text: string): Map<string, string> {
  const modules = new Map<string, string>();
  let name = "(bundle header)";
  let lines: string[] = [];
  const flush = () => modules.set(name, (modules.get(name) ?? "") + lines.join("\n"));
  for (const line of text.split("\n")) {
    const marker = /^\/\/ ((?:src|node_modules|test)\/\S+)$/.exec(line);
    if (marker) {
      flush();
      name = marker[1];
      lines = [];
    } else lines.push(line);
  }
  flush();
  return modules;
}

/** The modules of a bundle that hold network code, with the first match in each. */
export function networkModules(bundleText: string): { module: string; match: string }[] {
  const found: { module: string; match: string }[] = [];
  for (const [module, code] of bundleModules(bundleText)) {
    // Comments may name fetch ("the prefetch(...)" in a note): only code counts.
    const withoutComments = code.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/(^|[^:\\"'`])\/\/[^\n]*/g, "$1");
    const match = NETWORK_CODE.map((p) => p.exec(withoutComments)).find(Boolean);
    if (match) found.push({ module, match: match[0].trim() });
  }
  return found;
}
