#!/bin/sh
# azd postdeploy hook: puts the silo image azd just deployed onto every silo app.
#
# azd deploys a service to exactly one resource (the app tagged azd-service-name=silo, silo 0), but the fleet is
# one Container App per silo. This hook rolls the same image onto the other apps, one at a time so the cluster
# never loses more than one member at once. A later `azd provision` keeps them all on that image, because
# main.parameters.json feeds SERVICE_SILO_IMAGE_NAME back into main.bicep.
#
# Reads from the azd environment: SERVICE_SILO_IMAGE_NAME (set by `azd deploy`), AZURE_RESOURCE_GROUP and
# RAMPA_SILO_APPS (outputs of infra/main.bicep). Needs the Azure CLI, signed in to the same subscription.
set -eu

: "${SERVICE_SILO_IMAGE_NAME:?azd did not set SERVICE_SILO_IMAGE_NAME: run it as azd's postdeploy hook}"
: "${AZURE_RESOURCE_GROUP:?AZURE_RESOURCE_GROUP is missing: run azd provision first}"
: "${RAMPA_SILO_APPS:?RAMPA_SILO_APPS is missing: run azd provision first}"

if ! command -v az >/dev/null 2>&1; then
  echo "roll-silos: the Azure CLI (az) is needed to update silos 1..N-1; only silo 0 runs $SERVICE_SILO_IMAGE_NAME" >&2
  exit 1
fi

first=1
for app in $RAMPA_SILO_APPS; do
  # Silo 0 is the app azd itself just deployed.
  if [ "$first" -eq 1 ]; then first=0; continue; fi
  echo "roll-silos: $app -> $SERVICE_SILO_IMAGE_NAME"
  az containerapp update --resource-group "$AZURE_RESOURCE_GROUP" --name "$app" \
    --image "$SERVICE_SILO_IMAGE_NAME" --output none
done
