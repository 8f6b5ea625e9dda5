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

@description('Object id of the principal running azd (AZURE_PRINCIPAL_ID): gets storage data roles so the CLI can drive the fleet; empty for none.')
param principalId string = ''

@description('Kind of that principal (AZURE_PRINCIPAL_TYPE): User from a laptop, ServicePrincipal from CI; a wrong kind fails the role assignment (UnmatchedPrincipalType).')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

// Quota: a Consumption environment may allocate 100 vCPU by default (free-trial subscriptions: 10). Each silo takes
// 2 vCPU, and while a silo rolls to a new revision its old and new replica both hold theirs; the roll goes one silo
// at a time (@batchSize(1) below), so the peak is 2 x (siloCount + 1): 40 silos peak at 82 vCPU, within the default.
// More silos need a quota increase first (see infra/README.md).
@description('Number of silos: one Container App (2 vCPU, 4 GiB) each. At most 40, so 2 vCPU x (40 + 1 rolling) stays within the Consumption default quota of 100 vCPU.')
@minValue(1)
@maxValue(40)
param siloCount int = 3

@description('Whether silo 0 (the app azd deploys, tag azd-service-name=silo) already exists; azd sets SERVICE_SILO_RESOURCE_EXISTS itself before provisioning.')
param siloExists bool = false

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
// The silo accepts ids of letters, digits, '.', '_' and '-' only (they become table partition keys and blob names),
// and refuses to start otherwise; an azd environment name may hold other characters, e.g. parentheses. Each other
// character becomes '-', so the id is always one the silo accepts.
var clusterIdAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789._-'
var sanitizedEnvironmentName = join(map(range(0, length(environmentName)), i => contains(clusterIdAlphabet, toLower(substring(environmentName, i, 1))) ? toLower(substring(environmentName, i, 1)) : '-'), '')
var effectiveClusterId = empty(clusterId) ? 'rampa-${sanitizedEnvironmentName}' : clusterId
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

// The image silo 0 runs now, read from Azure (azd's container-app-upsert pattern), not carried in the azd environment:
// after `azd down` + `azd up`, or on another machine, a stored image name would point at a registry that no longer
// has it (MANIFEST_UNKNOWN). Empty before the first deploy: every silo then runs the placeholder (silo.bicep).
resource silo0 'Microsoft.App/containerApps@2024-03-01' existing = if (siloExists) {
  scope: rg
  name: siloNames[0]
}
var siloImage = siloExists ? silo0!.properties.template.containers[0].image : ''

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
    userPrincipalType: principalType
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
// member. Only silo 0 carries the azd-service-name tag, since azd deploys a service to exactly one resource; the
// postdeploy hook re-provisions, and this loop puts silo 0's image on the others. One silo at a time (batchSize 1):
// each new revision must pass its readiness probe (joined, Active) before the next silo is touched, so the cluster
// loses at most one member at once and the vCPU peak stays 2 x (siloCount + 1).
@batchSize(1)
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
    image: siloImage
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
output RAMPA_STORAGE_ACCOUNT string = names.storage
output RAMPA_APPINSIGHTS_NAME string = names.appInsights
output RAMPA_SILO_APP_PREFIX string = 'ca-silo-'
output RAMPA_RESOURCE_TOKEN string = resourceToken
