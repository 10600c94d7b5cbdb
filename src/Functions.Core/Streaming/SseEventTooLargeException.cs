namespace Functions.Core.Streaming;

/// <summary>An upstream event or line exceeded the configured size cap.</summary>
public sealed class SseEventTooLargeException(int limit)
    : IOException($"An upstream stream event exceeded {limit} bytes.")
{
    public int Limit { get; } = limit;
}
