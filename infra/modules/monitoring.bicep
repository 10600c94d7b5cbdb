// Log Analytics workspace plus a workspace-based Application Insights component. Local (key) auth is off:
// the Functions host sends telemetry with the app identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING), which
// needs Monitoring Metrics Publisher on the component (granted in rbac.bicep).

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Azure region.')
param location string

@description('Days Log Analytics keeps data (30 is included in the base price).')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Tags for the resources.')
param tags object = {}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

@description('Name of the Application Insights component.')
output appInsightsName string = appInsights.name

@description('Resource id of the Application Insights component.')
output appInsightsId string = appInsights.id

@description('Connection string for APPLICATIONINSIGHTS_CONNECTION_STRING (not a secret with local auth off).')
output connectionString string = appInsights.properties.ConnectionString

@description('Resource id of the Log Analytics workspace.')
output workspaceId string = workspace.id
