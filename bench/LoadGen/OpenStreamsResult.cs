namespace Bench.LoadGen;

/// <summary>Resident memory of the proxy with N streams open, against its baseline with none.</summary>
public sealed record OpenStreamsResult(string Target, long BaselineRssKb, List<OpenStreamsLevel> Levels, Dictionary<string, int> Errors);
