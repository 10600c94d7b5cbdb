using Functions.Core.Http;
using Microsoft.Azure.Functions.Worker;

namespace Functions.Triggers;

/// <summary>
/// The HTTP triggers of the isolated worker: one per public route of <see cref="FacadeRoutes"/> (a test checks that
/// functions.metadata lists exactly those), each a one-line call into the same <see cref="RequestEntry"/> the
/// Kestrel host uses, plus a catch-all so an unknown path or a wrong method still gets the facade's 404/405 envelope.
/// Every function is <see cref="AuthorizationLevel.Anonymous"/>: the facade authenticates each caller itself (per-caller
/// keys, Entra ID), which is what identifies the caller in the audit; a function key is one shared secret that
/// identifies nobody. The invocation id the audit records comes from the <see cref="FunctionContext"/>, never from a
/// header a client could send.
/// </summary>
public sealed class FacadeFunctions(RequestEntry entry)
{
    [Function("chat-completions")]
    public Task ChatCompletions([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/chat/completions")] HttpRequest request, FunctionContext function) => entry.HandleAsync(request.HttpContext, function.InvocationId);

    [Function("models")]
    public Task Models([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/models")] HttpRequest request, FunctionContext function) => entry.HandleAsync(request.HttpContext, function.InvocationId);

    [Function("model")]
    public Task Model([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/models/{model}")] HttpRequest request, FunctionContext function) => entry.HandleAsync(request.HttpContext, function.InvocationId);

    [Function("baidu-chat")]
    public Task BaiduChat([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "baidu/chat/{endpoint}")] HttpRequest request, FunctionContext function) => entry.HandleAsync(request.HttpContext, function.InvocationId);

    [Function("mindie-chat")]
    public Task MindIEChat([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "mindie/v1/chat/completions")] HttpRequest request, FunctionContext function) => entry.HandleAsync(request.HttpContext, function.InvocationId);

    [Function("health")]
    public Task Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, FunctionContext function) => entry.HandleAsync(request.HttpContext, function.InvocationId);

    [Function("health-ready")]
    public Task HealthReady([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health/ready")] HttpRequest request, FunctionContext function) => entry.HandleAsync(request.HttpContext, function.InvocationId);

    [Function("metrics")]
    public Task Metrics([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "metrics")] HttpRequest request, FunctionContext function) => entry.HandleAsync(request.HttpContext, function.InvocationId);

    /// <summary>Every other path and method (and <c>GET /</c>): the entry answers them from the same route table.</summary>
    [Function("other")]
    public Task Other([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", "head", "options", Route = "{*path}")] HttpRequest request, FunctionContext function) =>
        entry.HandleAsync(request.HttpContext, function.InvocationId);
}
