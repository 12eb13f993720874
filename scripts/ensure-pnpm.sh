#!/usr/bin/env bash
# Provides the pinned pnpm (lib.sh PNPM_VERSION) for the user-project suite and prints its bin directory.
# Installed from the npm registry with npm into .tools/pnpm-<version>/, once.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PATH="$("$PROJECT_ROOT/scripts/ensure-node.sh"):$PATH"

dir="$TOOLS_DIR/pnpm-$PNPM_VERSION"
bin="$dir/node_modules/.bin"
if [ ! -x "$bin/pnpm" ] || [ "$("$bin/pnpm" --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  log "installing pnpm $PNPM_VERSION from the npm registry into $dir"
  rm -rf "$dir.tmp"
  mkdir -p "$dir.tmp"
  (cd "$dir.tmp" && echo '{"private":true}' > package.json &&
    npm install --no-audit --no-fund --loglevel=error --save-exact "pnpm@$PNPM_VERSION" >&2) ||
    { log "could not install pnpm $PNPM_VERSION from the npm registry"; exit 1; }
  rm -rf "$dir"
  mv "$dir.tmp" "$dir"
fi
echo "$bin"
