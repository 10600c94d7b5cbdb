namespace Reliability.Runner;

/// <summary>One defect the run found, grouped by signature, with the files that reproduce it.</summary>
public sealed class Finding
{
    public required string Phase { get; init; }
    public required string Kind { get; init; }
    public required string Route { get; init; }
    public required string Signature { get; init; }
    public string? LogLine { get; set; }
    public int Count { get; set; }
    public List<string> Examples { get; } = [];
    public List<string> Reproducers { get; } = [];
}
