using System.Text.Encodings.Web;

namespace Functions.Core.Http;

/// <summary>Writes JSON bodies straight into the response pipe.</summary>
public static class JsonResponse
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync<TState>(HttpResponse response, int status, TState state, Action<Utf8JsonWriter, TState> write)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(response.BodyWriter, Options))
        {
            write(writer, state);
        }
        await response.BodyWriter.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>The OpenAI error envelope with its status and headers (<c>retry-after</c>, <c>x-ratelimit-*</c>).</summary>
    public static Task WriteErrorAsync(HttpResponse response, FacadeException error)
    {
        if (error.RetryAfter is { } retry)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (error.Headers is { } headers)
        {
            foreach (var (name, value) in headers) response.Headers[name] = value;
        }
        return WriteAsync(response, error.Status, error, ErrorEnvelopeWriter.Write);
    }
}
