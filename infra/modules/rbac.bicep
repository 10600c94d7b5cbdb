// Role assignments. The app identity gets exactly what the Functions host and the facade use; an optional
// operator (a person, group or pipeline) gets what it needs to create the provider secrets and, for the
// fallback deployment path, to upload the package blob itself.

@description('Principal (object) id of the app\'s user-assigned identity.')
param appPrincipalId string

@description('Name of the storage account (host storage, deployment container, audit tables).')
param storageAccountName string

@description('Name of the deployment container in that account.')
param deploymentContainerName string

@description('Name of the Key Vault holding the provider secrets.')
param keyVaultName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Optional operator principal id: gets Key Vault Secrets Officer on the vault and Storage Blob Data Contributor on the deployment container. Empty: no operator roles.')
param operatorPrincipalId string = ''

@description('Kind of the operator principal.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string = 'User'

@description('Name of the audit table.')
param auditTableName string

@description('Optional principal id of the reviewers (an Entra group): gets Storage Table Data Reader on the audit table only. Empty: no reviewer role.')
param reviewersPrincipalId string = ''

@description('Kind of the reviewers principal.')
@allowed([
  'Group'
  'User'
  'ServicePrincipal'
])
param reviewersPrincipalType string = 'Group'

// Built-in role definition ids (the same in every tenant).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageTableDataReader: '76199698-9eea-4c19-bc75-cec21354c6b6'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobService
  name: deploymentContainerName
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' existing = {
  parent: storage
  name: 'default'
}

resource auditTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' existing = {
  parent: tableService
  name: auditTableName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// Host storage (host keys and state in blobs) and the deployment package: Blob Data Owner, as every Flex
// sample grants for identity-based AzureWebJobsStorage.
resource appBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appPrincipalId, roles.storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// The audit tables, and the host's own diagnostic-event tables: account scope covers both.
// No queue role: the app has HTTP triggers only, so the host uses no queues.
resource appTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appPrincipalId, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appPrincipalId, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Application Insights with local auth off accepts telemetry only from principals with this role.
resource appMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, appPrincipalId, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource operatorSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(vault.id, operatorPrincipalId, roles.keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
  }
}

resource operatorPackageUploader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(deploymentContainer.id, operatorPrincipalId, roles.storageBlobDataContributor)
  scope: deploymentContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
  }
}

// Reviewers read the audit log with the `audit` tool (docs/deploy.md, "Reviewers"): read-only, and on the audit
// table alone, not on the account (which also holds the host's storage and the deployment package).
resource reviewersAuditReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(reviewersPrincipalId)) {
  name: guid(auditTable.id, reviewersPrincipalId, roles.storageTableDataReader)
  scope: auditTable
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataReader)
    principalId: reviewersPrincipalId
    principalType: reviewersPrincipalType
  }
}
