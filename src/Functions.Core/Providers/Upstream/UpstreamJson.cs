using System.Text.Json;
using Functions.Core.Errors;

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
}
