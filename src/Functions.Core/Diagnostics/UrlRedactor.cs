namespace Functions.Core.Diagnostics;

/// <summary>
/// Makes a URL safe to log: the query string (Baidu's <c>access_token</c>, the token endpoint's
/// <c>client_secret</c>, function keys in <c>code</c>) and any user info are replaced.
/// </summary>
public static class UrlRedactor
{
    public static string Redact(Uri? uri)
    {
        if (uri is null) return "";
        if (!uri.IsAbsoluteUri) return Redact(uri.OriginalString);
        var builder = new UriBuilder(uri) { UserName = "", Password = "" };
        if (builder.Query.Length > 0) builder.Query = "redacted";
        return builder.Uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.PathAndQuery, UriFormat.UriEscaped);
    }

    public static string Redact(string url)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? url : url[..query] + "?redacted";
    }
}
