#!/usr/bin/env bash
# Builds llama.cpp's llama-server (and llama-bench) offline from the llama.cpp source that node-llama-cpp
# ships, once per machine, into a cache outside the clone keyed by that source's commit. The binary's
# path is the last line printed. Used by the remote-lane tests, the replay peer and the team-server docs.
#   EAD_LLAMA_SERVER_CACHE  cache root (default: ${XDG_CACHE_HOME:-~/.cache}/ead-complete/llama-server)
#   EAD_BUILD_JOBS          parallel compile jobs (default: number of cores)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bundle="node_modules/node-llama-cpp/llama/gitRelease.bundle"
if [[ ! -f "$bundle" ]]; then
  echo "missing $bundle: run 'npm ci' first" >&2
  exit 1
fi
for tool in git cmake c++; do
  command -v "$tool" >/dev/null || { echo "missing $tool: install cmake and build-essential" >&2; exit 1; }
done

# The bundle's head commit names the source, so a new node-llama-cpp release gets a new build.
commit="$(git bundle list-heads "$bundle" | awk 'NR==1 {print substr($1, 1, 12)}')"
root="${EAD_LLAMA_SERVER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ead-complete/llama-server}"
dir="$root/$commit"
bin="$dir/build/bin/llama-server"

if [[ ! -x "$bin" ]]; then
  echo "building llama-server from llama.cpp $commit into $dir (about 9 minutes on 2 cores)" >&2
  mkdir -p "$dir"
  lock="$dir/.lock"
  exec 9>"$lock"
  flock 9
  if [[ ! -x "$bin" ]]; then
    rm -rf "$dir/src"
    git clone --quiet "$bundle" "$dir/src"
    cmake -S "$dir/src" -B "$dir/build" -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF -DGGML_NATIVE=ON \
      -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DBUILD_SHARED_LIBS=OFF >&2
    cmake --build "$dir/build" --target llama-server llama-bench -j"${EAD_BUILD_JOBS:-$(nproc)}" >&2
  fi
fi

echo "$bin"
