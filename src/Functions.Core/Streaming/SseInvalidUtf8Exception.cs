namespace Functions.Core.Streaming;

/// <summary>An upstream event or line was not valid UTF-8, so it cannot be decoded, translated or passed on as text.</summary>
public sealed class SseInvalidUtf8Exception()
    : IOException("An upstream stream event was not valid UTF-8.");
