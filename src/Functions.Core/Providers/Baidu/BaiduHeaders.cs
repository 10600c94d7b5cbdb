using System.Net.Http.Headers;

namespace Functions.Core.Providers.Baidu;

/// <summary>Baidu's <c>X-Ratelimit-*</c> response headers (docs/protocols/baidu.md §10), passed on as OpenAI's lower-case <c>x-ratelimit-*</c>.</summary>
public static class BaiduHeaders
{
    private const string Prefix = "x-ratelimit-";

    public static IReadOnlyList<KeyValuePair<string, string>> RateLimits(HttpResponseHeaders headers)
    {
        List<KeyValuePair<string, string>>? list = null;
        foreach (var (name, values) in headers)
        {
            if (!name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) continue;
            (list ??= []).Add(new(name.ToLowerInvariant(), string.Join(", ", values)));
        }
        return list ?? (IReadOnlyList<KeyValuePair<string, string>>)[];
    }
}
