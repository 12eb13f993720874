#!/usr/bin/env bash
# `npm test` from a fresh clone: installs Node 22 and the npm dependencies if missing, compiles, provides what
# the chosen suite groups need (the Pulumi engine, the YAML and Python language hosts, the Azure clients, pnpm,
# Azurite; from the per-machine tool cache, scripts/tool-cache.sh, built there once), then runs the groups side by side
# (scripts/testRun.ts; the groups are scripts/testGroups.ts) and ends with a table of their times and cases.
#
#   npm test                                   every group
#   npm test -- fast cli                       the groups named (`npm run test:fast` is `npm test -- fast`)
#   npm test -- 'dist/test/unit/**/*.test.js'  mocha on those spec files alone (any mocha option may follow)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_toolchain
cd "$PROJECT_ROOT"
npm run --silent build
# The suites assert the English messages, and the provider hosts the engine starts inherit this environment:
# pin English so a machine whose LANG is, say, sv_SE.UTF-8 runs them unchanged. The locale tests set their own.
export AZURESTACK_MAPPINGS_LOCALE=en

# Provides what the named needs are (scripts/testGroups.ts), once, before any suite starts.
provide() {
  for need in "$@"; do
    case "$need" in
      engine) use_toolchain engine ;;
      language-hosts)
        if hosts="$("$PROJECT_ROOT/scripts/ensure-language-hosts.sh")"; then export PATH="$hosts:$PATH"
        else log "no YAML/Python language host: the 'plugin' group will fail"; fi ;;
      # If they cannot be installed the other groups still run, and the 'clients' group fails saying why.
      azure-clients) "$PROJECT_ROOT/scripts/ensure-azure-clients.sh" >/dev/null || log "the Azure clients could not be installed: the 'clients' group will fail" ;;
      pnpm) "$PROJECT_ROOT/scripts/ensure-pnpm.sh" >/dev/null ;;
      azurite) "$PROJECT_ROOT/scripts/ensure-azurite.sh" >/dev/null ;;
      oav) "$PROJECT_ROOT/scripts/ensure-oav.sh" >/dev/null ;;
    esac
  done
}

groups_named=true
for arg in "$@"; do
  if ! node dist/scripts/testRun.js --needs "$arg" >/dev/null 2>&1; then groups_named=false; fi
done
if [ "$#" -gt 0 ] && [ "$groups_named" = false ]; then
  # Spec files (and mocha options): what the groups those files belong to need, then mocha on them directly.
  provide $(node dist/scripts/testRun.js --needs-of-specs "$@")
  exec npx --no-install mocha --no-config --timeout 600000 --enable-source-maps --reporter spec "$@"
fi

provide $(node dist/scripts/testRun.js --needs "$@")
exec node dist/scripts/testRun.js "$@"
