namespace Functions.Core.Providers.Upstream;

/// <summary>
/// A read-only wrapper that fails a read which sees no data within the idle limit: a provider that
/// stops sending mid-stream must not hang the client.
/// </summary>
public sealed class IdleTimeoutStream(Stream inner, TimeSpan idle, CancellationToken outer) : Stream
{
    private readonly CancellationTokenSource _idle = CancellationTokenSource.CreateLinkedTokenSource(outer);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _idle.CancelAfter(idle);
        try
        {
            return await inner.ReadAsync(buffer, _idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!outer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new IdleTimeoutException();
        }
        finally
        {
            if (!_idle.IsCancellationRequested) _idle.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _idle.Dispose();
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}

