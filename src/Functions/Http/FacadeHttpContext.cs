using Functions.Core.Callers;

namespace Functions.Http;

/// <summary>What the facade keeps on a request: its id and the authenticated caller.</summary>
public static class FacadeHttpContext
{
    private const string RequestIdKey = "facade.request-id";
    private const string CallerKey = "facade.caller";

    public static string GetRequestId(this HttpContext context) => (string)context.Items[RequestIdKey]!;

    public static void SetRequestId(this HttpContext context, string requestId) => context.Items[RequestIdKey] = requestId;

    public static Caller GetCaller(this HttpContext context) =>
        context.Items[CallerKey] as Caller ?? throw new InvalidOperationException("The endpoint has no caller authentication.");

    public static void SetCaller(this HttpContext context, Caller caller) => context.Items[CallerKey] = caller;
}
