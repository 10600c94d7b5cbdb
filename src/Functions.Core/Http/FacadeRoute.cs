using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Functions.Core.Http;

/// <summary>
/// One public route of the facade: its name (the Functions trigger's and telemetry's), its path template (the
/// same in both hosts), its one HTTP method, whether a caller must authenticate, and the endpoint that serves it.
/// </summary>
public sealed class FacadeRoute
{
    private readonly TemplateMatcher _matcher;

    public FacadeRoute(string name, string template, string method, bool authenticated, Func<HttpContext, Task> handle)
    {
        Name = name;
        Template = template;
        Method = method;
        Authenticated = authenticated;
        Handle = handle;
        _matcher = new TemplateMatcher(TemplateParser.Parse(template.TrimStart('/')), []);
    }

    public string Name { get; }

    /// <summary>The path template, e.g. <c>/baidu/chat/{endpoint}</c>.</summary>
    public string Template { get; }

    public string Method { get; }

    public bool Authenticated { get; }

    public Func<HttpContext, Task> Handle { get; }

    /// <summary>Whether <paramref name="path"/> is this route's; its parameters go into <paramref name="values"/>.</summary>
    public bool Matches(PathString path, RouteValueDictionary values) => _matcher.TryMatch(path, values);
}
