#!/usr/bin/env python3
"""A copy curriculum: work/data/{train,val}_<OUT>.bin, .starts and .w (per-token loss weights).

usage: SEQ=512 TOKENS=6e6 W_COPY=4 W_NAME=5 OUT=copy512 prep_copy.py

The committed pair does not copy (copy_probe.py): it has no induction heads. Small transformers grow
them quickly when the data rewards copying strongly, so this stream mixes three kinds of samples of at
most SEQ tokens (the shares are environment variables):
- SYN_SHARE "repeat": a piece of real code with 1-MAX_SPANS (3) spans of SPAN (8-48) tokens (random
  vocabulary tokens, RAND_SHARE of them, or a run of real code from another file) inserted twice, the
  second copy later in the window;
- NAME_SHARE "name": a short repository-level sample in the engine's layout (prep_repo.py's cuts at a
  name that a chunk defines and the text above the cut never mentions), the defining chunk short and
  near, among 0-N_OTHERS (2) unrelated short chunks; INLINE of them put the chunks as plain code above the prefix
  instead (no header);
- the rest "code": plain or FIM pieces of single files, as prep.py makes them.
The .w file (uint8, one per token) is the loss weight of predicting that token: W_COPY on a repeated
span's second copy (after its first token), W_NAME on the middle of a "name" sample, 1 elsewhere
(train.py --weights 1).
"""
import json, os, random, sys
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bpe import Tokenizer
from prep import fim_split, pieces
from prep_repo import Builder, definitions, elsewhere_cuts, imports, member_cuts, split_at_cut, window

WORK = os.path.join(HERE, "work")
SEQ = int(os.environ.get("SEQ", "512"))
TOKENS = int(float(os.environ.get("TOKENS", "6e6")))
OUT = os.environ.get("OUT", f"copy{SEQ}")
SYN_SHARE = float(os.environ.get("SYN_SHARE", "0.35"))
NAME_SHARE = float(os.environ.get("NAME_SHARE", "0.35"))
INLINE = float(os.environ.get("INLINE", "0.3"))
W_COPY = int(os.environ.get("W_COPY", "3"))
W_NAME = int(os.environ.get("W_NAME", "3"))
RAND_SHARE = float(os.environ.get("RAND_SHARE", "0.4"))  # share of repeated spans made of random tokens
MAX_SPANS = int(os.environ.get("MAX_SPANS", "3"))
SPAN = tuple(map(int, os.environ.get("SPAN", "8-48").split("-")))  # span length range, tokens
N_OTHERS = int(os.environ.get("N_OTHERS", "2"))  # at most this many unrelated chunks in a "name" sample
VOCAB_HI = 4089  # ids below are bytes and merges; 4089-4095 are special tokens


def code_tokens(tok, text, rng, n):
    """About n tokens of text from a random line start."""
    lines = text.splitlines(keepends=True)
    s = rng.randrange(len(lines))
    chunk, size = [], 0
    for l in lines[s:]:
        chunk.append(l)
        size += len(l)
        if size > n * 4:
            break
    return tok.encode("".join(chunk))[:n]


def repeat_sample(tok, docs, rng):
    """Real code with spans inserted twice; weights on the second copies."""
    spans = []
    for _ in range(rng.randint(1, MAX_SPANS)):
        L = rng.randint(*SPAN)
        if rng.random() < RAND_SHARE:
            spans.append([rng.randrange(256, VOCAB_HI) for _ in range(L)])
        else:
            s = code_tokens(tok, rng.choice(docs)["text"], rng, L)
            if len(s) >= 6:
                spans.append(s)
    base = code_tokens(tok, rng.choice(docs)["text"], rng, SEQ - 2 * sum(map(len, spans)))
    if len(base) < 20 or not spans:
        return None
    # insertion points in base: first copies before second copies, in random order
    pts = sorted(rng.randrange(len(base) + 1) for _ in range(2 * len(spans)))
    order = list(range(len(spans)))
    rng.shuffle(order)
    firsts = order[:]
    seconds = order[:]
    rng.shuffle(seconds)
    # ensure each span's first copy comes before its second: firsts occupy the first half of the points
    events = [(p, k, 0) for p, k in zip(pts[:len(spans)], firsts)] + [(p, k, 1) for p, k in zip(pts[len(spans):], seconds)]
    toks, w, prev = [], [], 0
    for p, k, second in events:
        toks += base[prev:p]
        w += [1] * (p - prev)
        prev = p
        toks += spans[k]
        w += ([1] + [W_COPY] * (len(spans[k]) - 1)) if second else [1] * len(spans[k])
    toks += base[prev:]
    w += [1] * (len(base) - prev)
    return toks[:SEQ], w[:SEQ]


def name_sample(b, pkg, d, ctx, rng):
    """A short sample cut at a name that a near chunk defines; weights on the middle."""
    files, files_lines, index, pkg_files = ctx
    path, lines = d["path"], files_lines[d["path"]]
    imps = imports(files, path, d["text"])
    ns = [(local, target) for local, target, kind in imps if kind == "ns"]
    cuts = [(i, col, max(0, i - rng.randint(5, 40)), t, dl) for i, col, t, dl in member_cuts(lines, ns, files_lines)]
    if not cuts or rng.random() < 0.5:
        cuts += [(i, col, max(0, i - rng.randint(5, 40)), t, dl) for i, col, lo, t, dl in elsewhere_cuts(path, lines, index, rng)]
    if not cuts:
        return None
    i, col, lo, target, dline = rng.choice(cuts)
    chunks = [(target, window(files_lines[target], dline, rng, 8, 30))]
    hi = min(len(lines), i + 1 + rng.randint(0, 10))
    prefix, middle, suffix = split_at_cut(lines, i, col, lo, hi, rng)
    if not middle.strip():
        return None
    others = [p for p in pkg_files if p != path and p != target]
    for p in rng.sample(others, min(len(others), rng.randint(0, N_OTHERS))):
        tl = files_lines[p]
        chunks.append((p, window(tl, rng.randrange(max(1, len(tl))), rng, 8, 20)))
    rng.shuffle(chunks)
    inline = rng.random() < INLINE
    while True:
        if inline:
            head = []
            body = b.fim("".join(t if t.endswith("\n") else t + "\n" for _, t in chunks) + prefix, suffix, middle)
        else:
            head = b.header(pkg, chunks, path)
            body = b.fim(prefix, suffix, middle)
        if len(head) + len(body) <= SEQ:
            break
        drop = [k for k, c in enumerate(chunks) if c[0] != target]
        if not drop:
            return None
        chunks.pop(drop[0])
    toks = head + body
    m = len(toks) - 1 - toks[::-1].index(b.mid)
    return toks, [1] * (m + 1) + [W_NAME] * (len(toks) - m - 1)


def code_sample(b, d, rng):
    ps = list(pieces(d["text"], rng, 300, 1500))
    p = rng.choice(ps)
    f = fim_split(p, rng) if rng.random() < 0.5 else None
    toks = b.fim(*[f[0], f[2], f[1]]) if f else b.tok.encode("".join(p)) + [b.eot]
    toks = toks[:SEQ]
    return toks, [1] * len(toks)


def build(split, by_pkg, b, rng, budget):
    docs = [d for ds in by_pkg.values() for d in ds if d["split"] == split and d["text"].count("\n") >= 8]
    ctxs = {}
    stream = Stream(("repeat", "name", "code"))
    while len(stream) < budget:
        r = rng.random()
        if r < SYN_SHARE:
            kind, s = "repeat", repeat_sample(b.tok, docs, rng)
        elif r < SYN_SHARE + NAME_SHARE:
            d = rng.choice(docs)
            pkg = d["pkg"]
            if pkg not in ctxs:
                files = {x["path"]: x["text"] for x in by_pkg[pkg]}
                fl = {p: t.splitlines(keepends=True) for p, t in files.items()}
                ctxs[pkg] = (files, fl, definitions(fl), list(files))
            kind, s = "name", name_sample(b, pkg, d, ctxs[pkg], rng)
        else:
            kind, s = "code", code_sample(b, rng.choice(docs), rng)
        if s:
            stream.add(kind, s)
    return stream


class Stream:
    """Samples laid end to end: their tokens, per-token loss weights and start offsets, counted by kind."""

    def __init__(self, kinds):
        self.toks, self.wts, self.starts, self.counts = [], [], [], {k: 0 for k in kinds}

    def __len__(self):
        return len(self.toks)

    def add(self, kind, sample):
        self.starts.append(len(self.toks))
        self.toks += sample[0]
        self.wts += sample[1]
        self.counts[kind] += 1


def write_streams(build, seed, tokens, out):
    """Builds the val stream (200 k tokens) and the train stream (`tokens`) with build(split, docs by
    package, builder, rng, budget) -> Stream, and writes work/data/{split}_{out}.bin, .w and .starts."""
    b = Builder(Tokenizer())
    rng = random.Random(seed)
    by_pkg = {}
    for l in open(os.path.join(WORK, "corpus", "files.jsonl")):
        d = json.loads(l)
        by_pkg.setdefault(d["pkg"], []).append(d)
    for split, budget in (("val", 200_000), ("train", tokens)):
        stream = build(split, by_pkg, b, rng, budget)
        arr, w = np.array(stream.toks, dtype=np.uint16), np.array(stream.wts, dtype=np.uint8)
        base = os.path.join(WORK, "data", f"{split}_{out}")
        arr.tofile(base + ".bin")
        w.tofile(base + ".w")
        np.array(stream.starts, dtype=np.uint32).tofile(base + ".starts")
        print(split, {"tokens": int(arr.size), "samples": len(stream.starts), "weighted": int((w > 1).sum()), **stream.counts}, flush=True)


if __name__ == "__main__":
    write_streams(build, 7, TOKENS, OUT)
