#!/usr/bin/env python3
"""Byte-level BPE tokenizer with the Qwen2 pre-tokenizer and Qwen2.5-Coder special tokens.

`python3 bpe.py train` learns merges on a sample of the training split and writes
work/tokenizer.json: {"tokens": [...], "merges": [...], "special": {...}}. Token texts use the
GPT-2 byte-to-unicode mapping, as GGUF `tokenizer.ggml.model = gpt2` expects. Ids 0-255 are the
single bytes, then one id per merge, then the special tokens (4,096 entries in all).
"""
import collections, json, os, random, sys
import regex

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "work")
TOKENIZER = os.path.join(WORK, "tokenizer.json")

VOCAB_SIZE = 4096
SPECIALS = ["<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>",
            "<|repo_name|>", "<|file_sep|>"]
# Qwen2's pre-tokenizer (llama.cpp: tokenizer.ggml.pre = "qwen2")
PRETOKENIZE = regex.compile(
    r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+""")


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


BYTE_TO_CHAR = bytes_to_unicode()


def train(texts):
    n_merges = VOCAB_SIZE - 256 - len(SPECIALS)
    counts = collections.Counter()
    for t in texts:
        counts.update(PRETOKENIZE.findall(t))
    words = [list(w.encode("utf-8")) for w in counts]
    freqs = list(counts.values())
    print(f"{len(words)} distinct pre-tokens", file=sys.stderr)
    pair_counts = collections.Counter()
    where = collections.defaultdict(set)
    for i, w in enumerate(words):
        for a, b in zip(w, w[1:]):
            pair_counts[(a, b)] += freqs[i]
            where[(a, b)].add(i)
    token_bytes = [bytes([b]) for b in range(256)]
    merges = []
    for m in range(n_merges):
        if not pair_counts:
            break
        best = max(pair_counts.items(), key=lambda kv: (kv[1], -kv[0][0], -kv[0][1]))[0]
        new_id = len(token_bytes)
        token_bytes.append(token_bytes[best[0]] + token_bytes[best[1]])
        merges.append(best)
        for i in list(where[best]):
            w = words[i]
            f = freqs[i]
            for a, b in zip(w, w[1:]):
                pair_counts[(a, b)] -= f
                if pair_counts[(a, b)] <= 0:
                    del pair_counts[(a, b)]
                where[(a, b)].discard(i)
            out = []
            j = 0
            while j < len(w):
                if j + 1 < len(w) and w[j] == best[0] and w[j + 1] == best[1]:
                    out.append(new_id)
                    j += 2
                else:
                    out.append(w[j])
                    j += 1
            words[i] = out
            for a, b in zip(out, out[1:]):
                pair_counts[(a, b)] += f
                where[(a, b)].add(i)
        where.pop(best, None)
        if m % 500 == 0:
            print(f"merge {m}: {token_bytes[-1]!r}", file=sys.stderr)
    to_text = lambda bs: "".join(BYTE_TO_CHAR[b] for b in bs)
    tokens = [to_text(b) for b in token_bytes] + SPECIALS
    merge_texts = [to_text(token_bytes[a]) + " " + to_text(token_bytes[b]) for a, b in merges]
    special = {s: len(token_bytes) + k for k, s in enumerate(SPECIALS)}
    return {"tokens": tokens, "merges": merge_texts, "special": special}


class Tokenizer:
    def __init__(self, path=TOKENIZER):
        d = json.load(open(path))
        self.tokens = d["tokens"]
        self.special = d["special"]
        self.n_vocab = len(self.tokens)
        char_to_byte = {c: b for b, c in BYTE_TO_CHAR.items()}
        self.token_bytes = [bytes(char_to_byte[c] for c in t) if t not in self.special else t.encode() for t in self.tokens]
        self.rank = {}
        for r, m in enumerate(d["merges"]):
            a, b = m.split(" ")
            self.rank[(a, b)] = r
        self.text_to_id = {t: i for i, t in enumerate(self.tokens)}
        self.cache = {}

    def _word(self, w):
        ids = self.cache.get(w)
        if ids is not None:
            return ids
        parts = [BYTE_TO_CHAR[b] for b in w.encode("utf-8")]
        while len(parts) > 1:
            best = None
            for k in range(len(parts) - 1):
                r = self.rank.get((parts[k], parts[k + 1]))
                if r is not None and (best is None or r < best[0]):
                    best = (r, k)
            if best is None:
                break
            k = best[1]
            parts[k:k + 2] = [parts[k] + parts[k + 1]]
        ids = [self.text_to_id[p] for p in parts]
        if len(self.cache) < 2_000_000:
            self.cache[w] = ids
        return ids

    def encode(self, text):
        out = []
        for w in PRETOKENIZE.findall(text):
            out.extend(self._word(w))
        return out

    def decode(self, ids):
        return b"".join(self.token_bytes[i] for i in ids).decode("utf-8", errors="replace")


def main():
    if sys.argv[1:] != ["train"]:
        print(__doc__)
        return
    random.seed(0)
    docs = [json.loads(l) for l in open(os.path.join(WORK, "corpus", "files.jsonl"))]
    docs = [d for d in docs if d["split"] == "train"]
    random.shuffle(docs)
    sample, size = [], 0
    for d in docs:
        sample.append(d["text"][:60000])
        size += len(sample[-1])
        if size > 8_000_000:
            break
    tok = train(sample)
    json.dump(tok, open(TOKENIZER, "w"), ensure_ascii=False)
    print(f"wrote {TOKENIZER}: {len(tok['tokens'])} tokens", file=sys.stderr)


if __name__ == "__main__":
    main()
