using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace Functions.Tests.TestInfrastructure;

/// <summary>
/// The Azurite instance shared by the tests of <see cref="AzuriteCollection"/>: started once, stopped at the
/// end. Tests isolate themselves with table names of their own (<see cref="NewTableName"/>).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteInstance? _instance;

    /// <summary>The running instance.</summary>
    public AzuriteInstance Instance => _instance ?? throw new InvalidOperationException("Azurite has not started.");

    /// <summary>The connection string of the running instance.</summary>
    public string ConnectionString => Instance.ConnectionString;

    /// <summary>A client of the running instance, with <paramref name="policies"/> in its pipeline (per retry).</summary>
    public TableServiceClient CreateServiceClient(params HttpPipelinePolicy[] policies) => CreateServiceClient(ConnectionString, policies);

    /// <summary>A client of the account a connection string names, with <paramref name="policies"/> in its pipeline (per retry), retrying fast.</summary>
    public static TableServiceClient CreateServiceClient(string connectionString, params HttpPipelinePolicy[] policies)
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        foreach (var policy in policies)
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        }

        return new TableServiceClient(connectionString, options);
    }

    /// <summary>A fresh table name (letters and digits, starting with a letter).</summary>
    public static string NewTableName(string prefix = "T") => prefix + Guid.NewGuid().ToString("N")[..16];

    public async Task InitializeAsync() => _instance = await AzuriteInstance.StartNewAsync();

    public async Task DisposeAsync()
    {
        if (_instance is not null)
        {
            await _instance.DisposeAsync();
        }
    }
}
