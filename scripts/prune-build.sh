#!/usr/bin/env bash
# After a build (npm run build): removes compiled files whose TypeScript source is gone, i.e. a moved or deleted
# .ts. tsc never deletes outputs, and a stale dist/provider/x.js would still answer a require of the old path,
# or run as a test (the suites' globs read dist/). Argument: the project directory (default: this one).
set -euo pipefail
cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}"
[ -d dist ] || exit 0
find dist -name '*.js' -print0 | while IFS= read -r -d '' js; do
  source="${js#dist/}"
  [ -f "${source%.js}.ts" ] || rm -f "$js" "$js.map" "${js%.js}.d.ts" "${js%.js}.d.ts.map"
done
