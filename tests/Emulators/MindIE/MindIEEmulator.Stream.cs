using System.Text.Json.Nodes;

namespace Emulators.MindIE;

/// <summary>MindIE's stream (docs/protocols/mindie.md §6), and its failures (§8.3).</summary>
public sealed partial class MindIEEmulator
{
    private static async Task StreamAsync(HttpContext context, MemoryStream tap, MindIEAnswer answer, Scenario scenario)
    {
        var ct = context.RequestAborted;
        context.Response.ContentType = "text/event-stream";
        await context.Response.StartAsync(ct);
        // Each event is built as it is written: a long answer costs no memory up front (issue 21).
        var tokens = answer.Tokens.Count == 0 ? [""] : answer.Tokens;
        var half = answer.ToolArguments.Length / 2;
        var eventCount = 1 + (answer.ToolName is null ? tokens.Count : 3);
        JsonObject Event(int i) => (i, answer.ToolName) switch
        {
            // The first event is role-only; every later one repeats the role.
            (0, _) => answer.Chunk(new JsonObject { ["content"] = "" }, last: false),
            (1, { } tool) => answer.Chunk(new JsonObject { ["tool_calls"] = new JsonArray(MindIEAnswer.ToolCall(tool, "", index: 0)) }, last: false),
            (_, not null) => answer.Chunk(new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = i == 2 ? answer.ToolArguments[..half] : answer.ToolArguments[half..] } }) }, last: i == 3),
            _ => answer.Chunk(new JsonObject { ["content"] = tokens[i - 1] }, last: i == tokens.Count),
        };

        for (var i = 0; i < eventCount; i++)
        {
            var sent = i - 1; // content events already sent (the role-only event does not count)
            if (scenario.ResetAfterEvents == sent)
            {
                await Task.Delay(200, ct);
                context.Abort();
                return;
            }
            if (scenario.ErrorAfterEvents == sent)
            {
                // MindIE writes its error raw, without "data:" or a newline, and closes (StreamResponseFillHttpSink).
                var raw = scenario.Options.GetValueOrDefault("raw-error") == "json"
                    ? "{\"error\":\"Failed to get engine response.\",\"error_type\":\"Incomplete Generation\"}"
                    : $"Engine callback timeout: request {answer.Id} got no token in 600 s";
                await SendAsync(context.Response, tap, raw, ct);
                return;
            }
            if (scenario.MalformedAfterEvents == sent) await SendAsync(context.Response, tap, "data: {not json\n\n", ct);
            if (scenario.BeforeEvent is { } gate) await gate(i, ct);
            if (scenario.EventDelay > TimeSpan.Zero) await Task.Delay(scenario.EventDelay, ct);
            await SendAsync(context.Response, tap, "data: " + Event(i).ToJsonString() + "\n\n", ct);
        }
        if (!scenario.OmitDone) await SendAsync(context.Response, tap, "data: [DONE]\n\n", ct);
    }
}
