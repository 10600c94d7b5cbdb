using System.Text.Json.Nodes;

namespace Emulators.Lanrui;

/// <summary>
/// Lanrui's OpenAI-compatible chat API as docs/protocols/lanrui.md describes it: Bearer key, its parameter ranges,
/// <c>chat.completion</c> and <c>chat.completion.chunk</c> shapes, <c>[DONE]</c>, OpenAI-style errors.
/// </summary>
public sealed class LanruiEmulator : EmulatorBase
{
    public const string DefaultApiKey = "lanrui-emulator-key";

    public string ApiKey { get; init; } = DefaultApiKey;

    public override void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/chat/completions", HandleAsync);
        endpoints.MapGet("/v1/models", () => Results.Json(new { @object = "list", data = new[] { new { id = "meta-llama/Llama-2-7b-chat-hf", @object = "model" } } }));
    }

    private async Task HandleAsync(HttpContext context)
    {
        var recorded = await RecordedRequest.ReadAsync(context.Request);
        Record(recorded);
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + ApiKey)
        {
            await ErrorAsync(context, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
            return;
        }
        if (recorded.Json is not JsonObject request || request["messages"] is not JsonArray { Count: > 0 } messages || request["model"] is null)
        {
            await ErrorAsync(context, 400, "'model' and a non-empty 'messages' are required.", "invalid_request_error", null);
            return;
        }
        var rangeError = OutOfRange(request, "temperature", 0, 2, false) ?? OutOfRange(request, "top_p", 0, 1, true) ??
            OutOfRange(request, "presence_penalty", -2, 2, false) ?? OutOfRange(request, "frequency_penalty", -2, 2, false);
        if (rangeError is not null)
        {
            await ErrorAsync(context, 400, rangeError, "invalid_request_error", null);
            return;
        }
        var model = request["model"]!.GetValue<string>();
        var lastUser = messages.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user")?["content"]?.ToString();
        var scenario = ScenarioFor(lastUser);
        var ct = context.RequestAborted;
        if (scenario.FirstByteDelay > TimeSpan.Zero) await Task.Delay(scenario.FirstByteDelay, ct);
        if (scenario.ErrorStatus is { } status)
        {
            if (status == 429) context.Response.Headers.RetryAfter = "7";
            await ErrorAsync(context, status, $"Emulated error {status}.", status == 429 ? "rate_limit_error" : "server_error", status == 429 ? "rate_limit_exceeded" : null);
            return;
        }
        var chunks = scenario.Chunks ?? Words("Hello from the Lanrui emulator. You said: " + (lastUser ?? ""));
        var promptTokens = recorded.Body.Length / 4;
        var completionTokens = scenario.ToolCall is null ? chunks.Count : 5;
        var usage = new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = completionTokens, ["total_tokens"] = promptTokens + completionTokens };
        var id = "chatcmpl-lanrui-" + Guid.NewGuid().ToString("N")[..12];
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var finish = scenario.FinishReason ?? (scenario.ToolCall is null ? "stop" : "tool_calls");

        if (request["stream"]?.GetValue<bool>() != true)
        {
            var message = new JsonObject { ["role"] = "assistant", ["content"] = scenario.ToolCall is null ? string.Concat(chunks) : null };
            if (scenario.ToolCall is { } tool) message["tool_calls"] = new JsonArray(ToolCall(tool, scenario.ToolArguments, withIndex: false));
            var body = new JsonObject
            {
                ["id"] = id, ["object"] = "chat.completion", ["created"] = created, ["model"] = model, ["system_fingerprint"] = "fp_emulator",
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["logprobs"] = null, ["finish_reason"] = finish }),
                ["usage"] = usage,
            };
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(EmulatorText.ToBytes(body.ToJsonString()), ct);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(ct);
        JsonObject Chunk(JsonObject delta, string? finishReason) => new()
        {
            ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = created, ["model"] = model, ["system_fingerprint"] = "fp_emulator",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finishReason }),
        };
        // Each event is built as it is written, so a long answer costs no memory up front and a client that does
        // not read holds the emulator at its first blocked write (issue 21: 64 such clients took 20 GB).
        JsonObject? toolCall = scenario.ToolCall is { } name ? ToolCall(name, "", withIndex: true) : null;
        var half = scenario.ToolArguments.Length / 2;
        var contentEvents = toolCall is null ? chunks.Count : 3;
        var eventCount = contentEvents + 2;
        JsonObject Event(int i) => i switch
        {
            0 => Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null),
            _ when i == eventCount - 1 => Chunk(new JsonObject(), finish),
            1 when toolCall is not null => Chunk(new JsonObject { ["tool_calls"] = new JsonArray(toolCall) }, null),
            _ when toolCall is not null => Chunk(new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = i == 2 ? scenario.ToolArguments[..half] : scenario.ToolArguments[half..] } }) }, null),
            _ => Chunk(new JsonObject { ["content"] = chunks[i - 1] }, null),
        };

        for (var i = 0; i < eventCount; i++)
        {
            var sent = i - 1; // content events already sent (the role event does not count)
            if (scenario.ResetAfterEvents == sent)
            {
                // Let what was sent arrive first: a reset discards data the peer has not read yet.
                await Task.Delay(200, ct);
                context.Abort();
                return;
            }
            if (scenario.ErrorAfterEvents == sent)
            {
                await WriteSseAsync(context.Response, "{\"error\":{\"message\":\"Emulated failure mid-stream.\",\"type\":\"server_error\",\"code\":\"internal_error\"}}", ct);
                return;
            }
            if (scenario.MalformedAfterEvents == sent) { await WriteSseAsync(context.Response, "{not json", ct); }
            if (scenario.BeforeEvent is { } gate) await gate(i, ct);
            if (scenario.EventDelay > TimeSpan.Zero) await Task.Delay(scenario.EventDelay, ct);
            await WriteSseAsync(context.Response, Event(i).ToJsonString(), ct);
        }
        if (request["stream_options"]?["include_usage"]?.GetValue<bool>() == true)
        {
            var usageChunk = new JsonObject { ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = created, ["model"] = model, ["choices"] = new JsonArray(), ["usage"] = usage };
            await WriteSseAsync(context.Response, usageChunk.ToJsonString(), ct);
        }
        if (!scenario.OmitDone) await WriteSseAsync(context.Response, "[DONE]", ct);
    }

    private static JsonObject ToolCall(string name, string arguments, bool withIndex)
    {
        var call = new JsonObject { ["id"] = "call_" + Guid.NewGuid().ToString("N")[..8], ["type"] = "function", ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments } };
        if (withIndex) call["index"] = 0;
        return call;
    }

    private static string? OutOfRange(JsonObject request, string name, double min, double max, bool minExclusive)
    {
        if (request[name] is not JsonValue value || !value.TryGetValue<double>(out var v)) return null;
        var ok = (minExclusive ? v > min : v >= min) && v <= max;
        return ok ? null : $"{name} must be in {(minExclusive ? "(" : "[")}{min}, {max}]";
    }

    private static Task ErrorAsync(HttpContext context, int status, string message, string type, string? code)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = new { message, type, param = (string?)null, code } });
    }
}
