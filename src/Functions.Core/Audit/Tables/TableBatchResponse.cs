using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Azure;

namespace Functions.Core.Audit.Tables;

/// <summary>
/// Reads the <c>multipart/mixed</c> answer to an entity group transaction: one <c>application/http</c> part
/// per operation when all succeeded, or the failed operation's part whose error message starts with its index
/// (<c>"0:One of the request inputs…"</c>).
/// </summary>
internal static partial class TableBatchResponse
{
    /// <summary>The results of a successful transaction, or the exception for a failed one.</summary>
    public static IReadOnlyList<TableTransactionResult> Read(string body, int operationCount)
    {
        var results = new List<TableTransactionResult>();
        foreach (var part in SplitParts(body))
        {
            var match = StatusLine().Match(part);
            if (!match.Success)
            {
                continue;
            }

            var status = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var rest = part[(match.Index + match.Length)..];
            var split = rest.IndexOf("\r\n\r\n", StringComparison.Ordinal) is var i and >= 0 ? i : rest.IndexOf("\n\n", StringComparison.Ordinal);
            var headers = split >= 0 ? rest[..split] : rest;
            var content = split >= 0 ? rest[split..].Trim() : "";
            if (status >= 400)
            {
                throw CreateException(status, match.Groups[2].Value.Trim(), headers, content, operationCount);
            }

            var etag = ETagHeader().Match(headers);
            results.Add(new TableTransactionResult(status, etag.Success ? new ETag(etag.Groups[1].Value.Trim()) : default));
        }

        return results.Count == operationCount
            ? results
            : throw new TableServiceException(0, "InvalidBatchResponse", $"The batch answer held {results.Count} results for {operationCount} operations.");
    }

    private static TableServiceException CreateException(int status, string reason, string headers, string content, int operationCount)
    {
        var (code, message) = TableRestConnection.ReadError(BinaryData.FromString(content));
        int? index = null;
        if (message is not null && FailedIndex().Match(message) is { Success: true } indexMatch
            && int.TryParse(indexMatch.Groups[1].Value, CultureInfo.InvariantCulture, out var parsed) && parsed < operationCount)
        {
            index = parsed;
        }
        else if (ContentId().Match(headers) is { Success: true } idMatch && operationCount > 1)
        {
            // Without an index in the message, the failed part's Content-ID (1-based) still names the operation.
            index = int.Parse(idMatch.Groups[1].Value, CultureInfo.InvariantCulture) - 1;
        }

        var text = $"Entity group transaction failed with {status} ({reason}){(code is null ? "" : $" {code}")}" +
            $"{(index is null ? "" : $" at operation {index}")}: {message ?? "no error details"}";
        return new TableServiceException(status, code, text, failedOperationIndex: index);
    }

    /// <summary>The parts inside the change set response (or the batch response, when there is no change set).</summary>
    private static IEnumerable<string> SplitParts(string body)
    {
        var boundary = ChangesetBoundary().Match(body) is { Success: true } m ? m.Groups[1].Value : BatchBoundary().Match(body).Groups[1].Value;
        if (boundary.Length == 0)
        {
            return [body];
        }

        return body.Split("--" + boundary, StringSplitOptions.None).Skip(1).Where(p => !p.StartsWith("--", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^HTTP/1\.\d (\d{3})([^\r\n]*)", RegexOptions.Multiline)]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^ETag:\s*([^\r\n]+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex ETagHeader();

    [GeneratedRegex(@"^Content-ID:\s*(\d+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex ContentId();

    [GeneratedRegex(@"^(\d+):")]
    private static partial Regex FailedIndex();

    [GeneratedRegex(@"boundary=(changesetresponse_[^\s;""]+)", RegexOptions.IgnoreCase)]
    private static partial Regex ChangesetBoundary();

    [GeneratedRegex(@"^--(batchresponse_[^\s;""]+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex BatchBoundary();
}
