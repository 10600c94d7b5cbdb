namespace Functions.Core.Providers.OpenAICompatible;

/// <summary>Reads optional fields of an OpenAI-shaped object, tolerating a wrong type as absence.</summary>
internal static class OpenAICompatibleFields
{
    public static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
