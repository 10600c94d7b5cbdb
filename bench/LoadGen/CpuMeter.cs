namespace Bench.LoadGen;

/// <summary>
/// CPU seconds the processes under test used over one load: the trees of the <c>--pid</c> processes (the total,
/// as every target reports it) and, for a target made of several processes, each <c>--part name=pid</c> process
/// on its own, without its children (the Functions test host and the worker it started are measured apart).
/// </summary>
public sealed class CpuMeter
{
    private readonly IReadOnlyList<int> _pids;
    private readonly IReadOnlyDictionary<string, int> _parts;
    private readonly double _total;
    private readonly Dictionary<string, double> _partsAtStart;

    private CpuMeter(IReadOnlyList<int> pids, IReadOnlyDictionary<string, int> parts)
    {
        _pids = pids;
        _parts = parts;
        _total = ProcessTree.CpuSeconds(pids);
        _partsAtStart = parts.ToDictionary(p => p.Key, p => ProcessTree.OwnCpuSeconds(p.Value));
    }

    /// <summary>Reads the counters now: the start of a load.</summary>
    public static CpuMeter Start(IReadOnlyList<int> pids, IReadOnlyDictionary<string, int> parts) => new(pids, parts);

    /// <summary>CPU seconds of the trees since the start.</summary>
    public double TotalSeconds() => Math.Round(ProcessTree.CpuSeconds(_pids) - _total, 3);

    /// <summary>CPU seconds of each part since the start, or null when the target has no parts.</summary>
    public Dictionary<string, double>? PartSeconds() => _parts.Count == 0 ? null :
        _parts.ToDictionary(p => p.Key, p => Math.Round(ProcessTree.OwnCpuSeconds(p.Value) - _partsAtStart[p.Key], 3));
}
