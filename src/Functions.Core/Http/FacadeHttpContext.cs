namespace Functions.Core.Http;

/// <summary>What the facade keeps on a request: its id and the authenticated caller, and the call built from them.</summary>
public static class FacadeHttpContext
{
    private const string RequestIdKey = "facade.request-id";
    private const string CallerKey = "facade.caller";
    private const string RouteKey = "facade.route";
    private const string ProviderCalledKey = "facade.provider-called";
    private const string InvocationIdKey = "facade.invocation-id";

    public static string GetRequestId(this HttpContext context) => (string)context.Items[RequestIdKey]!;

    public static void SetRequestId(this HttpContext context, string requestId) => context.Items[RequestIdKey] = requestId;

    public static Caller GetCaller(this HttpContext context) =>
        context.Items[CallerKey] as Caller ?? throw new InvalidOperationException("The endpoint has no caller authentication.");

    public static void SetCaller(this HttpContext context, Caller caller) => context.Items[CallerKey] = caller;

    /// <summary>The caller, when one has been authenticated yet.</summary>
    public static Caller? FindCaller(this HttpContext context) => context.Items[CallerKey] as Caller;

    /// <summary>The public route the request matched, when it matched one.</summary>
    public static FacadeRoute? GetRoute(this HttpContext context) => context.Items[RouteKey] as FacadeRoute;

    public static void SetRoute(this HttpContext context, FacadeRoute route) => context.Items[RouteKey] = route;

    /// <summary>
    /// Whether the request became a provider call: from then on the provider decorators (audit, metrics) account for
    /// it, however it ends; before, the request entry does.
    /// </summary>
    public static bool ProviderCalled(this HttpContext context) => context.Items.ContainsKey(ProviderCalledKey);

    public static void MarkProviderCalled(this HttpContext context) => context.Items[ProviderCalledKey] = true;

    /// <summary>
    /// The Functions host's invocation id for the request, when the Functions worker ran it; null on the Kestrel host.
    /// It comes from the worker's function context, never from a request header: on a directly reachable host any
    /// client could send <c>x-ms-invocation-id</c> (issue 21).
    /// </summary>
    public static string? InvocationId(this HttpContext context) => context.Items[InvocationIdKey] as string;

    public static void SetInvocationId(this HttpContext context, string invocationId) => context.Items[InvocationIdKey] = RecordedHeader.Bound(invocationId);

    /// <summary>The call as every later link sees it: ids, caller, route, the request parsed and as received.</summary>
    public static ChatCall NewChatCall(this HttpContext context, ModelRoute route, ChatCompletionRequest request, byte[] body, TimeProvider time, bool passThrough = false) => new()
    {
        RequestId = context.GetRequestId(),
        Caller = context.GetCaller(),
        Route = route,
        Request = request,
        RawBody = body,
        Created = time.GetUtcNow().ToUnixTimeSeconds(),
        RouteName = context.GetRoute()?.Name ?? "chat-completions",
        UserAgent = RecordedHeader.Bound(context.Request.Headers.UserAgent.ToString()),
        InvocationId = context.InvocationId(),
        PassThrough = passThrough,
    };
}
