namespace Bench.LoadGen;

/// <summary>Resident memory of the proxy with N streams open, against its baseline with none.</summary>
public sealed record OpenStreamsResult(string Target, long BaselineRssKb, List<OpenStreamsLevel> Levels, Dictionary<string, int> Errors);

/// <summary>One level: streams asked for, streams that had their first event, RSS, KiB per stream.</summary>
public sealed record OpenStreamsLevel(int Streams, int Open, int Failed, long RssKb, double AddedKbPerStream, double RssKbPerStream, double OpenSeconds);
