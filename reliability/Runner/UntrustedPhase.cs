using System.Text;
using Reliability.Hostile;

namespace Reliability.Runner;

/// <summary>
/// What a hostile caller or upstream sends that the facade must not trust (issue 21): terminal and spreadsheet
/// injection through every stored header and text field, read back through the audit tool; a forged invocation id;
/// bytes that are not UTF-8 from an upstream before and after the first byte; chunk sizes that overflow; member
/// names that differ only in case. One facade, its Lanrui and MindIE providers played by <see cref="HostileUpstream"/>,
/// Baidu's by the emulator.
/// </summary>
public sealed partial class UntrustedPhase(RunOptions options, Stack stack, Canaries canaries, ResponseArchive archive)
{
    public const string Phase = "untrusted";
    private const string Table = "RelUntrusted";

    private readonly string _tag = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private readonly List<(string Description, HostileResponse Response)> _display = [];
    private readonly List<string> _showAlso = [];
    private RawHttpSender? _sender;
    private int _next;

    /// <summary>Characters a terminal would interpret, found unescaped in <c>audit show</c> and <c>audit query</c> output, by kind.</summary>
    public Dictionary<string, int> TerminalFindings { get; } = new(StringComparer.Ordinal);

    /// <summary>CSV cells a spreadsheet would take for a formula, by column, with an example.</summary>
    public List<(string Column, string Cell)> FormulaCells { get; } = [];

    /// <summary>Records shown with <c>audit show</c>, and the calls sent for them.</summary>
    public int Shown { get; private set; }
    public int DisplayCalls => _display.Count;
    public int ExportedRecords { get; private set; }

    /// <summary>Failures of the audit tool itself (a non-zero exit), which make the display checks fail.</summary>
    public List<string> ToolProblems { get; } = [];

    public List<FaultRow> DisplayRows { get; } = [];
    public List<FaultRow> InvocationRows { get; } = [];
    public List<FaultRow> Utf8Rows { get; } = [];
    public List<FaultRow> ChunkRows { get; } = [];
    public List<FaultRow> CaseRows { get; } = [];

    public bool DisplayPass => ToolProblems.Count == 0 && Shown > 0 && TerminalFindings.Count == 0;
    public bool CsvPass => ToolProblems.Count == 0 && ExportedRecords > 0 && FormulaCells.Count == 0;

    public async Task RunAsync()
    {
        await using var upstream = new HostileUpstream();
        upstream.Start();
        var started = DateTimeOffset.UtcNow;
        await using var facade = await stack.StartFacadeAsync(Phase, Table, settings: new Dictionary<string, string>
        {
            ["Providers__Lanrui__BaseUrl"] = $"http://127.0.0.1:{upstream.Port}/v1",
            ["Providers__MindIE__BaseUrl"] = $"http://127.0.0.1:{upstream.Port}/v1",
        });
        _sender = new RawHttpSender("127.0.0.1", facade.Port);
        using var control = new EmulatorControl(stack);
        using var chat = new ChatClient(facade.BaseUri, canaries.CallerKey, archive);

        await SendDisplayCasesAsync();
        var forged = await SendForgedInvocationIdsAsync();
        var chunked = await SendOverflowingChunksAsync();
        var variants = await SendCaseVariantsAsync();
        var utf8 = await SendInvalidUtf8Async(chat);

        var ids = _display.Select(d => d.Response).Concat(forged.Select(f => f.Response)).Concat(chunked.Select(c => c.Response))
            .Select(r => r.Header("x-request-id")).OfType<string>().Concat(utf8.Select(u => u.RequestId).OfType<string>());
        var audit = await AuditScan.SettleAsync(stack.StorageConnection, Table, ids, TimeSpan.FromSeconds(45));
        var atProviders = await control.RequestsByMarkerAsync();
        foreach (var body in upstream.Bodies)
            foreach (var marker in Markers.Marker().Matches(body).Select(m => m.Value).Distinct())
                atProviders[marker] = atProviders.GetValueOrDefault(marker) + 1;

        JudgeForgedInvocationIds(forged, audit, atProviders);
        JudgeOverflowingChunks(chunked, audit, atProviders);
        JudgeCaseVariants(variants, atProviders);
        foreach (var result in utf8) Utf8Rows.Add(JudgeInvalidUtf8(result, audit, atProviders));
        await ReadBackThroughAuditToolAsync(audit, started);
    }

    /// <summary>Sends one request as built and keeps its answer for the canary search.</summary>
    private async Task<HostileResponse> SendAsync(HostileCase hostile)
    {
        var response = await _sender!.SendAsync(hostile);
        archive.Add(string.Join("\n", response.Headers.Select(h => h.Key + ": " + h.Value)));
        archive.Add(response.Body);
        return response;
    }

    /// <summary>A POST as a hostile client writes it: headers as given (Latin-1), the caller's key unless <paramref name="key"/> says otherwise.</summary>
    private HostileCase Post(string target, byte[] body, string description, IEnumerable<(string Name, string Value)>? headers = null, string? key = "", bool chunked = false)
    {
        var lines = new List<KeyValuePair<string, string>>();
        if (key is not null) lines.Add(new("Authorization", "Bearer " + (key.Length == 0 ? canaries.CallerKey : key)));
        lines.Add(new("Content-Type", "application/json"));
        if (chunked) lines.Add(new("Transfer-Encoding", "chunked"));
        foreach (var (name, value) in headers ?? []) lines.Add(new(name, value));
        return new HostileCase
        {
            Id = Interlocked.Increment(ref _next),
            Category = "untrusted",
            Route = "POST " + target,
            Method = "POST",
            Target = target,
            Headers = lines,
            Body = body,
            AutoContentLength = !chunked,
            Description = description,
        };
    }

    /// <summary>A JSON string literal with every character but quote, backslash and C0 controls left raw (UTF-8 on the wire).</summary>
    private static string Json(string text)
    {
        var json = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c is '"' or '\\') json.Append('\\').Append(c);
            else if (c < ' ') json.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else json.Append(c);
        }
        return json.Append('"').ToString();
    }

    /// <summary>UTF-8 bytes as the Latin-1 text a raw header carries, so a header holds the character's UTF-8 encoding.</summary>
    private static string HeaderText(string text) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text));

    private static string Mode(bool stream) => stream ? "stream" : "whole";

    private static string Status(HostileResponse response) =>
        (response.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer: " + response.Failure) + (response.Status is not null && response.Header("x-request-id") is null ? "k" : "")
        + (ChatClient.ErrorCodeOf(Encoding.UTF8.GetString(response.Body)) is { } code ? $" ({code})" : "");
}
