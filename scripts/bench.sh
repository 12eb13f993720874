#!/usr/bin/env bash
# npm run bench: installs what is missing (Node 22, npm packages, the Pulumi engine), builds, then runs the
# benchmark (bench/run.ts): the root stack against the engine floor through six phases, a bulk create
# under ARM's write limit, 5,000 mappings on 10 stamps and the SDK/az peers, against the emulator. Results go to
# bench/results/latest.{json,md} (--quick: bench/results/quick/); node dist/bench/readme.js puts them in docs/performance.md.
# `npm run bench -- --help` lists the options; `npm run bench -- --quick` is a short run.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_toolchain engine
# The az peer: the Azure CLI pinned by the project's own set-up (the same venv as the client suite), unless
# AZ already names one or the run skips the peers.
if [ -z "${AZ:-}" ] && [[ " $* " != *" --no-peers "* ]]; then
  AZ="$("$PROJECT_ROOT/scripts/ensure-azure-clients.sh")/az"
  export AZ
fi
cd "$PROJECT_ROOT"
npm run --silent build
exec node dist/bench/run.js "$@"
