#!/usr/bin/env bash
# Regenerates the fixture model pair and the dev set from scratch (see MODELS.md).
# Needs: apt-get install -y python3-torch python3-numpy python3-regex libopenblas0-pthread
#        and `npm ci` at the repository root (node-llama-cpp, for the checks).
# Usage: tools/fixture-models/run_all.sh [SMALL_MINUTES] [LARGE_MINUTES]
#        tools/fixture-models/run_all.sh --repo-level [SMALL_MINUTES] [LARGE_MINUTES]
# --repo-level continues training the committed pair (read back from its GGUFs) on long and
# repository-level samples (prep_repo.py), as the committed pair was made; see MODELS.md.
set -euo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)
ROOT=$(cd ../.. && pwd)
PY=/usr/bin/python3
REPO_LEVEL=0
if [ "${1:-}" = "--repo-level" ]; then REPO_LEVEL=1; shift; fi
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
if [ "$REPO_LEVEL" = 1 ]; then
  # The pair in the repository is the starting point: its weights and its tokenizer, read back.
  mkdir -p work/init
  $PY from_gguf.py "$ROOT/test/fixtures/models/small.gguf" small work/init/small.pt --tokenizer work/tokenizer.json
  $PY from_gguf.py "$ROOT/test/fixtures/models/large.gguf" large work/init/large.pt
  PER_FILE=6 $PY prep_repo.py
  $PY make_dev_set.py
  # Windows of 1,024 tokens first (the attention of 2,048-token windows made each token about 2x
  # dearer on this CPU), the last stretch on 2,048-token windows, the training context in the GGUF.
  for NAME in small large; do
    MIN=$SMALL_MIN; LR=2e-3; THREADS=1
    if [ $NAME = large ]; then MIN=$LARGE_MIN; LR=1e-3; THREADS=2; fi
    COMMON="--threads $THREADS --minutes $MIN --lr $LR --data train_repo.bin --val val_repo.bin --starts 1 --init work/init/$NAME.pt --ckpt-minutes 6"
    $PY train.py $NAME $COMMON --batch 8 --seq 1024 --until $(( MIN * 3 / 4 )) > work/train_$NAME.log 2>&1
    $PY train.py $NAME $COMMON --batch 4 --seq 2048 >> work/train_$NAME.log 2>&1
  done
  $PY export_gguf.py work/ckpt/small/last.pt "$ROOT/test/fixtures/models/small.gguf"
  $PY export_gguf.py work/ckpt/large/last.pt "$ROOT/test/fixtures/models/large.gguf"
  $PY numerics.py work/ckpt/small/last.pt "$ROOT/test/fixtures/models/small.gguf"
  $PY numerics.py work/ckpt/large/last.pt "$ROOT/test/fixtures/models/large.gguf"
  (cd "$ROOT" && node tools/fixture-models/eval_dev.mjs)
  exit 0
fi
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
