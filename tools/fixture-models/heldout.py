#!/usr/bin/env python3
"""Held-out loss of a checkpoint and of its GGUF on work/data/val.bin (files never trained on).

usage: heldout.py CHECKPOINT GGUF [N_WINDOWS]

PyTorch (fp32) and llama.cpp score the same N_WINDOWS (default 24) windows of 512 tokens taken at
fixed offsets, so the two means are directly comparable (mean nats per predicted token).
"""
import json, os, subprocess, sys, tempfile
import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from export_gguf import load

ROOT = os.path.dirname(os.path.dirname(HERE))


def main():
    ckpt, gguf = sys.argv[1], os.path.abspath(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 24
    torch.set_num_threads(1)
    val = np.fromfile(os.path.join(HERE, "work", "data", "val.bin"), dtype=np.uint16).astype(np.int64)
    starts = np.linspace(0, val.size - 513, n).astype(int)
    windows = [val[s:s + 512] for s in starts]
    model = load(ckpt).eval()
    tot = 0.0
    with torch.no_grad():
        for w in windows:
            x = torch.from_numpy(w)[None]
            tot += F.cross_entropy(model(x[:, :-1]).float()[0], x[0, 1:], reduction="sum").item()
    count = n * 511
    with tempfile.TemporaryDirectory() as d:
        inp, outp = os.path.join(d, "in.json"), os.path.join(d, "out.json")
        json.dump({"gguf": gguf, "windows": [w.tolist() for w in windows]}, open(inp, "w"))
        subprocess.run(["node", os.path.join(HERE, "heldout.mjs"), inp, outp], check=True, cwd=ROOT)
        llama = sum(json.load(open(outp))["nll"])
    print(json.dumps({"checkpoint": ckpt, "tokens": count, "pytorch": tot / count, "llama_cpp": llama / count}))


if __name__ == "__main__":
    main()
