using System.Reflection;

namespace Functions.Tests.Infra;

/// <summary>
/// The facade's own limit on one stream (<c>Providers:&lt;Name&gt;:TotalTimeout</c>). host.json's
/// functionTimeout must exceed it: when the host's timeout fires first it restarts the worker and every
/// stream on that instance dies, instead of one stream ending with an error event.
/// </summary>
internal static class StreamLimit
{
    /// <summary>The documented default of <c>Providers:&lt;Name&gt;:TotalTimeout</c>: 30 minutes.</summary>
    public static readonly TimeSpan DocumentedDefault = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The documented default plus the default <c>TotalTimeout</c> of every options class the app
    /// assemblies have (read from a new instance), so a later change of a default is caught too.
    /// </summary>
    public static IReadOnlyList<(string Source, TimeSpan Value)> Defaults()
    {
        var found = new List<(string, TimeSpan)> { ("documented default", DocumentedDefault) };
        // The host project and the core library (referenced by the tests even where the host's IL does not yet).
        Assembly[] assemblies = [typeof(KestrelHost).Assembly, Assembly.Load("Functions.Core")];

        foreach (var type in assemblies.SelectMany(LoadableTypes))
        {
            if (!type.IsClass || type.IsAbstract || type.ContainsGenericParameters
                || !type.Name.EndsWith("Options", StringComparison.Ordinal)
                || type.GetConstructor(Type.EmptyTypes) is null)
            {
                continue;
            }

            var property = type.GetProperty("TotalTimeout", BindingFlags.Public | BindingFlags.Instance);
            if (property is null || (property.PropertyType != typeof(TimeSpan) && property.PropertyType != typeof(TimeSpan?)))
            {
                continue;
            }

            if (property.GetValue(Activator.CreateInstance(type)) is TimeSpan value && value > TimeSpan.Zero)
            {
                found.Add(($"{type.FullName}.TotalTimeout", value));
            }
        }

        return found;
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
