#!/usr/bin/env bash
# Runs the Azure Stack registration emulator (emulator/cli.ts) with Node 22, building first if needed.
# Example: npm run emulator -- --seed emulator/seeds/demo.yaml --state /tmp/emulator-state.json
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_toolchain
cd "$PROJECT_ROOT"
# The build's record (tsconfig.json, incremental) is rewritten by every build that changed something.
built=dist/tsconfig.tsbuildinfo
[ -f "$built" ] || built=dist/emulator/cli.js
if [ ! -f dist/emulator/cli.js ] || [ -n "$(find emulator -name '*.ts' -newer "$built" -print -quit)" ]; then
  log "building"
  # The emulator imports nothing outside emulator/, so a type error elsewhere in the repository must not
  # keep it from starting: fall back to compiling emulator/ alone.
  if ! npm run --silent build >&2; then
    log "the full build failed; compiling emulator/ alone"
    npx --no-install tsc -p emulator/tsconfig.json >&2
  fi
fi
# "--" stops Node from reading options after the script: Node 22 would otherwise take --env-file as its own.
exec node -- dist/emulator/cli.js "$@"
