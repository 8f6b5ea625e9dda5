// azd's entry point for the distributed scale: `azd up` provisions this, then deploys the silo image.
// Subscription scope because azd creates the resource group `rg-<environment>` itself from here. Everything
// else lives in that group and comes from the one-concern modules under bicep/.
targetScope = 'subscription'

@description('azd environment name (AZURE_ENV_NAME); names the resource group and seeds every resource name.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Azure region of every resource (AZURE_LOCATION).')
@minLength(1)
param location string

@description('Object id of the user running azd (AZURE_PRINCIPAL_ID): gets storage data roles so the CLI can drive the fleet; empty for none.')
param principalId string = ''

@description('Number of silos: one Container App each, with its own port pair.')
@minValue(1)
@maxValue(50)
param siloCount int = 3

@description('Silo image; azd fills it with the last deployed image (SERVICE_SILO_IMAGE_NAME) so a re-provision keeps it. Empty: a public placeholder until the first `azd deploy`.')
param siloImage string = ''

@description('Orleans ClusterId of the fleet; empty for rampa-<environment>.')
param clusterId string = ''

@description('First silo-to-silo port; silo i uses siloPortBase + i (all silos share the environment\'s IP).')
@minValue(1024)
@maxValue(65000)
param siloPortBase int = 11111

@description('First gateway port; silo i uses gatewayPortBase + i.')
@minValue(1024)
@maxValue(65000)
param gatewayPortBase int = 30000

var tags = {
  'azd-env-name': environmentName
}
// Short, stable, unique per subscription/environment/region: keeps global names (storage, registry) free.
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var effectiveClusterId = empty(clusterId) ? 'rampa-${environmentName}' : clusterId
// Container Apps needs an image before azd has built one; azd deploy replaces it.
var placeholderImage = 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest'
// Names are computed here, not read from module outputs, so What-If can predict every resource; the explicit
// dependsOn below keeps the order the outputs would have given.
var names = {
  storage: 'st${resourceToken}'
  registry: 'cr${resourceToken}'
  identity: 'id-rampa-${resourceToken}'
  vnet: 'vnet-rampa-${resourceToken}'
  logAnalytics: 'log-rampa-${resourceToken}'
  appInsights: 'appi-rampa-${resourceToken}'
  environment: 'cae-rampa-${resourceToken}'
}
var siloNames = [for i in range(0, siloCount): 'ca-silo-${i}-${resourceToken}']

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module storage '../bicep/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
  }
}

module registry '../bicep/registry.bicep' = {
  name: 'registry'
  scope: rg
  params: {
    name: names.registry
    location: location
    tags: tags
  }
}

module identity '../bicep/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
    storageAccountName: names.storage
    registryName: names.registry
    userPrincipalId: principalId
  }
  dependsOn: [
    storage
    registry
  ]
}

module network '../bicep/network.bicep' = {
  name: 'network'
  scope: rg
  params: {
    name: names.vnet
    location: location
    tags: tags
  }
}

module monitoring '../bicep/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    appInsightsName: names.appInsights
    publisherIdentityName: names.identity
    location: location
    tags: tags
  }
  // The identity must exist before its role on Application Insights is granted.
  dependsOn: [
    identity
  ]
}

module environment '../bicep/environment.bicep' = {
  name: 'environment'
  scope: rg
  params: {
    name: names.environment
    location: location
    tags: tags
    subnetId: network.outputs.appsSubnetId
    logAnalyticsName: names.logAnalytics
  }
  dependsOn: [
    monitoring
  ]
}

// One Container App per silo (never replicas of one app): Orleans needs each silo to be a stable, addressable
// member. Only silo 0 carries the azd-service-name tag, since azd deploys a service to exactly one resource;
// the postdeploy hook (infra/hooks/roll-silos.sh) rolls the same image onto the others.
module silos '../bicep/silo.bicep' = [for i in range(0, siloCount): {
  name: 'silo-${i}'
  scope: rg
  params: {
    name: siloNames[i]
    location: location
    tags: tags
    serviceName: i == 0 ? 'silo' : ''
    environmentId: environment.outputs.id
    advertisedIp: environment.outputs.staticIp
    siloPort: siloPortBase + i
    gatewayPort: gatewayPortBase + i
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    registryServer: registry.outputs.loginServer
    image: empty(siloImage) ? placeholderImage : siloImage
    storageBlobEndpoint: storage.outputs.blobEndpoint
    clusterId: effectiveClusterId
    appInsightsName: names.appInsights
  }
  dependsOn: [
    monitoring
  ]
}]

module workbook '../bicep/workbook.bicep' = {
  name: 'workbook'
  scope: rg
  params: {
    displayName: 'Rampa fleet (${environmentName})'
    location: location
    tags: tags
    appInsightsName: names.appInsights
  }
  dependsOn: [
    monitoring
  ]
}

// azd stores every output in the environment (.azure/<env>/.env): the registry for `azd deploy`, the rest for
// the CLI and the postdeploy hook.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = environment.outputs.name
output RAMPA_STORAGE string = storage.outputs.blobEndpoint
output RAMPA_CLUSTER_ID string = effectiveClusterId
output RAMPA_SILO_COUNT int = siloCount
output RAMPA_SILO_APPS string = join(siloNames, ' ')
output RAMPA_WORKBOOK_ID string = workbook.outputs.id
