#!/bin/sh
# Checks a deployed fleet after `azd up` (azure.yaml runs it as the postup hook, the last step; run it by hand any
# time with the azd environment's values: `azd env get-values` lists them, or `azd hooks run postup`).
#
#   1. every silo app (RAMPA_SILO_APPS) has an Active row in the membership table, waiting up to
#      RAMPA_CHECK_WAIT seconds (default 300) for silos that are still joining;
#   2. every Active row in the table belongs to one cluster id, RAMPA_CLUSTER_ID;
#   3. the workbook's Application Insights received metrics in the last 30 minutes (the silos export .NET and
#      Orleans metrics all the time, Rampa's own during runs).
#
# Each check prints PASS, FAIL, WARN (not conclusive, e.g. telemetry still in ingestion) or SKIP with the reason.
# It needs the Azure CLI signed in (`az login`) to read the table and query Application Insights; without it every
# check is a SKIP and the script exits 0, so a missing tool never fails a deploy. Exit 1 only when a check that ran
# found the fleet wrong.
set -u

say() { echo "check-fleet: $*"; }
failed=0

for v in AZURE_RESOURCE_GROUP RAMPA_STORAGE_ACCOUNT RAMPA_CLUSTER_ID RAMPA_SILO_APPS; do
  eval "value=\${$v:-}"
  if [ -z "$value" ]; then
    say "SKIP: $v is not set (run after azd provision, with the azd environment's values); nothing checked"
    exit 0
  fi
done

if ! command -v az >/dev/null 2>&1; then
  say "SKIP: no Azure CLI (az): membership, cluster id and telemetry not checked; install it, 'az login', then run infra/check-fleet.sh"
  exit 0
fi

subscription=""
[ -n "${AZURE_SUBSCRIPTION_ID:-}" ] && subscription="--subscription $AZURE_SUBSCRIPTION_ID"

# All rows of the membership table: partition (cluster id), silo name, status. Auth: the user's Entra ID (the
# deploying principal holds Storage Table Data Contributor; the account takes no keys).
rows() {
  # shellcheck disable=SC2086
  az storage entity query $subscription --account-name "$RAMPA_STORAGE_ACCOUNT" --table-name OrleansSiloInstances \
    --auth-mode login --select PartitionKey SiloName Status --query "items[].[PartitionKey, SiloName, Status]" \
    --output tsv --only-show-errors 2>/dev/null
}

# 1. Every silo Active, bounded wait.
wait_s="${RAMPA_CHECK_WAIT:-300}"
waited=0
while :; do
  if ! table=$(rows); then
    say "SKIP: could not read the membership table of $RAMPA_STORAGE_ACCOUNT (signed in with 'az login'? does your principal hold Storage Table Data Contributor?)"
    table=""
    break
  fi
  missing=""
  for app in $RAMPA_SILO_APPS; do
    if ! printf '%s\n' "$table" | awk -F '\t' -v c="$RAMPA_CLUSTER_ID" -v n="$app" '$1 == c && $2 == n && $3 == "Active" { found = 1 } END { exit !found }'; then
      missing="$missing $app"
    fi
  done
  if [ -z "$missing" ]; then
    say "PASS: every silo is Active in cluster $RAMPA_CLUSTER_ID ($(echo $RAMPA_SILO_APPS | wc -w | tr -d ' ') apps: $RAMPA_SILO_APPS)"
    break
  fi
  if [ "$waited" -ge "$wait_s" ]; then
    say "FAIL: not Active in cluster $RAMPA_CLUSTER_ID after ${waited}s:$missing (see their logs: ContainerAppConsoleLogs in the Log Analytics workspace)"
    failed=1
    break
  fi
  sleep 15
  waited=$((waited + 15))
done

# 2. One cluster id among the Active rows.
if [ -n "$table" ]; then
  ids=$(printf '%s\n' "$table" | awk -F '\t' '$3 == "Active" { print $1 }' | sort -u | tr '\n' ' ' | sed 's/ $//')
  if [ "$ids" = "$RAMPA_CLUSTER_ID" ]; then
    say "PASS: one cluster id among the Active silos: $ids"
  elif [ -z "$ids" ]; then
    say "FAIL: no Active silo in the membership table at all"
    failed=1
  else
    say "FAIL: Active silos in several clusters: $ids (expected only $RAMPA_CLUSTER_ID)"
    failed=1
  fi
fi

# 3. Telemetry reaching the workbook's Application Insights.
if [ -z "${RAMPA_APPINSIGHTS_NAME:-}" ]; then
  say "SKIP: RAMPA_APPINSIGHTS_NAME is not set: telemetry not checked"
else
  # shellcheck disable=SC2086
  count=$(az monitor app-insights query $subscription --app "$RAMPA_APPINSIGHTS_NAME" --resource-group "$AZURE_RESOURCE_GROUP" \
    --analytics-query "customMetrics | where timestamp > ago(30m) | count" --query "tables[0].rows[0][0]" \
    --output tsv --only-show-errors 2>/dev/null) || count=""
  case "$count" in
    '') say "SKIP: could not query Application Insights $RAMPA_APPINSIGHTS_NAME (needs the az extension application-insights: az extension add -n application-insights)" ;;
    0) say "WARN: no metrics in Application Insights $RAMPA_APPINSIGHTS_NAME in the last 30 min yet (ingestion takes a few minutes after the silos start; look at the workbook later)" ;;
    *) say "PASS: Application Insights $RAMPA_APPINSIGHTS_NAME received $count metric rows in the last 30 min: the workbook has data" ;;
  esac
fi

exit "$failed"
