#!/usr/bin/env python3
"""Build the training corpus from installed npm packages.

Packages are installed (with `npm i --ignore-scripts`) into work/npm by `run_all.sh`. Only the
folders listed in PACKAGES are read; nested node_modules are skipped. Minified or generated
files (very long lines, mostly non-ASCII) are dropped, and every package is capped so that no one
package dominates. Output: work/corpus/files.jsonl ({pkg, path, text, split}) and manifest.json.

The dev-eval packages (axios, express, commander, immer, preact, moment) must never appear here.
"""
import hashlib, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "work")
NPM = os.path.join(WORK, "npm", "node_modules")

DEV_EVAL = {"axios", "express", "commander", "immer", "preact", "moment"}
# The unseen-code set's packages (bench/tasks/unseen-sources.md): never trained on either.
UNSEEN = {"markdown-it", "htmlparser2", "jszip", "qs", "enhanced-resolve", "cheerio"}

MB = 1 << 20
# (package, sub-folders to read ("" = whole package), cap in bytes)
PACKAGES = [
    ("typescript", ["lib/typescript.js"], 6 * MB),
    ("rxjs", ["src"], 2 * MB),
    ("eslint", ["lib"], 2 * MB),
    ("webpack", ["lib"], 2.5 * MB),
    ("three", ["src"], 2.5 * MB),
    ("lodash", [""], 1.5 * MB),
    ("ajv", ["lib"], 1 * MB),
    ("mobx", ["src"], 1 * MB),
    ("@vue/compiler-core", ["dist/compiler-core.cjs.js"], 1 * MB),
    ("@vue/runtime-core", ["dist/runtime-core.cjs.js"], 1 * MB),
    ("@vue/reactivity", ["dist/reactivity.cjs.js"], 0.5 * MB),
    ("@vue/compiler-sfc", ["dist/compiler-sfc.cjs.js"], 1.5 * MB),
    ("d3-array", ["dist/d3-array.js"], 0.5 * MB),
    ("d3-scale", ["dist/d3-scale.js"], 0.5 * MB),
    ("d3-shape", ["dist/d3-shape.js"], 0.5 * MB),
    ("d3-selection", ["dist/d3-selection.js"], 0.5 * MB),
    ("d3-color", ["dist/d3-color.js"], 0.5 * MB),
    ("d3-format", ["dist/d3-format.js"], 0.5 * MB),
    ("d3-interpolate", ["dist/d3-interpolate.js"], 0.5 * MB),
    ("d3-time", ["dist/d3-time.js"], 0.5 * MB),
    ("acorn", ["dist/acorn.js"], 1 * MB),
    ("@babel/parser", ["lib/index.js"], 1.5 * MB),
    ("@babel/traverse", ["lib"], 1 * MB),
    ("@babel/generator", ["lib"], 1 * MB),
    ("@babel/core", ["lib"], 1 * MB),
    ("rollup", ["dist/es/shared"], 2 * MB),
    ("terser", ["lib"], 1.5 * MB),
    ("esprima", ["dist/esprima.js"], 0.5 * MB),
    ("jquery", ["src"], 1 * MB),
    ("underscore", ["modules"], 0.5 * MB),
    ("ramda", ["src"], 1 * MB),
    ("date-fns", [""], 2 * MB),
    ("marked", ["src", "lib/marked.esm.js"], 0.5 * MB),
    ("handlebars", ["lib"], 0.5 * MB),
    ("mongoose", ["lib"], 2 * MB),
    ("sequelize", ["lib"], 2 * MB),
    ("ws", ["lib"], 0.5 * MB),
    ("koa", ["lib"], 0.3 * MB),
    ("fastify", ["lib", "fastify.js"], 1 * MB),
    ("pino", ["lib", "pino.js"], 0.5 * MB),
    ("undici", ["lib"], 2 * MB),
    ("js-yaml", ["dist/js-yaml.mjs"], 0.5 * MB),
    ("yaml", ["dist"], 1 * MB),
    ("semver", [""], 0.3 * MB),
    ("postcss", ["lib"], 0.5 * MB),
    ("less", ["lib"], 1.5 * MB),
    ("mocha", ["lib"], 1 * MB),
    ("chai", ["lib"], 0.5 * MB),
    ("react", ["cjs/react.development.js"], 0.5 * MB),
    ("react-dom", ["cjs/react-dom.development.js", "cjs/react-dom-server.node.development.js"], 2 * MB),
    ("vue", ["dist/vue.cjs.js"], 0.3 * MB),
    ("zod", ["src", "lib"], 1 * MB),
    ("redux", ["src", "dist/redux.mjs"], 0.3 * MB),
]

EXTS = (".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx")


def clean(text):
    """Return the text with over-long lines removed, or None for minified/generated files."""
    if len(text) < 200:
        return None
    lines = text.split("\n")
    long_chars = sum(len(l) for l in lines if len(l) > 400)
    if long_chars > 0.1 * len(text):
        return None
    if len(text) / max(1, len(lines)) > 120:
        return None
    non_ascii = sum(1 for c in text if ord(c) > 127)
    if non_ascii / len(text) > 0.05:
        return None
    return "\n".join(l for l in lines if len(l) <= 400)


def files_of(root):
    if os.path.isfile(root):
        yield root
        return
    for d, dirs, names in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in ("node_modules", "test", "tests", "__tests__", "docs", "locale", "fp", "esm", "umd", "min"))
        for n in sorted(names):
            if n.endswith(EXTS) and not n.endswith((".d.ts", ".min.js", ".map")) and ".min." not in n:
                yield os.path.join(d, n)


def split_of(key):
    # about 2 % of files are held out for the validation loss
    return "val" if int(hashlib.md5(key.encode()).hexdigest(), 16) % 50 == 0 else "train"


def main():
    out_dir = os.path.join(WORK, "corpus")
    os.makedirs(out_dir, exist_ok=True)
    manifest = []
    total = 0
    with open(os.path.join(out_dir, "files.jsonl"), "w") as out:
        for pkg, subs, cap in PACKAGES:
            assert pkg.split("/")[-1] not in DEV_EVAL and pkg not in DEV_EVAL
            assert pkg.split("/")[-1] not in UNSEEN and pkg not in UNSEEN
            pdir = os.path.join(NPM, pkg)
            pj = os.path.join(pdir, "package.json")
            if not os.path.exists(pj):
                print("missing", pkg, file=sys.stderr)
                continue
            version = json.load(open(pj))["version"]
            used = 0
            nfiles = 0
            for sub in subs:
                for path in files_of(os.path.join(pdir, sub) if sub else pdir):
                    if used >= cap:
                        break
                    try:
                        text = open(path, encoding="utf-8").read()
                    except (UnicodeDecodeError, OSError):
                        continue
                    text = text.replace("\r\n", "\n")
                    text = clean(text)
                    if text is None:
                        continue
                    if used + len(text) > cap:
                        # cut a large file at a line boundary
                        cut = text.rfind("\n", 0, int(cap - used))
                        if cut < 2000:
                            continue
                        text = text[: cut + 1]
                    rel = os.path.relpath(path, NPM)
                    out.write(json.dumps({"pkg": pkg, "path": rel, "text": text, "split": split_of(rel)}) + "\n")
                    used += len(text)
                    nfiles += 1
            manifest.append({"package": pkg, "version": version, "folders": subs, "files": nfiles, "chars": used})
            total += used
            print(f"{pkg}@{version}: {nfiles} files, {used/1e6:.2f} M chars")
    json.dump({"packages": manifest, "total_chars": total}, open(os.path.join(out_dir, "manifest.json"), "w"), indent=1)
    print(f"total {total/1e6:.1f} M chars")


if __name__ == "__main__":
    main()
