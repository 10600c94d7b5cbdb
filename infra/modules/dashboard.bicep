// An Azure Monitor workbook over the facade's OpenTelemetry metrics in Application Insights: tokens by caller and
// model, calls by outcome, errors, time to first token, Baidu's verdicts and the audit trail's health. Its content
// is infra/dashboard/llm-facade.workbook.json (open it in the portal: Application Insights > Workbooks).

@description('Display name of the workbook.')
param displayName string = 'LLM facade'

@description('Azure region.')
param location string

@description('Resource id of the Application Insights component the workbook reads.')
param appInsightsId string

@description('Tags for the resources.')
param tags object = {}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, appInsightsId, 'llm-facade-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: appInsightsId
    serializedData: loadTextContent('../dashboard/llm-facade.workbook.json')
  }
}

@description('Resource id of the workbook.')
output workbookId string = workbook.id
