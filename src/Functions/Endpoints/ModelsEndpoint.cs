using Functions.Core.OpenAI;
using Functions.Core.Routing;
using Functions.Http;

namespace Functions.Endpoints;

/// <summary><c>GET /v1/models</c>: the configured models, in the OpenAI list format.</summary>
public static class ModelsEndpoint
{
    public const string Route = "/v1/models";

    public static Task HandleAsync(HttpContext context, ModelCatalog catalog, TimeProvider time)
    {
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        var caller = context.GetCaller();
        var models = catalog.Models.Where(m => caller.AllowedModels is null || caller.AllowedModels.Contains(m.Name));
        return JsonResponse.WriteAsync(context.Response, StatusCodes.Status200OK, (models, created),
            static (w, s) => ModelListWriter.Write(w, s.models, s.created));
    }
}
