namespace Bench.LoadGen;

/// <summary>Summary of a set of durations, in milliseconds (nearest-rank percentiles).</summary>
public sealed record Percentiles(int Count, double Mean, double P50, double P90, double P99, double P999, double Max)
{
    public static Percentiles FromMilliseconds(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var sorted = values.Order().ToArray();
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(sorted.Length, Math.Round(sorted.Average(), 4), Round(At(0.50)), Round(At(0.90)), Round(At(0.99)), Round(At(0.999)), Round(sorted[^1]));
    }

    /// <summary>Stopwatch ticks (nanoseconds on Linux) to milliseconds.</summary>
    public static double Ms(long ticks) => ticks * 1000.0 / System.Diagnostics.Stopwatch.Frequency;

    private static double Round(double v) => Math.Round(v, 4);
}
