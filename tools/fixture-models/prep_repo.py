#!/usr/bin/env python3
"""Long and repository-level training samples: work/data/{train,val}_repo.bin and *_repo.starts.

The fixture pair first learned from 512-token pieces of single files. The editor now puts code from
other files of the project before the FIM prompt, in Qwen2.5-Coder's repository-level layout, which is
the layout the engine writes (src/engine: each piece tokenised on its own):

  <|repo_name|>pkg\\n (<|file_sep|>path\\n chunk)* <|file_sep|>path\\n <|fim_prefix|>pre<|fim_suffix|>suf<|fim_middle|>mid<|endoftext|>

Samples (each at most SEQ tokens, their start offsets kept so that training windows start at one):
- repository-level FIM: a file of a package; chunks of other files of the package and the file
  with a FIM cut. Most cuts sit at a name that another file defines and the text above the cut does
  not mention (`mod.name` of an imported file, or any name defined once or a few times elsewhere in
  the package), with a chunk around that definition among unrelated chunks, in a random order, so
  that the middle can be copied from a chunk only;
- the same with no chunk at all (only the current file's path), as the editor sends when it has
  gathered nothing yet;
- long single-file samples (plain or FIM, no header), so that positions up to SEQ are trained in the
  old format too.
"""
import json, os, random, re, sys
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bpe import Tokenizer
from prep import fim_split

WORK = os.path.join(HERE, "work")
SEQ = 2048
# Shares of samples: repository-level with chunks, then 0.1 with the path only, the rest long single-file.
REPO_SHARE = float(os.environ.get("REPO_SHARE", "0.75"))
OUT = os.environ.get("OUT", "repo")
IMPORT_RE = re.compile(r"""(?:import\s+(?:(?P<def>[A-Za-z_$][\\w$]*)\s*,?\s*)?(?:\*\s+as\s+(?P<ns>[A-Za-z_$][\\w$]*)|\{(?P<named>[^}]*)\})?\s*from\s*|(?:const|let|var)\s+(?:(?P<rdef>[A-Za-z_$][\\w$]*)|\{(?P<rnamed>[^}]*)\})\s*=\s*require\(\s*)['"](?P<spec>\.{1,2}/[^'"]+)['"]""")
DEF_RE = r"(?:function\*?\s+{n}\b|class\s+{n}\b|(?:const|let|var)\s+{n}\b|\b{n}\s*[:=]\s*(?:function|\(|async|[A-Za-z_$])|^\s*(?:async\s+)?{n}\s*\(|exports\.{n}\b|\.prototype\.{n}\b)"
EXTS = ["", ".js", ".ts", ".mjs", ".cjs", ".tsx", ".jsx", "/index.js", "/index.ts"]


def resolve(files, path, spec):
    base = os.path.normpath(os.path.join(os.path.dirname(path), spec))
    stem = re.sub(r"\.(js|mjs|cjs)$", "", base)
    for cand in [base + e for e in EXTS] + [stem + e for e in EXTS]:
        if cand in files:
            return cand
    return None


def imports(files, path, text):
    """[(local name or None, imported file, kind)] kind: 'ns' (mod.x), 'named'."""
    out = []
    for m in IMPORT_RE.finditer(text):
        target = resolve(files, path, m.group("spec"))
        if not target or target == path:
            continue
        for g in ("def", "ns", "rdef"):
            if m.group(g):
                out.append((m.group(g), target, "ns"))
        for g in ("named", "rnamed"):
            if m.group(g):
                for part in m.group(g).split(","):
                    name = part.strip().split(" as ")[-1].split(":")[-1].strip()
                    if re.fullmatch(r"[A-Za-z_$][\w$]*", name or ""):
                        out.append((name, target, "named"))
        if not any(m.group(g) for g in ("def", "ns", "rdef", "named", "rnamed")):
            out.append((None, target, "side"))
    return out


def window(lines, center, rng, lo=20, hi=60):
    n = rng.randint(lo, hi)
    start = max(0, min(center - rng.randint(3, n // 2), len(lines) - n))
    return "".join(lines[start:start + n])


def definition_line(lines, name):
    pat = re.compile(DEF_RE.format(n=re.escape(name)))
    for i, l in enumerate(lines):
        if pat.search(l):
            return i
    return None


NAME_DEF = re.compile(r"(?:function\*?\s+|class\s+|(?:const|let|var)\s+|exports\.|\.prototype\.|^\s*(?:static\s+|async\s+|get\s+|set\s+)*)([A-Za-z_$][\w$]{3,})\s*(?=[=(:{<]|extends\b|\s*=)")
IDENT = re.compile(r"[A-Za-z_$][\w$]{3,}")
KEYWORDS = set("this that function return const async await class extends static super null undefined true false typeof instanceof delete throw catch finally while break continue default switch case export import from require module exports prototype constructor length push call apply bind else".split())


def definitions(files_lines):
    """name -> [(file, line)] of places that look like a definition of it, per package."""
    index = {}
    for p, lines in files_lines.items():
        for i, l in enumerate(lines):
            for m in NAME_DEF.finditer(l):
                if m.group(1) not in KEYWORDS:
                    index.setdefault(m.group(1), []).append((p, i))
    return index


def elsewhere_cuts(path, lines, index, rng, tries=30):
    """Cuts at a name the line uses that another file defines and the text above does not mention."""
    out = []
    for _ in range(tries):
        i = rng.randrange(len(lines))
        lo = max(0, i - rng.randint(10, 120))
        above = "".join(lines[lo:i])
        for m in IDENT.finditer(lines[i]):
            name = m.group(0)
            if name in KEYWORDS or name in above or name in lines[i][:m.start()]:
                continue
            defs = [d for d in index.get(name, ()) if d[0] != path]
            if defs and len(defs) <= 3:
                out.append((i, m.start(), lo) + rng.choice(defs))
                break
    return out


def split_at_cut(lines, i, col, lo, hi, rng):
    """(prefix, middle, suffix) of a FIM sample cut on line i: 60 % a whole-line middle (the editor's line
    layout puts the line's typed part after <|fim_middle|>), else the middle starts at column col."""
    line = lines[i]
    if rng.random() < 0.6:
        return "".join(lines[lo:i]), line, "".join(lines[i + 1:hi])
    return "".join(lines[lo:i]) + line[:col], line[col:], "".join(lines[i + 1:hi])


def member_cuts(lines, ns_names, files_lines):
    """Lines using `mod.name` where `name` is defined in mod's file: [(line, col of name, file, def line)]."""
    out = []
    for i, l in enumerate(lines):
        for local, target in ns_names:
            for m in re.finditer(r"\b" + re.escape(local) + r"\.([A-Za-z_$][\w$]*)", l):
                d = definition_line(files_lines[target], m.group(1))
                if d is not None:
                    out.append((i, m.start(1), target, d))
    return out


class Builder:
    def __init__(self, tok):
        self.tok = tok
        sp = tok.special
        self.eot, self.pre, self.suf, self.mid = sp["<|endoftext|>"], sp["<|fim_prefix|>"], sp["<|fim_suffix|>"], sp["<|fim_middle|>"]
        self.rep, self.sep = sp["<|repo_name|>"], sp["<|file_sep|>"]

    def header(self, pkg, chunks, path):
        enc = self.tok.encode
        out = [self.rep] + enc(pkg + "\n")
        for p, t in chunks:
            out += [self.sep] + enc(p + "\n") + enc(t if t.endswith("\n") else t + "\n")
        return out + [self.sep] + enc(path + "\n")

    def fim(self, prefix, suffix, middle):
        enc = self.tok.encode
        return [self.pre] + enc(prefix) + [self.suf] + enc(suffix) + [self.mid] + enc(middle) + [self.eot]


def cut_lines(lines, i, rng, before_tokens, after_lines):
    """The current file's text around line i: some lines before, some after."""
    lo = max(0, i - rng.randint(10, before_tokens))
    hi = min(len(lines), i + 1 + rng.randint(0, after_lines))
    return lo, hi


COPY_SAMPLES = [0]  # repository-level samples cut at a name a chunk defines


def repo_sample(b, pkg, path, lines, files_lines, pkg_files, imps, rng, with_chunks, index=None):
    ns_names = [(local, target) for local, target, kind in imps if kind == "ns"]
    cuts = []
    if with_chunks:
        cuts = [(i, col, max(0, i - rng.randint(10, 120)), t, d) for i, col, t, d in member_cuts(lines, ns_names, files_lines)]
        if not cuts or rng.random() < 0.5:
            cuts += elsewhere_cuts(path, lines, index or {}, rng)
    chunks = []
    if cuts and rng.random() < 0.85:
        COPY_SAMPLES[0] += 1
        i, col, lo, target, d = rng.choice(cuts)
        chunks.append((target, window(files_lines[target], d, rng)))
        hi = min(len(lines), i + 1 + rng.randint(0, 25))
        prefix, middle, suffix = split_at_cut(lines, i, col, lo, hi, rng)
    else:
        if with_chunks and imps:
            for _, target, _ in rng.sample(imps, min(len(imps), rng.randint(1, 2))):
                tl = files_lines[target]
                chunks.append((target, window(tl, rng.randrange(max(1, len(tl))), rng)))
        i = rng.randrange(len(lines))
        lo, hi = cut_lines(lines, i, rng, 120, 25)
        f = fim_split(lines[lo:hi], rng)
        if not f:
            return None
        prefix, middle, suffix = f
    if with_chunks:
        # unrelated chunks of the same package, in a random order with the useful ones
        others = [p for p in pkg_files if p != path and p not in {c[0] for c in chunks}]
        for p in rng.sample(others, min(len(others), rng.randint(0, 6))):
            tl = files_lines[p]
            chunks.append((p, window(tl, rng.randrange(max(1, len(tl))), rng)))
        rng.shuffle(chunks)
    if not middle.strip():
        return None
    body = b.fim(prefix, suffix, middle)
    head = b.header(pkg, chunks, path)
    while len(head) + len(body) > SEQ and chunks:
        chunks.pop(0)  # the oldest chunk goes first, as the engine drops it
        head = b.header(pkg, chunks, path)
    if len(head) + len(body) > SEQ:
        return None
    return head + body


def long_sample(b, lines, rng):
    """A single-file sample of up to SEQ tokens, plain or FIM, without a header."""
    n = len(lines)
    start = rng.randrange(max(1, n - 20))
    take = lines[start:start + rng.randint(60, 400)]
    if rng.random() < 0.5:
        f = fim_split(take, rng)
        if f:
            toks = b.fim(f[0][-6000:], f[2][:1500], f[1])
            return toks if len(toks) <= SEQ else None
    toks = b.tok.encode("".join(take))[:SEQ - 1] + [b.eot]
    return toks


def build(split, docs_by_pkg, b, rng, per_file):
    out, starts, counts = [], [], {"repo": 0, "repo_member": 0, "path_only": 0, "long": 0}
    for pkg, docs in docs_by_pkg.items():
        files = {d["path"]: d["text"] for d in docs}
        files_lines = {p: t.splitlines(keepends=True) for p, t in files.items()}
        index = definitions(files_lines)
        for d in docs:
            if d["split"] != split:
                continue
            path, lines = d["path"], files_lines[d["path"]]
            if len(lines) < 8:
                continue
            imps = imports(files, path, d["text"])
            samples = []
            for _ in range(per_file):
                r = rng.random()
                if r < REPO_SHARE:
                    s = repo_sample(b, pkg, path, lines, files_lines, list(files), imps, rng, True, index)
                    kind = "repo"
                elif r < REPO_SHARE + 0.1:
                    s = repo_sample(b, pkg, path, lines, files_lines, list(files), imps, rng, False)
                    kind = "path_only"
                else:
                    s = long_sample(b, lines, rng)
                    kind = "long"
                if s:
                    samples.append(s)
                    counts[kind] += 1
            for s in samples:
                starts.append(len(out))
                out += s
    return np.array(out, dtype=np.uint16), np.array(starts, dtype=np.uint32), counts


def main():
    tok = Tokenizer()
    b = Builder(tok)
    rng = random.Random(2024)
    docs = [json.loads(l) for l in open(os.path.join(WORK, "corpus", "files.jsonl"))]
    by_pkg = {}
    for d in docs:
        by_pkg.setdefault(d["pkg"], []).append(d)
    os.makedirs(os.path.join(WORK, "data"), exist_ok=True)
    for split, per_file in (("val", 3), ("train", int(os.environ.get("PER_FILE", "4")))):
        arr, starts, counts = build(split, by_pkg, b, rng, per_file)
        arr.tofile(os.path.join(WORK, "data", f"{split}_{OUT}.bin"))
        starts.tofile(os.path.join(WORK, "data", f"{split}_{OUT}.starts"))
        print(split, {"tokens": int(arr.size), "samples": int(starts.size), **counts, "copy_cuts_so_far": COPY_SAMPLES[0]}, flush=True)


if __name__ == "__main__":
    main()
