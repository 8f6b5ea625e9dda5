// Where the fleet's logs and metrics land: a Log Analytics workspace (container console logs, and the storage
// behind Application Insights) and a workspace-based Application Insights the silos export OpenTelemetry to.

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags {*: string}

@description('Name of the user-assigned identity (in this resource group) the silos publish telemetry as, with Entra ID.')
param publisherIdentityName string

@description('Days logs are kept; 30 is the free retention of Log Analytics.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'other'
  properties: {
    Application_Type: 'other'
    WorkspaceResourceId: workspace.id
    // Reachable so the silos' exporter and the portal's workbook get to it; reading telemetry still needs Entra ID.
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
    // Entra ID only: telemetry is accepted from identities holding Monitoring Metrics Publisher, never by key alone
    // (the silos set APPLICATIONINSIGHTS_AUTHENTICATION_STRING, so Rampa's exporter signs in with their identity).
    DisableLocalAuth: true
  }
}

// Monitoring Metrics Publisher (a built-in role, the same id in every tenant): what Entra ID ingestion asks of the sender.
var metricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

resource publisher 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: publisherIdentityName
}

// Named from deployment-time values only (the identity's name, not its principal id), so What-If predicts it.
resource publisherRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, publisher.id, metricsPublisherRoleId)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', metricsPublisherRoleId)
    principalId: publisher.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Name of the Log Analytics workspace.')
output logAnalyticsName string = workspace.name

@description('Resource id of the Log Analytics workspace.')
output logAnalyticsId string = workspace.id

@description('Name of the Application Insights component.')
output appInsightsName string = appInsights.name

@description('Resource id of the Application Insights component (the workbook\'s source).')
output appInsightsId string = appInsights.id
