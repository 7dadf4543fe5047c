#!/usr/bin/env python3
"""Build bench/tasks/dev.jsonl, the dev evaluation set of fill-in-the-middle tasks.

Sources: ONLY the dev-eval packages (never used for training), installed with
`npm i --ignore-scripts` into work/dev-npm by run_all.sh:
axios (lib), express (lib), commander (lib), immer (src), preact (src), moment (src/lib).

Two kinds of task, 21 of each per package (252 tasks), sampled with a fixed seed:
- "line": a non-blank code line cut mid-line at a pre-token (hence token) boundary after its
  indentation; reference = the rest of that line (no newline); the suffix starts with the newline.
- "span": two to four whole lines (at least two non-blank); the prefix ends at a line start,
  reference = the lines with their newlines, the suffix starts at the next line.
Prefixes keep at most the last 900 characters and suffixes the first 300 (both cut at line
boundaries), so that a prompt fits the fixture models' 512-token training windows.
Fields: id, prefix, suffix, reference, language, kind, source.
"""
import json, os, random, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bpe import PRETOKENIZE

ROOT = os.path.dirname(os.path.dirname(HERE))
NPM = os.path.join(HERE, "work", "dev-npm", "node_modules")
OUT = os.path.join(ROOT, "bench", "tasks", "dev.jsonl")
SOURCES = [("axios", "lib"), ("express", "lib"), ("commander", "lib"), ("immer", "src"), ("preact", "src"),
           ("moment", "src/lib")]
PER_KIND = 21
MAX_PREFIX, MAX_SUFFIX = 900, 300


def usable(text):
    lines = text.split("\n")
    return len(text) > 400 and max(len(l) for l in lines) <= 300 and sum(ord(c) > 127 for c in text) < 0.02 * len(text)


def is_code(line):
    s = line.strip()
    return len(s) >= 8 and not s.startswith(("//", "*", "/*")) and len(line) <= 160


def bound_prefix(p):
    if len(p) <= MAX_PREFIX:
        return p
    cut = p.find("\n", len(p) - MAX_PREFIX)
    return p[cut + 1:] if cut >= 0 else p[-MAX_PREFIX:]


def bound_suffix(s):
    if len(s) <= MAX_SUFFIX:
        return s
    cut = s.rfind("\n", 0, MAX_SUFFIX)
    return s[:cut + 1] if cut > 0 else s[:MAX_SUFFIX]


def main():
    rng = random.Random(7)
    tasks = []
    for pkg, sub in SOURCES:
        pdir = os.path.join(NPM, pkg)
        version = json.load(open(os.path.join(pdir, "package.json")))["version"]
        files = []
        for d, dirs, names in os.walk(os.path.join(pdir, sub)):
            dirs[:] = sorted(x for x in dirs if x not in ("node_modules", "locale"))
            for n in sorted(names):
                if n.endswith((".js", ".mjs", ".cjs", ".ts")) and not n.endswith(".d.ts"):
                    text = open(os.path.join(d, n), encoding="utf-8").read().replace("\r\n", "\n")
                    if usable(text):
                        files.append((os.path.relpath(os.path.join(d, n), pdir), text))
        used = set()
        for kind in ("line", "span"):
            made, tries = 0, 0
            while made < PER_KIND and tries < 20000:
                tries += 1
                rel, text = rng.choice(files)
                lines = text.split("\n")
                i = rng.randrange(len(lines))
                if (rel, i) in used or i < 3:
                    continue
                start = sum(len(l) + 1 for l in lines[:i])
                if kind == "line":
                    line = lines[i]
                    if not is_code(line):
                        continue
                    ind = len(line) - len(line.lstrip())
                    stops = [m.start() for m in PRETOKENIZE.finditer(line) if m.start() > ind]
                    stops = [s for s in stops if len(line[s:].strip()) >= 3]
                    if not stops:
                        continue
                    cut = rng.choice(stops)
                    prefix = text[:start + cut]
                    reference = line[cut:]
                    suffix = text[start + len(line):]
                else:
                    k = rng.randint(2, 4)
                    block = lines[i:i + k]
                    if len(block) < k or i + k >= len(lines) or sum(is_code(l) for l in block) < 2:
                        continue
                    if any(len(l) > 160 for l in block):
                        continue
                    prefix = text[:start]
                    reference = "\n".join(block) + "\n"
                    suffix = text[start + len(reference):]
                used.add((rel, i))
                tasks.append({
                    "id": f"{pkg}-{kind}-{made:02d}",
                    "prefix": bound_prefix(prefix),
                    "suffix": bound_suffix(suffix),
                    "reference": reference,
                    "language": "typescript" if rel.endswith(".ts") else "javascript",
                    "kind": kind,
                    "source": f"{pkg}@{version}/{rel}:{i + 1}",
                })
                made += 1
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        for t in tasks:
            f.write(json.dumps(t) + "\n")
    print(f"wrote {len(tasks)} tasks to {OUT}")


if __name__ == "__main__":
    main()
