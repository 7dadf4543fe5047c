#!/usr/bin/env python3
"""Tokenise the corpus into work/data/{train,val}.bin (uint16 token streams).

Each file is split at line boundaries into 300-2,000 character pieces. About half of the pieces
become fill-in-the-middle samples in prefix-suffix-middle order,
    <|fim_prefix|> prefix <|fim_suffix|> suffix <|fim_middle|> middle <|endoftext|>
cut the way an editor asks: either mid-line at a pre-token boundary with the middle running to the
end of that line (sometimes one more line), or a span of one to four whole lines. The other pieces
stay plain text, and a file ends with <|endoftext|>.
"""
import json, os, random, sys
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bpe import Tokenizer, PRETOKENIZE

WORK = os.path.join(HERE, "work")


def pieces(text, rng, lo=300, hi=2000):
    """Splits a file at line boundaries into pieces of lo..hi characters."""
    lines = text.splitlines(keepends=True)
    cur, size, target = [], 0, rng.randint(lo, hi)
    for l in lines:
        cur.append(l)
        size += len(l)
        if size >= target:
            yield cur
            cur, size, target = [], 0, rng.randint(lo, hi)
    if cur:
        yield cur


def fim_split(lines, rng):
    """Return (prefix, middle, suffix) strings or None."""
    n = len(lines)
    if n < 3:
        return None
    if rng.random() < 0.5:
        # line completion: cut inside a non-blank line at a pre-token boundary
        cands = [i for i in range(n) if len(lines[i].strip()) >= 4]
        if not cands:
            return None
        i = rng.choice(cands)
        line = lines[i]
        stops = [m.start() for m in PRETOKENIZE.finditer(line.rstrip("\n"))]
        ind = len(line) - len(line.lstrip())
        stops = [s for s in stops if s >= ind]
        if not stops:
            return None
        cut = rng.choice(stops)
        end = i + 1 + (1 if rng.random() < 0.2 and i + 1 < n else 0)
        prefix = "".join(lines[:i]) + line[:cut]
        middle = line[cut:] + "".join(lines[i + 1:end])
        suffix = "".join(lines[end:])
    else:
        k = rng.randint(1, min(4, n - 1))
        i = rng.randint(0, n - k)
        prefix = "".join(lines[:i])
        middle = "".join(lines[i:i + k])
        suffix = "".join(lines[i + k:])
    if not middle.strip():
        return None
    return prefix, middle, suffix


def build(docs, tok, rng):
    sp = tok.special
    eot, pre, suf, mid = sp["<|endoftext|>"], sp["<|fim_prefix|>"], sp["<|fim_suffix|>"], sp["<|fim_middle|>"]
    out = []
    n_fim = n_plain = 0
    for d in docs:
        for p in pieces(d["text"], rng):
            f = fim_split(p, rng) if rng.random() < 0.5 else None
            if f:
                a, m, b = f
                out += [pre] + tok.encode(a) + [suf] + tok.encode(b) + [mid] + tok.encode(m) + [eot]
                n_fim += 1
            else:
                out += tok.encode("".join(p))
                n_plain += 1
        out.append(eot)
    return np.array(out, dtype=np.uint16), n_fim, n_plain


def main():
    tok = Tokenizer()
    rng = random.Random(1234)
    docs = [json.loads(l) for l in open(os.path.join(WORK, "corpus", "files.jsonl"))]
    os.makedirs(os.path.join(WORK, "data"), exist_ok=True)
    stats = {}
    for split in ("val", "train"):
        part = [d for d in docs if d["split"] == split]
        rng.shuffle(part)
        arr, n_fim, n_plain = build(part, tok, rng)
        arr.tofile(os.path.join(WORK, "data", f"{split}.bin"))
        chars = sum(len(d["text"]) for d in part)
        stats[split] = {"files": len(part), "chars": chars, "tokens": int(arr.size), "fim_samples": n_fim, "plain_pieces": n_plain}
        print(split, stats[split], flush=True)
    json.dump(stats, open(os.path.join(WORK, "data", "stats.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
