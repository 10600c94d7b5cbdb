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
// models: the caller's allowlist (absent: every model). previousKeySha256: only while rotating its key.
param callers = [
  {
    name: 'example-batch-job'
    keySha256: '0000000000000000000000000000000000000000000000000000000000000000'
    models: [
      'lanrui-chat'
      'ernie-sft'
    ]
  }
]

// Set to the facade's app ID URI (api://...) to accept Entra ID bearer tokens as well.
param entraAudience = ''

// Apps calling with Entra ID tokens (or through Easy Auth): client id, audit name, model allowlist.
param entraApps = [
  {
    appId: '00000000-0000-0000-0000-000000000000'
    name: 'example-portal'
    models: [
      'mindie-chat'
    ]
  }
]
param entraRequireListedApps = false

// The daily audit verify of the previous UTC day (01:30 UTC), with its alert; and the retention in days of the
// daily purge (02:30 UTC; 0: never purged). 2557 days keep seven years, leap days included.
param auditScheduleVerify = true
param auditRetentionDays = 0

param instanceMemoryMB = 2048
param maximumInstanceCount = 100
param httpPerInstanceConcurrency = 100
param alwaysReadyInstanceCount = 0

// Object id of whoever creates the Key Vault secrets (az ad signed-in-user show --query id -o tsv).
param operatorPrincipalId = ''

// Object id of the reviewers' group (az ad group show -g <group> --query id -o tsv): read-only on the audit table.
param reviewersPrincipalId = ''

// Resource id of an action group for the alerts (audit_unavailable, readiness, audit verify). Empty: nobody is notified.
param actionGroupId = ''
