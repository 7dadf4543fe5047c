#!/usr/bin/env node
// Builds bench/replay/sessions.jsonl, the editing sessions `ead replay` types by default, from real
// files of the dev-set packages only (never the training corpus; see tools/fixture-models/MODELS.md):
// axios (lib), express (lib), commander (lib), immer (src), preact (src), moment (src/lib).
// Install them first in a scratch folder: npm i --ignore-scripts axios@1.21.1 express@4.22.3
// commander@12.1.0 immer@10.2.0 preact@10.29.8 moment@2.31.0, then:
//   node tools/replay/make_sessions.mjs <scratch>/node_modules
// Three kinds per package, chosen with a fixed seed:
//   retype  a function body in the middle of the file is removed and typed again (rest of file as suffix);
//   append  the file is cut at a line start and the next lines are typed at its end (no suffix);
//   jump    two bodies are removed: type half of the first, jump to the second and type it, come back.
// Fields: id, kind, source, document (the text before the first keystroke), steps [{offset, text}]:
// put the cursor at `offset` of the document as it is then, and type `text`; repo (the package), path
// (the typed file's path in it) and opened [{path, text}]: the package files the user opened before
// typing, in that order (the files the typed file imports, then its folder's other files, OPENED in
// all), which `ead replay --context with` gathers context from as the editor would.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const npm = process.argv[2];
if (!npm) {
  console.error("usage: node tools/replay/make_sessions.mjs <node_modules of the dev-set packages>");
  process.exit(2);
}
const SOURCES = [["axios", "lib"], ["express", "lib"], ["commander", "lib"], ["immer", "src"], ["preact", "src"], ["moment", "src/lib"]];
const MAX_DOC = 9000;
const MAX_TYPED = 260;
/** Files opened before typing, per session, and the characters kept of each (the editor reads a file's head). */
const OPENED = 3;
const MAX_OPENED_CHARS = 8000;
const out = join(import.meta.dirname, "..", "..", "bench", "replay", "sessions.jsonl");

// Small seeded generator (mulberry32), so the sessions are the same on every run.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function walk(dir) {
  const files = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== "node_modules" && name !== "locale") files.push(...walk(p));
    } else if (/\.(js|mjs|cjs|ts)$/.test(name) && !name.endsWith(".d.ts")) files.push(p);
  }
  return files;
}

function usable(text) {
  const lines = text.split("\n");
  return text.length > 1500 && text.length <= MAX_DOC && Math.max(...lines.map((l) => l.length)) <= 200 && [...text].filter((c) => c.charCodeAt(0) > 127).length < 0.02 * text.length;
}

/** Function bodies: the lines between a line ending in `{` that opens a function and the `}` line at its indentation. */
function bodies(text) {
  const lines = text.split("\n");
  const starts = [];
  let pos = 0;
  for (const l of lines) {
    starts.push(pos);
    pos += l.length + 1;
  }
  const found = [];
  lines.forEach((line, i) => {
    if (!/(function\b.*|=>\s*|^\s*(async\s+)?[A-Za-z_$][\w$]*\s*\([^)]*\)\s*)\{\s*$/.test(line)) return;
    const indent = /^\s*/.exec(line)[0];
    for (let j = i + 1; j < lines.length && j < i + 40; j++) {
      if (lines[j].startsWith(indent + "}")) {
        const start = starts[i + 1];
        const end = starts[j];
        const body = text.slice(start, end);
        const n = j - i - 1;
        if (n >= 2 && body.trim().length >= 60 && body.length <= MAX_TYPED) found.push({ start, end });
        return;
      }
      if (lines[j].trim() && !lines[j].startsWith(indent + " ") && !lines[j].startsWith(indent + "\t")) return;
    }
  });
  return found;
}

/** Relative imports of `text` (import ... from "./x", require("./x")), resolved to files of `all`, in order. */
function importsOf(rel, text, all) {
  const dir = rel.split("/").slice(0, -1);
  const found = [];
  for (const m of text.matchAll(/(?:from\s+|require\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const parts = [...dir];
    for (const p of m[1].split("/")) {
      if (p === "..") parts.pop();
      else if (p !== ".") parts.push(p);
    }
    const base = parts.join("/");
    const hit = [base, ...[".js", ".ts", ".mjs", ".cjs"].map((e) => base + e), ...["/index.js", "/index.ts"].map((e) => base + e)].find((c) => all.has(c));
    if (hit && hit !== rel && !found.includes(hit)) found.push(hit);
  }
  return found;
}

/** Up to OPENED files of the package the user opens before typing in `f`: its imports, then its folder's files. */
function openedFor(f, files) {
  const byRel = new Map(files.map((x) => [x.rel, x]));
  const dir = f.rel.split("/").slice(0, -1).join("/");
  const siblings = files.filter((x) => x.rel !== f.rel && x.rel.split("/").slice(0, -1).join("/") === dir).map((x) => x.rel);
  const order = [...importsOf(f.rel, f.text, byRel), ...siblings].filter((r, i, all) => all.indexOf(r) === i).slice(0, OPENED);
  return order.map((r) => {
    const text = byRel.get(r).text;
    // Whole lines up to MAX_OPENED_CHARS.
    const cut = text.length <= MAX_OPENED_CHARS ? text : text.slice(0, text.lastIndexOf("\n", MAX_OPENED_CHARS) + 1);
    return { path: r, text: cut };
  });
}

const rand = rng(12);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const sessions = [];
for (const [pkg, sub] of SOURCES) {
  const root = join(npm, pkg);
  const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
  const all = walk(join(root, sub)).map((p) => ({ rel: relative(root, p), text: readFileSync(p, "utf8").replace(/\r\n/g, "\n") }));
  const files = all.filter((f) => usable(f.text));
  const place = (f) => ({ repo: pkg, path: f.rel, opened: openedFor(f, all) });
  const withBodies = files.map((f) => ({ ...f, bodies: bodies(f.text) })).filter((f) => f.bodies.length >= 1);
  const source = (f, at) => `${pkg}@${version}/${f.rel}:${f.text.slice(0, at).split("\n").length}`;

  // retype: one body, rest of the file as prefix and suffix.
  {
    const f = pick(withBodies);
    const b = pick(f.bodies);
    sessions.push({ id: `${pkg}-retype`, kind: "retype", source: source(f, b.start), document: f.text.slice(0, b.start) + f.text.slice(b.end), steps: [{ offset: b.start, text: f.text.slice(b.start, b.end) }], ...place(f) });
  }
  // append: cut at a line start past the middle, type the next lines.
  {
    const f = pick(files);
    const lineStarts = [...f.text.matchAll(/\n/g)].map((m) => m.index + 1).filter((p) => p > f.text.length / 2 && p < f.text.length - 80);
    const at = pick(lineStarts);
    let end = Math.min(f.text.length, at + MAX_TYPED);
    const nl = f.text.lastIndexOf("\n", end - 1);
    if (nl > at) end = nl + 1;
    sessions.push({ id: `${pkg}-append`, kind: "append", source: source(f, at), document: f.text.slice(0, at), steps: [{ offset: at, text: f.text.slice(at, end) }], ...place(f) });
  }
  // jump: two bodies of one file.
  {
    const f = pick(withBodies.filter((x) => x.bodies.length >= 2));
    let a = pick(f.bodies);
    let b = pick(f.bodies.filter((x) => x.start >= a.end || x.end <= a.start));
    if (b.start < a.start) [a, b] = [b, a];
    const bodyA = f.text.slice(a.start, a.end);
    const bodyB = f.text.slice(b.start, b.end);
    // First half of A ends at a line end.
    let half = bodyA.indexOf("\n", Math.floor(bodyA.length / 2)) + 1;
    if (half <= 0 || half >= bodyA.length) half = bodyA.indexOf("\n") + 1;
    const document = f.text.slice(0, a.start) + f.text.slice(a.end, b.start) + f.text.slice(b.end);
    const bInDoc = b.start - bodyA.length;
    sessions.push({
      id: `${pkg}-jump`,
      kind: "jump",
      source: source(f, a.start),
      document,
      steps: [
        { offset: a.start, text: bodyA.slice(0, half) },
        { offset: bInDoc + half, text: bodyB },
        { offset: a.start + half, text: bodyA.slice(half) },
      ].filter((s) => s.text.length > 0),
      ...place(f),
    });
  }
}
writeFileSync(out, sessions.map((s) => JSON.stringify(s)).join("\n") + "\n");
console.log(`wrote ${sessions.length} sessions to ${out}`);
