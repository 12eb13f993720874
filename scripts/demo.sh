#!/usr/bin/env bash
# npm run demo: installs what is missing (Node 22, npm packages, the Pulumi engine), builds, then runs a
# real `pulumi preview` and `pulumi up` of the root stack against the emulator (scripts/demo.ts).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_toolchain engine
cd "$PROJECT_ROOT"
npm run --silent build
exec node dist/scripts/demo.js "$@"
