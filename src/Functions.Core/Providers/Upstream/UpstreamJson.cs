namespace Functions.Core.Providers.Upstream;

/// <summary>Parses a provider's JSON answer or event; anything but a JSON object is the provider's protocol error.</summary>
public static class UpstreamJson
{
    /// <summary>The parsed object (dispose it); <paramref name="what"/> names the part, e.g. "a stream event".</summary>
    public static JsonDocument ParseObject(ReadOnlyMemory<byte> data, string provider, string what)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(data);
        }
        catch (JsonException)
        {
            throw FacadeErrors.UpstreamProtocol(provider, $"{what} was not valid JSON");
        }
        if (document.RootElement.ValueKind == JsonValueKind.Object) return document;
        document.Dispose();
        throw FacadeErrors.UpstreamProtocol(provider, $"{what} was not a JSON object");
    }

    /// <summary>
    /// The parsed object of an answer or event that may carry the provider's error in an <c>error</c> member
    /// (OpenAI's shape and MindIE's): when it does, the error <paramref name="errorOf"/> makes of the object is thrown.
    /// </summary>
    public static JsonDocument ParseAnswer(ReadOnlyMemory<byte> data, string provider, string what, Func<JsonElement, FacadeException> errorOf)
    {
        var document = ParseObject(data, provider, what);
        var root = document.RootElement;
        if (!root.TryGetProperty("error", out var error) || error.ValueKind is JsonValueKind.Null) return document;
        using (document)
        {
            throw errorOf(root);
        }
    }
}
