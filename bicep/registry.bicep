// The container registry azd pushes the silo image to. No admin user and no anonymous pull: the silos pull
// with their managed identity (AcrPull, granted in identity.bicep) and azd pushes with the user's Entra ID.

@description('Name of the registry (5-50 letters and digits).')
@minLength(5)
@maxLength(50)
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags {*: string}

@description('Registry SKU; Basic is enough for one image pulled by a handful of silos.')
@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param sku string = 'Basic'

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    adminUserEnabled: false
    anonymousPullEnabled: false
  }
}

@description('Name of the registry.')
output name string = registry.name

@description('Login server, e.g. crxxxx.azurecr.io (AZURE_CONTAINER_REGISTRY_ENDPOINT).')
output loginServer string = registry.properties.loginServer
