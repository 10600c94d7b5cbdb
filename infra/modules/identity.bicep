// The user-assigned identity the function app runs as: host storage, deployment package, audit tables,
// Key Vault secrets and Application Insights all trust this one principal. It exists before the site, so the
// role assignments can be made (and propagate) before the app first starts.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags for the resource.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity (for identity blocks and deployment storage authentication).')
output id string = identity.id

@description('Client (application) id: AZURE_CLIENT_ID and the *__clientId app settings.')
output clientId string = identity.properties.clientId

@description('Object (principal) id: the principal of the role assignments.')
output principalId string = identity.properties.principalId

@description('Name of the identity.')
output name string = identity.name
