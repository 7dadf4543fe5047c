#!/usr/bin/env python3
"""Train one model of the pair on work/data/train.bin, resumable.

usage: train.py small|large --threads N --minutes M [--lr X] [--deadline HH:MM]
       [--ckpt-name NAME] [--weights 1 --copy-val val_copy512.bin]  (prep_copy.py's curriculum)

The learning rate warms up for 100 steps and then follows a cosine over the *time* budget
(--minutes of training time, summed across restarts), down to 10 %. Every --ckpt-minutes it
measures the held-out loss on work/data/val.bin and writes work/ckpt/<name>/last.pt, and best.pt
when the held-out loss improved. A restart with the same arguments resumes from last.pt.
Training stops when the budget is spent or at the --deadline (UTC), whichever comes first.
With --threads 2 the trainer keeps measuring 1 against 2 threads (a few steps of each every 60
steps) and uses the faster: on cores shared with other processes, 1 thread is often faster.
On a machine with a CUDA GPU it trains there (--device cpu keeps it on the CPU); checkpoints are
written with CPU tensors either way, so a run can move between machines and resume.
"""
import argparse, datetime, math, os, sys, time

# Sleeping (not spinning) OpenMP workers: on cores shared with other work, spinning threads
# waiting at barriers made 2-thread training 2x slower than 1 thread.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("GOMP_SPINCOUNT", "0")
import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import LM

WORK = os.path.join(HERE, "work")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("name")
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--minutes", type=float, required=True)
    ap.add_argument("--lr", type=float, default=None)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seq", type=int, default=512)
    ap.add_argument("--ckpt-minutes", type=float, default=5)
    ap.add_argument("--deadline", default=None, help="UTC HH:MM to stop at")
    ap.add_argument("--bf16", type=int, default=1)
    ap.add_argument("--device", default=None, help="cpu or cuda (default: cuda where there is one)")
    ap.add_argument("--until", type=float, default=None,
                    help="stop after this many minutes of training (the schedule still spans --minutes)")
    ap.add_argument("--data", default="train.bin", help="token stream under work/data/ (prep.py, prep_fim.py, prep_repo.py)")
    ap.add_argument("--val", default="val.bin", help="held-out token stream under work/data/")
    ap.add_argument("--starts", type=int, default=0,
                    help="1: windows start at the sample starts listed in DATA's .starts file (prep_repo.py)")
    ap.add_argument("--init", default=None, help="weights to start from (from_gguf.py) when there is no last.pt")
    ap.add_argument("--ckpt-name", default=None, help="checkpoint folder under work/ckpt/ (default: the model's name)")
    ap.add_argument("--keep-every", type=int, default=0, help="1: also keep each check's checkpoint as step<N>.pt")
    ap.add_argument("--weights", type=int, default=0,
                    help="1: per-token loss weights from DATA's .w file (prep_copy.py); the loss is sum(w * nll) / tokens")
    ap.add_argument("--copy-val", default=None,
                    help="a prep_copy.py held-out stream: each check also prints the mean loss of its tokens of weight > 1, per weight")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    lr_max = args.lr or (3e-3 if args.name == "small" else 1.5e-3)
    ckdir = os.path.join(WORK, "ckpt", args.ckpt_name or args.name)
    os.makedirs(ckdir, exist_ok=True)
    deadline = None
    if args.deadline:
        hh, mm = map(int, args.deadline.split(":"))
        now = datetime.datetime.now(datetime.timezone.utc)
        deadline = now.replace(hour=hh, minute=mm, second=0, microsecond=0)
        if deadline < now - datetime.timedelta(hours=12):
            deadline += datetime.timedelta(days=1)

    train = np.memmap(os.path.join(WORK, "data", args.data), dtype=np.uint16, mode="r")
    val = np.memmap(os.path.join(WORK, "data", args.val), dtype=np.uint16, mode="r")
    starts_of = lambda name: np.fromfile(os.path.join(WORK, "data", name.rsplit(".", 1)[0] + ".starts"), dtype=np.uint32)
    train_starts = starts_of(args.data) if args.starts else None
    weights_of = lambda name: np.memmap(os.path.join(WORK, "data", name.rsplit(".", 1)[0] + ".w"), dtype=np.uint8, mode="r")
    train_w = weights_of(args.data) if args.weights else None
    if train_starts is not None:
        train_starts = train_starts[train_starts < train.size - args.seq - 1]
    torch.manual_seed(0)
    dev = torch.device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    autocast = lambda: torch.autocast(dev.type, dtype=torch.bfloat16, enabled=bool(args.bf16))
    batch_of = lambda arr, ss: torch.from_numpy(np.stack([arr[s:s + args.seq + 1].astype(np.int64) for s in ss])).to(dev)
    model = LM(args.name, args.seq).to(dev)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=lr_max, betas=(0.9, 0.95), eps=1e-8)
    step, elapsed, tokens_seen, best = 0, 0.0, 0, float("inf")
    rng = np.random.default_rng(0)
    last = os.path.join(ckdir, "last.pt")
    if args.init and not os.path.exists(last):
        model.load_state_dict(torch.load(args.init, map_location="cpu")["model"])
        print(f"starting from {args.init}", flush=True)
    if os.path.exists(last):
        d = torch.load(last, map_location="cpu")
        model.load_state_dict(d["model"])
        opt.load_state_dict(d["opt"])
        step, elapsed, tokens_seen, best = d["step"], d["elapsed"], d["tokens_seen"], d["best"]
        rng = np.random.default_rng(step + 1)
        print(f"resumed at step {step}, {elapsed/60:.1f} min, {tokens_seen/1e6:.2f}M tokens, best {best:.4f}", flush=True)
    print(f"{args.name}: {model.n_params()/1e6:.3f}M params, {train.size/1e6:.2f}M train tokens, lr {lr_max}, "
          f"batch {args.batch}x{args.seq}, threads {args.threads}, {dev.type}", flush=True)

    # fixed held-out windows
    vrng = np.random.default_rng(42)
    vstarts = vrng.integers(0, val.size - args.seq - 1, size=32)
    if args.starts and os.path.exists(os.path.join(WORK, "data", args.val.rsplit(".", 1)[0] + ".starts")):
        vs = starts_of(args.val)
        vs = vs[vs < val.size - args.seq - 1]
        vstarts = vrng.choice(vs, size=min(32, vs.size), replace=False)

    def evaluate():
        model.eval()
        tot = 0.0
        with torch.no_grad():
            for i in range(0, len(vstarts), 8):
                xb = batch_of(val, vstarts[i:i + 8])
                with autocast():
                    logits = model(xb[:, :-1])
                tot += F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), xb[:, 1:].reshape(-1)).item()
        model.train()
        return tot / (len(vstarts) / 8)

    def copy_eval():
        """Mean loss of the copy-val stream's up-weighted tokens (64 windows at sample starts), per weight."""
        cv, cw = np.memmap(os.path.join(WORK, "data", args.copy_val), dtype=np.uint16, mode="r"), weights_of(args.copy_val)
        cs = starts_of(args.copy_val)
        cs = np.random.default_rng(43).choice(cs[cs < cv.size - args.seq - 1], size=64, replace=False)
        sums = {}
        model.eval()
        with torch.no_grad():
            for i in range(0, len(cs), 8):
                xb = batch_of(cv, cs[i:i + 8])
                wb = np.stack([cw[s + 1:s + args.seq + 1] for s in cs[i:i + 8]]).reshape(-1)
                with autocast():
                    logits = model(xb[:, :-1])
                nll = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), xb[:, 1:].reshape(-1), reduction="none").cpu().numpy()
                for wv in np.unique(wb[wb > 1]):
                    a = sums.setdefault(int(wv), [0.0, 0])
                    a[0] += float(nll[wb == wv].sum())
                    a[1] += int((wb == wv).sum())
        model.train()
        return " ".join(f"w{k}:{v[0] / v[1]:.3f}({v[1]})" for k, v in sorted(sums.items()))

    def save(path, vloss):
        tmp = path + ".tmp"
        cpu = lambda v: v.cpu() if torch.is_tensor(v) else v
        opt_state = opt.state_dict()
        opt_state["state"] = {k: {n: cpu(v) for n, v in st.items()} for k, st in opt_state["state"].items()}
        torch.save({"name": args.name, "ctx": model.c["ctx"], "model": {k: v.cpu() for k, v in model.state_dict().items()}, "opt": opt_state, "step": step,
                    "elapsed": elapsed, "tokens_seen": tokens_seen, "best": best, "val_loss": vloss,
                    "time": time.time()}, tmp)
        os.replace(tmp, path)

    if step == 0 and args.copy_val:
        print(f"START val {evaluate():.4f} copy-val {copy_eval()}", flush=True)
    budget = args.minutes * 60
    last_ck = elapsed
    t_log, tok_log = time.time(), 0
    model.train()
    # adaptive thread count: seconds per step, per thread count
    speed = {}
    choices = sorted({1, args.threads}) if dev.type == "cpu" else [args.threads]
    cur = args.threads
    while elapsed < budget and (args.until is None or elapsed < args.until * 60):
        if len(choices) > 1:
            phase = step % 60
            if phase < 3 * len(choices):
                cur = choices[phase // 3]
            elif phase == 3 * len(choices):
                cur = min(choices, key=lambda c: speed.get(c, 0))
            torch.set_num_threads(cur)
        if deadline and datetime.datetime.now(datetime.timezone.utc) >= deadline:
            print("deadline reached", flush=True)
            break
        t0 = time.time()
        frac = min(1.0, elapsed / budget)
        lr = lr_max * min(1.0, (step + 1) / 100) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * frac)))
        for g in opt.param_groups:
            g["lr"] = lr
        starts = rng.choice(train_starts, size=args.batch) if train_starts is not None else rng.integers(0, train.size - args.seq - 1, size=args.batch)
        xb = batch_of(train, starts)
        with autocast():
            logits = model(xb[:, :-1])
        if train_w is not None:
            wb = torch.from_numpy(np.stack([train_w[s + 1:s + args.seq + 1].astype(np.float32) for s in starts])).reshape(-1).to(dev)
            nll = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), xb[:, 1:].reshape(-1), reduction="none")
            loss = (nll * wb).sum() / wb.numel()
        else:
            loss = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), xb[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        tokens_seen += args.batch * args.seq
        tok_log += args.batch * args.seq
        if dev.type == "cuda":
            torch.cuda.synchronize()  # the step's kernels run asynchronously: time them, not their launch
        dt = time.time() - t0
        elapsed += dt
        speed[cur] = dt if cur not in speed else 0.7 * speed[cur] + 0.3 * dt
        if step % 20 == 0:
            now = time.time()
            print(f"step {step} loss {loss.item():.4f} lr {lr:.2e} {tok_log/(now-t_log):.0f} tok/s "
                  f"{elapsed/60:.1f} min {tokens_seen/1e6:.2f}M tok threads {cur} "
                  + " ".join(f"{c}:{v:.2f}s" for c, v in sorted(speed.items())), flush=True)
            t_log, tok_log = now, 0
        if elapsed - last_ck >= args.ckpt_minutes * 60:
            last_ck = elapsed
            v = evaluate()
            if v < best:
                best = v
                save(os.path.join(ckdir, "best.pt"), v)
            save(last, v)
            print(f"CKPT step {step} val {v:.4f} best {best:.4f} {elapsed/60:.1f} min {tokens_seen/1e6:.2f}M tok"
                  + (f" copy-val {copy_eval()}" if args.copy_val else ""), flush=True)
            if args.keep_every:
                save(os.path.join(ckdir, f"step{step}.pt"), v)
    v = evaluate()
    if v < best:
        best = v
        save(os.path.join(ckdir, "best.pt"), v)
    save(last, v)
    print(f"DONE step {step} val {v:.4f} best {best:.4f} {elapsed/60:.1f} min {tokens_seen/1e6:.2f}M tok"
          + (f" copy-val {copy_eval()}" if args.copy_val else ""), flush=True)


if __name__ == "__main__":
    main()
