#!/usr/bin/env bash
# `npm test`: build, typecheck, unit tests (plain Node), integration tests (inside code-server), browser
# end-to-end tests (the packaged .vsix in code-server, driven through chromium) and a check that the
# packaged .vsix installs into code-server and activates. Every test stage runs even when an earlier
# one fails; the exit status is non-zero if any stage failed.
#   EAD_SKIP_PACKAGE_CHECK=1   skip the .vsix check (saves about 45 s)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
START=$(date +%s)
FAILED=()

# Every stage's output is also kept, so the closing line can add up the test runners' own counts.
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT

stage() {
  local name="$1"
  shift
  echo
  echo "=== $name ==="
  local t0=$(date +%s)
  if "$@" 2>&1 | tee -a "$LOG"; then
    echo "=== $name: passed ($(( $(date +%s) - t0 ))s) ==="
  else
    echo "=== $name: FAILED ($(( $(date +%s) - t0 ))s) ==="
    FAILED+=("$name")
    return 1
  fi
}

# Without a build there is nothing to test.
stage build npm run --silent build || exit 1
stage typecheck npm run --silent typecheck
if [[ ! -f .vscode-test/code-server/node_modules/code-server/out/node/entry.js ]]; then
  stage "install code-server" bash scripts/install-code-server.sh
fi
# The remote-lane tests serve the fixture large model with llama-server: built once per machine (about
# 10-25 minutes on 2 cores the first time, then instant).
stage "llama-server" bash scripts/build-llama-server.sh
# One direction of dependencies (.dependency-cruiser.cjs): layers, no vscode in the engine side, no
# node-llama-cpp in the editor side, no cycles.
stage "dependency rules" npm run --silent layers
stage "unit tests" npm run --silent test:unit
stage "integration tests (VS Code in code-server)" npm run --silent test:vscode
stage "browser end to end (packaged .vsix in code-server + chromium)" npm run --silent test:e2e
if [[ "${EAD_SKIP_PACKAGE_CHECK:-0}" != 1 ]]; then
  stage "packaged .vsix installs and activates" bash scripts/start.sh --smoke
fi

# mocha prints "N passing" and "N failing" for each run (unit, inside VS Code, end to end).
count() { grep -aoE "^[[:space:]]*[0-9]+ $1" "$LOG" | awk '{s += $1} END {print s + 0}'; }
PASSED=$(count passing)
FAILS=$(count failing)
echo
if (( ${#FAILED[@]} )); then
  echo "npm test: FAILED: ${FAILED[*]} ($(( $(date +%s) - START ))s)"
  echo "tests: $PASSED passed, $FAILS failed"
  exit 1
fi
echo "npm test: all stages passed ($(( $(date +%s) - START ))s)"
echo "tests: $PASSED passed, $FAILS failed"
