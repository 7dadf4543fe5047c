#!/usr/bin/env bash
# One stretch of the large model's cross-file training on a machine with a CUDA GPU, as one command:
# samples, training for MINUTES, the GGUF back. On 2 CPU cores the large model trains about 4.5 M
# tokens an hour; the same stretch on a GPU runs with batches 8 times larger.
#
# usage (from the repository root): bash tools/fixture-models/device_stretch.sh OUT_DIR
#   with, beside the tracked files, tools/fixture-models/work/carry/ holding
#     init.gguf          the large model to continue (export_gguf.py of the best checkpoint)
#     files.jsonl.xz     the training corpus (work/corpus/files.jsonl, xz-compressed)
#     val.bin            prep.py's held-out single-file stream (work/data/val.bin)
#   Environment: SHARDS (parallel prep_xfile.py runs, 14), SHARD_TOKENS (tokens each, 3e6), MINUTES
#   (training, 6), BATCH (windows of 2,048 tokens per step, 16), LR (3e-4), W_FIRST (60), HEAL (1: the
#   samples laid out as token healing sends them, MODELS.md "Token healing"), DEVICE (cuda; cpu for a
#   dry run of the whole path).
# Writes to OUT_DIR: large.gguf.part-aa, -ab (under 16 MiB each: cat them back into large.gguf),
# train.log and prep.log.
#
# Each shard draws its own samples (prep_xfile.py with SEED 101, 102, ...) from the training packages
# only, in stretch 11's recipe (MODELS.md: stretch 8's, healed); held-out figures come from shard 1's val stream and the
# carried val.bin.
set -euo pipefail
OUT_DIR=$(realpath "${1:?usage: device_stretch.sh OUT_DIR}")
cd "$(dirname "$0")"
PY=${PY:-python3}
SHARDS=${SHARDS:-14}
SHARD_TOKENS=${SHARD_TOKENS:-3e6}
MINUTES=${MINUTES:-6}
BATCH=${BATCH:-16}
LR=${LR:-3e-4}
W_FIRST=${W_FIRST:-60}
HEAL=${HEAL:-1}
DEVICE=${DEVICE:-cuda}
export PYTHONUNBUFFERED=1
mkdir -p "$OUT_DIR" work/corpus work/data work/init work/logs
xz -dc work/carry/files.jsonl.xz > work/corpus/files.jsonl
$PY from_gguf.py work/carry/init.gguf large work/init/device.pt --tokenizer work/tokenizer.json

for i in $(seq 1 "$SHARDS"); do
  HEAL=$HEAL SEQ=2048 TOKENS=$SHARD_TOKENS XF_SHARE=0.85 REP_SHARE=0.05 W_FIRST=$W_FIRST W_MID=4 MAX_OTHERS=2 \
    PREFIX_CHARS=600,900,900,1500 SEED=$((100 + i)) OUT=dev$i $PY prep_xfile.py > work/logs/prep_dev$i.log 2>&1 &
done
wait
cat work/logs/prep_dev*.log > "$OUT_DIR/prep.log"
# One stream of all shards: tokens and weights end to end, sample starts shifted by what came before.
$PY - "$SHARDS" <<'EOF'
import sys, numpy as np
n, base, toks, wts, starts = int(sys.argv[1]), 0, [], [], []
for i in range(1, n + 1):
    t = np.fromfile(f"work/data/train_dev{i}.bin", dtype=np.uint16)
    toks.append(t)
    wts.append(np.fromfile(f"work/data/train_dev{i}.w", dtype=np.uint8))
    starts.append(np.fromfile(f"work/data/train_dev{i}.starts", dtype=np.uint32) + base)
    base += t.size
np.concatenate(toks).tofile("work/data/train_devall.bin")
np.concatenate(wts).tofile("work/data/train_devall.w")
np.concatenate(starts).astype(np.uint32).tofile("work/data/train_devall.starts")
print(f"{base / 1e6:.1f}M tokens in {n} shards")
EOF
cp work/carry/val.bin work/data/val.bin

rm -rf work/ckpt/device
$PY train.py large --device "$DEVICE" --threads 4 --starts 1 --weights 1 --val val.bin --keep-every 1 \
  --lr "$LR" --minutes "$MINUTES" --batch "$BATCH" --seq 2048 --data train_devall.bin --copy-val val_dev1.bin \
  --init work/init/device.pt --ckpt-name device --ckpt-minutes 1.5 2>&1 | tee "$OUT_DIR/train.log"
$PY export_gguf.py work/ckpt/device/last.pt work/ckpt/device/large.gguf
split -b 15M work/ckpt/device/large.gguf "$OUT_DIR/large.gguf.part-"
ls -la "$OUT_DIR"
