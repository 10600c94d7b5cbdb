namespace Functions.Core.Streaming;

/// <summary><c>Streaming:*</c>: how streams to clients behave.</summary>
public sealed class StreamingOptions
{
    /// <summary>
    /// An SSE comment is sent after this much silence, so quiet streams survive the platform's
    /// ~230 s idle limits (Azure front end, the Functions host's forwarder).
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
}
