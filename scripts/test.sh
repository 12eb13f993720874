#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs Node 22, npm dependencies, the Pulumi engine and (for a
# whole run) the real Azure clients if missing, compiles, then runs the suites. Arguments select what to run
# instead, e.g. `npm test -- 'dist/test/unit/**/*.test.js'`.
#
# Groups: fast (no engine), e2e (the root stack's cases through the Automation API), cli (the plain `pulumi`
# CLI with its Node.js language host: docs/operations.md's everyday commands, the CI workflows, the examples), reliability.
# Each group runs in a mocha process of its own: the engine suites run many inline programs, and Pulumi's
# SDK keeps state across them in one process, so they do not share a process with each other or with the
# fast suites. (The "lost connection" failures long runs used to show were grpc-js reusing a dead connection
# when an engine got an earlier engine's port; runner/engine.ts isolateEngineConnections fixes that.) Every group runs even when an
# earlier one fails; the exit code says whether all passed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_toolchain engine
cd "$PROJECT_ROOT"
npm run --silent build
# The suites assert the English messages, and the provider hosts the engine starts inherit this environment:
# pin English so a machine whose LANG is, say, sv_SE.UTF-8 runs them unchanged. The locale tests set their own.
export AZURESTACK_MAPPINGS_LOCALE=en
mocha=(npx --no-install mocha --no-config --timeout 600000 --enable-source-maps --reporter spec)
if [ "$#" -gt 0 ]; then
  exec "${mocha[@]}" "$@"
fi

# The real Azure CLI and Python SDK of the client suite (a pinned venv; minutes once, then cached). If they
# cannot be installed the other groups still run, and the 'clients' group fails saying why.
"$PROJECT_ROOT/scripts/ensure-azure-clients.sh" >/dev/null || log "the Azure clients could not be installed: the 'clients' group will fail"

groups=(
  "fast:dist/test/unit/**/*.test.js dist/test/protocol/**/*.test.js dist/test/emulator/**/*.test.js"
  "clients:dist/test/clients/**/*.test.js"
  "e2e:dist/test/e2e/**/*.test.js"
  "cli:dist/test/cli/**/*.test.js"
  "user:dist/test/user/**/*.test.js"
  "upgrade:dist/test/upgrade/**/*.test.js"
  "plugin:dist/test/plugin/**/*.test.js"
  "team:dist/test/team/**/*.test.js"
  "reliability:dist/test/reliability/**/*.test.js"
)
failed=()
for group in "${groups[@]}"; do
  name="${group%%:*}"
  read -r -a specs <<< "${group#*:}"
  log "suite group '$name'"
  started=$SECONDS
  if "${mocha[@]}" "${specs[@]}"; then
    log "suite group '$name' passed in $((SECONDS - started))s"
  else
    log "suite group '$name' FAILED after $((SECONDS - started))s"
    failed+=("$name")
  fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  log "failed: ${failed[*]}"
  exit 1
fi
log "all suite groups passed"
