#!/usr/bin/env python3
"""Check that a GGUF export computes what the PyTorch checkpoint computes.

usage: numerics.py CHECKPOINT GGUF

On a few held-out snippets (plain and FIM) it compares llama.cpp's tokenisation with the Python
tokenizer's, and llama.cpp's next-token distribution at every position with PyTorch's (fp32):
top-1 agreement, max |p - q| and max KL(p_torch || q_llama). A wrong q/k permutation shows up as
top-1 disagreements and KL far above 1e-3. Exit status 1 when the check fails.
"""
import json, os, subprocess, sys, tempfile
import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bpe import Tokenizer
from export_gguf import load

ROOT = os.path.dirname(os.path.dirname(HERE))


def main():
    ckpt, gguf = sys.argv[1], os.path.abspath(sys.argv[2])
    torch.set_num_threads(1)
    tok = Tokenizer()
    model = load(ckpt).eval()
    docs = [json.loads(l) for l in open(os.path.join(HERE, "work", "corpus", "files.jsonl"))]
    val = [d["text"] for d in docs if d["split"] == "val"][:3]
    sp = tok.special
    samples = [{"text": t[:700], "ids": tok.encode(t[:700])} for t in val]
    t = val[0]
    pre, mid, suf = t[:300], t[300:340], t[340:600]
    samples.append({"text": pre, "ids": [sp["<|fim_prefix|>"]] + tok.encode(pre) + [sp["<|fim_suffix|>"]] + tok.encode(suf)
                    + [sp["<|fim_middle|>"]] + tok.encode(mid)})
    with tempfile.TemporaryDirectory() as d:
        inp, outp = os.path.join(d, "in.json"), os.path.join(d, "out.json")
        json.dump({"gguf": gguf, "samples": samples}, open(inp, "w"))
        subprocess.run(["node", os.path.join(HERE, "numerics.mjs"), inp, outp], check=True, cwd=ROOT)
        res = json.load(open(outp))["samples"]
    ok = True
    agree = total = 0
    max_kl = max_diff = 0.0
    for s, r in zip(samples, res):
        same_tok = r["llamaIds"] == tok.encode(s["text"])
        ok &= same_tok
        with torch.no_grad():
            p = torch.softmax(model(torch.tensor([s["ids"]])).float()[0], -1).numpy()
        q = np.array(r["probs"], dtype=np.float64)
        agree += int((p.argmax(-1) == q.argmax(-1)).sum())
        total += len(s["ids"])
        max_diff = max(max_diff, float(np.abs(p - q).max()))
        kl = (p * (np.log(np.maximum(p, 1e-12)) - np.log(np.maximum(q, 1e-12)))).sum(-1)
        max_kl = max(max_kl, float(kl.max()))
        print(f"{len(s['ids'])} tokens, tokenisation identical: {same_tok}")
    print(f"top-1 agreement {agree}/{total}, max |p-q| {max_diff:.2e}, max KL {max_kl:.2e}")
    ok &= max_kl < 1e-2 and agree >= total - 2
    print("OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
