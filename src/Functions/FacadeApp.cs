namespace Functions;

/// <summary>Builds the facade's web application; Program and the tests both start it from here.</summary>
public static class FacadeApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapGet("/", () => Results.Ok());
        return app;
    }
}
