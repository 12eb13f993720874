#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs Node 22, npm dependencies and the Pulumi engine if
# missing, compiles, then runs every mocha suite. Extra arguments go to mocha (e.g. a single file).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
node_bin="$("$PROJECT_ROOT/scripts/ensure-node.sh")"
export PATH="$node_bin:$PATH"
engine_bin="$("$PROJECT_ROOT/scripts/ensure-engine.sh")"
export PATH="$engine_bin:$PATH"
cd "$PROJECT_ROOT"
npm run --silent build
if [ "$#" -gt 0 ]; then
  exec npx --no-install mocha "$@"
fi
exec npx --no-install mocha
