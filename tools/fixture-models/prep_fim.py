#!/usr/bin/env python3
"""A fill-in-the-middle-heavy token stream, work/data/train_fim.bin, for the large model's last stretch.

prep.py makes about half of its pieces FIM samples, and only half of those are the mid-line
completions an editor asks for most. Trained on it, both models continued plain code well but were
poor at completing a line after <|fim_middle|> (dev-set loss on references far above plain held-out
loss). Here pieces are shorter (200-1,200 characters) and 85 % of them become FIM samples, two thirds
of those cut mid-line, so the same tokens hold about 2.7x as many editor-shaped samples. Same training
files (never the dev-eval packages), same tokenizer, same sample format as prep.py.
"""
import json, os, random, sys
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import prep
from bpe import Tokenizer

FIM_RATE = 0.85
LINE_CUT_RATE = 0.65


class LineCutBias:
    """prep.fim_split's first random() draw chooses a mid-line cut when below 0.5: bias that draw."""

    def __init__(self, rng):
        self.rng = rng
        self.first = True

    def random(self):
        if self.first:
            self.first = False
            return 0.0 if self.rng.random() < LINE_CUT_RATE else 0.99
        return self.rng.random()

    def __getattr__(self, name):
        return getattr(self.rng, name)


def main():
    tok = Tokenizer()
    rng = random.Random(4321)
    sp = tok.special
    pre, suf, mid, eot = sp["<|fim_prefix|>"], sp["<|fim_suffix|>"], sp["<|fim_middle|>"], sp["<|endoftext|>"]
    docs = [json.loads(l) for l in open(os.path.join(prep.WORK, "corpus", "files.jsonl"))]
    docs = [d for d in docs if d["split"] == "train"]
    rng.shuffle(docs)
    out, n_fim, n_plain = [], 0, 0
    for d in docs:
        for p in prep.pieces(d["text"], rng, 200, 1200):
            f = prep.fim_split(p, LineCutBias(rng)) if rng.random() < FIM_RATE else None
            if f:
                a, m, b = f
                out += [pre] + tok.encode(a) + [suf] + tok.encode(b) + [mid] + tok.encode(m) + [eot]
                n_fim += 1
            else:
                out += tok.encode("".join(p))
                n_plain += 1
        out.append(eot)
    arr = np.array(out, dtype=np.uint16)
    arr.tofile(os.path.join(prep.WORK, "data", "train_fim.bin"))
    print(json.dumps({"tokens": int(arr.size), "fim_samples": n_fim, "plain_pieces": n_plain}), flush=True)


if __name__ == "__main__":
    main()
