using System.Text.Json;
using Functions.Core.Audit;
using Functions.Core.Chat;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Audit;

/// <summary>The <c>audit</c> tool's commands, invoked in-process against records in Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuditCliTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset s_time = new(2024, 9, 3, 10, 0, 0, TimeSpan.Zero);
    private readonly AuditTestHost _host = new(azurite.ConnectionString);

    public async Task InitializeAsync()
    {
        // "4-cli" starts with a digit, as the request id index's rows of it do: an export must not take those for records.
        var calls = new (string Id, string Caller, int Flag, string Model)[]
        {
            ("cli-1", "frank", 2, "ernie-4.0"), ("cli-2", "frank", 0, "ernie-4.0"), ("cli-3", "grace", 3, "ernie-4.0"), ("4-cli", "frank", 1, "qwen-72b"),
        };
        foreach (var (call, i) in calls.Select((c, i) => (c, i)))
        {
            var time = s_time.AddMinutes(i);
            await _host.Store.BeginAsync(AuditTestHost.Start(call.Id, time, call.Caller, call.Model, prompt: $"{{\"prompt\":\"质问 {call.Id} 😀\"}}"), CancellationToken.None);
            await _host.Store.CompleteAsync(AuditTestHost.Completion(call.Id, time, call.Flag, response: $"answer, \"quoted\"\nline 2 of {call.Id}"), CancellationToken.None);
        }

        // A pass-through call Baidu answered without a flag (absent means 0), and a streamed call that failed upstream.
        var native = s_time.AddMinutes(10);
        await _host.CallAsync(AuditTestHost.Start("cli-native", native, "grace", prompt: "{\"messages\":[{\"role\":\"user\",\"content\":\"Where is the Needle?\"}]}") with { Route = AuditRoute.Native, Stream = false },
            AuditTestHost.Completion("cli-native", native, flag: null, needClearHistory: null));
        var failed = s_time.AddMinutes(11);
        await _host.CallAsync(AuditTestHost.Start("cli-failed", failed, "frank", "qwen-7b") with { Provider = "mindie" },
            AuditTestHost.Completion("cli-failed", failed, flag: null, needClearHistory: null, response: "partial answer") with { Outcome = CallOutcome.UpstreamError, Status = 502, ErrorCode = "upstream_error" });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Query_FlaggedCallsOfOneCaller_ListsOnlyThoseNewestFirst()
    {
        var (exit, output, _) = await RunAsync("query", "--from", "2024-09-03", "--to", "2024-09-03", "--caller", "frank", "--flagged");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, exit);
        Assert.StartsWith("Time (UTC)", lines[0]);
        Assert.Contains("4-cli", lines[2]);
        Assert.Contains("cli-1", lines[3]);
        Assert.Contains("2 calls.", lines[4]);
        Assert.DoesNotContain("cli-2", output);
        Assert.DoesNotContain("cli-3", output);
    }

    [Fact]
    public async Task Query_ByModel_FiltersTheDay()
    {
        var (exit, output, _) = await RunAsync("query", "--from", "2024-09-03T09:00Z", "--to", "2024-09-03T11:00Z", "--model", "qwen-72b");

        Assert.Equal(0, exit);
        Assert.Contains("4-cli", output);
        Assert.Contains("1 calls.", output);
    }

    [Fact]
    public async Task Query_ShowsRouteAndStream_AndBaiduFlagsAsNumbersEvenWhenBaiduSentNone()
    {
        var (exit, output, _) = await RunAsync("query", "--from", "2024-09-03", "--to", "2024-09-03");

        var lines = Lines(output);
        var header = lines[0];
        Assert.Equal(0, exit);
        Assert.Contains("Route", header);
        Assert.Contains("Stream", header);
        Assert.Equal("0", Cell(lines, "cli-2", "Flag"));
        Assert.Equal("0", Cell(lines, "cli-native", "Flag"));
        Assert.Equal("no", Cell(lines, "cli-native", "Clear"));
        Assert.Equal("native", Cell(lines, "cli-native", "Route"));
        Assert.Equal("no", Cell(lines, "cli-native", "Stream"));
        Assert.Equal("unified", Cell(lines, "cli-2", "Route"));
        Assert.Equal("yes", Cell(lines, "cli-2", "Stream"));
        Assert.Equal("-", Cell(lines, "cli-failed", "Flag"));
        Assert.Contains("6 calls.", output);
    }

    [Theory]
    [InlineData("--outcome", "upstream_error", "cli-failed")]
    [InlineData("--route", "native", "cli-native")]
    [InlineData("--status", "502", "cli-failed")]
    [InlineData("--contains", "needle", "cli-native")]
    [InlineData("--contains", "PARTIAL ANSWER", "cli-failed")]
    public async Task Query_FilteredByOutcomeRouteStatusOrText_ListsOnlyTheMatchingCall(string option, string value, string expected)
    {
        var (exit, output, _) = await RunAsync("query", "--from", "2024-09-03", "--to", "2024-09-03", option, value);

        var rows = Lines(output).Skip(2).Where(l => l.StartsWith("2024", StringComparison.Ordinal)).ToList();
        Assert.Equal(0, exit);
        Assert.Contains(expected, Assert.Single(rows));
    }

    [Fact]
    public async Task Show_PrintsTheWholeRecordWithPromptAndResponse()
    {
        var (exit, output, _) = await RunAsync("show", "cli-3");

        Assert.Equal(0, exit);
        Assert.Contains("grace", output);
        Assert.Contains("| {\"prompt\":\"质问 cli-3 😀\"}", output);
        // Every line of a body is shown after "| ", so that no body can forge a section header.
        Assert.Contains("| answer, \"quoted\"\n| line 2 of cli-3", output.ReplaceLineEndings("\n"));
        Assert.Contains("Flag                 3", output);
    }

    [Fact]
    public async Task Show_OfUnknownRequest_FailsWithAMessage()
    {
        var (exit, _, error) = await RunAsync("show", "nope");

        Assert.Equal(1, exit);
        Assert.Contains("No audit record", error);
    }

    [Fact]
    public async Task ExportJsonl_ToAFile_WritesOneWholeRecordPerLineAndReportsProgress()
    {
        var file = Path.Combine(Path.GetTempPath(), $"audit-{Guid.NewGuid():N}.jsonl");
        try
        {
            var (exit, _, error) = await RunAsync("export", "--format", "jsonl", "--output", file);

            var records = File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(0, exit);
            Assert.Equal(6, records.Count);
            Assert.Contains(records, r => r.GetProperty("PromptReceived").GetString() == "{\"prompt\":\"质问 cli-1 😀\"}");
            Assert.Equal(5, records.Count(r => r.GetProperty("Outcome").GetString() == "completed"));
            Assert.Contains("6 records written", error);
            // Newest first, as query lists them; no storage keys.
            var times = records.Select(r => r.GetProperty("Time").GetString()!).ToList();
            Assert.Equal(times.OrderDescending(StringComparer.Ordinal), times);
            Assert.All(records, r => Assert.DoesNotContain(r.EnumerateObject(), p => p.Name.StartsWith("Record", StringComparison.Ordinal) || p.Name.Contains("Key", StringComparison.Ordinal) && p.Name != "KeyFingerprint"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ExportCsv_QuotesFieldsWithCommasQuotesAndLineBreaks()
    {
        var (exit, output, _) = await RunAsync("export", "--format", "csv", "--from", "2024-09-03", "--caller", "grace");

        Assert.Equal(0, exit);
        Assert.StartsWith("RequestId,Time,", output);
        Assert.Contains("\"answer, \"\"quoted\"\"\nline 2 of cli-3\"", output);
    }

    [Fact]
    public async Task ExportCsvAndJsonl_WriteTimesInOneIso8601UtcFormat()
    {
        var (_, csv, _) = await RunAsync("export", "--format", "csv", "--from", "2024-09-03", "--caller", "grace");
        var (_, jsonl, _) = await RunAsync("export", "--format", "jsonl", "--from", "2024-09-03", "--caller", "grace");

        var json = Lines(jsonl).Select(l => JsonDocument.Parse(l).RootElement).Single(r => r.GetProperty("RequestId").GetString() == "cli-3");
        var time = json.GetProperty("Time").GetString();
        Assert.Equal("2024-09-03T10:02:00.0000000Z", time);
        Assert.Equal("2024-09-03T10:02:00.0000000Z", json.GetProperty("CompletedAt").GetString());
        Assert.Contains($"cli-3,{time},{time},grace,", csv);
        Assert.DoesNotContain("RecordRowKey", csv + jsonl);
    }

    [Theory]
    [InlineData("query")]
    [InlineData("export")]
    [InlineData("verify")]
    [InlineData("report")]
    public async Task ADateNotInIso8601_IsAUsageError_NamingTheOption(string command)
    {
        var (exit, output, error) = await RunAsync(command, "--from", "07/12/2026", "--format", "csv", "--output", "unused.html");

        Assert.Equal(2, exit);
        Assert.Contains("--from '07/12/2026' is not an ISO 8601 date", error);
        Assert.DoesNotContain("0 calls.", output);
    }

    [Theory]
    [InlineData("2024-09-03T10:00")]
    [InlineData("13/12/2026")]
    [InlineData("Sep 3, 2024")]
    [InlineData("2024-9-3")]
    public async Task ATimeWithoutOffsetOrInAnotherForm_IsRefused(string to)
    {
        var (exit, _, error) = await RunAsync("query", "--from", "2024-09-03", "--to", to);

        Assert.Equal(2, exit);
        Assert.Contains($"--to '{to}' is not an ISO 8601 date", error);
    }

    [Theory]
    [InlineData("2026-12-07", "2026-12-07", "0 calls.")]
    [InlineData("2024-09-03T10:01:30Z", "2024-09-03T12:02:30.5+02:00", "1 calls.")]
    [InlineData("2024-09-03T10:00+00:00", "2024-09-03T10:00:00.0000001Z", "1 calls.")]
    public async Task Iso8601DatesAndTimesWithAnOffset_AreAccepted(string from, string to, string expected)
    {
        var (exit, output, error) = await RunAsync("query", "--from", from, "--to", to);

        Assert.True(exit == 0, error);
        Assert.Contains(expected, output);
    }

    [Theory]
    [InlineData("query", "2024-09-04", "2024-09-03", "is before --from")]
    [InlineData("export", "2024-09-04", "2024-09-03", "is before --from")]
    [InlineData("verify", "2024-09-04", "2024-09-03", "is before --from")]
    [InlineData("query", "2024-09-03T10:00Z", "2024-09-03T10:00Z", "the range is empty")]
    [InlineData("query", "2999-01-01", null, "is in the future")]
    public async Task AReversedOrEmptyRange_IsAnError_NotZeroCalls(string command, string from, string? to, string message)
    {
        string[] range = to is null ? ["--from", from] : ["--from", from, "--to", to];
        var (exit, output, error) = await RunAsync([command, .. range, .. command == "export" ? ["--format", "csv"] : Array.Empty<string>()]);

        Assert.Equal(2, exit);
        Assert.Contains(message, error);
        Assert.DoesNotContain("0 calls", output);
    }

    [Theory]
    [InlineData("query", "--from", "2024-09-03")]
    [InlineData("show", "cli-1")]
    [InlineData("export", "--format", "jsonl", "--from", "2024-09-03")]
    [InlineData("verify", "--from", "2024-09-03")]
    [InlineData("purge", "--before", "2020-01-01", "--dry-run")]
    public async Task EveryCommand_NamesTheStoreItReads_OnStderr_WithoutItsKey(params string[] args)
    {
        var (_, output, error) = await RunAsync(args);

        var port = azurite.CreateServiceClient().Uri.Port;
        Assert.Contains($"audit: store: table {_host.TableName} in the local emulator (account devstoreaccount1 at 127.0.0.1:{port}/devstoreaccount1)", error);
        Assert.DoesNotContain("audit: store", output);
        Assert.DoesNotContain("AccountKey", error + output);
        Assert.DoesNotContain("Eby8vdM02x", error + output);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var cli = new AuditCliRunner(azurite.ConnectionString, _host.TableName);
        return await cli.RunAsync(args);
    }

    private static List<string> Lines(string output) => [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'))];

    private static readonly string[] s_columns =
        ["Time (UTC)", "Request id", "Caller", "Route", "Stream", "Provider", "Model", "Outcome", "Status", "Tokens p/c/t", "Flag", "Clear", "TTFT ms", "Duration ms"];

    /// <summary>The cell of a column in the row of a request id (columns are aligned under the header's names).</summary>
    private static string Cell(List<string> lines, string requestId, string column)
    {
        var starts = new List<int>();
        foreach (var name in s_columns)
        {
            starts.Add(lines[0].IndexOf(name, starts.Count == 0 ? 0 : starts[^1] + 1, StringComparison.Ordinal));
        }

        var index = Array.IndexOf(s_columns, column);
        var row = lines.Single(l => l.Contains($" {requestId} ", StringComparison.Ordinal));
        var end = index + 1 < starts.Count ? starts[index + 1] : row.Length;
        return row[starts[index]..Math.Min(end, row.Length)].Trim();
    }
}
