using System.Text.Json.Nodes;

namespace Emulators.MindIE;

/// <summary>
/// What the emulated model answers to one request, and MindIE's JSON for it. Tokens are counted as the
/// answer's pieces: each scenario chunk, or each word of the default answer, is one token. Output stops at
/// min(<c>max_tokens</c>, <c>maxIterTimes</c>), and <c>max_tokens</c> defaults to <c>maxIterTimes</c>
/// (512), MindIE's silent cap (docs/protocols/mindie.md §9); a cut answer finishes with <c>length</c>.
/// </summary>
public sealed class MindIEAnswer
{
    public required string Id { get; init; }
    public required long Created { get; init; }
    public required string Model { get; init; }
    public required IReadOnlyList<string> Tokens { get; init; }
    public required string FinishReason { get; init; }
    public required int PromptTokens { get; init; }
    public string? ToolName { get; init; }
    public string ToolArguments { get; init; } = "";

    /// <summary>Where to put <c>prefill_time</c>/<c>decode_time_arr</c>: <c>top</c> (server code), <c>usage</c> (the user's MindIE document), or null (off).</summary>
    public string? Benchmark { get; init; }

    /// <summary>The <c>full_text</c> to send on the final stream event, or null (<c>fullTextEnabled</c> off).</summary>
    public string? FullText { get; init; }

    public string Text => string.Concat(Tokens);

    public int CompletionTokens => ToolName is null ? Tokens.Count : 5;

    public static (IReadOnlyList<string> Tokens, bool Cut) Cap(IReadOnlyList<string> tokens, int? maxTokens, int maxIterTimes)
    {
        var cap = Math.Min(maxTokens ?? maxIterTimes, maxIterTimes);
        return tokens.Count > cap ? (tokens.Take(cap).ToList(), true) : (tokens, false);
    }

    public JsonObject Usage()
    {
        var usage = new JsonObject { ["prompt_tokens"] = PromptTokens, ["completion_tokens"] = CompletionTokens, ["total_tokens"] = PromptTokens + CompletionTokens };
        if (Benchmark == "usage") AddTimings(usage);
        else if (Benchmark is not null) { usage["batch_size"] = 1; usage["queue_wait_time"] = 120; }
        return usage;
    }

    /// <summary>The non-stream <c>chat.completion</c> (docs/protocols/mindie.md §5): <c>tool_calls</c> is always present.</summary>
    public JsonObject Completion()
    {
        var toolCalls = new JsonArray();
        if (ToolName is { } name) toolCalls.Add(ToolCall(name, ToolArguments, index: null));
        var body = Header("chat.completion");
        body["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = ToolName is null ? Text : "", ["tool_calls"] = toolCalls },
            ["logprobs"] = null,
            ["finish_reason"] = FinishReason,
        });
        body["usage"] = Usage();
        if (Benchmark == "top") AddTimings(body);
        return body;
    }

    /// <summary>A <c>chat.completion.chunk</c>; MindIE repeats the role in every delta.</summary>
    public JsonObject Chunk(JsonObject delta, bool last)
    {
        var chunk = Header("chat.completion.chunk");
        var withRole = new JsonObject { ["role"] = "assistant" };
        foreach (var (key, value) in delta) withRole[key] = value?.DeepClone();
        if (last)
        {
            if (FullText is not null) chunk["full_text"] = FullText;
            chunk["usage"] = Usage();
            if (Benchmark == "top") AddTimings(chunk);
        }
        chunk["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = withRole, ["logprobs"] = null, ["finish_reason"] = last ? FinishReason : null });
        return chunk;
    }

    public static JsonObject ToolCall(string name, string arguments, int? index)
    {
        var call = new JsonObject { ["function"] = new JsonObject { ["arguments"] = arguments, ["name"] = name }, ["id"] = "call_" + Guid.NewGuid().ToString("N")[..8], ["type"] = "function" };
        if (index is { } i) call["index"] = i;
        return call;
    }

    private JsonObject Header(string type) => new() { ["id"] = Id, ["object"] = type, ["created"] = Created, ["model"] = Model };

    private void AddTimings(JsonObject target)
    {
        target["prefill_time"] = 35;
        target["decode_time_arr"] = new JsonArray(Enumerable.Range(0, Math.Max(0, CompletionTokens - 1)).Select(i => (JsonNode)(20 + (i % 3))).ToArray());
    }
}
