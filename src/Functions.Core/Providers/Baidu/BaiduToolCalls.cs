namespace Functions.Core.Providers.Baidu;

/// <summary>Baidu's <c>function_call</c> has no id; OpenAI clients need one to answer it (docs/protocols/baidu.md §9).</summary>
internal static class BaiduToolCalls
{
    public static string NewId() => "call_" + Guid.NewGuid().ToString("N")[..24];
}
