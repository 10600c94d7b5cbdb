using Azure.Core.Pipeline;
using Functions.Core.Audit.Tables;

namespace Functions.Tests.Audit;

/// <summary>
/// The Shared Key signing against the documented examples (Authorize with Shared Key, "Table service (Shared
/// Key Lite authorization)": Create Table signs <c>Sun, 11 Oct 2009 19:52:39 GMT\n/testaccount1/Tables</c>).
/// The expected signatures were computed independently with <c>openssl dgst -sha256 -mac HMAC</c> using
/// Azurite's documented key, since the documentation's own key is not published.
/// </summary>
public sealed class TableSharedKeyPolicyTests
{
    private const string DocumentedDate = "Sun, 11 Oct 2009 19:52:39 GMT";
    private static readonly Uri s_createTable = new("https://testaccount1.table.core.windows.net/Tables");

    [Fact]
    public void SharedKeyLite_StringToSign_IsTheDocumentedCreateTableExample()
    {
        var stringToSign = TableSharedKeyPolicy.BuildStringToSign(TableSharedKeyScheme.SharedKeyLite, "POST", null, "application/json", DocumentedDate, "testaccount1", s_createTable);

        Assert.Equal("Sun, 11 Oct 2009 19:52:39 GMT\n/testaccount1/Tables", stringToSign);
    }

    [Fact]
    public void SharedKey_StringToSign_FollowsTheDocumentedTableFormat()
    {
        var stringToSign = TableSharedKeyPolicy.BuildStringToSign(TableSharedKeyScheme.SharedKey, "post", null, "application/json", DocumentedDate, "testaccount1", s_createTable);

        Assert.Equal("POST\n\napplication/json\nSun, 11 Oct 2009 19:52:39 GMT\n/testaccount1/Tables", stringToSign);
    }

    [Fact]
    public void Signature_IsBase64OfHmacSha256WithTheDecodedKey()
    {
        var credential = new TableSharedKeyCredential("testaccount1", TableConnectionString.DevelopmentAccountKey);

        Assert.Equal("J0rgyDtNy3BXUcIppqbP9j2HX0i+JZ3q2oF6/P8yocE=", credential.ComputeSignature("Sun, 11 Oct 2009 19:52:39 GMT\n/testaccount1/Tables"));
        Assert.Equal("TTOFCglAj2dMEpcFcWHliFk2z9Tp2LBLicXbO5Ru9QM=", credential.ComputeSignature("POST\n\napplication/json\nSun, 11 Oct 2009 19:52:39 GMT\n/testaccount1/Tables"));
    }

    [Theory]
    [InlineData("https://myaccount.table.core.windows.net/mytable(PartitionKey='a',RowKey='b')", "/myaccount/mytable(PartitionKey='a',RowKey='b')")]
    [InlineData("https://myaccount.table.core.windows.net/mytable?comp=acl&timeout=30", "/myaccount/mytable?comp=acl")]
    [InlineData("https://myaccount.table.core.windows.net/mytable()?$filter=PartitionKey%20eq%20'x'&NextRowKey=1", "/myaccount/mytable()")]
    [InlineData("https://myaccount.table.core.windows.net", "/myaccount/")]
    public void CanonicalizedResource_IsAccountPathAndOnlyTheCompParameter(string uri, string expected)
    {
        Assert.Equal(expected, TableSharedKeyPolicy.BuildCanonicalizedResource("myaccount", new Uri(uri)));
    }

    [Fact]
    public void CanonicalizedResource_AgainstTheEmulator_NamesTheAccountTwice()
    {
        Assert.Equal("/devstoreaccount1/devstoreaccount1/Tables", TableSharedKeyPolicy.BuildCanonicalizedResource("devstoreaccount1", new Uri("http://127.0.0.1:10002/devstoreaccount1/Tables")));
    }

    [Fact]
    public async Task Pipeline_SignsCreateTable_WithTheDocumentedDateAsXMsDate()
    {
        var handler = new RecordingHandler(System.Net.HttpStatusCode.Created);
        var options = new TableServiceClientOptions
        {
            SharedKeyScheme = TableSharedKeyScheme.SharedKeyLite,
            TimeProvider = new FixedTimeProvider(DateTimeOffset.Parse(DocumentedDate, System.Globalization.CultureInfo.InvariantCulture)),
            Transport = new HttpClientTransport(handler),
        };
        var client = new TableServiceClient(new Uri("https://testaccount1.table.core.windows.net"), new TableSharedKeyCredential("testaccount1", TableConnectionString.DevelopmentAccountKey), options);

        await client.CreateTableIfNotExistsAsync("mytable", CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("SharedKeyLite testaccount1:J0rgyDtNy3BXUcIppqbP9j2HX0i+JZ3q2oF6/P8yocE=", request.Headers.Authorization!.ToString());
        Assert.Equal(DocumentedDate, request.Headers.GetValues("x-ms-date").Single());
        Assert.Equal("2019-02-02", request.Headers.GetValues("x-ms-version").Single());
        Assert.Equal("3.0", request.Headers.GetValues("DataServiceVersion").Single());
        Assert.Equal("{\"TableName\":\"mytable\"}", handler.Bodies.Single());
    }

    [Fact]
    public async Task Pipeline_WithATokenCredential_SendsABearerTokenForTheStorageScope()
    {
        var handler = new RecordingHandler(System.Net.HttpStatusCode.NotFound, "{\"odata.error\":{\"code\":\"ResourceNotFound\",\"message\":{\"lang\":\"en-US\",\"value\":\"gone\"}}}");
        var credential = new StaticTokenCredential();
        var client = new TableServiceClient(new Uri("https://acct.table.core.windows.net"), credential, new TableServiceClientOptions { Transport = new HttpClientTransport(handler) });

        var entity = await client.GetTableClient("t").GetEntityAsync("p", "r", null, CancellationToken.None);

        Assert.Null(entity);
        Assert.Equal("Bearer token-for-storage", handler.Requests.Single().Headers.Authorization!.ToString());
        Assert.Equal([TableServiceClient.StorageScope], credential.Scopes);
    }

    private sealed class StaticTokenCredential : Azure.Core.TokenCredential
    {
        public string[] Scopes { get; private set; } = [];

        public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes = requestContext.Scopes;
            return new Azure.Core.AccessToken("token-for-storage", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
