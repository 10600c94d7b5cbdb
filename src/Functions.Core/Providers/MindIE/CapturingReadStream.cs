using System.Buffers;

namespace Functions.Core.Providers.MindIE;

/// <summary>
/// A read-only wrapper that keeps a copy of every byte read through it until <see cref="Take"/>: the
/// pass-through route parses a stream and still hands on the exact bytes that arrived.
/// </summary>
internal sealed class CapturingReadStream(Stream inner) : Stream
{
    private readonly ArrayBufferWriter<byte> _captured = new(4096);

    /// <summary>The bytes read since the last call.</summary>
    public ReadOnlyMemory<byte> Take()
    {
        if (_captured.WrittenCount == 0) return ReadOnlyMemory<byte>.Empty;
        var bytes = _captured.WrittenSpan.ToArray();
        _captured.ResetWrittenCount();
        return bytes;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _captured.Write(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        _captured.Write(buffer.AsSpan(offset, read));
        return read;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
