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
        var events = new List<JsonObject>
        {
            // The first event is role-only; every later one repeats the role.
            answer.Chunk(new JsonObject { ["content"] = "" }, last: false),
        };
        if (answer.ToolName is { } tool)
        {
            var half = answer.ToolArguments.Length / 2;
            events.Add(answer.Chunk(new JsonObject { ["tool_calls"] = new JsonArray(MindIEAnswer.ToolCall(tool, "", index: 0)) }, last: false));
            events.Add(answer.Chunk(new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = answer.ToolArguments[..half] } }) }, last: false));
            events.Add(answer.Chunk(new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = answer.ToolArguments[half..] } }) }, last: true));
        }
        else
        {
            var tokens = answer.Tokens.Count == 0 ? [""] : answer.Tokens;
            for (var i = 0; i < tokens.Count; i++) events.Add(answer.Chunk(new JsonObject { ["content"] = tokens[i] }, last: i == tokens.Count - 1));
        }

        for (var i = 0; i < events.Count; i++)
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
            await SendAsync(context.Response, tap, "data: " + events[i].ToJsonString() + "\n\n", ct);
        }
        if (!scenario.OmitDone) await SendAsync(context.Response, tap, "data: [DONE]\n\n", ct);
    }
}
