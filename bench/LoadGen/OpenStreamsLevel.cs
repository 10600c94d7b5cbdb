namespace Bench.LoadGen;

/// <summary>One level: streams asked for, streams that had their first event, RSS, KiB per stream.</summary>
public sealed record OpenStreamsLevel(int Streams, int Open, int Failed, long RssKb, double AddedKbPerStream, double RssKbPerStream, double OpenSeconds);
