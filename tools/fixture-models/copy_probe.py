#!/usr/bin/env python3
"""Does a checkpoint copy names from the context? A probe on the cross-file dev set.

usage: copy_probe.py CHECKPOINT [CHECKPOINT ...] [--every K] [--name small|large]

For every K-th task of bench/tasks/dev-crossfile.jsonl, the mean -log p (nats) of the tokens of the
task's `identifier` after its prompt, in three layouts:
- with: the engine's repository-level layout (<|repo_name|>, <|file_sep|> chunks, the file's path,
  then the FIM prompt with the line's typed part after <|fim_middle|>);
- without: the FIM prompt alone;
- inline: the chunks' text as plain code just above the prefix (copying at a short distance, in the
  format the pair was first trained on).
"later" is the mean over the name's tokens after its first: a model that copies finds them easy once
the name has begun. top-1 counts tasks whose first identifier token is the model's first choice.
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
        res = {}
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
