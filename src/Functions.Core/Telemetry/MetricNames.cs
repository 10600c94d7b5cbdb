namespace Functions.Core.Telemetry;

/// <summary>
/// Keeps metric attribute values bounded: only callers and models the configuration names become values; any
/// other (an unknown key's claimed name, a model that does not exist) is <c>other</c>, so no request can add a series.
/// </summary>
public sealed class MetricNames(IEnumerable<string> callers, IEnumerable<string> models)
{
    public const string Other = "other";
    public const string None = "none";

    private readonly HashSet<string> _callers = new(callers, StringComparer.Ordinal);
    private readonly HashSet<string> _models = new(models, StringComparer.Ordinal);

    public string Caller(string? name) => name is null ? None : _callers.Contains(name) ? name : Other;

    public string Model(string? name) => name is null ? None : _models.Contains(name) ? name : Other;
}
