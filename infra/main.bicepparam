// Example parameters: copy per environment and edit. Nothing here is a secret: provider keys go into
// Key Vault after deployment, and callers appear only as the SHA-256 of their keys.
//
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/main.bicepparam
using './main.bicep'

param baseName = 'llmfacade'

param models = [
  {
    name: 'lanrui-chat'
    provider: 'lanrui'
    target: 'example-model/1.0'
  }
  {
    name: 'ernie-sft'
    provider: 'baidu'
    target: 'example-sft-service'
  }
  {
    name: 'mindie-chat'
    provider: 'mindie'
    target: 'example-model'
  }
]

// Provider endpoints, in the form the provider adapters expect (see the app's configuration docs).
param lanruiBaseUrl = 'https://api.lanrui.co'
param baiduBaseUrl = 'https://aip.baidubce.com'
param mindieBaseUrl = 'https://mindie.example.internal'

// printf '%s' "$CALLER_KEY" | sha256sum | cut -d' ' -f1
param callers = [
  {
    name: 'example-batch-job'
    keySha256: '0000000000000000000000000000000000000000000000000000000000000000'
  }
]

// Set to the facade's app ID URI (api://...) to accept Entra ID bearer tokens as well.
param entraAudience = ''

param instanceMemoryMB = 2048
param maximumInstanceCount = 100
param httpPerInstanceConcurrency = 100
param alwaysReadyInstanceCount = 0

// Object id of whoever creates the Key Vault secrets (az ad signed-in-user show --query id -o tsv).
param operatorPrincipalId = ''
