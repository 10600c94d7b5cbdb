using System.Buffers.Text;

namespace Bench.LoadGen;

/// <summary>
/// Follows one SSE response read by read: finds where each event ends (a blank line), the upstream's
/// <c>ts=</c> stamp in content events, and <c>[DONE]</c>; remembers which reads carried bytes of which
/// stamped event, so it can tell whether each upstream event arrived as a read of its own.
/// </summary>
public sealed class StreamReadScanner
{
    private readonly List<byte> _event = [];
    private readonly List<int> _stampedPerRead = [];
    private readonly List<(int FirstRead, int LastRead)> _stampedSpans = [];
    private int _read = -1;
    private int _eventFirstRead = -1;
    private byte _last1;
    private byte _last2;

    /// <summary>Relay latencies (receive time minus stamp), in Stopwatch ticks, in arrival order.</summary>
    public List<long> RelayTicks { get; } = [];

    /// <summary>Receive time of the first stamped event, or 0.</summary>
    public long FirstStampedAt { get; private set; }

    public bool Done { get; private set; }

    public int StampedEvents => RelayTicks.Count;

    /// <summary>Takes one read's bytes and the time the read returned.</summary>
    public void Feed(ReadOnlySpan<byte> bytes, long receivedAt)
    {
        _read++;
        _stampedPerRead.Add(0);
        foreach (var b in bytes)
        {
            if (_eventFirstRead < 0) _eventFirstRead = _read;
            _event.Add(b);
            var end = b == '\n' && _last1 == '\n' || b == '\n' && _last1 == '\r' && _last2 == '\n';
            _last2 = _last1;
            _last1 = b;
            if (end) EndEvent(receivedAt);
        }
    }

    /// <summary>Stamped events whose reads carried no byte of another stamped event.</summary>
    public int OwnReadEvents()
    {
        var own = 0;
        foreach (var (first, last) in _stampedSpans)
        {
            var alone = true;
            for (var r = first; r <= last; r++) alone &= _stampedPerRead[r] == 1;
            if (alone) own++;
        }
        return own;
    }

    private void EndEvent(long receivedAt)
    {
        var text = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_event);
        var at = text.IndexOf("ts="u8);
        if (at >= 0 && Utf8Parser.TryParse(text[(at + 3)..], out long stamp, out var consumed) && consumed == 19)
        {
            RelayTicks.Add(receivedAt - stamp);
            if (FirstStampedAt == 0) FirstStampedAt = receivedAt;
            _stampedSpans.Add((_eventFirstRead, _read));
            for (var r = _eventFirstRead; r <= _read; r++) _stampedPerRead[r]++;
        }
        else if (text.IndexOf("data: [DONE]"u8) >= 0)
        {
            Done = true;
        }
        _event.Clear();
        _eventFirstRead = -1;
        _last1 = _last2 = 0;
    }
}
