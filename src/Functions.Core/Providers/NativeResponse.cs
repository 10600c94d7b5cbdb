namespace Functions.Core.Providers;

/// <summary>
/// An upstream answer on a pass-through route: status, content type and the headers to pass on, then
/// the body as it arrives. The endpoint writes each chunk's bytes unchanged and flushes; the audit reads
/// each chunk's translated update.
/// </summary>
public sealed class NativeResponse(int status, string? contentType, IReadOnlyList<KeyValuePair<string, string>> headers, IAsyncEnumerable<NativeChunk> chunks, IAsyncDisposable owner) : IAsyncDisposable
{
    public int Status { get; } = status;
    public string? ContentType { get; } = contentType;
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; } = headers;
    public IAsyncEnumerable<NativeChunk> Chunks { get; } = chunks;

    public ValueTask DisposeAsync() => owner.DisposeAsync();
}
