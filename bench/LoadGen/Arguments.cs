using System.Globalization;

namespace Bench.LoadGen;

/// <summary><c>--name value</c> pairs (a name may repeat), and what follows a bare <c>--</c>.</summary>
public sealed class Arguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public Arguments(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == "--")
            {
                Rest = list.Skip(i + 1).ToList();
                return;
            }
            if (!list[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= list.Count)
                throw new ArgumentException($"Expected '--name value', got '{list[i]}'.");
            var name = list[i][2..];
            if (!_values.TryGetValue(name, out var values)) _values[name] = values = [];
            values.Add(list[++i]);
        }
    }

    public IReadOnlyList<string> Rest { get; } = [];

    public string Text(string name, string? fallback = null) =>
        _values.TryGetValue(name, out var v) ? v[^1] : fallback ?? throw new ArgumentException($"--{name} is required.");

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var v) ? v : [];

    public int Int(string name, int? fallback = null) => int.Parse(Text(name, fallback?.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    public double Double(string name, double? fallback = null) => double.Parse(Text(name, fallback?.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    public IReadOnlyList<int> Pids => All("pid").Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();

    /// <summary><c>--part name=pid</c>: processes of one target measured apart (each on its own, without children).</summary>
    public IReadOnlyDictionary<string, int> Parts => All("part").Select(p => p.Split('=', 2))
        .ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
}
