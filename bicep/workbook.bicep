// An Azure Monitor workbook over the fleet's Application Insights: request rate, latency percentiles, errors, VUs and
// dropped iterations of each run. The latency charts read gauges, not histograms, because the Azure Monitor exporter
// drops histogram buckets (only sum/count/min/max reach Azure): Rampa exports the percentiles it computed from the
// merged HdrHistograms each second. The metric names in the queries are the contract with Rampa's telemetry
// (src/Rampa.Telemetry/RampaTelemetryNames.cs; README "Live telemetry"); TelemetryTests reads them out of this file and
// checks that the Azure Monitor exporter sends every one. Counters arrive as deltas (Application Insights' temporality),
// so a minute's sum(valueSum) is what happened in that minute.

@description('Display name of the workbook in the portal.')
param displayName string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags {*: string}

@description('Name of the Application Insights component (in this resource group) the workbook queries.')
param appInsightsName string

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
        json: '## Rampa runs\nRequest rate, latency percentiles (gauges Rampa computed from the merged HdrHistograms each second), failures, VUs and dropped iterations, per minute, from the silo that orchestrates each run (the merged view of every silo). Leave Run empty for every run.'
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
          {
            id: '5a0f6c1e-2b1d-4c55-9d2a-7f5e7c3b0a02'
            version: 'KqlParameterItem/1.0'
            name: 'Run'
            label: 'Run id (empty: all)'
            type: 1
            isRequired: false
            value: ''
          }
        ]
      }
    }
    chart('Requests per second, by run', 'customMetrics\n| where name == "rampa.requests"\n| extend run = tostring(customDimensions[\'run.id\'])\n| where \'{Run}\' == \'\' or run == \'{Run}\'\n| summarize rps = sum(valueSum) / 60.0 by bin(timestamp, 1m), run\n| render timechart')
    chart('Requests per second, by status', 'customMetrics\n| where name == "rampa.requests"\n| extend run = tostring(customDimensions[\'run.id\'])\n| where \'{Run}\' == \'\' or run == \'{Run}\'\n| extend status = tostring(customDimensions.status)\n| summarize rps = sum(valueSum) / 60.0 by bin(timestamp, 1m), status\n| render timechart')
    chart('Latency percentiles of each scenario, ms (worst second of each minute)', 'customMetrics\n| where name in ("rampa.request.duration.p50", "rampa.request.duration.p90", "rampa.request.duration.p95", "rampa.request.duration.p99", "rampa.request.duration.max")\n| extend run = tostring(customDimensions[\'run.id\'])\n| where \'{Run}\' == \'\' or run == \'{Run}\'\n| where isempty(tostring(customDimensions.name))\n| extend series = strcat(tostring(customDimensions.scenario), \' \', substring(name, 23))\n| summarize ms = max(valueMax) by bin(timestamp, 1m), series\n| render timechart')
    chart('p95 by request name, ms', 'customMetrics\n| where name == "rampa.request.duration.p95"\n| extend run = tostring(customDimensions[\'run.id\'])\n| where \'{Run}\' == \'\' or run == \'{Run}\'\n| where isnotempty(tostring(customDimensions.name))\n| extend request = strcat(tostring(customDimensions.method), \' \', tostring(customDimensions.name))\n| summarize ms = max(valueMax) by bin(timestamp, 1m), request\n| render timechart')
    chart('Failed requests per second (http_req_failed)', 'customMetrics\n| where name == "rampa.request.failures"\n| extend run = tostring(customDimensions[\'run.id\'])\n| where \'{Run}\' == \'\' or run == \'{Run}\'\n| summarize failures = sum(valueSum) / 60.0 by bin(timestamp, 1m), run\n| render timechart')
    chart('Virtual users (active and allocated)', 'customMetrics\n| where name in ("rampa.vus", "rampa.vus.max")\n| extend run = tostring(customDimensions[\'run.id\'])\n| where \'{Run}\' == \'\' or run == \'{Run}\'\n| summarize vus = max(valueMax) by bin(timestamp, 1m), name, run, scenario = tostring(customDimensions.scenario)\n| summarize vus = sum(vus) by timestamp, name\n| render timechart')
    chart('Iterations and dropped iterations per minute', 'customMetrics\n| where name in ("rampa.iterations", "rampa.iterations.dropped")\n| extend run = tostring(customDimensions[\'run.id\'])\n| where \'{Run}\' == \'\' or run == \'{Run}\'\n| summarize count = sum(valueSum) by bin(timestamp, 1m), name\n| render timechart')
    chart('Checks per minute, passed and failed', 'customMetrics\n| where name == "rampa.checks"\n| extend run = tostring(customDimensions[\'run.id\'])\n| where \'{Run}\' == \'\' or run == \'{Run}\'\n| summarize count = sum(valueSum) by bin(timestamp, 1m), passed = tostring(customDimensions.passed)\n| render timechart')
    chart('Generator CPU per silo, share of its machine (worst second of each minute; 0.9+ for long = saturated)', 'customMetrics\n| where name == "rampa.generator.cpu"\n| extend run = tostring(customDimensions[\'run.id\'])\n| where \'{Run}\' == \'\' or run == \'{Run}\'\n| summarize cpu = max(valueMax) by bin(timestamp, 1m), silo = tostring(customDimensions.silo)\n| render timechart')
    chart('Generator thread-pool queue per silo (worst second of each minute)', 'customMetrics\n| where name == "rampa.generator.threadpool.queue"\n| extend run = tostring(customDimensions[\'run.id\'])\n| where \'{Run}\' == \'\' or run == \'{Run}\'\n| summarize queued = max(valueMax) by bin(timestamp, 1m), silo = tostring(customDimensions.silo)\n| render timechart')
    chart('Generator GC pause per silo, ms per second (worst second of each minute)', 'customMetrics\n| where name == "rampa.generator.gc.pause"\n| extend run = tostring(customDimensions[\'run.id\'])\n| where \'{Run}\' == \'\' or run == \'{Run}\'\n| summarize ms = max(valueMax) by bin(timestamp, 1m), silo = tostring(customDimensions.silo)\n| render timechart')
    chart('Generator flush interval per silo, s (1 = on time; 2+ = starved)', 'customMetrics\n| where name == "rampa.generator.flush.interval"\n| extend run = tostring(customDimensions[\'run.id\'])\n| where \'{Run}\' == \'\' or run == \'{Run}\'\n| summarize seconds = max(valueMax) by bin(timestamp, 1m), silo = tostring(customDimensions.silo)\n| render timechart')
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
    // Lower case: the portal matches a workbook to its resource by this id case-sensitively, and ARM returns ids in
    // the casing they were created with; lower-cased, the workbook shows up under the component's Workbooks blade.
    sourceId: toLower(appInsights.id)
    serializedData: string(content)
  }
}

@description('Resource id of the workbook.')
output id string = workbook.id
