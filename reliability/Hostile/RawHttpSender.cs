using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Reliability.Hostile;

/// <summary>
/// Sends a <see cref="HostileCase"/> over a fresh TCP connection exactly as built (no client library tidies it up)
/// and reads one HTTP/1.1 response: status, headers, body by Content-Length, chunked, or until close.
/// </summary>
public sealed class RawHttpSender(string host, int port)
{
    /// <summary>How long to wait for a whole response.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long an unfinished request waits for an answer before the sender closes the connection.</summary>
    public TimeSpan UnfinishedWait { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Pause between pieces of a slow request.</summary>
    public TimeSpan SlowPause { get; init; } = TimeSpan.FromMilliseconds(150);

    public async Task<HostileResponse> SendAsync(HostileCase hostile, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        using var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return new HostileResponse { Failure = "refused", Elapsed = clock.Elapsed };
        }
        var stream = client.GetStream();
        var bytes = hostile.ToBytes(host + ":" + port);
        var headerLength = HostileRequestBytes.HeaderLength(bytes);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var unfinished = hostile.Delivery is HostileDelivery.Unfinished or HostileDelivery.HeadersUnfinished;
        deadline.CancelAfter(unfinished ? UnfinishedWait : ResponseTimeout);
        try
        {
            switch (hostile.Delivery)
            {
                case HostileDelivery.Whole:
                    await stream.WriteAsync(bytes, deadline.Token).ConfigureAwait(false);
                    break;
                case HostileDelivery.Slow:
                    var random = new Random(hostile.Id);
                    for (var at = 0; at < bytes.Length;)
                    {
                        var size = Math.Min(bytes.Length - at, random.Next(1, Math.Max(2, bytes.Length / 12)));
                        await stream.WriteAsync(bytes.AsMemory(at, size), deadline.Token).ConfigureAwait(false);
                        at += size;
                        if (at < bytes.Length) await Task.Delay(SlowPause, deadline.Token).ConfigureAwait(false);
                    }
                    break;
                case HostileDelivery.Unfinished:
                    await stream.WriteAsync(bytes.AsMemory(0, headerLength + (bytes.Length - headerLength) / 2), deadline.Token).ConfigureAwait(false);
                    break;
                case HostileDelivery.HeadersUnfinished:
                    await stream.WriteAsync(bytes.AsMemory(0, headerLength / 2), deadline.Token).ConfigureAwait(false);
                    break;
            }
            return await ReadAsync(stream, hostile.Method == "HEAD", clock, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HostileResponse { Failure = "timeout", SenderGaveUp = unfinished, Elapsed = clock.Elapsed };
        }
        catch (IOException e)
        {
            return new HostileResponse { Failure = e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset } ? "reset" : "closed", Elapsed = clock.Elapsed };
        }
    }

    private static async Task<HostileResponse> ReadAsync(NetworkStream stream, bool head, Stopwatch clock, CancellationToken cancellationToken)
    {
        var reader = new ResponseReader(stream);
        while (true)
        {
            var statusLine = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (statusLine is null) return new HostileResponse { Failure = "closed", Elapsed = clock.Elapsed };
            var parts = statusLine.Split(' ', 3);
            if (parts.Length < 2 || !int.TryParse(parts[1], out var status)) return new HostileResponse { Failure = "garbled", Elapsed = clock.Elapsed };
            var headers = new List<KeyValuePair<string, string>>();
            string? line;
            while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0) headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
            if (status is >= 100 and < 200) continue;
            string? Header(string name) => headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
            try
            {
                byte[] body;
                if (head || status is 204 or 304) body = [];
                else if (Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true) body = await reader.ReadChunkedAsync(cancellationToken).ConfigureAwait(false);
                else if (long.TryParse(Header("Content-Length"), out var length)) body = await reader.ReadExactlyAsync((int)length, cancellationToken).ConfigureAwait(false);
                else body = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                return new HostileResponse { Status = status, Headers = headers, Body = body, Elapsed = clock.Elapsed };
            }
            catch (Exception e) when (e is IOException or EndOfStreamException)
            {
                return new HostileResponse { Status = status, Headers = headers, Body = reader.Partial, Failure = "body-cut", Elapsed = clock.Elapsed };
            }
        }
    }

    /// <summary>A small buffered reader for one HTTP/1.1 response.</summary>
    private sealed class ResponseReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[16 * 1024];
        private readonly MemoryStream _partial = new();
        private int _start;
        private int _end;

        public byte[] Partial => _partial.ToArray();

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            if (_start < _end) return true;
            _start = 0;
            _end = await stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
            return _end > 0;
        }

        public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            var line = new MemoryStream();
            while (true)
            {
                if (!await FillAsync(cancellationToken).ConfigureAwait(false)) return line.Length == 0 ? null : Encoding.Latin1.GetString(line.ToArray());
                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newline < 0)
                {
                    line.Write(_buffer, _start, _end - _start);
                    _start = _end;
                    if (line.Length > 1_000_000) throw new IOException("line too long");
                    continue;
                }
                line.Write(_buffer, _start, newline - _start);
                _start = newline + 1;
                return Encoding.Latin1.GetString(line.ToArray()).TrimEnd('\r');
            }
        }

        public async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
        {
            var output = new byte[count];
            for (var at = 0; at < count;)
            {
                if (!await FillAsync(cancellationToken).ConfigureAwait(false)) throw new EndOfStreamException();
                var take = Math.Min(count - at, _end - _start);
                Array.Copy(_buffer, _start, output, at, take);
                _partial.Write(_buffer, _start, take);
                _start += take;
                at += take;
            }
            return output;
        }

        public async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
        {
            var output = new MemoryStream();
            while (true)
            {
                var sizeLine = await ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? throw new EndOfStreamException();
                var size = Convert.ToInt32(sizeLine.Split(';')[0].Trim(), 16);
                if (size == 0)
                {
                    while (!string.IsNullOrEmpty(await ReadLineAsync(cancellationToken).ConfigureAwait(false))) { }
                    return output.ToArray();
                }
                output.Write(await ReadExactlyAsync(size, cancellationToken).ConfigureAwait(false));
                await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public async Task<byte[]> ReadToEndAsync(CancellationToken cancellationToken)
        {
            var output = new MemoryStream();
            while (await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                output.Write(_buffer, _start, _end - _start);
                _partial.Write(_buffer, _start, _end - _start);
                _start = _end;
            }
            return output.ToArray();
        }
    }
}
