using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Functions.Core.Audit;
using Functions.Core.Chat;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Functions.Tests.Audit;

/// <summary><c>audit report</c> on a range with flagged, failed, streamed and rejected calls, and the sample report committed in docs/.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class AuditReportTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset s_time = new(2024, 11, 4, 8, 0, 0, TimeSpan.Zero);
    private readonly AuditTestHost _host = new(azurite.ConnectionString);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2024, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"audit-report-{Guid.NewGuid():N}.html");
    private AuditCliRunner _cli = null!;

    public async Task InitializeAsync()
    {
        _cli = new AuditCliRunner(azurite.ConnectionString, _host.TableName, _clock);
        for (var day = 0; day < 3; day++)
        {
            for (var i = 0; i < 4; i++)
            {
                var time = s_time.AddDays(day).AddMinutes(10 * i);
                var id = $"r{day}-{i}";
                var caller = i % 2 == 0 ? "claims-portal" : "hr-assistant";
                var model = i == 3 ? "lanrui-llama" : "ernie-speed";
                await _host.CallAsync(AuditTestHost.Start(id, time, caller, model) with { Stream = i % 2 == 1, Provider = model == "ernie-speed" ? "baidu" : "lanrui" },
                    AuditTestHost.Completion(id, time.AddSeconds(2), flag: null, needClearHistory: null) with { DurationMs = 400 + 100 * i + day, TimeToFirstTokenMs = 50 + 10 * i });
            }
        }

        var t = s_time.AddDays(1).AddHours(2);
        await _host.CallAsync(AuditTestHost.Start("flag-2", t, "claims-portal", "ernie-speed"), AuditTestHost.Completion("flag-2", t.AddSeconds(1), flag: 2, needClearHistory: false));
        await _host.CallAsync(AuditTestHost.Start("clear-1", t.AddMinutes(1), "hr-assistant", "ernie-speed") with { Route = AuditRoute.Native },
            AuditTestHost.Completion("clear-1", t.AddMinutes(1).AddSeconds(1), flag: 0, needClearHistory: true));
        await _host.CallAsync(AuditTestHost.Start("failed-1", t.AddMinutes(2), "hr-assistant", "lanrui-llama") with { Provider = "lanrui" },
            AuditTestHost.Completion("failed-1", t.AddMinutes(2).AddSeconds(1), flag: null, needClearHistory: null) with { Outcome = CallOutcome.UpstreamError, Status = 502, ErrorCode = "upstream_error" });
        _host.Store.RecordRejected(new AuditRejection { RequestId = "denied-1", Time = t.AddMinutes(3), Status = 401, ErrorCode = "invalid_api_key" });
        await _host.Store.FlushAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        File.Delete(_file);
        _cli.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Report_OfARangeWithFlaggedFailedStreamedAndRejectedCalls_HasEveryChartTheFlaggedCallsAndTheVerifyResult()
    {
        var (exit, output, _) = await _cli.RunAsync("report", "--from", "2024-11-03", "--to", "2024-11-07", "--output", _file);
        var html = await File.ReadAllTextAsync(_file);

        Assert.Equal(0, exit);
        Assert.Contains("16 records, 2 flagged; verify: INTACT", output);
        foreach (var chart in new[] { "chart-calls-by-model", "chart-calls-by-caller", "chart-outcomes", "chart-tokens", "chart-latency", "chart-ttft" })
        {
            Assert.Matches($"<svg id=\"{chart}\"[^>]*>.*?<rect ", html);
        }

        // Days as periods, models and callers in the legends with their totals, every outcome.
        Assert.Contains(">11-04<", html.Replace("2024-", "", StringComparison.Ordinal));
        Assert.Contains("ernie-speed (11)", html);
        Assert.Contains("lanrui-llama (4)", html);
        Assert.Contains("hr-assistant (8)", html);
        Assert.Contains("(unknown caller) (1)", html);
        foreach (var outcome in new[] { ">completed<", ">upstream_error<", ">rejected<" })
        {
            Assert.Contains(outcome, html);
        }

        // Cards: 15 provider calls, 1 refused, 1 failed, 9 streamed (every other of the 12, and the three below), 2 flagged.
        Assert.Contains("<b>15</b><span>calls to providers", html);
        Assert.Contains("<b>1</b><span>requests refused before routing", html);
        Assert.Contains("<b>1</b><span>calls that failed", html);
        Assert.Contains("<b>9</b><span>streamed calls", html);
        // Nearest-rank percentiles of ernie-speed's 11 durations: 400, 401, 402, 500, 501, 502, 600, 601, 602, 850.5, 850.5.
        Assert.Contains("<tr><td>ernie-speed</td><td class=\"n\">11</td><td class=\"n\">502</td><td class=\"n\">851</td><td class=\"n\">851</td></tr>", html);

        var flagged = Section(html, "flagged");
        Assert.Contains("Flagged Baidu calls (2)", flagged);
        Assert.Contains("<code>audit show flag-2</code>", flagged);
        Assert.Contains("<code>audit show clear-1</code>", flagged);
        Assert.DoesNotContain("failed-1", flagged);
        Assert.Contains(">INTACT<", Section(html, "verify"));
        Assert.Contains("16 records", Section(html, "verify"));
    }

    [Fact]
    public async Task Report_NeedsNothingFromTheNetwork_AndIsTheSameForTheSameRecords()
    {
        var second = _file + ".again.html";
        try
        {
            await _cli.RunAsync("report", "--from", "2024-11-03", "--to", "2024-11-07", "--output", _file);
            await _cli.RunAsync("report", "--from", "2024-11-03", "--to", "2024-11-07", "--output", second);
            var html = await File.ReadAllTextAsync(_file);

            Assert.Equal(html, await File.ReadAllTextAsync(second));
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(ExternalReference().Matches(html));
        }
        finally
        {
            File.Delete(second);
        }
    }

    [Fact]
    public async Task Report_OfATamperedRange_SaysNotIntactAndNamesTheRecord()
    {
        var record = Assert.Single(await _host.Reader.FindByRequestIdAsync("flag-2", CancellationToken.None));
        var row = (await _host.Tables.Records.GetEntityAsync<Azure.Data.Tables.TableEntity>(record.Summary.RecordPartitionKey, record.Summary.RecordRowKey)).Value;
        row["Flag"] = 0;
        await _host.Tables.Records.UpdateEntityAsync(row, Azure.ETag.All);

        await _cli.RunAsync("report", "--from", "2024-11-03", "--to", "2024-11-07", "--output", _file);
        var verify = Section(await File.ReadAllTextAsync(_file), "verify");

        Assert.Contains(">NOT INTACT<", verify);
        Assert.Matches("CHANGED</td><td class=\"t\">[^<]*</td><td><code>flag-2</code>", verify);
    }

    [Fact]
    public async Task SampleReport_InDocs_IsAScreenshotOfWhatTheScriptGenerates()
    {
        // docs/sample-report.html is written by scripts/sample-report.sh through audit report, and the PNG is Chromium's
        // screenshot of it. The committed HTML has every section and chart the report renders now, and the PNG is a
        // whole picture of a page, not a stub.
        var docs = Path.Combine(RepositoryRoot(), "docs");
        await _cli.RunAsync("report", "--from", "2024-11-03", "--to", "2024-11-07", "--output", _file);
        var sample = await File.ReadAllTextAsync(Path.Combine(docs, "sample-report.html"));
        var png = await File.ReadAllBytesAsync(Path.Combine(docs, "sample-report.png"));

        Assert.Equal(Structure(await File.ReadAllTextAsync(_file)), Structure(sample));
        Assert.Contains("audit show ", Section(sample, "flagged"));
        Assert.Contains(">INTACT<", Section(sample, "verify"));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        var (width, height) = (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.InRange(width, 1000, 4000);
        Assert.InRange(height, 800, 8000);
        Assert.True(png.Length > 50_000, $"The screenshot is only {png.Length} bytes.");
    }

    /// <summary>The ids of the sections and charts, in order.</summary>
    private static List<string> Structure(string html) => [.. Ids().Matches(html).Select(m => m.Groups[1].Value)];

    private static string Section(string html, string id)
    {
        var start = html.IndexOf($"<section id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No section {id}.");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("No Functions.sln above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("<(?:section|svg|div) id=\"([a-z-]+)\"")]
    private static partial Regex Ids();

    /// <summary>Anything that would make a browser fetch: http(s) URLs other than the SVG namespace.</summary>
    [GeneratedRegex("https?://(?!www\\.w3\\.org/2000/svg)")]
    private static partial Regex ExternalReference();
}
