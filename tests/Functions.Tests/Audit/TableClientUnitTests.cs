using Azure;
using Functions.Core.Audit.Tables;

namespace Functions.Tests.Audit;

/// <summary>The Table client's parsing and formatting without a service: connection strings, filters, batch answers, JSON.</summary>
public sealed class TableClientUnitTests
{
    [Fact]
    public void ConnectionString_UseDevelopmentStorage_IsAzuritesDocumentedAccount()
    {
        var parsed = TableConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), parsed.TableEndpoint);
        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(TableConnectionString.DevelopmentAccountKey, parsed.AccountKey);
        Assert.DoesNotContain(parsed.AccountKey, parsed.ToString());
    }

    [Fact]
    public void ConnectionString_WithoutTableEndpoint_BuildsItFromAccountAndSuffix()
    {
        var parsed = TableConnectionString.Parse("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal(new Uri("https://acct.table.core.chinacloudapi.cn"), parsed.TableEndpoint);
    }

    [Fact]
    public void ConnectionString_AzuritesDocumentedForm_UsesItsTableEndpoint()
    {
        var parsed = TableConnectionString.Parse(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;");

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), parsed.TableEndpoint);
    }

    [Theory]
    [InlineData("AccountName=acct")]
    [InlineData("not a connection string")]
    [InlineData("AccountName=acct;AccountKey=a2V5;SharedAccessSignature=sv=1")]
    public void ConnectionString_Incomplete_IsRejected(string value)
    {
        Assert.Throws<FormatException>(() => TableConnectionString.Parse(value));
    }

    [Fact]
    public void Filter_QuotesEveryLiteralKind()
    {
        Assert.Equal("Name eq 'O''Brien'", TableFilter.Equal("Name", "O'Brien"));
        Assert.Equal("N ge 5L", TableFilter.GreaterOrEqual("N", 5L));
        Assert.Equal("D lt 2.0", TableFilter.LessThan("D", 2.0));
        Assert.Equal("T gt datetime'2025-01-02T03:04:05.0000000Z'", TableFilter.GreaterThan("T", new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero)));
        Assert.Equal("(A eq true) and (B ne 1)", TableFilter.And(TableFilter.Equal("A", true), null, TableFilter.NotEqual("B", 1)));
        Assert.Equal("(RowKey ge 'ab.') and (RowKey lt 'ab/')", TableFilter.StartsWith("RowKey", "ab."));
    }

    [Fact]
    public void BatchResponse_OfTheDocumentedError_NamesTheFailedOperation()
    {
        const string body =
            "--batchresponse_4e1c04af-af2b-4cfc-9e35-7677a5efcfca\r\n" +
            "Content-Type: multipart/mixed; boundary=changesetresponse_e2a26601-bba8-4c1a-8a8c-bb66badcbca1\r\n\r\n" +
            "--changesetresponse_e2a26601-bba8-4c1a-8a8c-bb66badcbca1\r\n" +
            "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 400 Bad Request\r\nContent-ID: 1\r\nX-Content-Type-Options: nosniff\r\nDataServiceVersion: 3.0;\r\n" +
            "Content-Type: application/json;odata=minimalmetadata;streaming=true;charset=utf-8\r\n\r\n" +
            "{\"odata.error\":{\"code\":\"OutOfRangeInput\",\"message\":{\"lang\":\"en-US\",\"value\":\"2:One of the request inputs is out of range.\\nRequestId:8abd\\nTime:2013-10-14T19:21:58.0890048Z\"}}}\r\n" +
            "--changesetresponse_e2a26601-bba8-4c1a-8a8c-bb66badcbca1--\r\n" +
            "--batchresponse_4e1c04af-af2b-4cfc-9e35-7677a5efcfca--\r\n";

        var error = Assert.Throws<TableServiceException>(() => TableBatchResponse.Read(body, operationCount: 3));

        Assert.Equal(400, error.Status);
        Assert.Equal("OutOfRangeInput", error.ErrorCode);
        Assert.Equal(2, error.FailedOperationIndex);
    }

    [Fact]
    public void BatchResponse_OfSuccess_HasEachOperationsStatusAndETag()
    {
        const string body =
            "--batchresponse_e69b\r\nContent-Type: multipart/mixed; boundary=changesetresponse_a625\r\n\r\n" +
            "--changesetresponse_a625\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 204 No Content\r\nContent-ID: 1\r\nETag: W/\"0x8D101F7E4B662C4\"\r\n\r\n" +
            "--changesetresponse_a625\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 204 No Content\r\nContent-ID: 2\r\nETag: W/\"0x8C134F7A4B692D8\"\r\n\r\n" +
            "--changesetresponse_a625--\r\n--batchresponse_e69b--\r\n";

        var results = TableBatchResponse.Read(body, operationCount: 2);

        Assert.Equal([204, 204], results.Select(r => r.Status));
        Assert.Equal(new ETag("W/\"0x8C134F7A4B692D8\""), results[1].ETag);
    }

    [Fact]
    public void EntityJson_AnnotatesTypesThatJsonCannotTell_AndKeepsNonAsciiUnescaped()
    {
        var entity = new TableEntity("p", "r") { ["L"] = 5L, ["D"] = 5.0, ["S"] = "中😀\"\u2028", ["B"] = new byte[] { 1, 2 } };

        var json = System.Text.Encoding.UTF8.GetString(TableEntityJson.Serialize(entity));

        Assert.Equal(
            "{\"PartitionKey\":\"p\",\"RowKey\":\"r\",\"L@odata.type\":\"Edm.Int64\",\"L\":\"5\",\"D@odata.type\":\"Edm.Double\",\"D\":5," +
            "\"S\":\"中😀\\\"\\u2028\",\"B@odata.type\":\"Edm.Binary\",\"B\":\"AQI=\"}",
            json);
    }

    [Fact]
    public void Entity_RejectsTypesTheServiceDoesNotStore()
    {
        Assert.Throws<ArgumentException>(() => new TableEntity("p", "r") { ["X"] = new object() });
    }
}
