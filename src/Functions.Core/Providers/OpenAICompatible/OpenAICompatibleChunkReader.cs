using System.Text.Json;
using Functions.Core.Chat;
using Functions.Core.Errors;

namespace Functions.Core.Providers.OpenAICompatible;

/// <summary>
/// Translates one OpenAI-compatible stream chunk into a <see cref="ChatUpdate"/>; unknown fields are
/// ignored, an in-stream <c>{"error":…}</c> becomes a <see cref="FacadeException"/>.
/// </summary>
public static class OpenAICompatibleChunkReader
{
    public static ChatUpdate FromOpenAICompatibleChunk(ReadOnlyMemory<byte> data, string provider)
    {
        using (var document = UpstreamJson.ParseObject(data, provider, "a stream event"))
        {
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var error) && error.ValueKind is not JsonValueKind.Null)
                throw OpenAICompatibleErrorMapper.FromStreamError(provider, error);

            string? content = null, finish = null;
            List<ToolCallUpdate>? tools = null;
            if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
            {
                var choice = choices[0];
                if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
                {
                    if (delta.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String) content = c.GetString();
                    if (delta.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0)
                        tools = OpenAICompatibleToolCalls.Read(calls);
                }
                if (choice.TryGetProperty("finish_reason", out var f) && f.ValueKind == JsonValueKind.String) finish = f.GetString();
            }
            return new ChatUpdate
            {
                Content = string.IsNullOrEmpty(content) ? null : content,
                ToolCalls = tools,
                FinishReason = finish is null ? null : FinishReasons.FromOpenAI(finish),
                RawFinishReason = finish,
                Usage = OpenAICompatibleUsage.Read(root),
                UpstreamId = root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
            };
        }
    }
}
