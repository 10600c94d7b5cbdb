using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Functions.Tests.Secrets;

/// <summary>Keeps every log line written, with its event id and rendered message, for tests to inspect.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, EventId EventId, string Message, Exception? Exception)> Entries { get; } = new();

    public IEnumerable<string> Messages => Entries.Select(e => e.Message + e.Exception);

    public int Count(int eventId) => Entries.Count(e => e.EventId.Id == eventId);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(
        LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, eventId, formatter(state, exception), exception));
}
