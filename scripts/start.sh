#!/usr/bin/env bash
# Runs the product: builds and packages the extension, installs the .vsix into code-server (VS Code in
# the browser), configures the fixture model pair of the repository, opens a sample JavaScript project and prints
# the URL to open. Ctrl+C stops it.
#
#   bash scripts/start.sh           # for a person; state kept in .vscode-test/start
#   bash scripts/start.sh --smoke   # check: fresh state, headless chromium, wait until the installed
#                                   # extension activates, then stop (exit 0/1)
#
# Environment: EAD_PORT (default 8080, or a free port when 8080 is taken).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SMOKE=0
[[ "${1:-}" == "--smoke" ]] && SMOKE=1

log() { echo "[start] $*" >&2; }

[[ -d node_modules/node-llama-cpp ]] || { log "installing npm packages"; npm ci; }
bash scripts/install-code-server.sh >/dev/null || bash scripts/install-code-server.sh
ENTRY="$ROOT/.vscode-test/code-server/node_modules/code-server/out/node/entry.js"

if [[ $SMOKE == 1 ]]; then
  mkdir -p .vscode-test
  STATE="$(mktemp -d "$ROOT/.vscode-test/smoke-XXXXXX")"
else
  STATE="$ROOT/.vscode-test/start"
fi
mkdir -p "$STATE"/{user-data/User,extensions,xdg-config,xdg-data,xdg-cache}

# Package (the linux-x64 .vsix, as users of Linux x64 get it) and install the extension.
VSIX="$STATE/ead-complete-linux-x64.vsix"
log "building and packaging the extension"
if ! { npm run --silent build && node scripts/package-targets.mjs --target linux-x64 --out "$VSIX"; } >"$STATE/package.log" 2>&1; then
  cat "$STATE/package.log" >&2
  log "packaging failed"
  exit 1
fi
log "$(grep -o 'linux-x64: .*' "$STATE/package.log")"

CS_ENV=(env -u PORT -u PASSWORD -u HASHED_PASSWORD EXTENSIONS_GALLERY='{}'
  XDG_CONFIG_HOME="$STATE/xdg-config" XDG_DATA_HOME="$STATE/xdg-data" XDG_CACHE_HOME="$STATE/xdg-cache")
CS_DIRS=(--user-data-dir "$STATE/user-data" --extensions-dir "$STATE/extensions")
"${CS_ENV[@]}" node "$ENTRY" "${CS_DIRS[@]}" --install-extension "$VSIX" --force >"$STATE/install.log" 2>&1 \
  || { cat "$STATE/install.log" >&2; log "installing the .vsix failed"; exit 1; }
log "installed into $STATE/extensions"

if [[ $SMOKE == 1 ]]; then
  # The packaged node-llama-cpp (the linux-x64 CPU and Vulkan binaries) must load from the install.
  EXT_DIR="$(ls -d "$STATE/extensions"/ead-complete.ead-complete-* | head -1)"
  # (a file next to the install, not `node -e`: node-llama-cpp forks with the parent's exec arguments)
  cat >"$EXT_DIR/smoke-check.mjs" <<'JS'
const { getLlama } = await import("node-llama-cpp");
const llama = await getLlama({ gpu: false, build: "never", maxThreads: 1 });
console.log(`installed node-llama-cpp loads: gpu=${llama.gpu} buildType=${llama.buildType}`);
await llama.dispose();
JS
  node "$EXT_DIR/smoke-check.mjs" || { log "node-llama-cpp does not load from the installed extension"; exit 1; }
fi

# User settings: the fixture pair (kept in the repository, not copied; no model ships in the .vsix).
SMALL="$ROOT/test/fixtures/models/small.gguf"
LARGE="$ROOT/test/fixtures/models/large.gguf"
for m in "$SMALL" "$LARGE"; do [[ -f "$m" ]] || log "warning: $m is missing"; done
node - "$STATE/user-data/User/settings.json" "$SMALL" "$LARGE" <<'JS'
const fs = require("fs");
const [file, small, large] = process.argv.slice(2);
let settings = {
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "security.workspace.trust.enabled": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "git.openRepositoryInParentFolders": "never",
};
if (fs.existsSync(file)) {
  try {
    settings = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    console.error(`[start] ${file} is not plain JSON: leaving it as it is`);
    process.exit(0);
  }
}
settings["ead.smallModel"] = small;
settings["ead.largeModel"] = large;
fs.writeFileSync(file, JSON.stringify(settings, null, 2) + "\n");
JS
# The model files are machine settings (a workspace cannot set them), and code-server is a remote
# window: they apply from the machine's settings there.
mkdir -p "$STATE/user-data/Machine"
node - "$STATE/user-data/Machine/settings.json" "$SMALL" "$LARGE" <<'JS'
const fs = require("fs");
const [file, small, large] = process.argv.slice(2);
let settings = {};
try {
  settings = JSON.parse(fs.readFileSync(file, "utf8"));
} catch {
  // missing or not plain JSON: written anew
}
settings["ead.smallModel"] = small;
settings["ead.largeModel"] = large;
fs.writeFileSync(file, JSON.stringify(settings, null, 2) + "\n");
JS

# The sample project: a fresh copy each run (its README says so), so the last run's edits are gone.
WS="$STATE/workspace"
rm -rf "$WS"
cp -r "$ROOT/test/vscode/workspace" "$WS"

PORT_TO_USE="${EAD_PORT:-8080}"
if [[ $SMOKE == 1 ]] || ! node -e 'const s=require("net").createServer();s.once("error",()=>process.exit(1));s.listen(+process.argv[1],"127.0.0.1",()=>s.close())' "$PORT_TO_USE"; then
  [[ $SMOKE == 1 ]] || log "port $PORT_TO_USE is taken; using a free one"
  PORT_TO_USE="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
fi
AUTHORITY="127.0.0.1:$PORT_TO_USE"

printf 'auth: none\ncert: false\n' >"$STATE/config.yaml"
setsid "${CS_ENV[@]}" node "$ENTRY" --auth none --bind-addr "$AUTHORITY" --config "$STATE/config.yaml" \
  "${CS_DIRS[@]}" --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override >"$STATE/code-server.log" 2>&1 &
CS_PID=$!
stop() {
  kill -TERM -- "-$CS_PID" 2>/dev/null || true
  wait "$CS_PID" 2>/dev/null || true
}
trap 'stop; [[ $SMOKE == 1 ]] && rm -rf "$STATE"' EXIT
trap 'exit 130' INT TERM

for _ in $(seq 1 150); do
  node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
    "http://$AUTHORITY/healthz" && break
  kill -0 "$CS_PID" 2>/dev/null || { cat "$STATE/code-server.log" >&2; log "code-server exited"; exit 1; }
  sleep 0.2
done
URL="http://$AUTHORITY/?folder=$WS"

if [[ $SMOKE == 1 ]]; then
  node scripts/smoke-installed.mjs "$URL" "$STATE/user-data"
  exit $?
fi

echo
echo "EAD Complete is running in VS Code (code-server $(node -p "require('$ROOT/.vscode-test/code-server/node_modules/code-server/package.json').version"))."
echo "Open http://$AUTHORITY/?folder=$WS"
echo "(the sample project is a fresh copy each run: edits in it are not kept; logs: $STATE/code-server.log; Ctrl+C stops it)"
echo
echo "The model pair set up here is the repository's tiny demo pair (1M + 11M parameters, trained on 2 CPU cores in under an hour):"
echo "it shows EAD at work but writes code-shaped nonsense. For real suggestions run \"EAD: Download recommended"
echo "models\" (Qwen2.5-Coder 0.5B + 1.5B, about 2.2 GB) or \"EAD: Select model files\", which also lists the GGUF"
echo "models already on this machine (Ollama, LM Studio, the Hugging Face cache, llama.cpp); \`node dist/cli.js models\` prints them."
wait "$CS_PID"
