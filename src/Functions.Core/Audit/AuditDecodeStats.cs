namespace Functions.Core.Audit;

/// <summary>A summary of MindIE's per-token decode times (<c>decode_time_arr</c>), in milliseconds.</summary>
/// <param name="Count">How many decode times there were.</param>
/// <param name="MeanMs">Their mean.</param>
/// <param name="P50Ms">Their median.</param>
/// <param name="MaxMs">The largest.</param>
public sealed record AuditDecodeStats(int Count, double MeanMs, double P50Ms, double MaxMs);
