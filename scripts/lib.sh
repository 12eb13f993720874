# Shared by every project script: pinned tool versions and where they are cached.
# Sourced, never executed. Keep versions here and nowhere else.
set -euo pipefail

PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION="22.23.3"
# The Pulumi CLI must equal the @pulumi/pulumi version in package.json (checked by scripts/engine.sh).
PULUMI_VERSION="$(sed -n 's/.*"@pulumi\/pulumi": *"\([0-9.]*\)".*/\1/p' "$PROJECT_ROOT/package.json" | head -1)"
# The newest Node.js language host the Go module proxy serves: it lived inside the sdk/v3 module up to this
# version. Built only when the host matching the CLI cannot be fetched (docs/engine.md).
LEGACY_LANGUAGE_HOST_VERSION="3.68.0"
# The YAML language host (github.com/pulumi/pulumi-yaml), for the provider plugin's YAML programs.
YAML_LANGUAGE_HOST_VERSION="1.25.0"
# The real Azure clients of the client suite (scripts/ensure-azure-clients.sh), from PyPI.
AZURE_CLI_VERSION="2.91.0"
AZURE_MGMT_AZURESTACK_VERSION="1.0.1"
AZURE_IDENTITY_VERSION="1.27.0"
# pnpm for the user-project suite (test/user/): installs the package the way pnpm users do.
PNPM_VERSION="12.4.2"
# Azurite for the team suite and the benchmark: pinned, with its lockfile, in scripts/azurite-tool/.
# The tool cache, per machine and outside the clone, so that a second clone builds nothing again
# (scripts/tool-cache.sh: entries keyed by tool and version, written atomically, checked, rebuilt when
# broken): CSM_TOOLS_DIR when set; else the clone's .tools when it exists (a link to a shared cache, or a
# clone's own cache from before); else the user's cache directory. runner/tools.ts follows the same rule.
# Go's module and build caches are machine-wide too, so even a new engine version builds in minutes.
if [ -n "${CSM_TOOLS_DIR:-}" ]; then
  TOOLS_DIR="$CSM_TOOLS_DIR"
elif [ -e "$PROJECT_ROOT/.tools" ]; then
  TOOLS_DIR="$PROJECT_ROOT/.tools"
else
  TOOLS_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/azurestack-tenant-mappings"
fi
NODE_DIR="$TOOLS_DIR/node-v$NODE_VERSION"
ENGINE_DIR="$TOOLS_DIR/pulumi-v$PULUMI_VERSION"
AZURE_CLIENTS_DIR="$TOOLS_DIR/azure-clients-cli$AZURE_CLI_VERSION-azurestack$AZURE_MGMT_AZURESTACK_VERSION-identity$AZURE_IDENTITY_VERSION"
PNPM_DIR="$TOOLS_DIR/pnpm-$PNPM_VERSION"
LANGUAGE_HOSTS_DIR="$TOOLS_DIR/language-hosts-yaml$YAML_LANGUAGE_HOST_VERSION-python$LEGACY_LANGUAGE_HOST_VERSION"

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }

source "$PROJECT_ROOT/scripts/tool-cache.sh"

# Puts Node 22 first on PATH (installing it and the npm dependencies if missing); with "engine", the
# Pulumi CLI too (building it if missing).
use_toolchain() {
  PATH="$("$PROJECT_ROOT/scripts/ensure-node.sh"):$PATH"
  if [ "${1:-}" = engine ]; then
    PATH="$("$PROJECT_ROOT/scripts/ensure-engine.sh"):$PATH"
  fi
  export PATH
}
