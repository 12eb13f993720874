#!/usr/bin/env bash
# package.json "prepare" (docs/install.md, "Why a prepare script"): compiles what the package ships
# (tsconfig.package.json) for `npm pack` and for a git install, and in a clone on `npm ci`.
#
# npm also runs prepare for this repository's self-link (the devDependency "file:.", through which the examples
# and the root stack's provider load the package by name) as a dependency's script: npm then sets
# npm_package_dev, and the link is the very directory npm is installing (npm_config_local_prefix), whose own
# prepare runs after its dependencies' scripts. That run is skipped: it would compile the same files a second
# time (10 s of CPU), and under `npx` in the clone, where no own prepare follows, rewrite dist/ in place.
set -euo pipefail
if [ -n "${npm_package_dev+set}" ] && [ -n "${npm_config_local_prefix:-}" ] &&
  [ "$(pwd -P)" = "$(cd "$npm_config_local_prefix" && pwd -P)" ]; then
  exit 0
fi
exec tsc -p tsconfig.package.json
