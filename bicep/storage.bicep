// The storage account the cluster lives on: Orleans membership (Table), run requests, progress and artifacts (Blob).
// Entra ID only: shared keys are off, so every silo and user signs in with RBAC (Orleans 10 takes a
// TableServiceClient/BlobServiceClient built on DefaultAzureCredential, so it needs no key).

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags {*: string}

@description('Blob container that holds run requests and artifacts (the CLI defaults to `rampa`).')
param containerName string = 'rampa'

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    // No account keys and no SAS signed with them: RBAC is the only way in.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    // No anonymous blob reads, ever.
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // The CLI on a laptop drives the cluster through this account with the user's own Entra ID (no inbound
    // endpoint on the cluster), so the account's endpoint stays reachable; only signed-in principals get in.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: containerName
  properties: {
    publicAccess: 'None'
  }
}

// Orleans creates its membership table on first start; the service must exist for that.
resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: account
  name: 'default'
}

@description('Name of the storage account.')
output name string = account.name

@description('Blob endpoint, e.g. https://ACCOUNT.blob.core.windows.net/ (RAMPA_STORAGE).')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Table endpoint, e.g. https://ACCOUNT.table.core.windows.net/.')
output tableEndpoint string = account.properties.primaryEndpoints.table

@description('Name of the blob container for run requests and artifacts.')
output containerName string = container.name

@description('Name of the table service (always `default`); created here so Orleans can create its table.')
output tableServiceName string = tableService.name
