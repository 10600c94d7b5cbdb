using System.Buffers;

namespace Functions.Core.Http;

/// <summary>Reads the request body up to a limit; a larger body is a 413 before any parsing.</summary>
public static class RequestBodyReader
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) throw FacadeErrors.RequestTooLarge(limit);
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.Buffer.Length > limit)
            {
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                throw FacadeErrors.RequestTooLarge(limit);
            }
            if (result.IsCompleted)
            {
                var body = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return body;
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
