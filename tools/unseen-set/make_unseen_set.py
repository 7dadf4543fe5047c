#!/usr/bin/env python3
"""Build bench/tasks/unseen.jsonl: a second held-out task set, same format and sampling as the dev set
(tools/fixture-models/make_dev_set.py), from packages that neither the training corpus nor the dev set
used. It only reports how the switching rules hold on code nothing here was tuned on: never tune on it.

Sources are read from the project's own node_modules (present after `npm ci`); the script refuses any
package listed in the training corpus or the dev set. Writes the task file and bench/tasks/unseen-sources.md
(package, version and the files tasks were cut from).

Usage (repo root): python3 tools/unseen-set/make_unseen_set.py [--node-modules DIR]
"""
import argparse, json, os, random, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools", "fixture-models"))
from bpe import PRETOKENIZE  # noqa: E402
from make_dev_set import SOURCES as DEV_SOURCES, bound_prefix, bound_suffix, is_code, usable  # noqa: E402

# (package, folder): JavaScript and TypeScript, HTML and Markdown parsers, a zip library, a resolver, a query-string codec, a DOM wrapper.
SOURCES = [("markdown-it", "lib"), ("htmlparser2", "src"), ("jszip", "lib"), ("qs", "lib"),
           ("enhanced-resolve", "lib"), ("cheerio", "src")]
PER_KIND = 21
OUT = os.path.join(ROOT, "bench", "tasks", "unseen.jsonl")
SOURCES_MD = os.path.join(ROOT, "bench", "tasks", "unseen-sources.md")
SKIP_DIRS = ("node_modules", "__tests__", "__fixtures__", "test", "tests", "fixtures")


def corpus_packages():
    names = set()
    with open(os.path.join(ROOT, "tools", "fixture-models", "corpus-packages.txt")) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                names.add(line.rsplit("@", 1)[0])
    return names


def source_files(pdir, sub):
    files = []
    for d, dirs, names in os.walk(os.path.join(pdir, sub)):
        dirs[:] = sorted(x for x in dirs if x not in SKIP_DIRS)
        for n in sorted(names):
            if not n.endswith((".js", ".mjs", ".cjs", ".ts")) or n.endswith(".d.ts") or ".spec." in n or ".test." in n:
                continue
            text = open(os.path.join(d, n), encoding="utf-8").read().replace("\r\n", "\n")
            if usable(text):
                files.append((os.path.relpath(os.path.join(d, n), pdir), text))
    return files


def sample(pkg, version, files, rng):
    tasks, used = [], set()
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
                prefix, reference, suffix = text[:start + cut], line[cut:], text[start + len(line):]
            else:
                k = rng.randint(2, 4)
                block = lines[i:i + k]
                if len(block) < k or i + k >= len(lines) or sum(is_code(l) for l in block) < 2:
                    continue
                if any(len(l) > 160 for l in block):
                    continue
                prefix, reference = text[:start], "\n".join(block) + "\n"
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
    return tasks


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--node-modules", default=os.path.join(ROOT, "node_modules"))
    args = ap.parse_args()
    banned = corpus_packages() | {p for p, _ in DEV_SOURCES}
    rng = random.Random(11)
    tasks, listing = [], []
    for pkg, sub in SOURCES:
        if pkg in banned:
            sys.exit(f"{pkg} is in the training corpus or the dev set: it cannot be in the unseen set")
        pdir = os.path.join(args.node_modules, pkg)
        if not os.path.isdir(os.path.join(pdir, sub)):
            sys.exit(f"{pdir}/{sub} not found: run npm ci first, or pass --node-modules")
        version = json.load(open(os.path.join(pdir, "package.json")))["version"]
        files = source_files(pdir, sub)
        made = sample(pkg, version, files, rng)
        tasks += made
        used = sorted({t["source"].split("/", 1)[1].rsplit(":", 1)[0] for t in made})
        listing.append((pkg, version, sub, len(files), used))
    with open(OUT, "w") as f:
        for t in tasks:
            f.write(json.dumps(t) + "\n")
    with open(SOURCES_MD, "w") as f:
        f.write("# Sources of `unseen.jsonl`\n\nWritten by `tools/unseen-set/make_unseen_set.py`. Packages that neither the training\n"
                "corpus (`tools/fixture-models/corpus-packages.txt`) nor the dev set used, read from the project's\n"
                "node_modules; 21 line and 21 span tasks per package (seed 11). Never tune on this set.\n\n"
                "| package | version | folder | usable files | files tasks were cut from |\n|---|---|---|---|---|\n")
        for pkg, version, sub, n, used in listing:
            f.write(f"| {pkg} | {version} | {sub} | {n} | {', '.join(used)} |\n")
    print(f"wrote {len(tasks)} tasks to {OUT} and their sources to {SOURCES_MD}")


if __name__ == "__main__":
    main()
