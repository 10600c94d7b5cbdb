using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FunctionsTestHost;

/// <summary>
/// Everything the test host and its worker reported, in arrival order: kept for assertions
/// (<see cref="Entries"/>) and passed on as it arrives (<see cref="FunctionsHostOptions.OnLog"/>, for a test's
/// output or a console).
/// </summary>
public sealed class HostLog
{
    private readonly ConcurrentQueue<HostLogEntry> _entries = new();
    private readonly Action<HostLogEntry>? _onLog;
    private readonly TimeProvider _time;

    internal HostLog(Action<HostLogEntry>? onLog, TimeProvider time)
    {
        _onLog = onLog;
        _time = time;
    }

    /// <summary>A snapshot of the entries so far.</summary>
    public IReadOnlyList<HostLogEntry> Entries => _entries.ToArray();

    /// <summary>The entries so far whose message or exception contains <paramref name="text"/> (ordinal).</summary>
    public IReadOnlyList<HostLogEntry> Containing(string text) =>
        _entries.Where(e => e.Message.Contains(text, StringComparison.Ordinal)
            || (e.Exception?.Contains(text, StringComparison.Ordinal) ?? false)).ToArray();

    internal void Write(HostLogSource source, LogLevel level, string category, string message,
        string? invocationId = null, string? exception = null)
    {
        var entry = new HostLogEntry(_time.GetUtcNow(), source, level, category, message, invocationId, exception);
        _entries.Enqueue(entry);
        try
        {
            _onLog?.Invoke(entry);
        }
        catch (InvalidOperationException)
        {
            // xunit's test output throws once its test has ended; a late worker line is not worth a crash.
        }
    }

    internal void Host(LogLevel level, string message, string? invocationId = null, string? exception = null) =>
        Write(HostLogSource.Host, level, "FunctionsTestHost", message, invocationId, exception);
}
