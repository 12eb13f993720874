#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs Node 22, npm dependencies and the Pulumi engine if
# missing, compiles, then runs every mocha suite. Arguments select what to run instead, e.g.
# `npm test -- 'dist/test/unit/**/*.test.js'` (mocha's spec in .mocharc.json would otherwise add to them).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_toolchain engine
cd "$PROJECT_ROOT"
npm run --silent build
if [ "$#" -gt 0 ]; then
  exec npx --no-install mocha --no-config --timeout 600000 --enable-source-maps "$@"
fi
exec npx --no-install mocha
