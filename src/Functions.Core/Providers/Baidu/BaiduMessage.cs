namespace Functions.Core.Providers.Baidu;

/// <summary>
/// One Baidu v1 JSON object, read once: a whole answer, one stream event or an error
/// (<c>error_code</c>/<c>error_msg</c>, or the rate-limit page's <c>code</c>/<c>msg</c> variant; docs/protocols/baidu.md §5, §6, §7.1).
/// Unknown fields are ignored.
/// </summary>
public sealed class BaiduMessage
{
    public long? ErrorCode { get; private init; }
    public string? ErrorMessage { get; private init; }
    public string? Id { get; private init; }
    public string? Result { get; private init; }
    public bool IsEnd { get; private init; }
    public bool? IsTruncated { get; private init; }
    public bool? NeedClearHistory { get; private init; }
    public int? Flag { get; private init; }
    public int? BanRound { get; private init; }
    public string? FinishReason { get; private init; }
    public ChatUsage? Usage { get; private init; }
    public string? FunctionName { get; private init; }
    public string? FunctionArguments { get; private init; }

    public bool IsError => ErrorCode is not null;

    /// <summary>Parses <paramref name="json"/>; anything but a JSON object is a 502 naming <paramref name="what"/>.</summary>
    public static BaiduMessage Parse(ReadOnlyMemory<byte> json, string what)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw FacadeErrors.UpstreamProtocol(BaiduProvider.Display, $"{what} was not valid JSON");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw FacadeErrors.UpstreamProtocol(BaiduProvider.Display, $"{what} was not a JSON object");
            var (errorCode, errorMessage) = ReadError(root);
            string? functionName = null, functionArguments = null;
            if (root.TryGetProperty("function_call", out var call) && call.ValueKind == JsonValueKind.Object)
            {
                functionName = String(call, "name");
                functionArguments = call.TryGetProperty("arguments", out var args) ? args.ValueKind switch
                {
                    JsonValueKind.String => args.GetString(),
                    JsonValueKind.Null => null,
                    _ => args.GetRawText(),
                } : null;
            }
            return new BaiduMessage
            {
                ErrorCode = errorCode,
                ErrorMessage = errorMessage,
                Id = String(root, "id"),
                Result = String(root, "result"),
                IsEnd = Bool(root, "is_end") == true,
                IsTruncated = Bool(root, "is_truncated"),
                NeedClearHistory = Bool(root, "need_clear_history"),
                Flag = Int(root, "flag"),
                BanRound = Int(root, "ban_round"),
                FinishReason = String(root, "finish_reason"),
                Usage = ReadUsage(root),
                FunctionName = string.IsNullOrEmpty(functionName) ? null : functionName,
                FunctionArguments = functionArguments,
            };
        }
    }

    private static (long? Code, string? Message) ReadError(JsonElement root)
    {
        if (root.TryGetProperty("error_code", out var code) && code.ValueKind != JsonValueKind.Null)
            return (Code(code), String(root, "error_msg"));
        // The rate-limit doc page shows {"code": 336501 | "rpm_rate_limit_exceeded", "msg": "..."} (docs/protocols/baidu.md §7.1).
        if (root.TryGetProperty("code", out code) && root.TryGetProperty("msg", out _) && code.ValueKind != JsonValueKind.Null)
            return (Code(code), String(root, "msg"));
        return (null, null);
    }

    private static long Code(JsonElement code)
    {
        if (code.ValueKind == JsonValueKind.Number && code.TryGetInt64(out var number)) return number;
        if (code.ValueKind == JsonValueKind.String)
        {
            var text = code.GetString();
            if (long.TryParse(text, out number)) return number;
            return text switch
            {
                "rpm_rate_limit_exceeded" => 336501,
                "tpm_rate_limit_exceeded" => 336502,
                _ => -1,
            };
        }
        return -1;
    }

    private static ChatUsage? ReadUsage(JsonElement root)
    {
        if (!root.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object) return null;
        var prompt = Int(usage, "prompt_tokens") ?? 0;
        var completion = Int(usage, "completion_tokens") ?? 0;
        return new ChatUsage(prompt, completion, Int(usage, "total_tokens") ?? prompt + completion);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    private static bool? Bool(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        } : null;
}
