using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace FunctionsTestHost;

/// <summary>
/// The HTTP routes of the loaded functions, matched the way the host's route tree does: most specific template
/// first (inbound precedence: literals before parameters before catch-alls), case-insensitive, and a template
/// whose method constraint fails simply does not match (so a wrong method is a 404 unless a catch-all takes it,
/// never a 405). Inline route constraints (<c>{id:int}</c>) are not checked.
/// </summary>
internal sealed class FunctionRouteTable
{
    private readonly (HttpFunction Function, TemplateMatcher Matcher)[] _routes;

    public FunctionRouteTable(IEnumerable<HttpFunction> functions)
    {
        _routes = functions
            .Select(function => (Function: function, Template: TemplateParser.Parse(function.Route)))
            .OrderBy(route => RoutePrecedence.ComputeInbound(route.Template))
            .ThenBy(route => route.Function.Route, StringComparer.OrdinalIgnoreCase)
            .Select(route => (route.Function, new TemplateMatcher(route.Template, Defaults(route.Template))))
            .ToArray();
    }

    /// <summary>The function for <paramref name="method"/> and <paramref name="path"/>, with the route values.</summary>
    public bool TryMatch(string method, PathString path, out HttpFunction function, out RouteValueDictionary values)
    {
        foreach (var (candidate, matcher) in _routes)
        {
            var matched = new RouteValueDictionary();
            if (candidate.Accepts(method) && matcher.TryMatch(path, matched))
            {
                function = candidate;
                values = matched;
                return true;
            }
        }

        function = null!;
        values = null!;
        return false;
    }

    private static RouteValueDictionary Defaults(RouteTemplate template)
    {
        var defaults = new RouteValueDictionary();
        foreach (var parameter in template.Parameters)
        {
            if (parameter.DefaultValue is not null)
            {
                defaults[parameter.Name!] = parameter.DefaultValue;
            }
        }

        return defaults;
    }
}
