// ONE Orleans silo as ONE Container App, as Orleans' deployment guidance asks: exactly one replica (min = max = 1,
// so Container Apps never scales a silo in or out behind Orleans' back), its own silo/gateway TCP port pair exposed
// on the internal environment only, the environment's static IP advertised, membership in Azure Table storage.

@description('Name of the container app (2-32 lowercase letters, digits and hyphens).')
@maxLength(32)
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource (the azd-service-name tag is added when serviceName is set).')
param tags {*: string}

@description('azd service this app implements (tag azd-service-name); empty for silos azd does not deploy itself.')
param serviceName string = ''

@description('Resource id of the Container Apps environment.')
param environmentId string

@description('The environment\'s static IP, advertised to the other silos (RAMPA_ADVERTISED_IP).')
param advertisedIp string

@description('Silo-to-silo TCP port; unique per silo because all silos share the advertised IP.')
@minValue(1024)
@maxValue(65535)
param siloPort int

@description('Client gateway TCP port; unique per silo for the same reason.')
@minValue(1024)
@maxValue(65535)
param gatewayPort int

@description('Resource id of the user-assigned identity the silo runs as.')
param identityId string

@description('Client id of that identity (AZURE_CLIENT_ID, so DefaultAzureCredential picks it).')
param identityClientId string

@description('Login server of the registry the image is pulled from with the identity.')
param registryServer string

@description('Container image of the silo.')
param image string

@description('Blob endpoint of the cluster\'s storage account (RAMPA_STORAGE).')
param storageBlobEndpoint string

@description('Orleans ClusterId shared by every silo of this fleet (RAMPA_CLUSTER_ID).')
param clusterId string

@description('Name of the Application Insights component (in this resource group) the silo exports telemetry to.')
param appInsightsName string

@description('vCPUs of the silo container (Consumption profile: 0.25 to 4).')
param cpu string = '2.0'

@description('Memory of the silo container; Consumption needs 2Gi per vCPU.')
param memory string = '4Gi'

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  tags: empty(serviceName) ? tags : union(tags, { 'azd-service-name': serviceName })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      // A new revision replaces the old one; never two revisions of one silo serving at once.
      activeRevisionsMode: 'Single'
      ingress: {
        // Internal TCP ingress: reachable only from inside the environment's VNet, never from the internet.
        external: false
        transport: 'tcp'
        targetPort: siloPort
        exposedPort: siloPort
        additionalPortMappings: [
          {
            external: false
            targetPort: gatewayPort
            exposedPort: gatewayPort
          }
        ]
      }
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
      secrets: [
        {
          name: 'appinsights-connection-string'
          value: appInsights.properties.ConnectionString
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'silo'
          image: image
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: [
            {
              name: 'RAMPA_STORAGE'
              value: storageBlobEndpoint
            }
            {
              // The app name identifies the silo in the membership table and in logs.
              name: 'RAMPA_SILO_NAME'
              value: name
            }
            {
              name: 'RAMPA_CLUSTER_ID'
              value: clusterId
            }
            {
              name: 'RAMPA_ADVERTISED_IP'
              value: advertisedIp
            }
            {
              name: 'RAMPA_SILO_PORT'
              value: string(siloPort)
            }
            {
              name: 'RAMPA_GATEWAY_PORT'
              value: string(gatewayPort)
            }
            {
              name: 'AZURE_CLIENT_ID'
              value: identityClientId
            }
            {
              // Rampa's telemetry (src/Rampa.Telemetry): set, it turns on the Azure Monitor exporter in the silo.
              name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
              secretRef: 'appinsights-connection-string'
            }
            {
              // Local auth is disabled on the Application Insights: the exporter signs in as this identity.
              name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
              value: 'Authorization=AAD;ClientId=${identityClientId}'
            }
          ]
        }
      ]
      scale: {
        minReplicas: 1
        maxReplicas: 1
      }
    }
  }
}

@description('Name of the container app.')
output name string = app.name

@description('Silo port this app exposes on the environment.')
output siloPort int = siloPort

@description('Gateway port this app exposes on the environment.')
output gatewayPort int = gatewayPort
