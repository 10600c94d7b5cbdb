using Microsoft.Extensions.Logging;

namespace FunctionsTestHost;

/// <summary>One line of diagnostics from the test host or its worker.</summary>
/// <param name="Time">When the host received it.</param>
/// <param name="Source">Where it came from.</param>
/// <param name="Level">Its level (process output is <see cref="LogLevel.Information"/> or <see cref="LogLevel.Warning"/>).</param>
/// <param name="Category">The logger category, or the stream name for process output.</param>
/// <param name="Message">The text.</param>
/// <param name="InvocationId">The invocation it belongs to, when the worker said so.</param>
/// <param name="Exception">The exception's type, message and stack, when there was one.</param>
public sealed record HostLogEntry(
    DateTimeOffset Time,
    HostLogSource Source,
    LogLevel Level,
    string Category,
    string Message,
    string? InvocationId = null,
    string? Exception = null)
{
    /// <summary>One line for a test's output: time, source, level, category, invocation, message, exception.</summary>
    public override string ToString()
    {
        var invocation = InvocationId is { Length: > 0 } ? $" [{InvocationId}]" : "";
        var exception = Exception is null ? "" : Environment.NewLine + Exception;
        return $"{Time:HH:mm:ss.fff} {Source} {Level} {Category}{invocation}: {Message}{exception}";
    }
}
