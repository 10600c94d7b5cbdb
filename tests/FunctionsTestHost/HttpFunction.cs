using System.Text.Json;
using FunctionsTestHost.Rpc;

namespace FunctionsTestHost;

/// <summary>
/// An HTTP-triggered function as the worker declared it (<c>FunctionMetadataResponse</c>, the same content as the
/// Worker Sdk's <c>functions.metadata</c>): its id, route, methods and auth level.
/// </summary>
public sealed class HttpFunction
{
    private HttpFunction(string name, string functionId, string triggerName, string route, IReadOnlyList<string> methods,
        string authLevel)
    {
        Name = name;
        FunctionId = functionId;
        TriggerName = triggerName;
        Route = route;
        Methods = methods;
        AuthLevel = authLevel;
    }

    /// <summary>The function's name (<c>[Function("...")]</c>).</summary>
    public string Name { get; }

    /// <summary>The id the host gave it in <c>FunctionLoadRequest</c>; invocations name it.</summary>
    public string FunctionId { get; }

    /// <summary>The name of its <c>httpTrigger</c> binding (the parameter name, e.g. <c>req</c>).</summary>
    public string TriggerName { get; }

    /// <summary>The route template with the route prefix applied, without a leading slash.</summary>
    public string Route { get; }

    /// <summary>The allowed methods, upper case; empty means every method.</summary>
    public IReadOnlyList<string> Methods { get; }

    /// <summary>The declared auth level (<c>Anonymous</c>, <c>Function</c>, <c>Admin</c>); not enforced here.</summary>
    public string AuthLevel { get; }

    /// <summary>
    /// The function described by <paramref name="metadata"/> if one of its bindings is an <c>httpTrigger</c>;
    /// otherwise <see langword="null"/>. <paramref name="routePrefix"/> is host.json's <c>extensions.http.routePrefix</c>.
    /// </summary>
    internal static HttpFunction? FromMetadata(RpcFunctionMetadata metadata, string functionId, string routePrefix)
    {
        foreach (var raw in metadata.RawBindings)
        {
            using var binding = JsonDocument.Parse(raw);
            var root = binding.RootElement;
            if (!string.Equals(Text(root, "type"), "httpTrigger", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var methods = root.TryGetProperty("methods", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToArray()
                : [];
            // The host's default route is the function name (WebScriptHostHttpRoutesManager).
            var route = Text(root, "route") is { Length: > 0 } declared ? declared : metadata.Name;
            var prefixed = string.IsNullOrEmpty(routePrefix) ? route : $"{routePrefix.Trim('/')}/{route}";
            return new HttpFunction(metadata.Name, functionId, Text(root, "name") ?? "req", prefixed.TrimStart('/'),
                methods, Text(root, "authLevel") ?? "Function");
        }

        return null;
    }

    /// <summary>Whether <paramref name="method"/> is one this function accepts.</summary>
    public bool Accepts(string method) =>
        Methods.Count == 0 || Methods.Contains(method, StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name}: [{(Methods.Count == 0 ? "*" : string.Join(",", Methods))}] /{Route} ({AuthLevel})";

    private static string? Text(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString();
            }
        }

        return null;
    }
}
