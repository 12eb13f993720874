#!/usr/bin/env bash
# Provides the real Azure clients the client suite (test/clients/) runs against the emulator: the Azure CLI
# and the Python SDK (azure-mgmt-azurestack, azure-identity), pinned, in a Python 3.11+ virtual environment
# under .tools/azure-clients-<version-key>/, then prints its bin directory. A changed pin is a new key, so
# the venv is built anew; a finished venv is marked by a stamp and reused.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv="$AZURE_CLIENTS_DIR"
if [ -f "$venv/.csm-install-stamp" ]; then
  echo "$venv/bin"
  exit 0
fi
# Two runs on one machine must not build the same venv at once: the second waits, then finds the result.
mkdir -p "$TOOLS_DIR"
exec 9>"$venv.lock"
flock 9
if [ -f "$venv/.csm-install-stamp" ]; then
  echo "$venv/bin"
  exit 0
fi

python=""
for candidate in python3.11 python3.12 python3.13 python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
    python="$candidate"
    break
  fi
done
if [ -z "$python" ]; then
  log "cannot install the Azure clients: no Python 3.10 or later with the venv module on PATH (the machine image has Python 3.11)"
  exit 1
fi

log "installing azure-cli $AZURE_CLI_VERSION, azure-mgmt-azurestack $AZURE_MGMT_AZURESTACK_VERSION and azure-identity $AZURE_IDENTITY_VERSION into $venv (a few minutes, once)"
rm -rf "$venv"
"$python" -m venv "$venv"
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
  "azure-cli==$AZURE_CLI_VERSION" \
  "azure-mgmt-azurestack==$AZURE_MGMT_AZURESTACK_VERSION" \
  "azure-identity==$AZURE_IDENTITY_VERSION" >&2; then
  rm -rf "$venv"
  log "cannot install the Azure clients from PyPI (see pip's message above); the client suite needs them"
  exit 1
fi
touch "$venv/.csm-install-stamp"
echo "$venv/bin"
