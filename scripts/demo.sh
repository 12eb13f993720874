#!/usr/bin/env bash
# npm run demo: installs what is missing (Node 22, npm packages, the Pulumi CLI and its Node.js language host),
# builds (Pulumi.yaml's main is the compiled dist/program/index.js), then runs the plain `pulumi` commands of
# the root stack against the emulator, each printed before it runs (scripts/demo.ts).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_toolchain engine
cd "$PROJECT_ROOT"
npm run --silent build
exec node dist/scripts/demo.js "$@"
