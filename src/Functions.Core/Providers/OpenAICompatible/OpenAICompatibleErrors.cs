using System.Net.Http.Headers;

namespace Functions.Core.Providers.OpenAICompatible;

/// <summary>
/// Reads an OpenAI-shaped error (<c>{"error":{message,type,code}}</c>, or a bare string) out of a provider's
/// answer: a non-2xx body (mapped by <see cref="UpstreamErrors"/>), or an <c>error</c> inside a 200 body or a
/// stream event.
/// </summary>
public static class OpenAICompatibleErrors
{
    /// <summary>A non-2xx answer; <paramref name="credentials"/> names the secret to check on a 401/403.</summary>
    public static FacadeException FromResponse(string provider, int status, HttpResponseHeaders headers, ReadOnlySpan<byte> body, string credentials)
    {
        var (message, code) = Read(body);
        return UpstreamErrors.FromStatus(provider, status, message, code, UpstreamErrors.RetryAfter(headers), credentials);
    }

    /// <summary>An <c>error</c> object inside a 200 body or a stream event.</summary>
    public static FacadeException FromStreamError(string provider, JsonElement error)
    {
        var (message, code) = ReadError(error);
        return new FacadeException(502, ErrorType.Api, ErrorCode.UpstreamError, $"{provider} failed mid-response: {message ?? "unknown error"}") { UpstreamCode = code };
    }

    private static (string? Message, string? Code) Read(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return (null, null);
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error)) return ReadError(error);
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String) return (m.GetString(), null);
        }
        catch (JsonException)
        {
        }
        return (UpstreamErrors.Text(body), null);
    }

    private static (string? Message, string? Code) ReadError(JsonElement error)
    {
        if (error.ValueKind == JsonValueKind.String) return (error.GetString(), null);
        if (error.ValueKind != JsonValueKind.Object) return (null, null);
        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var code = error.TryGetProperty("code", out var c) ? c.ValueKind switch
        {
            JsonValueKind.String => c.GetString(),
            JsonValueKind.Number => c.GetRawText(),
            _ => null,
        } : null;
        return (message, code);
    }
}
