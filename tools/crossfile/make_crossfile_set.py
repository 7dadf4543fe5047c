#!/usr/bin/env python3
"""Build bench/tasks/dev-crossfile.jsonl, the dev cross-file set: completions that start with a name
defined in another file of the package, with that file's chunk among the task's context.

Sources: the dev-eval packages of make_dev_set.py (never used for training), installed by
tools/fixture-models/run_all.sh into tools/fixture-models/work/dev-npm:
axios (lib), express (lib), commander (lib), immer (src), preact (src), moment (src/lib).

Two shapes of task, both line tasks (reference = the rest of the line, the suffix starts with the
newline), both with `identifier` = the name the completion must start with:
- "member": `mod.name`, where `mod` is bound to a relative file of the package (`import mod from`,
  `import * as mod from`, `mod = require(...)`) and that file defines `name`. The prefix ends right
  after `mod.` (where an editor asks for a completion after the user types the dot).
- "import": a name bound by a named import of a relative file (`import { name } from`,
  `const { name } = require(...)`, `name = require(...).name`, or a default import of a file that
  defines `name`), used where the kept prefix no longer shows the import. The prefix ends right
  before the name.
In both, the name appears nowhere in the task's prefix or suffix (both bounded as in the dev set:
the last 900 and first 300 characters, cut at line boundaries), so only the context can give it.

Context: 1-3 chunks of other files of the same package that never mention the name, then the
defining file's chunk (24-36 lines around the definition) last or in the middle (seeded), each
{"path", "text"} with the path relative to the package. At most PER_PACKAGE tasks per package,
sampled with a fixed seed, so the set is deterministic.
Fields: id, prefix, suffix, reference, language, kind, source, path, context, identifier.
"""
import json, os, random, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools", "fixture-models"))
from make_dev_set import SOURCES, bound_prefix, bound_suffix, usable

NPM = os.path.join(ROOT, "tools", "fixture-models", "work", "dev-npm", "node_modules")
OUT = os.path.join(ROOT, "bench", "tasks", "dev-crossfile.jsonl")
SEED = 24
PER_PACKAGE = 50
CHUNK_LINES = (24, 36)
MAX_CHUNK_CHARS = 1500
NAME = r"[A-Za-z_$][\w$]*"
EXTENSIONS = ("", ".js", ".ts", ".mjs", ".cjs", "/index.js", "/index.ts")


def word(name):
    return re.compile(r"(?<![\w$])" + re.escape(name) + r"(?![\w$])")


def is_comment(line):
    return line.strip().startswith(("//", "*", "/*"))


def resolve(files, rel, spec):
    """The package file a relative import names, or None."""
    base = os.path.normpath(os.path.join(os.path.dirname(rel), spec))
    for ext in EXTENSIONS:
        if base + ext in files:
            return base + ext
    return None


def bindings(files, rel, text):
    """Names bound to relative files: {local: (file, member or None)}; None = the module itself."""
    out = {}
    rel_spec = r"""['"](\.{1,2}/[^'"]*)['"]"""
    for m in re.finditer(r"^\s*import\s+(?:\*\s+as\s+)?(" + NAME + r")\s+from\s+" + rel_spec, text, re.M):
        target = resolve(files, rel, m.group(2))
        if target:
            out[m.group(1)] = (target, None)
    for m in re.finditer(r"^\s*(?:var|const|let)\s+(" + NAME + r")\s*=\s*require\(" + rel_spec + r"\)\s*(?:\.\s*(" + NAME + r"))?", text, re.M):
        target = resolve(files, rel, m.group(2))
        if target:
            out[m.group(1)] = (target, m.group(3))
    for m in re.finditer(r"^\s*import\s+(?:type\s+)?\{([^}]*)\}\s*from\s+" + rel_spec, text, re.M):
        target = resolve(files, rel, m.group(2))
        for part in m.group(1).split(","):
            names = part.replace("type ", "").split(" as ")
            if target and names[0].strip() and re.fullmatch(NAME, names[-1].strip()):
                out[names[-1].strip()] = (target, names[0].strip())
    for m in re.finditer(r"^\s*(?:var|const|let)\s*\{([^}]*)\}\s*=\s*require\(" + rel_spec + r"\)", text, re.M):
        target = resolve(files, rel, m.group(2))
        for part in m.group(1).split(","):
            names = part.split(":")
            if target and names[0].strip() and re.fullmatch(NAME, names[-1].strip()):
                out[names[-1].strip()] = (target, names[0].strip())
    return out


def definition(text, name):
    """0-based line where a file defines `name` (declaration, method, property, member assignment), or None."""
    n = re.escape(name)
    patterns = [
        r"\b(?:function\*?|class|const|let|var|enum|interface|type)\s+" + n + r"(?![\w$])",
        r"^\s*(?:static\s+)?(?:async\s+)?(?:get\s+|set\s+)?\*?" + n + r"\s*(?:<[^>]*>)?\([^)]*\)\s*(?::[^{]*)?\{",
        r"^\s*['\"]?" + n + r"['\"]?\s*:(?!:)",
        r"^\s*[\w$]+(?:\.[\w$]+)*\." + n + r"\s*=(?!=)",
    ]
    for i, line in enumerate(text.split("\n")):
        if is_comment(line):
            continue
        if any(re.search(p, line) for p in patterns):
            return i
    return None


def defining_site(files, target, name, depth=0):
    """(file, 0-based line) where `name` is defined: `target` itself, or a file it re-exports
    (`export * from`, `export { name } from`, as immer's internal.ts does); None when neither."""
    line = definition(files[target], name)
    if line is not None:
        return target, line
    if depth >= 4:
        return None
    for m in re.finditer(r"^\s*export\s+(\*|\{[^}]*\})\s*from\s+['\"](\.{1,2}/[^'\"]*)['\"]", files[target], re.M):
        names = None if m.group(1) == "*" else [p.split(" as ")[-1].strip() for p in m.group(1)[1:-1].split(",")]
        source = resolve(files, target, m.group(2))
        if source and source != target and (names is None or name in names):
            found = defining_site(files, source, name, depth + 1)
            if found:
                return found
    return None


def chunk(lines, start, rng):
    """A window of CHUNK_LINES lines from `start`, cut to MAX_CHUNK_CHARS at a line end."""
    size = rng.randint(*CHUNK_LINES)
    start = max(0, min(start, len(lines) - size))
    out = []
    for line in lines[start:start + size]:
        if sum(len(l) + 1 for l in out) + len(line) + 1 > MAX_CHUNK_CHARS:
            break
        out.append(line)
    return start, "\n".join(out) + "\n"


def defining_chunk(text, line, rng):
    lines = text.split("\n")
    for _ in range(10):
        start, body = chunk(lines, line - rng.randint(3, 10), rng)
        if start <= line < start + body.count("\n"):
            return body
    return None


def unrelated_chunks(files, exclude, name, count, rng):
    used, out = set(), []
    others = [r for r in sorted(files) if r not in exclude]
    for _ in range(50 * count):
        if len(out) == count or not others:
            break
        rel = rng.choice(others)
        lines = files[rel].split("\n")
        _, body = chunk(lines, rng.randrange(max(1, len(lines))), rng)
        if (rel, body) in used or word(name).search(body) or sum(not is_comment(l) and len(l.strip()) >= 8 for l in body.split("\n")) < 8:
            continue
        used.add((rel, body))
        out.append({"path": rel, "text": body})
    return out


def code_mask(text):
    """Per character: True where it is code, False inside comments and string or template literals."""
    mask = [True] * len(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i) or text.startswith("/*", i):
            end = text.find("\n" if text[i + 1] == "/" else "*/", i + 2)
            end = n if end < 0 else end + (0 if text[i + 1] == "/" else 2)
        elif c in "'\"`":
            end = i + 1
            while end < n and text[end] != c and not (c != "`" and text[end] == "\n"):
                end += 2 if text[end] == "\\" else 1
            end = min(n, end + 1)
        else:
            i += 1
            continue
        mask[i:end] = [False] * (end - i)
        i = end
    return mask


def import_spans(text):
    """Character ranges of import, re-export and require statements (which name the binding itself)."""
    pattern = r"^\s*(?:import\b[\s\S]*?\bfrom\s*['\"][^'\"]*['\"]|export\s*(?:\*|\{[^}]*\})\s*from\s*['\"][^'\"]*['\"]|.*\brequire\(.*)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, re.M)]


def candidates(files, rel, text):
    """(shape, identifier, cursor offset, definition file, definition line) of every usable site."""
    out = []
    binds = bindings(files, rel, text)
    lines = text.split("\n")
    offsets = [0]
    for l in lines:
        offsets.append(offsets[-1] + len(l) + 1)
    for local, (target, member) in sorted(binds.items()):
        if member is None:
            # mod.name: the cursor is right after the dot.
            for m in re.finditer(r"(?<![\w$.])" + re.escape(local) + r"\.(" + NAME + r")", text):
                site = defining_site(files, target, m.group(1))
                if site:
                    out.append(("member", m.group(1), m.start(1)) + site)
            # A default import of a file that defines the bound name itself (moment: `import zeroFill from`).
            site = defining_site(files, target, local)
        else:
            site = defining_site(files, target, member)
        if not site:
            continue
        for m in re.finditer(r"(?<![\w$.])" + re.escape(local) + r"(?![\w$])", text):
            out.append(("import", local, m.start()) + site)
    result = []
    mask, spans = code_mask(text), import_spans(text)
    for shape, name, at, target, line in out:
        if target == rel or len(name) < 3 or not mask[at] or any(a <= at < b for a, b in spans):
            continue
        i = next(k for k in range(len(lines)) if offsets[k + 1] > at)
        src = lines[i]
        if i < 3 or is_comment(src) or len(src) > 160 or re.match(r"\s*(import|export\s+\{|export\s+\*)\b", src) or "require(" in src:
            continue
        result.append((shape, name, at, i, target, line))
    return result


def main():
    rng = random.Random(SEED)
    tasks, counts = [], []
    for pkg, sub in SOURCES:
        pdir = os.path.join(NPM, pkg)
        if not os.path.isdir(pdir):
            sys.exit(f"{pdir} is missing: install the dev-eval packages first (the dev-npm step of tools/fixture-models/run_all.sh)")
        version = json.load(open(os.path.join(pdir, "package.json")))["version"]
        files = {}
        for d, dirs, names in os.walk(os.path.join(pdir, sub)):
            dirs[:] = sorted(x for x in dirs if x not in ("node_modules", "locale"))
            for n in sorted(names):
                if n.endswith((".js", ".mjs", ".cjs", ".ts")) and not n.endswith(".d.ts"):
                    files[os.path.relpath(os.path.join(d, n), pdir)] = open(os.path.join(d, n), encoding="utf-8").read().replace("\r\n", "\n")
        # Every file resolves imports and re-exports (immer's short internal.ts); tasks come from usable ones.
        sites = []
        for rel in sorted(r for r in files if usable(files[r])):
            text = files[rel]
            for shape, name, at, line, target, def_line in candidates(files, rel, text):
                end = text.find("\n", at) if "\n" in text[at:] else len(text)
                prefix, reference, suffix = bound_prefix(text[:at]), text[at:end], bound_suffix(text[end:])
                if word(name).search(prefix) or word(name).search(suffix) or len(reference.strip()) < 3:
                    continue
                sites.append((shape, name, rel, line, prefix, suffix, reference, target, def_line))
        # One site per (file, line, name); deterministic order, then a seeded sample.
        seen, unique = set(), []
        for s in sites:
            if (s[2], s[3], s[1]) not in seen:
                seen.add((s[2], s[3], s[1]))
                unique.append(s)
        picked = rng.sample(unique, min(PER_PACKAGE, len(unique)))
        made = {"member": 0, "import": 0}
        for shape, name, rel, line, prefix, suffix, reference, target, def_line in picked:
            body = defining_chunk(files[target], def_line, rng)
            if body is None:
                continue
            others = unrelated_chunks(files, {rel, target}, name, rng.randint(1, 3), rng)
            # The defining chunk last, or (half the time, when there are two others or more) in the middle.
            at = rng.randint(1, len(others) - 1) if len(others) >= 2 and rng.random() < 0.5 else len(others)
            context = others[:at] + [{"path": target, "text": body}] + others[at:]
            tasks.append({
                "id": f"{pkg}-{shape}-{made[shape]:02d}",
                "prefix": prefix,
                "suffix": suffix,
                "reference": reference,
                "language": "typescript" if rel.endswith(".ts") else "javascript",
                "kind": "line",
                "source": f"{pkg}@{version}/{rel}:{line + 1}",
                "path": rel,
                "context": context,
                "identifier": name,
            })
            made[shape] += 1
        counts.append((pkg, len(unique), made))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        for t in tasks:
            f.write(json.dumps(t) + "\n")
    for pkg, sites, made in counts:
        print(f"{pkg}: {sites} usable sites, {made['member']} member + {made['import']} import tasks")
    print(f"wrote {len(tasks)} tasks to {OUT}")


if __name__ == "__main__":
    main()
