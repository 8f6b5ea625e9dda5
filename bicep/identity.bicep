// The silos' one user-assigned identity and what it may do: read and write blobs and tables (no queues: nothing in Rampa uses them) on the
// cluster's storage account (Orleans membership, run requests, artifacts) and pull the silo image. A
// user-assigned identity exists before the apps, so the roles are in place when the first silo starts.
// The deploying user (azd's AZURE_PRINCIPAL_ID) gets the same storage data roles, so the CLI can drive the
// cluster through storage without keys.

@description('Name of the user-assigned identity.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags {*: string}

@description('Name of the storage account (in this resource group) the roles are granted on.')
param storageAccountName string

@description('Name of the container registry (in this resource group) AcrPull is granted on.')
param registryName string

@description('Object id of a principal to grant the storage data roles too (azd sets AZURE_PRINCIPAL_ID); empty for none.')
param userPrincipalId string = ''

@description('Kind of that principal (azd sets AZURE_PRINCIPAL_TYPE): User, or ServicePrincipal when azd runs in CI.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param userPrincipalType string = 'User'

// Built-in role definition ids (the same in every tenant).
var storageRoles = {
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}
var acrPullRoleId = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' existing = {
  name: registryName
}

resource siloStorageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(storageRoles): {
  name: guid(storage.id, identity.id, role.value)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
    principalId: identity.properties.principalId
    // Stated so the assignment does not wait for the new principal to replicate in Entra ID.
    principalType: 'ServicePrincipal'
  }
}]

resource userStorageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(storageRoles): if (!empty(userPrincipalId)) {
  name: guid(storage.id, userPrincipalId, role.value)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
    principalId: userPrincipalId
    principalType: userPrincipalType
  }
}]

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identity.id, acrPullRoleId)
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPullRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// A module finishes only when all its resources have: a dependant that reads these outputs starts after the role
// assignments exist.
@description('Resource id of the identity (for the container apps\' identity and registry settings).')
output id string = identity.id

@description('Client id of the identity (AZURE_CLIENT_ID for DefaultAzureCredential in the silo).')
output clientId string = identity.properties.clientId

@description('Principal (object) id of the identity.')
output principalId string = identity.properties.principalId

