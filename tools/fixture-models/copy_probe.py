#!/usr/bin/env python3
"""Does a checkpoint copy names from the context? A probe on the cross-file dev set.

usage: copy_probe.py CHECKPOINT [CHECKPOINT ...] [--every K] [--far]

For every K-th task of bench/tasks/dev-crossfile.jsonl, the mean -log p (nats) of the tokens of the
task's `identifier` after its prompt, in three layouts:
- with: the engine's repository-level layout (<|repo_name|>, <|file_sep|> chunks, the file's path,
  then the FIM prompt with the line's typed part after <|fim_middle|>);
- without: the FIM prompt alone;
- inline: the chunks' text as plain code just above the prefix (copying at a short distance, in the
  format the pair was first trained on).
"later" is the mean over the name's tokens after its first: a model that copies finds them easy once
the name has begun. top-1 counts tasks whose first identifier token is the model's first choice.
"repeat" is the classic induction test, independent of code: the mean -log p of the second copy of
16 random 64-token sequences (ids 256-4088) after their first copy, tokens 2-64 (ln 3833 = 8.25 is
a uniform guess; a model with induction heads gets close to 0). --far also prints it against the
distance between the copies: 8 random 32-token sequences, held-out code (work/data/val.bin, prep.py)
of F tokens around the first copy (a quarter before it), then the second copy: distance 32 + 3F/4.
"""
import argparse, json, os, sys
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import LM
from bpe import Tokenizer

ROOT = os.path.dirname(os.path.dirname(HERE))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("checkpoints", nargs="+")
    ap.add_argument("--every", type=int, default=4)
    ap.add_argument("--far", action="store_true", help="also the random-repeat loss against the copies' distance")
    ap.add_argument("--tasks", default=os.path.join(ROOT, "bench", "tasks", "dev-crossfile.jsonl"))
    args = ap.parse_args()
    torch.set_num_threads(1)
    tok = Tokenizer()
    sp = tok.special
    tasks = [json.loads(l) for l in open(args.tasks)][::args.every]

    def body(t, extra=""):
        pre = t["prefix"]
        ls = pre.rfind("\n") + 1
        return ([sp["<|fim_prefix|>"]] + tok.encode(extra + pre[:ls])[-1500:] + [sp["<|fim_suffix|>"]]
                + tok.encode(t["suffix"])[:200] + [sp["<|fim_middle|>"]] + tok.encode(pre[ls:]))

    def header(t):
        out = [sp["<|repo_name|>"]] + tok.encode(t["source"].split("@")[0].split("/")[0] + "\n")
        for c in t["context"]:
            out += [sp["<|file_sep|>"]] + tok.encode(c["path"] + "\n") + tok.encode(c["text"] if c["text"].endswith("\n") else c["text"] + "\n")
        return out + [sp["<|file_sep|>"]] + tok.encode(t["path"] + "\n")

    layouts = {
        "with": lambda t: header(t) + body(t),
        "without": body,
        "inline": lambda t: body(t, "".join(c["text"] if c["text"].endswith("\n") else c["text"] + "\n" for c in t["context"])),
    }
    for ck in args.checkpoints:
        d = torch.load(ck, map_location="cpu")
        m = LM(d["name"], 2048)
        m.load_state_dict(d["model"])
        m.eval()
        g = torch.Generator().manual_seed(0)
        seqs = torch.randint(256, 4089, (16, 64), generator=g)
        with torch.no_grad():
            lp = F.log_softmax(m(torch.cat([seqs, seqs], 1))[:, 64:-1].float(), -1)
        res = {"repeat": round(-lp.gather(-1, seqs[:, 1:, None]).mean().item(), 3)}
        if args.far:
            import numpy as np
            val = torch.from_numpy(np.fromfile(os.path.join(HERE, "work", "data", "val.bin"), dtype=np.uint16).astype(np.int64))
            seqs = seqs[:8, :32]
            far = {}
            for f in (200, 450, 800, 1400):
                fill = torch.stack([val[1000 + i * 3000:1000 + i * 3000 + f] for i in range(8)])
                with torch.no_grad():
                    lp = F.log_softmax(m(torch.cat([fill[:, :f // 4], seqs, fill[:, f // 4:], seqs], 1))[:, -32:-1].float(), -1)
                far[32 + 3 * f // 4] = round(-lp.gather(-1, seqs[:, 1:, None]).mean().item(), 2)
            res["repeat_at_distance"] = far
        for name, make in layouts.items():
            mean = later = top1 = n_later = 0
            for t in tasks:
                target = tok.encode(t["identifier"])
                ids = torch.tensor([(make(t) + target)[-2048:]])
                with torch.no_grad():
                    lp = F.log_softmax(m(ids)[0].float(), -1)
                s = ids.shape[1] - len(target) - 1
                nll = [-lp[s + i, ids[0, s + i + 1]].item() for i in range(len(target))]
                mean += sum(nll) / len(nll)
                top1 += int(lp[s].argmax().item() == target[0])
                if len(nll) > 1:
                    later += sum(nll[1:]) / (len(nll) - 1)
                    n_later += 1
            res[name] = {"nll": round(mean / len(tasks), 3), "later": round(later / max(1, n_later), 3), "top1": f"{top1}/{len(tasks)}"}
        print(ck, json.dumps(res), flush=True)


if __name__ == "__main__":
    main()
