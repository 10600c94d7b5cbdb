using System.Text.Json;
using Functions.Core.Chat;
using Functions.Core.Errors;

namespace Functions.Core.Providers.OpenAICompatible;

/// <summary>Translates an OpenAI-compatible <c>chat.completion</c> body into a <see cref="ChatCompletion"/>.</summary>
public static class OpenAICompatibleResponseReader
{
    public static ChatCompletion FromOpenAICompatibleResponse(ReadOnlyMemory<byte> body, string provider)
    {
        using (var document = UpstreamJson.ParseObject(body, provider, "the response"))
        {
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var error) && error.ValueKind is not JsonValueKind.Null)
                throw OpenAICompatibleErrorMapper.FromStreamError(provider, error);
            if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
                throw FacadeErrors.UpstreamProtocol(provider, "the response has no choices");
            var choice = choices[0];
            string? content = null;
            List<ToolCallUpdate>? tools = null;
            if (choice.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
            {
                if (message.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String) content = c.GetString();
                if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0)
                    tools = OpenAICompatibleToolCalls.Read(calls);
            }
            var raw = choice.TryGetProperty("finish_reason", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            return new ChatCompletion
            {
                Content = content,
                ToolCalls = tools,
                FinishReason = tools is not null && raw is null ? FinishReasons.ToolCalls : FinishReasons.FromOpenAI(raw),
                RawFinishReason = raw,
                Usage = OpenAICompatibleUsage.Read(root),
                UpstreamId = root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
            };
        }
    }
}
