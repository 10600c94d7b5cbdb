using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Reliability.Runner;

/// <summary>Makes <see cref="ChatSpec"/> calls against one facade with a plain HttpClient and classifies what came back.</summary>
public sealed partial class ChatClient(Uri facade, string callerKey, ResponseArchive archive) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5) }) { Timeout = Timeout.InfiniteTimeSpan };

    public async Task<ChatResult> CallAsync(ChatSpec spec, CancellationToken cancellationToken = default)
    {
        var result = new ChatResult { Spec = spec };
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(facade, Path(spec)));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", spec.Key ?? callerKey);
        request.Content = new StringContent(Body(spec).ToJsonString(), Encoding.UTF8, "application/json");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(spec.Deadline);
        using var drop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        if (spec.DropAfter is { } after) drop.CancelAfter(after);
        var body = new MemoryStream();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, drop.Token);
            result.Status = (int)response.StatusCode;
            result.RequestId = response.Headers.TryGetValues("x-request-id", out var ids) ? ids.First() : null;
            result.RetryAfter = response.Headers.RetryAfter?.Delta;
            archive.Add(response.ToString());
            await using var stream = await response.Content.ReadAsStreamAsync(drop.Token);
            await stream.CopyToAsync(body, drop.Token);
        }
        catch (OperationCanceledException) when (spec.DropAfter is not null && !deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            result.Dropped = true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result.TransportError = "client deadline";
        }
        catch (HttpRequestException e)
        {
            result.TransportError = e.HttpRequestError.ToString();
        }
        catch (IOException e)
        {
            result.TransportError = e.InnerException?.GetType().Name ?? "IOException";
        }
        result.Body = Encoding.UTF8.GetString(body.ToArray());
        archive.Add(result.Body);
        result.Elapsed = clock.Elapsed;
        Classify(result);
        return result;
    }

    public void Dispose() => _http.Dispose();

    private static string Path(ChatSpec spec) => spec.Route switch
    {
        ChatRoute.NativeBaidu => "baidu/chat/" + Stack.BaiduEndpoint,
        ChatRoute.NativeMindIE => "mindie/v1/chat/completions",
        _ => "v1/chat/completions",
    };

    public static JsonObject Body(ChatSpec spec)
    {
        var messages = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = spec.Text });
        return spec.Route switch
        {
            ChatRoute.NativeBaidu => new JsonObject { ["messages"] = messages, ["stream"] = spec.Stream },
            ChatRoute.NativeMindIE => new JsonObject { ["model"] = Stack.MindIETarget, ["messages"] = messages, ["stream"] = spec.Stream },
            _ => new JsonObject
            {
                ["model"] = spec.Route switch { ChatRoute.UnifiedLanrui => Stack.LanruiModel, ChatRoute.UnifiedBaidu => Stack.BaiduModel, _ => Stack.MindIEModel },
                ["messages"] = messages,
                ["stream"] = spec.Stream,
            },
        };
    }

    /// <summary>Whether the answer reached its proper end, and whether it carries the route's error form.</summary>
    private static void Classify(ChatResult result)
    {
        var body = result.Body;
        if (result.Status >= 400 || (!result.Spec.Stream && body.Contains("\"error", StringComparison.Ordinal)))
        {
            result.SawErrorForm = true;
            result.ErrorCode = ErrorCodeOf(body);
            return;
        }
        if (!result.Spec.Stream)
        {
            result.SawEnd = result.Status is >= 200 and < 300 && body.Length > 0 && IsJson(body);
            return;
        }
        switch (result.Spec.Route)
        {
            case ChatRoute.NativeBaidu:
                result.SawEnd = body.Contains("\"is_end\":true", StringComparison.Ordinal);
                result.SawErrorForm = body.Contains("\"error_code\"", StringComparison.Ordinal);
                break;
            case ChatRoute.NativeMindIE:
                result.SawEnd = body.Contains("data: [DONE]", StringComparison.Ordinal);
                result.SawErrorForm = body.Split('\n').Any(line => line.Length > 0 && !line.StartsWith("data:", StringComparison.Ordinal) && !line.StartsWith(':')) || body.Contains("data: {\"error\"", StringComparison.Ordinal);
                break;
            default:
                result.SawEnd = body.Contains("data: [DONE]", StringComparison.Ordinal);
                result.SawErrorForm = body.Contains("data: {\"error\"", StringComparison.Ordinal);
                break;
        }
        if (result.SawErrorForm) result.ErrorCode = ErrorCodeOf(body);
    }

    private static bool IsJson(string text)
    {
        try { using var _ = JsonDocument.Parse(text); return true; }
        catch (JsonException) { return false; }
    }

    public static string? ErrorCodeOf(string body)
    {
        var match = CodePattern().Match(body);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("\"(?:code|error_code)\"\\s*:\\s*\"?([A-Za-z0-9_.-]+)")]
    private static partial Regex CodePattern();
}
