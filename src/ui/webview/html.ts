// The HTML shell of the extension's webviews: a strict Content Security Policy with a per-load nonce,
// scripts and styles only from the extension's media/ folder, nothing remote. Pure (no vscode import).
import { randomBytes } from "node:crypto";

export function makeNonce(): string {
  return randomBytes(18).toString("base64").replace(/[^A-Za-z0-9]/g, "");
}

export interface ShellOptions {
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
  title: string;
  /** Webview URIs (asWebviewUri) of the stylesheets and scripts under media/. */
  styles: string[];
  scripts: string[];
  /** Static markup of the body; the scripts fill it in. */
  body: string;
}

const escapeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function csp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join("; ");
}

export function webviewHtml(o: ShellOptions): string {
  const styles = o.styles.map((href) => `<link rel="stylesheet" href="${escapeAttr(href)}">`).join("\n    ");
  const scripts = o.scripts.map((src) => `<script nonce="${o.nonce}" src="${escapeAttr(src)}"></script>`).join("\n    ");
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp(o.cspSource, o.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <title>${escapeAttr(o.title)}</title>
    ${styles}
  </head>
  <body>
    ${o.body}
    ${scripts}
  </body>
</html>`;
}
