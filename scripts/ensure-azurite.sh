#!/usr/bin/env bash
# Provides Azurite (Microsoft's Azure Storage emulator) for the team suite, the benchmark's azblob rows and
# scripts/azurite.ts, and prints the directory whose node_modules holds it. Installed with `npm ci` from
# scripts/azurite-tool/ (its package.json pins the version, its lockfile every package under it) into the tool
# cache (scripts/tool-cache.sh) as azurite-<version>-<lockfile hash>: a changed pin or lockfile is a new entry.
# Not a devDependency because its ~490 packages (280 MB) were half of what every `npm ci` of this repository
# installed: the fresh clone's set-up, the CI workflows' and the release's, and a git install's prepare.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MANIFEST_DIR="$PROJECT_ROOT/scripts/azurite-tool"
AZURITE_VERSION="$(node -p 'require(process.argv[1]).dependencies.azurite' "$MANIFEST_DIR/package.json")"
AZURITE_DIR="$TOOLS_DIR/azurite-$AZURITE_VERSION-$(sha256sum "$MANIFEST_DIR/package-lock.json" | cut -c1-12)"

# The cache entry's check: Azurite's blob service is there, at the pinned version.
azurite_entry_check() {
  local installed
  [ -f "$1/node_modules/azurite/dist/src/blob/main.js" ] || { echo "node_modules/azurite/dist/src/blob/main.js is missing"; return 1; }
  installed="$(node -p 'require(process.argv[1]).version' "$1/node_modules/azurite/package.json" 2>&1)"
  [ "$installed" = "$AZURITE_VERSION" ] || { echo "azurite is ${installed:-of no version}, not $AZURITE_VERSION"; return 1; }
}

cache_check_mode azurite_entry_check "$@"
# The build (a process of its own, see ensure_cache_entry, started with Node 22 on PATH): --build <staging directory>.
if [ "${1:-}" = --build ]; then
  log "installing Azurite $AZURITE_VERSION from the npm registry into the tool cache ($AZURITE_DIR)"
  cp "$MANIFEST_DIR/package.json" "$MANIFEST_DIR/package-lock.json" "$2/"
  cd "$2"
  # The one install script under Azurite is protobufjs', which this repository's package.json denies too (allowScripts).
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2 ||
    { log "could not install Azurite $AZURITE_VERSION from the npm registry"; exit 1; }
  exit 0
fi

PATH="$("$PROJECT_ROOT/scripts/ensure-node.sh"):$PATH"
ensure_cache_entry "$AZURITE_DIR" azurite_entry_check bash "$PROJECT_ROOT/scripts/ensure-azurite.sh" --build
echo "$AZURITE_DIR"
