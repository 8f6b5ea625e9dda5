// The virtual network the Container Apps environment is injected into. An internal, VNet-integrated environment
// is what lets silos expose TCP ports to each other with no public endpoint (Orleans' deployment guidance).

@description('Name of the virtual network.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags {*: string}

@description('Address space of the virtual network.')
param addressPrefix string = '10.40.0.0/16'

@description('Subnet for the Container Apps environment; a workload-profiles environment needs at least a /27.')
param appsSubnetPrefix string = '10.40.0.0/23'

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'apps'
        properties: {
          addressPrefix: appsSubnetPrefix
          // Workload-profiles environments require the subnet delegated to them.
          delegations: [
            {
              name: 'container-apps'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
    ]
  }
}

@description('Resource id of the virtual network.')
output id string = vnet.id

@description('Resource id of the subnet the Container Apps environment uses.')
output appsSubnetId string = vnet.properties.subnets[0].id
