#!/usr/bin/env bash
# Provides the pinned pnpm (lib.sh PNPM_VERSION) for the user-project suite and prints its bin directory.
# Installed from the npm registry with npm into the tool cache (scripts/tool-cache.sh) as pnpm-<version>.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The cache entry's check: its pnpm runs and is the pinned version.
pnpm_entry_check() {
  local version
  version="$("$1/node_modules/.bin/pnpm" --version 2>&1)" || { echo "pnpm does not run: $version"; return 1; }
  [ "$version" = "$PNPM_VERSION" ] || { echo "pnpm is $version, not $PNPM_VERSION"; return 1; }
}

cache_check_mode pnpm_entry_check "$@"
# The build (a process of its own, see ensure_cache_entry, started with Node 22 on PATH): --build <staging directory>.
if [ "${1:-}" = --build ]; then
  log "installing pnpm $PNPM_VERSION from the npm registry into the tool cache ($PNPM_DIR)"
  cd "$2"
  echo '{"private":true}' > package.json
  npm install --no-audit --no-fund --loglevel=error --save-exact "pnpm@$PNPM_VERSION" >&2 ||
    { log "could not install pnpm $PNPM_VERSION from the npm registry"; exit 1; }
  exit 0
fi

# Node 22 and npm first on PATH (the check runs pnpm, the build npm); a --check above uses the PATH it is given.
PATH="$("$PROJECT_ROOT/scripts/ensure-node.sh"):$PATH"
ensure_cache_entry "$PNPM_DIR" pnpm_entry_check bash "$PROJECT_ROOT/scripts/ensure-pnpm.sh" --build
echo "$PNPM_DIR/node_modules/.bin"
