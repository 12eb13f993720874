#!/usr/bin/env bash
# Provides Azurite (Microsoft's Azure Storage emulator) and its client @azure/storage-blob for the team suite,
# the benchmark's azblob rows and scripts/azurite.ts, and prints the directory whose node_modules holds them:
# an npm tool (scripts/tool-cache.sh, ensure_npm_tool) pinned in scripts/azurite-tool/. Not devDependencies:
# Azurite's ~490 packages were half of what every `npm ci` of this repository installed, the client 60 more.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_npm_tool azurite "$@"
