#!/usr/bin/env bash
# Provides the real Azure clients the client suite (test/clients/) runs against the emulator: the Azure CLI
# and the Python SDK (azure-mgmt-azurestack, azure-identity), pinned, in a Python 3.10+ virtual environment
# kept in the tool cache (scripts/tool-cache.sh) as azure-clients-<version key>, then prints its bin
# directory. A changed pin is a new key, so the venv is built anew.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PINS=("azure-cli==$AZURE_CLI_VERSION" "azure-mgmt-azurestack==$AZURE_MGMT_AZURESTACK_VERSION" "azure-identity==$AZURE_IDENTITY_VERSION")

# The cache entry's check: `az` is there and the venv's Python has each pinned package at its version.
azure_clients_entry_check() {
  [ -x "$1/bin/az" ] || { echo "bin/az is missing"; return 1; }
  "$1/bin/python" - "${PINS[@]}" <<'PY'
import sys
from importlib import metadata
for pin in sys.argv[1:]:
    name, version = pin.split("==")
    try:
        found = metadata.version(name)
    except metadata.PackageNotFoundError:
        sys.exit(f"the venv lacks {name}")
    if found != version:
        sys.exit(f"the venv has {name} {found}, not {version}")
PY
}

cache_check_mode azure_clients_entry_check "$@"
# The build (a process of its own, see ensure_cache_entry): --build <python> <staging directory>.
if [ "${1:-}" = --build ]; then
  log "installing azure-cli $AZURE_CLI_VERSION, azure-mgmt-azurestack $AZURE_MGMT_AZURESTACK_VERSION and azure-identity $AZURE_IDENTITY_VERSION into the tool cache ($AZURE_CLIENTS_DIR; a few minutes, once)"
  "$2" -m venv "$3"
  "$3/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "${PINS[@]}" >&2 ||
    { log "cannot install the Azure clients from PyPI (see pip's message above); the client suite needs them"; exit 1; }
  exit 0
fi

if cache_entry_ready "$AZURE_CLIENTS_DIR" azure_clients_entry_check; then
  echo "$AZURE_CLIENTS_DIR/bin"
  exit 0
fi

python=""
for candidate in python3.11 python3.12 python3.13 python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
    python="$(command -v "$candidate")"
    break
  fi
done
if [ -z "$python" ]; then
  log "cannot install the Azure clients: no Python 3.10 or later with the venv module on PATH (the machine image has Python 3.11)"
  exit 1
fi
ensure_cache_entry "$AZURE_CLIENTS_DIR" azure_clients_entry_check bash "$PROJECT_ROOT/scripts/ensure-azure-clients.sh" --build "$python"
echo "$AZURE_CLIENTS_DIR/bin"
