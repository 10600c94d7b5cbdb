// The auditing LLM facade on Azure Functions Flex Consumption (runtime `dotnet-isolated` 10.0, ASP.NET Core integration).
// Deploys into an existing resource group: see docs/deploy.md for the whole procedure.
//
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/main.bicepparam
//
// Modules are local files only (no registry modules), so compiling needs nothing but the Bicep CLI.
targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------------------

@description('A model the facade offers.')
type modelType = {
  @description('The model name callers send in "model" (and that GET /v1/models lists).')
  name: string

  @description('The provider adapter that serves it.')
  provider: 'lanrui' | 'baidu' | 'mindie'

  @description('What the provider calls the model: Lanrui model_name/model_version, the Baidu service endpoint, the MindIE model.')
  target: string
}

@description('A caller authenticated by key. Only the key\'s SHA-256 goes into the template, never the key.')
type callerType = {
  @description('Name recorded in the audit log for this caller.')
  name: string

  @description('SHA-256 of the caller\'s key, hex (see docs/deploy.md for how to compute it).')
  keySha256: string

  @description('During a key rotation: SHA-256 of the key being replaced, accepted beside keySha256 until it is removed (docs/deploy.md, "Rotating a caller\'s key").')
  previousKeySha256: string?

  @description('Models this caller may use (names from models). Absent or empty: every model.')
  models: string[]?
}

@description('An app that calls with an Entra ID token (or through Easy Auth): its audit name and model allowlist.')
type entraAppType = {
  @description('The calling app\'s client id (application id), a GUID.')
  appId: string

  @description('Name recorded in the audit log for this app. Absent: the app id.')
  name: string?

  @description('Models this app may use. Absent or empty: every model.')
  models: string[]?
}

// ---------------------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------------------

@description('Short name used in every resource name (lowercase letters and digits).')
@minLength(2)
@maxLength(12)
param baseName string = 'llmfacade'

@description('Azure region; must offer the Flex Consumption plan.')
param location string = resourceGroup().location

@description('Tags for every resource.')
param tags object = {}

@description('Name of the function app; <name>.azurewebsites.net is the endpoint. Default: derived and globally unique.')
@maxLength(60)
param functionAppName string = 'func-${baseName}-${uniqueString(subscription().id, resourceGroup().id, baseName)}'

@description('Models the facade offers (Models__N__Name/Provider/Target).')
@minLength(1)
param models modelType[]

@description('Base URL of the Lanrui OpenAI-compatible API (Providers__Lanrui__BaseUrl). Empty: not set.')
param lanruiBaseUrl string = ''

@description('Base URL of the Baidu ERNIE API (Providers__Baidu__BaseUrl). Empty: not set.')
param baiduBaseUrl string = ''

@description('Base URL of the MindIE inference service (Providers__MindIE__BaseUrl). Empty: not set.')
param mindieBaseUrl string = ''

@description('Callers authenticated by key (Callers__N__Name/KeySha256/PreviousKeySha256/Models__M). May be empty when callers use Entra ID.')
param callers callerType[] = []

@description('Entra ID audience (the facade\'s app ID URI or client id) for bearer-token callers. Empty: Entra ID callers off.')
param entraAudience string = ''

@description('Entra ID tenant that issues caller tokens (Auth__Entra__TenantId). Default: this deployment\'s tenant.')
param entraTenantId string = tenant().tenantId

@description('Apps that call with Entra ID tokens or Easy Auth principals (Auth__Entra__Apps__N__AppId/Name/Models__M).')
param entraApps entraAppType[] = []

@description('Refuse Entra ID apps not listed in entraApps, even with a valid token (Auth__Entra__RequireListedApps).')
param entraRequireListedApps bool = false

@description('Table the audit log is written to (Audit__TableName); created by this template.')
@minLength(3)
@maxLength(63)
param auditTableName string = 'AuditLog'

@description('Verify the previous UTC day every day at 01:30 UTC (Audit__Schedule__Verify); the verify alert fires when it finds anything or cannot check.')
param auditScheduleVerify bool = true

@description('Days the audit records are kept (Audit__RetentionDays): with a value, every day at 02:30 UTC the whole days older than that are deleted, leaving a sealed purge entry (Audit__Schedule__Purge). 0: never purged.')
@minValue(0)
@maxValue(36500)
param auditRetentionDays int = 0

@description('Memory of each instance in MB (512, 2048 or 4096).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the app scales out to (1-1000).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Concurrent HTTP requests per instance. Streams are long and I/O-bound and each holds a slot while open, so this is well above the platform default.')
@minValue(1)
@maxValue(1000)
param httpPerInstanceConcurrency int = 100

@description('Always-ready instances (billed while idle). 0 scales to zero; 1 removes the cold start of the first request.')
@minValue(0)
@maxValue(20)
param alwaysReadyInstanceCount int = 0

@description('Storage redundancy (the audit tables live here).')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

@description('Key Vault purge protection. Keep true in production; it cannot be turned off once on.')
param keyVaultPurgeProtection bool = true

@description('Days Log Analytics keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Optional object id of the operator (user, group or pipeline) who creates the Key Vault secrets and may upload packages: gets Key Vault Secrets Officer and Storage Blob Data Contributor on the deployment container.')
param operatorPrincipalId string = ''

@description('Kind of principal operatorPrincipalId is.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string = 'User'

@description('Optional object id of the reviewers\' Entra group: gets Storage Table Data Reader on the audit table only, for the audit tool.')
param reviewersPrincipalId string = ''

@description('Kind of principal reviewersPrincipalId is.')
@allowed([
  'Group'
  'User'
  'ServicePrincipal'
])
param reviewersPrincipalType string = 'Group'

@description('Optional resource id of an action group notified by the alerts (audit_unavailable, readiness, audit verify). Empty: the alerts fire without notifying.')
param actionGroupId string = ''

// ---------------------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------------------

// The same token as functionAppName's default: unique per subscription, resource group and baseName.
var resourceToken = uniqueString(subscription().id, resourceGroup().id, baseName)
var names = {
  identity: 'id-${baseName}-${resourceToken}'
  storage: take('st${replace(toLower(baseName), '-', '')}${resourceToken}', 24)
  keyVault: 'kv-${resourceToken}'
  logAnalytics: 'log-${baseName}-${resourceToken}'
  appInsights: 'appi-${baseName}-${resourceToken}'
  plan: 'plan-${baseName}-${resourceToken}'
  deploymentContainer: 'app-package-${resourceToken}'
}

// ---------------------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------------------

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: names.logAnalytics
    appInsightsName: names.appInsights
    location: location
    retentionInDays: logRetentionInDays
    tags: tags
  }
}

module dashboard 'modules/dashboard.bicep' = {
  name: 'dashboard'
  params: {
    location: location
    appInsightsId: monitoring.outputs.appInsightsId
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    deploymentContainerName: names.deploymentContainer
    tableNames: [
      auditTableName
    ]
    skuName: storageSku
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.keyVault
    location: location
    enablePurgeProtection: keyVaultPurgeProtection
    tags: tags
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  params: {
    appPrincipalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    keyVaultName: keyVault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    operatorPrincipalId: operatorPrincipalId
    operatorPrincipalType: operatorPrincipalType
    auditTableName: auditTableName
    reviewersPrincipalId: reviewersPrincipalId
    reviewersPrincipalType: reviewersPrincipalType
  }
  // storage.outputs above orders this after the storage module, so the audit table exists before its role.
}

// ---------------------------------------------------------------------------------------------------------
// App settings (what the facade and the Functions host read; docs/deploy.md lists them)
// ---------------------------------------------------------------------------------------------------------

var hostSettings = [
  // The host's own storage through the identity (no connection string, shared keys are off).
  { name: 'AzureWebJobsStorage__accountName', value: storage.outputs.name }
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'AzureWebJobsStorage__clientId', value: identity.outputs.clientId }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: monitoring.outputs.connectionString }
  { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identity.outputs.clientId};Authorization=AAD' }
  // For the app's own Azure SDK credentials (Key Vault, Table storage).
  { name: 'AZURE_CLIENT_ID', value: identity.outputs.clientId }
]

var facadeSettings = [
  { name: 'Secrets__VaultUri', value: keyVault.outputs.uri }
  { name: 'Secrets__ManagedIdentityClientId', value: identity.outputs.clientId }
  { name: 'Audit__TableServiceUri', value: storage.outputs.tableServiceUri }
  { name: 'Audit__TableName', value: auditTableName }
]

// The daily verify and purge (timer functions of the app; docs/audit.md, "Scheduled verify and purge").
var auditScheduleSettings = concat(
  [{ name: 'Audit__Schedule__Verify', value: auditScheduleVerify ? 'true' : 'false' }],
  auditRetentionDays == 0
    ? []
    : [
        { name: 'Audit__RetentionDays', value: string(auditRetentionDays) }
        { name: 'Audit__Schedule__Purge', value: 'true' }
      ]
)

var modelSettings = flatten(map(range(0, length(models)), i => [
  { name: 'Models__${i}__Name', value: models[i].name }
  { name: 'Models__${i}__Provider', value: models[i].provider }
  { name: 'Models__${i}__Target', value: models[i].target }
]))

var providerSettings = filter(
  [
    { name: 'Providers__Lanrui__BaseUrl', value: lanruiBaseUrl }
    { name: 'Providers__Baidu__BaseUrl', value: baiduBaseUrl }
    { name: 'Providers__MindIE__BaseUrl', value: mindieBaseUrl }
  ],
  setting => !empty(setting.value)
)

// Everything about a caller comes from the parameters: a portal edit would be wiped by the next deployment.
var callerSettings = flatten(map(range(0, length(callers)), i => concat(
  [
    { name: 'Callers__${i}__Name', value: callers[i].name }
    { name: 'Callers__${i}__KeySha256', value: callers[i].keySha256 }
  ],
  empty(callers[i].?previousKeySha256 ?? '')
    ? []
    : [{ name: 'Callers__${i}__PreviousKeySha256', value: callers[i].?previousKeySha256 ?? '' }],
  map(callers[i].?models ?? [], (model, m) => { name: 'Callers__${i}__Models__${m}', value: model })
)))

var entraSettings = empty(entraAudience)
  ? []
  : [
      { name: 'Auth__Entra__TenantId', value: entraTenantId }
      { name: 'Auth__Entra__Audience', value: entraAudience }
    ]

// The app list also applies to Easy Auth principals, so it is set whether or not the app checks tokens itself.
var entraAppSettings = concat(
  flatten(map(range(0, length(entraApps)), i => concat(
    [{ name: 'Auth__Entra__Apps__${i}__AppId', value: entraApps[i].appId }],
    empty(entraApps[i].?name ?? '') ? [] : [{ name: 'Auth__Entra__Apps__${i}__Name', value: entraApps[i].?name ?? '' }],
    map(entraApps[i].?models ?? [], (model, m) => { name: 'Auth__Entra__Apps__${i}__Models__${m}', value: model })
  ))),
  entraRequireListedApps ? [{ name: 'Auth__Entra__RequireListedApps', value: 'true' }] : []
)

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: functionAppName
    planName: names.plan
    location: location
    identityId: identity.outputs.id
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    httpPerInstanceConcurrency: httpPerInstanceConcurrency
    alwaysReadyInstanceCount: alwaysReadyInstanceCount
    appSettings: concat(hostSettings, facadeSettings, auditScheduleSettings, modelSettings, providerSettings, callerSettings, entraSettings, entraAppSettings)
    tags: tags
  }
  // Roles first, so the host's first start finds its storage, vault and telemetry access in place.
  dependsOn: [
    rbac
  ]
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    appInsightsId: monitoring.outputs.appInsightsId
    facadeHostName: functionApp.outputs.defaultHostName
    actionGroupId: actionGroupId
    auditVerifyScheduled: auditScheduleVerify
    tags: tags
  }
}

// ---------------------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------------------

@description('Name of the function app (for az functionapp commands).')
output functionAppName string = functionApp.outputs.name

@description('HTTPS endpoint of the facade.')
output endpointUrl string = 'https://${functionApp.outputs.defaultHostName}'

@description('Base URL to give an OpenAI SDK (the endpoint plus /v1).')
output openAiBaseUrl string = 'https://${functionApp.outputs.defaultHostName}/v1'

@description('Resource id of the app\'s user-assigned identity.')
output identityResourceId string = identity.outputs.id

@description('Client id of the app\'s identity (AZURE_CLIENT_ID).')
output identityClientId string = identity.outputs.clientId

@description('Principal (object) id of the app\'s identity, for any further role assignments.')
output identityPrincipalId string = identity.outputs.principalId

@description('Name of the Key Vault to put the provider secrets in.')
output keyVaultName string = keyVault.outputs.name

@description('URI of the Key Vault (Secrets__VaultUri).')
output keyVaultUri string = keyVault.outputs.uri

@description('Name of the storage account (audit tables, deployment container).')
output storageAccountName string = storage.outputs.name

@description('Blob container the Flex plan deploys the package from.')
output deploymentContainerName string = storage.outputs.deploymentContainerName

@description('Table service URI of the audit log (Audit__TableServiceUri).')
output auditTableServiceUri string = storage.outputs.tableServiceUri

@description('Table name of the audit log (Audit__TableName), for the audit tool\'s --table-name.')
output auditTableName string = auditTableName

@description('Name of the Application Insights component.')
output appInsightsName string = monitoring.outputs.appInsightsName
