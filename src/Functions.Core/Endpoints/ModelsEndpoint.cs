using Functions.Core.Http;

namespace Functions.Core.Endpoints;

/// <summary>
/// <c>GET /v1/models</c>: the configured models the caller may use, in the OpenAI list format; <c>GET /v1/models/{model}</c>
/// (the SDKs' <c>models.retrieve</c>): one of them, or 404 <c>model_not_found</c> (also for a model the caller may not use).
/// <c>created</c> is when the configuration was loaded, the same on every call (clients may cache by it).
/// </summary>
public sealed class ModelsEndpoint(ModelCatalog catalog)
{
    public Task ListAsync(HttpContext context)
    {
        var created = catalog.Loaded.ToUnixTimeSeconds();
        var allowed = context.GetCaller().AllowedModels;
        var models = catalog.Models.Where(m => allowed is null || allowed.Contains(m.Name));
        return JsonResponse.WriteAsync(context.Response, StatusCodes.Status200OK, (models, created),
            static (w, s) => ModelListWriter.Write(w, s.models, s.created));
    }

    public Task GetAsync(HttpContext context)
    {
        var name = context.Request.RouteValues["model"] as string ?? "";
        var allowed = context.GetCaller().AllowedModels;
        var model = catalog.Models.FirstOrDefault(m => m.Name == name && (allowed is null || allowed.Contains(m.Name)))
            ?? throw FacadeErrors.ModelNotFound(name);
        return JsonResponse.WriteAsync(context.Response, StatusCodes.Status200OK, (model, created: catalog.Loaded.ToUnixTimeSeconds()),
            static (w, s) => ModelListWriter.WriteModel(w, s.model, s.created));
    }
}
