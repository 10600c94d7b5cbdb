using Azure.Core;
using Azure.Core.Pipeline;

namespace Functions.Core.Audit.Tables;

/// <summary>
/// The Table service of one storage account over Azure.Core's <see cref="HttpPipeline"/>: retries, logging
/// and distributed tracing come from Azure.Core; this client adds the Table headers and either Shared Key
/// signing (account key) or Entra ID bearer tokens (scope <c>https://storage.azure.com/.default</c>).
/// </summary>
public sealed class TableServiceClient : ITableService
{
    /// <summary>The OAuth scope for Azure Storage data access.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    private readonly TableRestConnection _connection;

    /// <summary>Connects with a connection string (account key, or <c>UseDevelopmentStorage=true</c>).</summary>
    public TableServiceClient(string connectionString, TableServiceClientOptions? options = null)
        : this(TableConnectionString.Parse(connectionString), options ?? new TableServiceClientOptions())
    {
    }

    /// <summary>Connects to <paramref name="endpoint"/> signing with the account key.</summary>
    public TableServiceClient(Uri endpoint, TableSharedKeyCredential credential, TableServiceClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credential);
        options ??= new TableServiceClientOptions();
        AccountName = credential.AccountName;
        _connection = new TableRestConnection(endpoint, Build(options, new TableSharedKeyPolicy(credential, options.SharedKeyScheme)));
    }

    /// <summary>Connects to <paramref name="endpoint"/> with Entra ID tokens (for example a managed identity).</summary>
    public TableServiceClient(Uri endpoint, TokenCredential credential, TableServiceClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credential);
        options ??= new TableServiceClientOptions();
        AccountName = endpoint.Host.Split('.')[0];
        _connection = new TableRestConnection(endpoint, Build(options, new BearerTokenAuthenticationPolicy(credential, StorageScope)));
    }

    private TableServiceClient(TableConnectionString connectionString, TableServiceClientOptions options)
        : this(connectionString.TableEndpoint, connectionString.Credential, options)
    {
    }

    /// <inheritdoc />
    public string AccountName { get; }

    /// <summary>The Table service's endpoint, for example <c>http://127.0.0.1:10002/devstoreaccount1</c>.</summary>
    public Uri Endpoint => _connection.Endpoint;

    /// <inheritdoc />
    public ITableClient GetTableClient(string tableName)
    {
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        return new TableClient(_connection, tableName);
    }

    /// <inheritdoc />
    public Task<bool> CreateTableIfNotExistsAsync(string tableName, CancellationToken cancellationToken) =>
        GetTableClient(tableName).CreateIfNotExistsAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<bool> DeleteTableAsync(string tableName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        using var message = _connection.CreateMessage(RequestMethod.Delete, $"Tables('{TableRestConnection.EscapeKey(tableName)}')");
        var response = await _connection.SendAsync(message, cancellationToken, 204, 404).ConfigureAwait(false);
        return response.Status == 204;
    }

    private static HttpPipeline Build(TableServiceClientOptions options, HttpPipelinePolicy authentication) =>
        HttpPipelineBuilder.Build(options, [], [new TableHeadersPolicy(options.TimeProvider), authentication], new ResponseClassifier());
}
