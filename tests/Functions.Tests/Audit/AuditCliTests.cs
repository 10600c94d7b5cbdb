using System.CommandLine;
using System.Text.Json;
using AuditCli;
using Functions.Core.Audit;
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
    public async Task Show_PrintsTheWholeRecordWithPromptAndResponse()
    {
        var (exit, output, _) = await RunAsync("show", "cli-3");

        Assert.Equal(0, exit);
        Assert.Contains("grace", output);
        Assert.Contains("{\"prompt\":\"质问 cli-3 😀\"}", output);
        Assert.Contains("answer, \"quoted\"\nline 2 of cli-3", output.ReplaceLineEndings("\n"));
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
            Assert.Equal(4, records.Count);
            Assert.Contains(records, r => r.GetProperty("PromptReceived").GetString() == "{\"prompt\":\"质问 cli-1 😀\"}");
            Assert.All(records, r => Assert.Equal("completed", r.GetProperty("Summary").GetProperty("Outcome").GetString()));
            Assert.Contains("4 records written", error);
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

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] connection = ["--connection-string", azurite.ConnectionString, "--table-name", _host.TableName];
        var exit = await AuditCommandLine.Create().Parse([.. args, .. connection]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
