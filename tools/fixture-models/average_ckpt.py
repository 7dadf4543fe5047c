#!/usr/bin/env python3
"""Averages the weights of checkpoints of one model (the same shapes) into a new checkpoint.

usage: average_ckpt.py OUT.pt A.pt B.pt [C.pt ...]

Consecutive checkpoints of one run sit on either side of a valley; their mean is often lower than each,
and steadier than any one of them when a measure flips on near ties (the greedy identifier hit does).
The result keeps the last checkpoint's other fields, without the optimizer state.
"""
import sys

import torch


def main():
    out, paths = sys.argv[1], sys.argv[2:]
    if len(paths) < 2:
        sys.exit("usage: average_ckpt.py OUT.pt A.pt B.pt [C.pt ...]")
    ckpts = [torch.load(p, map_location="cpu", weights_only=False) for p in paths]
    keys = ckpts[0]["model"].keys()
    for p, c in zip(paths, ckpts):
        if c["model"].keys() != keys or c["name"] != ckpts[0]["name"]:
            sys.exit(f"{p} is not a checkpoint of the same model as {paths[0]}")
    mean = {k: sum(c["model"][k].float() for c in ckpts) / len(ckpts) for k in keys}
    merged = {k: v for k, v in ckpts[-1].items() if k != "opt"}
    merged["model"] = {k: mean[k].to(ckpts[0]["model"][k].dtype) for k in keys}
    merged["averaged"] = paths
    torch.save(merged, out)
    print(f"wrote {out}: the mean of {len(paths)} checkpoints")


if __name__ == "__main__":
    main()
