using System.Text.RegularExpressions;

namespace Reliability.Runner;

/// <summary>Unique words put into each call's prompt, so the call is found at the provider and in the audit whatever else is lost.</summary>
public static partial class Markers
{
    private static int _next;

    /// <summary>A new marker for a call of a phase (<c>F</c> faults, <c>S</c> storm, <c>K</c> soak...).</summary>
    public static string New(char phase) => $"zq{phase}{Interlocked.Increment(ref _next)}q";

    [GeneratedRegex("zq[A-Z][0-9]+q")]
    public static partial Regex Marker();
}
