using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Emulators.Baidu;

public sealed partial class BaiduEmulator
{
    // Baidu writes UTF-8 as it is, not \u escapes.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly Dictionary<int, string> Messages = new()
    {
        [2] = "Service temporarily unavailable",
        [4] = "Open api request limit reached",
        [17] = "Open api daily request limit reached",
        [18] = "Open api qps request limit reached",
        [19] = "Open api total request limit reached",
        [110] = "Access token invalid or no longer valid",
        [111] = "Access token expired",
        [336000] = "Internal error",
        [336002] = "Invalid JSON",
        [336003] = "the max length of current question is 2000",
        [336006] = "the length of messages must be an odd number",
        [336100] = "try again",
        [336501] = "Rate limit reached for RPM",
        [336502] = "Rate limit reached for TPM",
    };

    private async Task ChatAsync(HttpContext context, string endpoint)
    {
        var recorded = await RecordedRequest.ReadAsync(context.Request);
        var copy = new MemoryStream();
        try
        {
            await AnswerAsync(context, recorded, copy);
        }
        finally
        {
            LastResponseBytes = copy.ToArray();
        }
    }

    private async Task AnswerAsync(HttpContext context, RecordedRequest recorded, MemoryStream copy)
    {
        var token = context.Request.Query["access_token"].ToString();
        if (RefuseAllTokens || token.Length == 0 || !_tokens.TryGetValue(token, out var expires))
        {
            Interlocked.Increment(ref _tokenRejections);
            await ErrorAsync(context, copy, 110);
            return;
        }
        if (DateTimeOffset.UtcNow >= expires)
        {
            Interlocked.Increment(ref _tokenRejections);
            await ErrorAsync(context, copy, 111);
            return;
        }
        Record(recorded);
        if (recorded.Json is not JsonObject request)
        {
            await ErrorAsync(context, copy, 336002);
            return;
        }
        if (Validate(request) is { } invalid)
        {
            await ErrorAsync(context, copy, invalid.Code, invalid.Message);
            return;
        }
        var messages = (JsonArray)request["messages"]!;
        var lastUser = messages[^1]?["content"]?.ToString();
        var scenario = ScenarioFor(lastUser);
        var ct = context.RequestAborted;
        if (scenario.FirstByteDelay > TimeSpan.Zero) await Task.Delay(scenario.FirstByteDelay, ct);
        if (scenario.ErrorStatus is { } status)
        {
            // A gateway/IAM failure: a real HTTP status with X-Bce-Error-* headers (docs/protocols/baidu.md §7.1).
            context.Response.StatusCode = status;
            context.Response.Headers["X-Bce-Error-Code"] = "EmulatedError";
            context.Response.Headers["X-Bce-Error-Message"] = "Emulated gateway error";
            context.Response.ContentType = "application/json";
            await WriteAsync(context, copy, """{"requestId":"emulated","code":"EmulatedError","message":"Emulated gateway error"}""");
            return;
        }
        if (Option(scenario, "baidu-error") is { } code)
        {
            await ErrorAsync(context, copy, int.Parse(code, CultureInfo.InvariantCulture));
            return;
        }

        var id = "as-" + Guid.NewGuid().ToString("N")[..10];
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var clear = Option(scenario, "need-clear-history") == "true";
        var chunks = clear ? [""] : scenario.ToolCall is not null ? [""] : scenario.Chunks ?? Words("您好，我是百度仿真器。You said: " + lastUser);
        var flag = Option(scenario, "flag") is { } f ? int.Parse(f, CultureInfo.InvariantCulture) : (int?)null;
        var flagFrom = Option(scenario, "flag-from") is { } from ? int.Parse(from, CultureInfo.InvariantCulture) : 0;
        var truncated = Option(scenario, "truncated") == "true";
        var finish = scenario.FinishReason ?? (scenario.ToolCall is not null ? "function_call" : truncated ? "length" : "normal");
        var promptTokens = Math.Max(1, recorded.Body.Length / 8);
        SetRateLimitHeaders(context, remaining: 299);
        context.Response.Headers["Statement"] = "AI-generated";

        void AddVerdict(JsonObject body, bool withFlag)
        {
            body["is_truncated"] = truncated;
            body["need_clear_history"] = clear;
            if (clear) body["ban_round"] = int.Parse(Option(scenario, "ban-round") ?? "-1", CultureInfo.InvariantCulture);
            if (withFlag && flag is { } value) body["flag"] = value;
        }

        JsonObject Usage(int completion) => new() { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = completion, ["total_tokens"] = promptTokens + completion };

        JsonObject? FunctionCall() => scenario.ToolCall is { } name
            ? new JsonObject { ["name"] = name, ["arguments"] = scenario.ToolArguments, ["thoughts"] = "The user asks about the weather." }
            : null;

        if (request["stream"]?.GetValue<bool>() != true)
        {
            var body = new JsonObject { ["id"] = id, ["object"] = "chat.completion", ["created"] = created };
            body["result"] = string.Concat(chunks);
            AddVerdict(body, withFlag: true);
            body["finish_reason"] = finish;
            if (FunctionCall() is { } call) body["function_call"] = call;
            body["usage"] = Usage(chunks.Count);
            context.Response.ContentType = "application/json;charset=utf-8";
            await WriteAsync(context, copy, body.ToJsonString(Json));
            return;
        }

        context.Response.ContentType = "text/event-stream;charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(ct);
        var keepAlive = Option(scenario, "keepalive") == "true";
        // Content events, then the is_end event (result "", finish_reason, final usage): docs/protocols/baidu.md §6.2.
        var total = chunks.Count + 1;
        for (var i = 0; i < total; i++)
        {
            if (scenario.ResetAfterEvents == i)
            {
                // Let what was sent arrive first: a reset discards data the peer has not read yet.
                await Task.Delay(200, ct);
                context.Abort();
                return;
            }
            if (scenario.ErrorAfterEvents == i)
            {
                var lineCode = int.Parse(Option(scenario, "line-error") ?? "336000", CultureInfo.InvariantCulture);
                await WriteAsync(context, copy, ErrorJson(lineCode, null, id) + "\n");
                return;
            }
            if (scenario.MalformedAfterEvents == i) await WriteAsync(context, copy, "data: {not json\n\n");
            var end = i == total - 1;
            if (end && scenario.OmitDone) return;
            if (scenario.BeforeEvent is { } gate) await gate(i, ct);
            if (scenario.EventDelay > TimeSpan.Zero) await Task.Delay(scenario.EventDelay, ct);
            if (keepAlive) await WriteAsync(context, copy, ": keep-alive\n\n");
            var chunk = new JsonObject
            {
                ["id"] = id, ["object"] = "chat.completion", ["created"] = created, ["sentence_id"] = i, ["is_end"] = end,
                ["result"] = end ? "" : chunks[i],
            };
            AddVerdict(chunk, withFlag: i >= flagFrom);
            if (end) chunk["finish_reason"] = finish;
            if (end && FunctionCall() is { } call) chunk["function_call"] = call;
            // Usage on every event; completion_tokens only settles on the last one (docs/protocols/baidu.md §6.2: never sum).
            chunk["usage"] = Usage(end ? chunks.Count : i);
            await WriteAsync(context, copy, "data: " + chunk.ToJsonString(Json) + "\n\n");
        }
    }

    private static (int Code, string Message)? Validate(JsonObject request)
    {
        if (request["messages"] is not JsonArray { Count: > 0 } messages) return (336001, "messages is empty");
        if (messages.Count % 2 == 0) return (336006, "the length of messages must be an odd number");
        for (var i = 0; i < messages.Count; i++)
        {
            var role = messages[i]?["role"]?.ToString();
            if (i % 2 == 0 && role is not ("user" or "function") || i == 0 && role == "function")
                return (336006, "the role of message with even index in the messages must be user or function");
            if (i % 2 == 1 && role != "assistant") return (336006, "the role of message with odd index in the messages must be assistant");
            var content = messages[i]?["content"];
            var mayBeEmpty = role == "assistant" && messages[i]?["function_call"] is not null;
            if (!mayBeEmpty && string.IsNullOrEmpty(content?.ToString())) return (336003, "message content can not be empty");
        }
        return OutOfRange(request, "temperature", 0, 1, minExclusive: true) ?? OutOfRange(request, "top_p", 0, 1) ??
            OutOfRange(request, "penalty_score", 1, 2) ?? OutOfRange(request, "max_output_tokens", 2, 2048) ??
            OutOfRange(request, "frequency_penalty", -2, 2) ?? OutOfRange(request, "presence_penalty", -2, 2) ??
            (request["stop"] is JsonArray stop && (stop.Count > 4 || stop.Any(s => s?.ToString().Length > 20)) ? (336003, "stop is invalid") : null);
    }

    private static (int, string)? OutOfRange(JsonObject request, string name, double min, double max, bool minExclusive = false)
    {
        if (request[name] is not JsonValue value || !value.TryGetValue<double>(out var v)) return null;
        var ok = (minExclusive ? v > min : v >= min) && v <= max;
        return ok ? null : (336003, $"{name} range is {(minExclusive ? "(" : "[")}{min}, {max}]");
    }

    private static string? Option(Scenario scenario, string key) => scenario.Options.TryGetValue(key, out var value) ? value : null;

    private static void SetRateLimitHeaders(HttpContext context, int remaining)
    {
        context.Response.Headers["X-Ratelimit-Limit-Requests"] = "300";
        context.Response.Headers["X-Ratelimit-Limit-Tokens"] = "300000";
        context.Response.Headers["X-Ratelimit-Remaining-Requests"] = remaining.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-Ratelimit-Remaining-Tokens"] = remaining == 0 ? "0" : "299000";
    }

    private static string ErrorJson(int code, string? message, string? id)
    {
        var body = new JsonObject { ["error_code"] = code, ["error_msg"] = message ?? Messages.GetValueOrDefault(code, "Emulated error") };
        if (id is not null) body["id"] = id;
        return body.ToJsonString(Json);
    }

    /// <summary>An error as Baidu sends it: HTTP 200, JSON, whatever the request asked for (stream included).</summary>
    private static async Task ErrorAsync(HttpContext context, MemoryStream copy, int code, string? message = null)
    {
        if (code is 336501 or 336502 or 18) SetRateLimitHeaders(context, remaining: 0);
        context.Response.ContentType = "application/json;charset=utf-8";
        await WriteAsync(context, copy, ErrorJson(code, message, code is 110 or 111 ? null : "as-" + Guid.NewGuid().ToString("N")[..10]));
    }
}
