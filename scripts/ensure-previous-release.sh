#!/usr/bin/env bash
# Provides a clone of the previous release (test/upgrade/fixtures/previous-release.json: its commit) set up as
# docs/operations.md says, `npm ci` then `npm run build`, and prints its directory: the root stack's upgrade test
# deploys from it. A tool cache entry per release commit (scripts/tool-cache.sh), previous-release-<commit>: the
# commit and its lockfile never change, so neither do the files the set-up makes, and making them each run cost
# a minute of CPU. The commit's files come from `git archive` of this clone (the caller checks the commit is
# here and its tag names it); npm's settings (cache, audit, …) from the caller's environment.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COMMIT="$(node -p 'require(process.argv[1]).commit' "$PROJECT_ROOT/test/upgrade/fixtures/previous-release.json")"
ENTRY="$TOOLS_DIR/previous-release-$COMMIT"

# The cache entry's check: what `npm ci` and `npm run build` make is there.
previous_release_entry_check() {
  local file
  for file in node_modules/@pulumi/pulumi/package.json dist/program/index.js; do
    [ -f "$1/$file" ] || { echo "$file is missing"; return 1; }
  done
}

cache_check_mode previous_release_entry_check "$@"
# The build (a process of its own, see ensure_cache_entry, started with Node 22 on PATH): --build <staging directory>.
if [ "${1:-}" = --build ]; then
  log "setting up the previous release ($COMMIT) in the tool cache: npm ci, npm run build"
  git -C "$PROJECT_ROOT" archive --format=tar "$COMMIT" | tar -x -C "$2"
  cd "$2"
  npm ci >&2
  npm run build >&2
  exit 0
fi

PATH="$("$PROJECT_ROOT/scripts/ensure-node.sh"):$PATH"
ensure_cache_entry "$ENTRY" previous_release_entry_check bash "$PROJECT_ROOT/scripts/ensure-previous-release.sh" --build
echo "$ENTRY"
