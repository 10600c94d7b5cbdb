namespace Reliability.Hostile;

/// <summary>
/// One hostile HTTP/1.1 request, exactly as it goes on the wire: method, request target, header lines and body
/// bytes, how it is delivered, and what it is meant to probe. Built by <see cref="HostileCaseGenerator"/>;
/// <see cref="ToBytes"/> gives the bytes a reproducer file holds.
/// </summary>
public sealed class HostileCase
{
    /// <summary>The case's number within its run; with the seed it regenerates the same case.</summary>
    public required int Id { get; init; }

    /// <summary>The kind of hostility, e.g. <c>lone-surrogate-escape</c> or <c>wrong-type</c>.</summary>
    public required string Category { get; init; }

    /// <summary>The route the case aims at, e.g. <c>POST /v1/chat/completions</c> (before any path mutation).</summary>
    public required string Route { get; init; }

    /// <summary>The model, Baidu endpoint or MindIE model the body names, when it names one.</summary>
    public string? Model { get; init; }

    public required string Method { get; init; }

    /// <summary>The request target as sent (path and query; may hold any byte as Latin-1).</summary>
    public required string Target { get; init; }

    /// <summary>Header lines in order, as sent (Latin-1; duplicates allowed). <c>Host</c> is added when absent.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    public required byte[] Body { get; init; }

    /// <summary>Whether a <c>Content-Length</c> of the body's length is added (false when the case sets its own framing).</summary>
    public bool AutoContentLength { get; init; } = true;

    public HostileDelivery Delivery { get; init; } = HostileDelivery.Whole;

    public HostileTags Tags { get; init; }

    /// <summary>A short human description: where the mutation is (field path) and what it is.</summary>
    public required string Description { get; init; }

    /// <summary>The request's bytes: request line, headers (Host and framing added as configured), blank line, body.</summary>
    public byte[] ToBytes(string host = "127.0.0.1") => HostileRequestBytes.Build(this, host);
}
