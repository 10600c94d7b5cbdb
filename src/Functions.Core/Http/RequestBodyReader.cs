using System.Buffers;
using System.IO.Pipelines;

namespace Functions.Core.Http;

/// <summary>Reads the request body up to a limit; a larger body is a 413 before any parsing, a body whose framing cannot be read a 400.</summary>
public static class RequestBodyReader
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) throw FacadeErrors.RequestTooLarge(limit);
        var reader = request.BodyReader;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OverflowException || ex.InnerException is OverflowException)
            {
                // Kestrel's chunked decoder overflows on a chunk size such as 7FFFFFFFFFFFFFFF ("Bad chunk size data",
                // an IOException around an OverflowException) instead of calling the request bad (issue 21): the
                // caller's mistake, a 400, not a crash logged with its stack.
                throw FacadeErrors.MalformedHttpRequest();
            }
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
