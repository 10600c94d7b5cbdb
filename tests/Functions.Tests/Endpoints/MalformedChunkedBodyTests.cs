using System.Net.Sockets;
using System.Text;
using Functions.Tests.Audit;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Functions.Tests.Endpoints;

/// <summary>
/// A chunked request whose chunk size overflows Kestrel's decoder, sent byte for byte over a raw socket as a hostile
/// client would: a 400 in the envelope, one log line without a stack trace, and a rejection record (issue 21).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MalformedChunkedBodyTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("7FFFFFFFFFFFFFFF")]
    [InlineData("FFFFFFFFFFFFFFFFFFFF")]
    public async Task AChunkSizeThatOverflows_Is400_LoggedOnceWithoutAStack_AndRecordedAsRejected(string chunkSize)
    {
        using var logs = new FakeLoggerProvider();
        await using var env = await LanruiEnvironment.StartAsync(new Dictionary<string, string?>
        {
            ["Audit:ConnectionString"] = azurite.ConnectionString,
            ["Audit:TableName"] = AzuriteFixture.NewTableName("Audit"),
            ["Logging:LogLevel:Default"] = "Information",
        }, configure: b => b.Logging.AddProvider(logs));

        var (status, requestId) = await SendRawAsync(env.Facade.Address,
            "POST /v1/chat/completions HTTP/1.1\r\n" +
            $"Host: {env.Facade.Address.Authority}\r\n" +
            $"Authorization: Bearer {FacadeHost.CallerKey}\r\n" +
            "Content-Type: application/json\r\n" +
            "Transfer-Encoding: chunked\r\n" +
            "\r\n" +
            $"{chunkSize}\r\n{{\"model\":\"x\"}}\r\n");

        Assert.Equal(400, status);
        var record = await AuditThroughFacadeTests.RecordAsync(env.Facade, requestId);
        Assert.Equal(("rejected", 400, "invalid_request"), (record.Summary.Outcome, record.Summary.Status, record.ErrorCode));
        Assert.Equal(0, env.Emulator.RequestCount);
        var snapshot = logs.Collector.GetSnapshot();
        Assert.DoesNotContain(snapshot, r => r.Exception is not null && r.Level >= LogLevel.Information);
        Assert.Single(snapshot, r => r.Message.Contains(requestId, StringComparison.Ordinal) && r.Level >= LogLevel.Information);
    }

    /// <summary>Sends the request as written and reads the answer's head: its status and request id.</summary>
    private static async Task<(int Status, string RequestId)> SendRawAsync(Uri address, string request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0) break;
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        var head = received.ToString().Split("\r\n\r\n")[0].Split("\r\n");
        var status = int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var requestId = head.Single(h => h.StartsWith("x-request-id:", StringComparison.OrdinalIgnoreCase))["x-request-id:".Length..].Trim();
        return (status, requestId);
    }
}
