using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Functions.Core.Audit.Tables;

/// <summary>
/// Builds and sends the Table service's requests on the pipeline and turns unexpected answers, and transport
/// failures, into <see cref="TableServiceException"/>.
/// </summary>
internal sealed class TableRestConnection(Uri endpoint, HttpPipeline pipeline)
{
    public const string JsonContentType = "application/json";
    public const string AcceptMinimalMetadata = "application/json;odata=minimalmetadata";

    public Uri Endpoint { get; } = endpoint;

    /// <summary>The absolute URI of a resource below the endpoint, e.g. <c>Tables</c> or <c>AuditLog()</c>.</summary>
    public string ResourceUri(string relativePath) => Endpoint.AbsoluteUri.TrimEnd('/') + "/" + relativePath;

    /// <summary>The path of one entity: <c>Table(PartitionKey='…',RowKey='…')</c>.</summary>
    public static string EntityPath(string table, string partitionKey, string rowKey) =>
        $"{table}(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";

    /// <summary>A key inside <c>'…'</c> of a URI path: quotes doubled, then percent-encoded.</summary>
    public static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    public HttpMessage CreateMessage(RequestMethod method, string relativePath, string? query = null)
    {
        var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(new Uri(ResourceUri(relativePath) + (string.IsNullOrEmpty(query) ? "" : "?" + query)));
        request.Headers.SetValue("Accept", AcceptMinimalMetadata);
        return message;
    }

    public static void SetJsonContent(HttpMessage message, ReadOnlyMemory<byte> json)
    {
        message.Request.Headers.SetValue("Content-Type", JsonContentType);
        message.Request.Content = RequestContent.Create(json);
    }

    /// <summary>Sends the message; any status outside <paramref name="expected"/> throws.</summary>
    public async Task<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken, params int[] expected)
    {
        try
        {
            await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is RequestFailedException or OperationCanceledException or IOException))
        {
            // Azure.Core's retry policy gives up with an AggregateException of the tries' failures.
            var last = e.InnerExceptions[^1];
            throw new TableServiceException((last as RequestFailedException)?.Status ?? 0, (last as RequestFailedException)?.ErrorCode, $"The Table service could not be reached after {e.InnerExceptions.Count} tries: {last.Message}", e);
        }
        catch (RequestFailedException e) when (e is not TableServiceException)
        {
            throw new TableServiceException(e.Status, e.ErrorCode, $"The Table service could not be reached: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TableServiceException(0, "Timeout", $"The Table service did not answer in time: {e.Message}", e);
        }

        var response = message.Response;
        return expected.Contains(response.Status) ? response : throw CreateException(response);
    }

    /// <summary>The exception for an error answer: <c>{"odata.error":{"code":…,"message":{"value":…}}}</c>.</summary>
    public static TableServiceException CreateException(Response response)
    {
        var (code, text) = ReadError(response.Content);
        if (code is null && response.Headers.TryGetValue("x-ms-error-code", out var headerCode))
        {
            code = headerCode;
        }

        var message = $"Table service returned {response.Status} ({response.ReasonPhrase}){(code is null ? "" : $" {code}")}: {text ?? "no error details"}";
        return new TableServiceException(response.Status, code, message);
    }

    /// <summary>Reads the code and message of an OData error body; <c>null</c>s when the body is not one.</summary>
    public static (string? Code, string? Message) ReadError(BinaryData? body)
    {
        if (body is null || body.ToMemory().IsEmpty)
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToMemory());
            if (document.RootElement.TryGetProperty("odata.error", out var error))
            {
                var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                var text = error.TryGetProperty("message", out var m)
                    ? m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString() : m.ToString()
                    : null;
                return (code, text);
            }
        }
        catch (JsonException)
        {
            // An XML or plain-text body: keep its start as the message.
        }

        var raw = Encoding.UTF8.GetString(body.ToMemory().Span);
        return (null, raw.Length > 500 ? raw[..500] : raw);
    }
}
