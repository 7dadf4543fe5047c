#!/usr/bin/env python3
"""Cross-file samples shaped as the editor sends them: work/data/{train,val}_<OUT>.bin, .starts, .w.

usage: SEQ=2048 TOKENS=8e6 OUT=xfile2048 [SEED=11] prep_xfile.py   (another SEED draws other samples)

The copy curriculum (prep_copy.py) taught the large model to finish a name from the context; choosing
the name is what it lacks. These samples are the cross-file task itself, drawn from the training
packages with the dev cross-file set's own site finder (tools/crossfile/make_crossfile_set.py): a
line whose rest starts with a name bound by an import of another file of the package (`mod.name`, or
a name imported by name), that the kept prefix and suffix never mention, with the defining file's
chunk among unrelated chunks of the package. They are laid out as the engine lays them out:
  <|repo_name|>pkg\\n (<|file_sep|>path\\n chunk)* <|file_sep|>path\\n
  <|fim_prefix|>lines above<|fim_suffix|>suffix<|fim_middle|>typed part | rest of the line<|endoftext|>
with the typed part tokenized on its own (as the engine does), the context block cut to CTX_TOKENS
from its oldest end, and the prefix bounded in characters as the dev sets bound it (sometimes longer).

Kinds (shares are environment variables):
- XF_SHARE "xfile": the above; NOCTX of them without the context block (the model must still guess
  without it), LOOSE of them without the rule that the prefix never mentions the name;
- REP_SHARE "repeat": prep_copy.py's random and code repeats, spread over the whole window;
- the rest "code": long single-file pieces, plain or FIM, without a header (prep_repo.py).
MAX_OTHERS bounds the unrelated chunks and PREFIX_CHARS lists the prefix bounds drawn from: fewer and
shorter make more choices per token trained.
HEAL=1 lays the typed part out healed, as the engine sends it (src/engine/tokenHealing.ts): its last
token is taken back (of a run of blanks, the last character), and the middle is the tokens of that
text plus the rest (` =`, ` ` and `NO` become ` =` and ` NO`: the name as the context block spells it).
Weights (.w, one byte per token): W_FIRST on the rest's first token (the choice of the name), W_MID on
its other tokens (W_NAME on those that spell the rest of the name, W_MID by default), W_COPY on a
repeat's second copy, 1 elsewhere.
"""
import os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "tools", "crossfile"))
from make_crossfile_set import candidates, defining_chunk, unrelated_chunks, word
from make_dev_set import usable
from prep_copy import repeat_sample, SEQ, Stream, write_streams
from prep_repo import Builder, long_sample

TOKENS = int(float(os.environ.get("TOKENS", "8e6")))
OUT = os.environ.get("OUT", f"xfile{SEQ}")
XF_SHARE = float(os.environ.get("XF_SHARE", "0.6"))
REP_SHARE = float(os.environ.get("REP_SHARE", "0.15"))
NOCTX = float(os.environ.get("NOCTX", "0.15"))
LOOSE = float(os.environ.get("LOOSE", "0.15"))
W_FIRST = int(os.environ.get("W_FIRST", "10"))
W_MID = int(os.environ.get("W_MID", "3"))
W_NAME = int(os.environ.get("W_NAME", "0")) or W_MID  # the name's tokens after the first (its copy); default W_MID
HEAL = os.environ.get("HEAL", "0") == "1"  # the engine's token healing: the typed part's last token is taken back
MAX_OTHERS = int(os.environ.get("MAX_OTHERS", "4"))  # unrelated chunks beside the defining one: 0..MAX_OTHERS
PREFIX_CHARS = tuple(map(int, os.environ.get("PREFIX_CHARS", "900,900,1500,2500").split(",")))  # the dev sets keep 900; the editor may keep more
CTX_TOKENS = int(os.environ.get("CTX_TOKENS", str(SEQ // 2)))  # the engine's context share of the budget
SUFFIX_CHARS = (300, 300, 600)
MAX_FILE_CHARS = 200_000


def bound(text, n, front):
    """The last (front) or first n characters of text, cut at a line boundary."""
    if len(text) <= n:
        return text
    if front:
        cut = text.find("\n", len(text) - n)
        return text[cut + 1:] if cut >= 0 else text[-n:]
    cut = text.rfind("\n", 0, n)
    return text[:cut + 1] if cut > 0 else text[:n]


def context_block(b, pkg, chunks, path):
    """The engine's block: newest chunks whole, the oldest one kept cut from its front to fit."""
    enc = b.tok.encode
    tail = [b.sep] + enc(path + "\n")
    room = CTX_TOKENS - 1 - len(enc(pkg + "\n")) - len(tail)
    kept = []
    for c in reversed(chunks):
        name = [b.sep] + enc(c["path"] + "\n")
        lines = c["text"].splitlines(keepends=True)
        while lines:
            toks = name + enc("".join(lines) if lines[-1].endswith("\n") else "".join(lines) + "\n")
            if len(toks) <= room:
                break
            lines = lines[1:]
        if not lines:
            break
        kept.insert(0, toks)
        room -= len(toks)
    return [b.rep] + enc(pkg + "\n") + [t for k in kept for t in k] + tail


def heal(tok, typed, rest, mid):
    """(typed, middle) as the engine's token healing (src/engine/tokenHealing.ts) sends them, where the
    model writes the rest as it tokenizes: the last typed token is taken back (of a run of blanks, the
    last character) and the middle's first token starts with its text. Where no such first token is
    natural, the model writes the taken-back token again: the same sequence as unhealed."""
    t = tok.decode(typed[-1:])
    if len(t) > 1 and re.fullmatch(r"[ \t]+", t) and len(tok.encode(t[-1])) == 1:
        return typed[:-1] + tok.encode(t[:-1]), tok.encode(t[-1] + rest)
    healed = tok.encode(t + rest)
    if healed[0] != typed[-1] and tok.decode(healed[:1]).startswith(t):
        return typed[:-1], healed
    return typed, mid


def xfile_sample(b, pkg, files, rel, site, rng):
    shape, name, at, line, target, def_line = site
    text = files[rel]
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    prefix = bound(text[:at], rng.choice(PREFIX_CHARS), True)
    suffix = bound(text[end:], rng.choice(SUFFIX_CHARS), False)
    rest = text[at:end]
    loose = rng.random() < LOOSE
    if len(rest.strip()) < 3 or (not loose and (word(name).search(prefix) or word(name).search(suffix))):
        return None
    ls = prefix.rfind("\n") + 1
    enc = b.tok.encode
    typed = enc(prefix[ls:]) if prefix[ls:] else []
    mid = enc(rest)
    if HEAL and typed:
        typed, mid = heal(b.tok, typed, rest, mid)
    if len(typed) > 128:
        return None
    body = [b.pre] + enc(prefix[:ls]) + [b.suf] + enc(suffix) + [b.mid] + typed + mid + [b.eot]
    head = []
    if rng.random() >= NOCTX:
        chunk = defining_chunk(files[target], def_line, rng)
        if chunk is None:
            return None
        others = unrelated_chunks(files, {rel, target}, name, rng.randint(0, MAX_OTHERS), rng)
        k = rng.randint(1, len(others) - 1) if len(others) >= 2 and rng.random() < 0.5 else len(others)
        head = context_block(b, pkg, others[:k] + [{"path": target, "text": chunk}] + others[k:], rel)
    toks = head + body
    if len(toks) > SEQ:
        return None
    start = len(toks) - 1 - len(mid)
    # The name's own tokens: the middle's first ones, up to the name's end (after a healed text).
    at = b.tok.decode(mid).find(name)
    end = at + len(name) if 0 <= at <= 3 else 0
    named = next((k for k in range(1, len(mid) + 1) if len(b.tok.decode(mid[:k])) >= end), len(mid))
    return toks, [1] * start + [W_FIRST] + [W_NAME] * (named - 1) + [W_MID] * (len(mid) - named) + [1]


def package_sites(docs, split, rng):
    """{pkg: (files, [(rel, site)])} of a split's files: paths relative to the package, as the editor names them."""
    out = {}
    for pkg, ds in docs.items():
        files = {}
        for d in ds:
            rel = d["path"][len(pkg) + 1:] if d["path"].startswith(pkg + "/") else d["path"]
            files[rel] = d["text"]
        mine = [d["path"][len(pkg) + 1:] if d["path"].startswith(pkg + "/") else d["path"] for d in ds if d["split"] == split]
        sites = []
        for rel in mine:
            t = files[rel]
            if len(t) > MAX_FILE_CHARS or not usable(t):
                continue
            sites += [(rel, s) for s in candidates(files, rel, t)]
        if sites:
            out[pkg] = (files, sites)
    return out


def build(split, docs, b, rng, budget):
    sites = package_sites(docs, split, rng)
    pkgs = sorted(sites)
    flat = [d for ds in docs.values() for d in ds if d["split"] == split and d["text"].count("\n") >= 8]
    stream = Stream(("xfile", "repeat", "code"))
    while len(stream) < budget:
        r = rng.random()
        if r < XF_SHARE and pkgs:
            pkg = rng.choice(pkgs)
            files, ss = sites[pkg]
            rel, site = rng.choice(ss)
            kind, s = "xfile", xfile_sample(b, pkg, files, rel, site, rng)
        elif r < XF_SHARE + REP_SHARE:
            kind, s = "repeat", repeat_sample(b.tok, flat, rng)
        else:
            t = long_sample(b, rng.choice(flat)["text"].splitlines(keepends=True), rng)
            kind, s = "code", (t[:SEQ], [1] * len(t[:SEQ])) if t else None
        if s:
            stream.add(kind, s)
    stream.counts.update(sites=sum(len(s[1]) for s in sites.values()), packages=len(pkgs))
    return stream


if __name__ == "__main__":
    write_streams(build, int(os.environ.get("SEED", "11")), TOKENS, OUT)
