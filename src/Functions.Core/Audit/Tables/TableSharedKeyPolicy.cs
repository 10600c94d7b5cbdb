using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Functions.Core.Audit.Tables;

/// <summary>
/// Signs each try of a request with the account key, as the Table service's Shared Key and Shared Key Lite
/// formats describe (Authorize with Shared Key): the date is <c>x-ms-date</c>, set just before by
/// <see cref="TableHeadersPolicy"/>, and the canonicalized resource is <c>/account/path</c> plus <c>?comp=…</c>
/// when the URI has a <c>comp</c> parameter.
/// </summary>
internal sealed class TableSharedKeyPolicy(TableSharedKeyCredential credential, TableSharedKeyScheme scheme) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        request.Headers.TryGetValue("x-ms-date", out var date);
        request.Headers.TryGetValue("Content-MD5", out var contentMd5);
        request.Headers.TryGetValue("Content-Type", out var contentType);
        var stringToSign = BuildStringToSign(scheme, request.Method.Method, contentMd5, contentType, date ?? "", credential.AccountName, request.Uri.ToUri());
        var schemeName = scheme == TableSharedKeyScheme.SharedKey ? "SharedKey" : "SharedKeyLite";
        request.Headers.SetValue("Authorization", $"{schemeName} {credential.AccountName}:{credential.ComputeSignature(stringToSign)}");
    }

    /// <summary>The string the scheme signs, exposed so a test can hold it against the documented examples.</summary>
    internal static string BuildStringToSign(TableSharedKeyScheme scheme, string verb, string? contentMd5, string? contentType, string date, string accountName, Uri uri)
    {
        var resource = BuildCanonicalizedResource(accountName, uri);
        return scheme == TableSharedKeyScheme.SharedKey
            ? $"{verb.ToUpperInvariant()}\n{contentMd5}\n{contentType}\n{date}\n{resource}"
            : $"{date}\n{resource}";
    }

    /// <summary>
    /// <c>/account</c> + the URI's path as encoded in the URI (against the emulator the account shows twice)
    /// + <c>?comp=value</c> when present; no other query parameter.
    /// </summary>
    internal static string BuildCanonicalizedResource(string accountName, Uri uri)
    {
        var resource = new StringBuilder("/").Append(accountName).Append(uri.AbsolutePath.Length > 0 ? uri.AbsolutePath : "/");
        foreach (var parameter in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = parameter.Split('=', 2);
            if (string.Equals(Uri.UnescapeDataString(parts[0]), "comp", StringComparison.OrdinalIgnoreCase))
            {
                resource.Append("?comp=").Append(parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
            }
        }

        return resource.ToString();
    }
}
