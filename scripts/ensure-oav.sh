#!/usr/bin/env bash
# Provides oav (Azure's OpenAPI traffic validator) for the emulator's fidelity tests (test/emulator/publishedApi.ts)
# and prints the directory whose node_modules holds it: an npm tool (scripts/tool-cache.sh, ensure_npm_tool)
# pinned in scripts/oav-tool/. Not a devDependency: its ~120 packages were a quarter of every `npm ci` of this
# repository and of every git install's prepare.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_npm_tool oav "$@"
