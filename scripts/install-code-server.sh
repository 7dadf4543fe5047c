#!/usr/bin/env bash
# Installs code-server (VS Code 1.100.3 for the browser, running on the machine's Node) from npm into
# .vscode-test/code-server. The integration tests and `npm run start` use it.
# Needs the Debian packages chromium, libkrb5-dev (a native module builds against gssapi) and ripgrep.
set -euo pipefail

VERSION="${CODE_SERVER_VERSION:-4.100.3}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/.vscode-test/code-server"
BIN="$DEST/node_modules/code-server/out/node/entry.js"

if [[ -f "$BIN" && "$(node -p "require('$DEST/node_modules/code-server/package.json').version" 2>/dev/null)" == "$VERSION" ]]; then
  echo "code-server $VERSION already installed in $DEST"
  exit 0
fi

for tool in rg node npm; do
  command -v "$tool" >/dev/null || { echo "install-code-server: '$tool' not found (apt-get install ripgrep nodejs npm)" >&2; exit 1; }
done

# @vscode/ripgrep downloads rg in its postinstall; seed its cache with the system binary instead.
TMP_DIR="$ROOT/.vscode-test/tmp"
mkdir -p "$TMP_DIR"
export TMPDIR="$TMP_DIR"
# code-server 4.100.3 ships @vscode/ripgrep 1.15.11, which fetches ripgrep v13.0.0-10.
case "$(uname -m)" in
  x86_64) RG_TARGET=x86_64-unknown-linux-musl ;;
  aarch64) RG_TARGET=aarch64-unknown-linux-musl ;;
  *) echo "install-code-server: unsupported machine $(uname -m)" >&2; exit 1 ;;
esac
RG_CACHE="$TMP_DIR/vscode-ripgrep-cache-1.15.11"
mkdir -p "$RG_CACHE"
RG_STAGING="$(mktemp -d)"
cp "$(command -v rg)" "$RG_STAGING/rg"
tar -czf "$RG_CACHE/ripgrep-v13.0.0-10-$RG_TARGET.tar.gz" -C "$RG_STAGING" rg
rm -rf "$RG_STAGING"

mkdir -p "$DEST"
[[ -f "$DEST/package.json" ]] || echo '{ "name": "code-server-install", "private": true }' > "$DEST/package.json"

echo "Installing code-server@$VERSION into $DEST ..."
# Its postinstall refuses root without unsafe-perm; node-pty's postinstall runs `npx node-gyp`.
npm_config_unsafe_perm=true npm_config_yes=true npm_config_fund=false npm_config_audit=false \
  npm install --prefix "$DEST" --no-save --no-package-lock "code-server@$VERSION"

[[ -f "$BIN" ]] || { echo "install-code-server: $BIN missing after install" >&2; exit 1; }
node "$BIN" --version
