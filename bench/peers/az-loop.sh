#!/usr/bin/env bash
# Peer (a): what CSPs script today, a bash loop of the Azure CLI, one `az` per mapping:
# `az resource create` to create, `az resource show` for a drift check, `az resource delete`.
#
#   bench/peers/az-loop.sh <setup|create|show|delete> <mappings.tsv>
#
# AZ is the az to run (the pinned one from scripts/ensure-azure-clients.sh); AZURE_CONFIG_DIR a scratch
# directory (set by the caller); the emulator's client environment as `npm run emulator -- --env-file` gives
# it. mappings.tsv: "<mapping ARM id><TAB><tenant id>" per line. Prints "failures=<k> drifted=<k>" last.
set -uo pipefail
: "${AZ:?AZ must name the az executable (scripts/ensure-azure-clients.sh prints its directory)}"
operation=$1
file=${2:-}
export REQUESTS_CA_BUNDLE="$NODE_EXTRA_CA_CERTS"
if [ "$operation" = setup ]; then
  "$AZ" cloud register --name AzureStackEmulator --endpoint-resource-manager "$AZURE_RESOURCE_MANAGER_ENDPOINT" >/dev/null &&
  "$AZ" cloud set --name AzureStackEmulator &&
  "$AZ" config set core.instance_discovery=false 2>/dev/null &&
  "$AZ" login --service-principal --username "$AZURE_CLIENT_ID" --password "$AZURE_CLIENT_SECRET" --tenant "$AZURE_TENANT_ID" >/dev/null
  exit $?
fi
failures=0
drifted=0
while IFS=$'\t' read -r id tenant; do
  case "$operation" in
    create) "$AZ" resource create --id "$id" --properties "{\"tenantId\": \"$tenant\"}" >/dev/null || failures=$((failures + 1)) ;;
    show)
      if actual=$("$AZ" resource show --id "$id" --query properties.tenantId --output tsv); then
        [ "${actual,,}" = "${tenant,,}" ] || drifted=$((drifted + 1))
      else
        failures=$((failures + 1))
      fi ;;
    delete) "$AZ" resource delete --id "$id" >/dev/null || failures=$((failures + 1)) ;;
  esac
done <"$file"
echo "failures=$failures drifted=$drifted"
