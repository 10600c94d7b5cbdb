using System.CommandLine;
using System.Globalization;
using Functions.Core.Audit;
using Functions.Core.Diagnostics;

namespace AuditCli;

/// <summary>
/// <c>audit show &lt;request-id&gt; [--raw]</c>: one call's whole record, prompt and response reassembled. Stored text is
/// shown as <see cref="SafeText"/> writes it (fields as single lines, bodies with their line breaks, every line of a
/// body after <c>| </c> so no body can forge a section header); <c>--raw</c> writes it as stored, with a warning on stderr.
/// </summary>
public static class ShowCommand
{
    public static Command Create(AuditConnectionOptions connection)
    {
        var requestId = new Argument<string>("request-id") { Description = "The call's x-request-id." };
        var raw = new Option<bool>("--raw")
        {
            Description = "Write stored text exactly as stored: control, escape, bidi and zero-width characters reach the terminal (pipe it to a file or a hex viewer).",
        };
        var command = new Command("show", "Show one call's whole record: prompt as received and as sent, response, verdicts.");
        command.Arguments.Add(requestId);
        command.Options.Add(raw);
        command.SetAction((parseResult, cancellationToken) => AuditCommandLine.GuardAsync(parseResult, async () =>
        {
            var reader = connection.CreateReader(parseResult);
            var id = parseResult.GetValue(requestId)!;
            var records = await reader.FindByRequestIdAsync(id, cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (records.Count == 0)
            {
                error.WriteLine($"No audit record for request id '{SafeText.Line(id)}'.");
                return 1;
            }

            var asStored = parseResult.GetValue(raw);
            if (asStored)
            {
                error.WriteLine("audit show --raw: stored text follows as stored; escape sequences, control, bidi and zero-width characters in it reach your terminal.");
            }

            foreach (var record in records)
            {
                Write(output, record, asStored);
            }

            return 0;
        }));
        return command;
    }

    private static void Write(TextWriter output, AuditRecord record, bool raw)
    {
        var s = record.Summary;
        void Line(string name, object? value)
        {
            if (value is not null)
            {
                var text = Convert.ToString(value, CultureInfo.InvariantCulture);
                output.WriteLine($"{name,-20} {(raw ? text : SafeText.Line(text))}");
            }
        }

        Line("Request id", s.RequestId);
        Line("Time (UTC)", s.Time?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Line("Completed (UTC)", s.CompletedAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Line("Caller", s.Caller);
        Line("Caller method", record.CallerMethod);
        Line("Caller app id", record.CallerAppId);
        Line("Caller object id", record.CallerObjectId);
        Line("Caller tenant id", record.CallerTenantId);
        Line("Route", s.Route);
        Line("Provider", s.Provider);
        Line("Model", s.Model);
        Line("Target", record.Target);
        Line("Stream", s.Stream);
        Line("User agent", record.UserAgent);
        Line("Invocation id", record.InvocationId);
        Line("Outcome", s.Outcome ?? "(not completed)");
        Line("Status", s.Status);
        Line("Finish reason", s.FinishReason is null ? null : $"{s.FinishReason} (raw: {record.RawFinishReason})");
        Line("Tokens p/c/t", s.TotalTokens is null ? null : $"{s.PromptTokens}/{s.CompletionTokens}/{s.TotalTokens}");
        Line("Need clear history", s.NeedClearHistory);
        Line("Flag", s.Flag);
        Line("Ban round", s.BanRound);
        Line("Is truncated", s.IsTruncated);
        Line("Prefill ms", record.PrefillTimeMs);
        Line("Decode ms", record.DecodeTimeStats is { } d ? $"count {d.Count}, mean {d.MeanMs}, p50 {d.P50Ms}, max {d.MaxMs}" : null);
        Line("TTFT ms", s.TimeToFirstTokenMs);
        Line("Duration ms", s.DurationMs);
        Line("Upstream request id", record.UpstreamRequestId);
        Line("Error code", record.ErrorCode);
        Line("Error message", record.ErrorMessage);
        Line("HTTP method", s.HttpMethod);
        Line("Path", s.Path);
        Line("Client address", record.ClientAddress);
        Line("Body bytes", record.BodyBytes);
        Line("Key fingerprint", record.KeyFingerprint);
        Section(output, "Prompt as received", record.PromptReceived, raw);
        if (record.PromptSentIsReceived)
        {
            output.WriteLine("----- Prompt as sent upstream: the same as received -----");
        }
        else
        {
            Section(output, "Prompt as sent upstream", record.PromptSent, raw);
        }
        Section(output, "Response", record.ResponseText, raw);
        output.WriteLine();
    }

    /// <summary>A body under its title; the count is of the stored characters.</summary>
    private static void Section(TextWriter output, string title, string? text, bool raw)
    {
        if (text is null)
        {
            return;
        }

        output.WriteLine($"----- {title} ({text.Length} chars) -----");
        if (raw)
        {
            output.WriteLine(text);
            return;
        }

        foreach (var line in SafeText.Block(text).Split('\n'))
        {
            output.WriteLine($"| {line}");
        }
    }
}
