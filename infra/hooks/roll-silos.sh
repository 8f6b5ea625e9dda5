#!/bin/sh
# azd postdeploy hook: puts the silo image azd just deployed onto every silo, one silo at a time.
#
# azd deploys a service to exactly one resource (silo 0, tagged azd-service-name=silo), but the fleet is one
# Container App per silo. So this hook re-provisions with azd itself (`azd provision`, azd's own sign-in, the
# subscription of the azd environment): infra/main.bicep reads the image silo 0 now runs from Azure and puts it on
# every silo, with ingress and health probes, one silo at a time (@batchSize(1)); each new revision must report
# ready (joined and Active) before the next silo is touched. A failure half-way leaves the deployment failed, and
# the next `azd provision` or `azd deploy` finishes the roll.
#
# Do not deploy while a run is in progress: each silo restarts once, and a run loses the load of the silo that
# restarts (nothing here checks for runs).
#
# Reads from the azd environment: AZURE_ENV_NAME (azd sets it for every hook).
set -eu

: "${AZURE_ENV_NAME:?AZURE_ENV_NAME is not set: run this as azd's postdeploy hook (azd deploy / azd up)}"

if ! command -v azd >/dev/null 2>&1; then
  echo "roll-silos: azd is not on PATH; only silo 0 runs the new image: run 'azd provision -e $AZURE_ENV_NAME' to roll it onto the others" >&2
  exit 1
fi

echo "roll-silos: azd provision -e $AZURE_ENV_NAME: every silo gets silo 0's image, one at a time"
exec azd provision --no-prompt --environment "$AZURE_ENV_NAME"
