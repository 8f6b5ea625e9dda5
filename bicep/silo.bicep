// ONE Orleans silo as ONE Container App, as Orleans' deployment guidance asks: exactly one replica (min = max = 1,
// so Container Apps never scales a silo in or out behind Orleans' back), its own silo TCP port exposed on the
// environment's static IP (which is private: the environment is internal), membership in Azure Table storage.

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

@description('Client gateway TCP port; unique per silo for the same reason. Not exposed: no Orleans client connects (the CLI drives the cluster through storage).')
@minValue(1024)
@maxValue(65535)
param gatewayPort int

@description('Port of the silo\'s HTTP health endpoint (RAMPA_HEALTH_PORT), probed inside the replica, never exposed.')
param healthPort int = 8080

@description('Resource id of the user-assigned identity the silo runs as.')
param identityId string

@description('Client id of that identity (AZURE_CLIENT_ID, so DefaultAzureCredential picks it).')
param identityClientId string

@description('Login server of the registry the image is pulled from with the identity.')
param registryServer string

@description('Container image of the silo; empty until azd has deployed one (then a placeholder runs, without ingress and probes, since it does not listen on the silo port).')
param image string = ''

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

@description('The silo\'s graceful stop bound (RAMPA_SHUTDOWN_TIMEOUT, seconds); the platform waits longer than this before SIGKILL.')
param shutdownTimeoutSeconds int = 30

// A public image Container Apps can run before azd has built the silo image (the first `azd provision`). It serves
// HTTP on port 80, not the silo port: while it runs, the app has no ingress and no probes, or the revision would
// never become healthy and provisioning would time out.
var placeholderImage = 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest'
var hasSiloImage = !empty(image) && image != placeholderImage

// Above the silo's own shutdown bound, so a stopping silo always gets to write itself Dead in the membership table
// before SIGKILL (Container Apps' default grace is 30 s).
var terminationGracePeriodSeconds = shutdownTimeoutSeconds + 15

// Container Apps probes the replica directly (not through ingress). Startup allows up to 10 x 30 s = 5 min for the
// silo to join, longer than its wait for role assignments (RAMPA_PERMISSION_WAIT, 4 min); readiness fails within
// 30 s of the silo leaving Active, so a new revision counts as ready only once it has joined the cluster.
// See the comment on `ingress` below for why `external: true`.
var siloIngress = {
  external: true
  transport: 'tcp'
  targetPort: siloPort
  exposedPort: siloPort
}

var probes = [
  {
    type: 'Startup'
    httpGet: {
      path: '/healthz/startup'
      port: healthPort
      scheme: 'HTTP'
    }
    initialDelaySeconds: 5
    periodSeconds: 30
    timeoutSeconds: 5
    failureThreshold: 10
  }
  {
    type: 'Readiness'
    httpGet: {
      path: '/healthz/ready'
      port: healthPort
      scheme: 'HTTP'
    }
    periodSeconds: 10
    timeoutSeconds: 5
    failureThreshold: 3
    successThreshold: 1
  }
]

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
      // `external: true` is deliberate. Every silo advertises the environment's static IP, and only external
      // ingress is published on that IP; internal ingress is reachable only as <app-name>:<port> inside the
      // environment, so with `external: false` the silos could not reach each other at the address Orleans gossips
      // (a cluster of one; the Orleans team's Container Apps sample uses `external: true` too). "External" here
      // still means the environment's private VNet address: the environment is internal (environment.bicep), so
      // nothing is reachable from the internet. No gateway port mapping: no Orleans client connects.
      ingress: hasSiloImage ? siloIngress : null
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
          image: hasSiloImage ? image : placeholderImage
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          probes: hasSiloImage ? probes : []
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
              name: 'RAMPA_HEALTH_PORT'
              value: string(healthPort)
            }
            {
              name: 'RAMPA_SHUTDOWN_TIMEOUT'
              value: '${shutdownTimeoutSeconds}s'
            }
            {
              // Orleans' own timings (10 s probes, 3 misses), not Rampa's single-host `fast` mode (2 s, 2 misses): across
              // a real network, with load generators saturating their CPUs, a few late probes are normal, and a silo
              // voted dead kills itself mid-run. A dead silo is noticed in ~30 s instead of ~5 s, which costs nothing
              // here since a replica that dies is restarted by the platform anyway.
              name: 'RAMPA_FAILURE_DETECTION'
              value: 'orleans'
            }
            {
              name: 'AZURE_CLIENT_ID'
              value: identityClientId
            }
            {
              // Only the managed identity: DefaultAzureCredential (storage, and the Azure Monitor exporter) then tries
              // no developer credentials and fails fast and clearly when the identity is missing.
              name: 'AZURE_TOKEN_CREDENTIALS'
              value: 'ManagedIdentityCredential'
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
      terminationGracePeriodSeconds: terminationGracePeriodSeconds
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

@description('Whether the app runs the silo image (false: the placeholder, before the first azd deploy).')
output runsSiloImage bool = hasSiloImage
