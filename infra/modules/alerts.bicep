// Alerts an operator is told about through an action group: calls refused because the audit could not be
// written (503 audit_unavailable, the facade's llm_facade.requests metric), a readiness route that fails
// (an Application Insights standard test of /health/ready from several regions, with a metric alert on it), and a
// daily audit verify that found anything or could not check (llm_facade.audit.verify.problems and .runs).
// Without an action group the rules still fire and show in the portal; nobody is notified.

@description('Azure region (of the web test; scheduled query and metric alert rules are global or follow it).')
param location string

@description('Resource id of the Application Insights component the facade sends its telemetry to.')
param appInsightsId string

@description('Host name of the facade (<app>.azurewebsites.net); its /health/ready is tested.')
param facadeHostName string

@description('Resource id of the action group to notify. Empty: the alerts fire without notifying anyone.')
param actionGroupId string = ''

@description('Calls refused with audit_unavailable in one 5-minute window that raise the alert.')
@minValue(1)
param auditUnavailableThreshold int = 1

@description('Whether the app runs the daily audit verify (Audit__Schedule__Verify); the verify alert is enabled with it.')
param auditVerifyScheduled bool = true

@description('Tags for the resources.')
param tags object = {}

var actions = empty(actionGroupId) ? [] : [actionGroupId]
var webTestName = 'readiness-${uniqueString(appInsightsId)}'

// The facade records every answered call in llm_facade.requests with error.type; audit_unavailable is the 503 of
// a call refused because its audit record could not be made durable (docs/audit.md).
resource auditUnavailable 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: 'audit-unavailable-${uniqueString(appInsightsId)}'
  location: location
  tags: tags
  properties: {
    displayName: 'LLM facade: calls refused with audit_unavailable'
    description: 'The audit store could not take records, so calls were refused (503 audit_unavailable). See docs/deploy.md, "Alerts".'
    severity: 1
    enabled: true
    scopes: [
      appInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "llm_facade.requests" and tostring(customDimensions["error.type"]) == "audit_unavailable" | summarize refused = sum(valueCount)'
          timeAggregation: 'Total'
          metricMeasureColumn: 'refused'
          operator: 'GreaterThanOrEqual'
          threshold: auditUnavailableThreshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: actions
    }
  }
}

// The scheduled verify (01:30 UTC, the previous UTC day) records what it found in llm_facade.audit.verify.problems,
// by kind, 0 when intact, and each run in llm_facade.audit.verify.runs with result intact, not_intact or failed (it
// could not check: seal key, storage). Either a finding or a failed run raises the alert (docs/audit.md).
resource auditVerifyProblems 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: 'audit-verify-problems-${uniqueString(appInsightsId)}'
  location: location
  tags: tags
  properties: {
    displayName: 'LLM facade: the daily audit verify found problems'
    description: 'The scheduled audit verify of the previous UTC day found changed, forged, deleted or never-completed records, or could not check. Run audit verify over that day to see each finding. See docs/deploy.md, "Alerts".'
    severity: 1
    enabled: auditVerifyScheduled
    scopes: [
      appInsightsId
    ]
    evaluationFrequency: 'PT1H'
    windowSize: 'PT6H'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "llm_facade.audit.verify.problems" or (name == "llm_facade.audit.verify.runs" and tostring(customDimensions["result"]) == "failed") | summarize problems = sum(value)'
          timeAggregation: 'Total'
          metricMeasureColumn: 'problems'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: actions
    }
  }
}

// A standard test: GET https://<host>/health/ready every 5 minutes from three regions; 200 is ready.
resource readinessTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: webTestName
  location: location
  // The hidden-link tag ties the test to the component, as the portal does.
  tags: union(tags, {
    'hidden-link:${appInsightsId}': 'Resource'
  })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: webTestName
    Name: 'LLM facade readiness'
    Description: 'GET /health/ready: the facade can serve (secrets present, audit writable).'
    Enabled: true
    Frequency: 300
    Timeout: 30
    Kind: 'standard'
    RetryEnabled: true
    Locations: [
      { Id: 'us-va-ash-azr' }
      { Id: 'emea-nl-ams-azr' }
      { Id: 'apac-sg-sin-azr' }
    ]
    Request: {
      RequestUrl: 'https://${facadeHostName}/health/ready'
      HttpVerb: 'GET'
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: false
    }
  }
}

resource readinessFailed 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'readiness-failed-${uniqueString(appInsightsId)}'
  location: 'global'
  tags: tags
  properties: {
    description: 'The facade\'s /health/ready failed from 2 or more test locations. See docs/deploy.md, "Alerts".'
    severity: 1
    enabled: true
    scopes: [
      readinessTest.id
      appInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: readinessTest.id
      componentId: appInsightsId
      failedLocationCount: 2
    }
    autoMitigate: true
    actions: [for group in actions: {
      actionGroupId: group
    }]
  }
}

@description('Resource id of the audit_unavailable alert rule.')
output auditUnavailableAlertId string = auditUnavailable.id

@description('Resource id of the readiness alert rule.')
output readinessAlertId string = readinessFailed.id

@description('Resource id of the audit verify alert rule.')
output auditVerifyAlertId string = auditVerifyProblems.id
