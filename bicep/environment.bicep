// The Container Apps environment the silos run in: internal (no public IP at all, its static IP is a private
// VNet address) and VNet-integrated, which Container Apps requires before an app may expose plain TCP ports.
// Every silo advertises this environment's static IP to Orleans; each app's exposed ports route to it.

@description('Name of the managed environment.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags {*: string}

@description('Resource id of the subnet delegated to Microsoft.App/environments.')
param subnetId string

@description('Name of the Log Analytics workspace (in this resource group) that receives the console logs.')
param logAnalyticsName string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsName
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    vnetConfiguration: {
      infrastructureSubnetId: subnetId
      internal: true
    }
    workloadProfiles: [
      {
        // Serverless Consumption profile: no dedicated nodes; billed per second for the vCPU and GiB each replica
        // has ALLOCATED (2 vCPU / 4 GiB per silo, busy or not), not for what it uses.
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
    // Logs go through Azure Monitor (the diagnostic setting below), not straight to the workspace: that would need the
    // workspace's shared key in the template (listKeys()), a secret in the deployment's history.
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    zoneRedundant: false
  }
}

// The silos' console and system logs into the workspace (tables ContainerAppConsoleLogs / ContainerAppSystemLogs).
resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'rampa-logs'
  scope: environment
  properties: {
    workspaceId: workspace.id
    // Resource-specific tables (ContainerAppConsoleLogs, ContainerAppSystemLogs) rather than the shared AzureDiagnostics.
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

@description('Resource id of the environment.')
output id string = environment.id

@description('Name of the environment.')
output name string = environment.name

@description('The environment\'s private static IP, which every silo advertises (RAMPA_ADVERTISED_IP).')
output staticIp string = environment.properties.staticIp

@description('The environment\'s default domain (private, resolvable inside the VNet).')
output defaultDomain string = environment.properties.defaultDomain
