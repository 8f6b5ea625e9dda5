#!/bin/sh
# azd postprovision hook: deletes the silo apps a lower siloCount left behind.
#
# azd provisions incrementally: lowering RAMPA_SILO_COUNT from 6 to 3 leaves ca-silo-3..5 running, still members of
# the cluster and still billed. azd itself cannot delete them (its deployments never delete, and its deployment-stack
# mode is an alpha feature), so this hook does, with the Azure CLI: every app of the resource group named
# ca-silo-<i>-<RAMPA_RESOURCE_TOKEN> with i >= RAMPA_SILO_COUNT. A deleted app's silo gets SIGTERM and leaves the
# cluster as Dead.
#
# It never fails a provision: without the Azure CLI, or signed out of it, it says what it could not check and
# exits 0. Reads from the azd environment: AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP, RAMPA_SILO_COUNT and
# RAMPA_RESOURCE_TOKEN (outputs of infra/main.bicep).
set -eu

: "${AZURE_RESOURCE_GROUP:?AZURE_RESOURCE_GROUP is missing: run this as azd's postprovision hook}"
: "${RAMPA_RESOURCE_TOKEN:?RAMPA_RESOURCE_TOKEN is missing: run this as azd's postprovision hook}"
count="${RAMPA_SILO_COUNT:-3}"
subscription="${AZURE_SUBSCRIPTION_ID:-}"
by_hand="delete any ca-silo-<i>-$RAMPA_RESOURCE_TOKEN with i >= $count in $AZURE_RESOURCE_GROUP by hand (az containerapp delete)"

if ! command -v az >/dev/null 2>&1; then
  echo "remove-orphans: not checked (no Azure CLI): if you lowered RAMPA_SILO_COUNT, $by_hand"
  exit 0
fi

set -- --resource-group "$AZURE_RESOURCE_GROUP"
[ -n "$subscription" ] && set -- "$@" --subscription "$subscription"

if ! names=$(az containerapp list "$@" --query "[].name" --output tsv 2>/dev/null); then
  echo "remove-orphans: not checked (az containerapp list failed; is 'az login' done?): if you lowered RAMPA_SILO_COUNT, $by_hand"
  exit 0
fi

removed=0
for name in $names; do
  case "$name" in
    ca-silo-*-"$RAMPA_RESOURCE_TOKEN") ;;
    *) continue ;;
  esac
  index="${name#ca-silo-}"
  index="${index%-"$RAMPA_RESOURCE_TOKEN"}"
  case "$index" in
    ''|*[!0-9]*) continue ;;
  esac
  if [ "$index" -ge "$count" ]; then
    echo "remove-orphans: deleting $name (silo $index; RAMPA_SILO_COUNT is $count)"
    if az containerapp delete "$@" --name "$name" --yes --output none; then
      removed=$((removed + 1))
    else
      echo "remove-orphans: could not delete $name: $by_hand"
    fi
  fi
done
echo "remove-orphans: checked $AZURE_RESOURCE_GROUP: $removed silo app(s) beyond RAMPA_SILO_COUNT=$count removed"
