namespace Functions.Core.Providers.OpenAICompatible;

/// <summary>Reads an OpenAI-shaped <c>usage</c> object, tolerating missing or null counts.</summary>
internal static class OpenAICompatibleUsage
{
    public static ChatUsage? Read(JsonElement root)
    {
        if (!root.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object) return null;
        var prompt = Int(usage, "prompt_tokens");
        var completion = Int(usage, "completion_tokens");
        var total = usage.TryGetProperty("total_tokens", out var t) && t.TryGetInt32(out var v) ? v : prompt + completion;
        return new ChatUsage(prompt, completion, total);
    }

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : 0;
}
