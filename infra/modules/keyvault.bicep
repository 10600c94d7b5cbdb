// Key Vault for the provider secrets (lanrui-api-key, baidu-api-key, baidu-secret-key, mindie-api-key,
// mindie-client-cert). Access is by Azure RBAC only; the app reads with Key Vault Secrets User (rbac.bicep).
// The secrets themselves are created after deployment (docs/deploy.md), never in a template.

@description('Name of the Key Vault (3-24 letters, digits and hyphens, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Purge protection: deleted secrets cannot be purged during the retention period. Cannot be turned off once on.')
param enablePurgeProtection bool = true

@description('Days a deleted vault or secret can be recovered.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

@description('Tags for the resource.')
param tags object = {}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // false is not accepted by the API; leaving it out means "off".
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('Vault URI (https://<name>.vault.azure.net/): the Secrets__VaultUri app setting.')
output uri string = vault.properties.vaultUri
