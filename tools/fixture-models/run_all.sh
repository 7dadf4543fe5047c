#!/usr/bin/env bash
# Regenerates the fixture model pair and the dev set from scratch (see MODELS.md).
# Needs: apt-get install -y python3-torch python3-numpy python3-regex libopenblas0-pthread
#        and `npm ci` at the repository root (node-llama-cpp, for the checks).
# Usage: tools/fixture-models/run_all.sh [SMALL_MINUTES] [LARGE_MINUTES]
set -euo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)
ROOT=$(cd ../.. && pwd)
PY=/usr/bin/python3
SMALL_MIN=${1:-15}
LARGE_MIN=${2:-112}
mkdir -p work/npm work/dev-npm

# 1. corpus (training packages only) and dev-eval packages, installed without running scripts
if [ ! -d work/npm/node_modules/typescript ]; then
  (cd work/npm && echo '{"name":"corpus","private":true}' > package.json &&
   npm i --ignore-scripts --no-audit --no-fund --legacy-peer-deps $(grep -v '^#' "$HERE/corpus-packages.txt" | tr '\n' ' '))
fi
if [ ! -d work/dev-npm/node_modules/axios ]; then
  (cd work/dev-npm && echo '{"name":"dev-eval","private":true}' > package.json &&
   npm i --ignore-scripts --no-audit --no-fund axios@1.21.1 express@4.22.3 commander@12.1.0 immer@10.2.0 preact@10.29.8 moment@2.31.0)
fi
$PY corpus.py
# 2. tokenizer, 3. token streams with FIM samples
$PY bpe.py train
$PY prep.py
$PY prep_fim.py        # FIM-heavy stream for the large model's last stretch
# 4. dev set (bench/tasks/dev.jsonl)
$PY make_dev_set.py
# 5. training (resumable: rerun the same command after an interruption)
$PY train.py small --threads 1 --minutes "$SMALL_MIN" --lr 3e-3 --batch 4 --seq 512 > work/train_small.log 2>&1
# large: about 70 % of its budget on the prep.py stream, then the rest on the FIM-heavy one
LARGE_SWITCH=$(( LARGE_MIN * 5 / 7 ))
$PY train.py large --threads 2 --minutes "$LARGE_MIN" --until "$LARGE_SWITCH" --lr 2e-3 --batch 4 --seq 512 > work/train_large.log 2>&1
$PY train.py large --threads 2 --minutes "$LARGE_MIN" --lr 2e-3 --batch 4 --seq 512 --data train_fim.bin >> work/train_large.log 2>&1
# 6. export the best checkpoints, check numerics against PyTorch, measure the dev-set gap
$PY export_gguf.py work/ckpt/small/best.pt "$ROOT/test/fixtures/models/small.gguf"
$PY export_gguf.py work/ckpt/large/best.pt "$ROOT/test/fixtures/models/large.gguf"
$PY numerics.py work/ckpt/small/best.pt "$ROOT/test/fixtures/models/small.gguf"
$PY numerics.py work/ckpt/large/best.pt "$ROOT/test/fixtures/models/large.gguf"
(cd "$ROOT" && node tools/fixture-models/eval_dev.mjs)
