using Azure;
using Azure.Data.Tables;
using Functions.Core.Providers.Baidu;
using Functions.Core.Providers.Baidu.SharedToken;
using Functions.Core.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Functions.Tests.Providers.Baidu.SharedToken;

/// <summary>
/// Several <see cref="SharedBaiduTokenSource"/>s, standing for facade instances, sharing one table of a Table
/// service and one <see cref="CountingTokenMinter"/>; each has its own <see cref="FakeLogger{T}"/>.
/// </summary>
internal sealed class SharedTokenRig(TableServiceClient service)
{
    public const string ApiKey = "rig-api-key";
    public const string SecretKey = "rig-secret-key";

    public string TableName { get; } = Functions.Tests.TestInfrastructure.AzuriteFixture.NewTableName("Tokens");

    public CountingTokenMinter Minter { get; } = new();

    public BaiduOptions Options => new()
    {
        SharedToken = new BaiduSharedTokenOptions { TableName = TableName, PollInterval = TimeSpan.FromMilliseconds(20) },
    };

    public TableClient Table => service.GetTableClient(TableName);

    /// <summary>A new instance; <paramref name="secretKey"/> as after a rotation of the secret key.</summary>
    public (SharedBaiduTokenSource Source, FakeLogger<SharedBaiduTokenSource> Logger) Instance(string secretKey = SecretKey)
    {
        var logger = new FakeLogger<SharedBaiduTokenSource>();
        var secrets = new ConfigurationSecretStore(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Secrets:Values:" + SecretNames.BaiduApiKey] = ApiKey,
            ["Secrets:Values:" + SecretNames.BaiduSecretKey] = secretKey,
        }).Build());
        return (new SharedBaiduTokenSource(Minter, service, secrets, Microsoft.Extensions.Options.Options.Create(Options), TimeProvider.System, logger), logger);
    }

    /// <summary>The one row of the table, or null.</summary>
    public async Task<TableEntity?> RowAsync()
    {
        var rows = new List<TableEntity>();
        try
        {
            await foreach (var row in Table.QueryAsync<TableEntity>(cancellationToken: CancellationToken.None)) rows.Add(row);
        }
        catch (RequestFailedException e) when (e.ErrorCode == "TableNotFound")
        {
            return null;
        }
        return Assert.Single(rows);
    }
}
