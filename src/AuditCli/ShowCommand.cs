using System.CommandLine;
using System.Globalization;
using Functions.Core.Audit;

namespace AuditCli;

/// <summary><c>audit show &lt;request-id&gt;</c>: one call's whole record, prompt and response reassembled.</summary>
public static class ShowCommand
{
    public static Command Create(AuditConnectionOptions connection)
    {
        var requestId = new Argument<string>("request-id") { Description = "The call's x-request-id." };
        var command = new Command("show", "Show one call's whole record: prompt as received and as sent, response, verdicts.");
        command.Arguments.Add(requestId);
        command.SetAction((parseResult, cancellationToken) => AuditCommandLine.GuardAsync(parseResult, async () =>
        {
            var reader = connection.CreateReader(parseResult);
            var id = parseResult.GetValue(requestId)!;
            var records = await reader.FindByRequestIdAsync(id, cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            if (records.Count == 0)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"No audit record for request id '{id}'.");
                return 1;
            }

            foreach (var record in records)
            {
                Write(output, record);
            }

            return 0;
        }));
        return command;
    }

    private static void Write(TextWriter output, AuditRecord record)
    {
        var s = record.Summary;
        void Line(string name, object? value)
        {
            if (value is not null)
            {
                output.WriteLine($"{name,-20} {Convert.ToString(value, CultureInfo.InvariantCulture)}");
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
        Section(output, "Prompt as received", record.PromptReceived);
        if (record.PromptSentIsReceived)
        {
            output.WriteLine("----- Prompt as sent upstream: the same as received -----");
        }
        else
        {
            Section(output, "Prompt as sent upstream", record.PromptSent);
        }
        Section(output, "Response", record.ResponseText);
        output.WriteLine();
    }

    private static void Section(TextWriter output, string title, string? text)
    {
        if (text is null)
        {
            return;
        }

        output.WriteLine($"----- {title} ({text.Length} chars) -----");
        output.WriteLine(text);
    }
}
