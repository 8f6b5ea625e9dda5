// An Azure Monitor workbook over the fleet's Application Insights: request rate, latency percentiles and VUs.
// The latency charts read gauges, not histograms, because the Azure Monitor exporter drops histogram buckets
// (only sum/count/min/max reach Azure): the silos emit the percentiles they computed from HdrHistograms.
// The metric names below are the contract with the silo's telemetry (bicep/README.md lists them).

@description('Display name of the workbook in the portal.')
param displayName string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags {*: string}

@description('Name of the Application Insights component (in this resource group) the workbook queries.')
param appInsightsName string

@description('Prefix of every Rampa metric name as it lands in customMetrics.')
param metricPrefix string = 'rampa.'

var requestsMetric = '${metricPrefix}http_reqs'
var durationPrefix = '${metricPrefix}http_req_duration.'
var vusMetric = '${metricPrefix}vus'

// One KQL chart of the workbook (a workbook item of type 3, "query").
type chartItem = {
  type: int
  content: {
    version: string
    title: string
    query: string
    size: int
    queryType: int
    resourceType: string
    visualization: string
    timeContextFromParameter: string
  }
}

func chart(title string, query string) chartItem => {
  type: 3
  content: {
    version: 'KqlItem/1.0'
    title: title
    query: query
    size: 0
    queryType: 0
    resourceType: 'microsoft.insights/components'
    visualization: 'timechart'
    timeContextFromParameter: 'TimeRange'
  }
}

var content = {
  version: 'Notebook/1.0'
  items: [
    {
      type: 1
      content: {
        json: '## Rampa fleet\nRequest rate, latency percentiles (gauges computed from HdrHistograms) and virtual users, per minute.'
      }
    }
    {
      type: 9
      content: {
        version: 'KqlParameterItem/1.0'
        parameters: [
          {
            id: '5a0f6c1e-2b1d-4c55-9d2a-7f5e7c3b0a01'
            version: 'KqlParameterItem/1.0'
            name: 'TimeRange'
            label: 'Time range'
            type: 4
            isRequired: true
            value: {
              durationMs: 3600000
            }
            typeSettings: {
              selectableValues: [
                { durationMs: 900000 }
                { durationMs: 3600000 }
                { durationMs: 14400000 }
                { durationMs: 86400000 }
              ]
            }
          }
        ]
      }
    }
    chart('Requests per second (all silos)', 'customMetrics\n| where name == "${requestsMetric}"\n| summarize rps = sum(valueSum) / 60.0 by bin(timestamp, 1m)\n| render timechart')
    chart('Latency percentiles, ms (worst silo per minute)', 'customMetrics\n| where name startswith "${durationPrefix}"\n| extend percentile = substring(name, ${length(durationPrefix)})\n| summarize ms = max(valueMax) by bin(timestamp, 1m), percentile\n| render timechart')
    chart('Virtual users (sum over silos)', 'customMetrics\n| where name == "${vusMetric}"\n| summarize vus = max(valueMax) by bin(timestamp, 1m), cloud_RoleInstance\n| summarize vus = sum(vus) by timestamp\n| render timechart')
  ]
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  // Workbook names must be GUIDs; derived so redeploying updates the same workbook.
  name: guid(resourceGroup().id, appInsightsName, 'rampa-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: appInsights.id
    serializedData: string(content)
  }
}

@description('Resource id of the workbook.')
output id string = workbook.id
