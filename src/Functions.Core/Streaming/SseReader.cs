using System.Buffers;
using System.IO.Pipelines;
using System.Text.Unicode;

namespace Functions.Core.Streaming;

/// <summary>
/// Reads server-sent events straight from bytes, one item per <see cref="ReadAsync"/>: complete events
/// and bare lines (see <see cref="SseItemKind.BareLine"/>). Comments and <c>id</c>/<c>retry</c> fields
/// are skipped. Lines may end in LF, CRLF or CR. One event (or line) larger than the cap throws
/// <see cref="SseEventTooLargeException"/>; one that is not valid UTF-8 throws <see cref="SseInvalidUtf8Exception"/>
/// (issue 21: a JSON reader would fail later, deep in a translator, as if the facade had a bug). Unlike <c>System.Net.ServerSentEvents.SseParser</c>, it has a
/// size cap and reports bare lines; an unterminated last event is still delivered, so a final
/// <c>data: [DONE]</c> without its blank line is not taken for truncation. With <c>keepRaw</c>, each item also
/// carries the exact bytes it was read from (<see cref="Raw"/>) and comments are items too, so a pass-through
/// route hands on what the provider sent, byte for byte, as each item completes.
/// </summary>
public sealed class SseReader : IAsyncDisposable
{
    private static ReadOnlySpan<byte> DataField => "data"u8;
    private static ReadOnlySpan<byte> EventField => "event"u8;

    private readonly PipeReader _reader;
    private readonly int _maxEventBytes;
    private readonly ArrayBufferWriter<byte> _data = new(4096);
    private readonly ArrayBufferWriter<byte> _line = new(256);
    private readonly ArrayBufferWriter<byte>? _raw;
    private bool _hasData;
    private bool _completed;

    public SseReader(Stream stream, int maxEventBytes, bool keepRaw = false)
    {
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4096, leaveOpen: true));
        _maxEventBytes = maxEventBytes;
        if (keepRaw) _raw = new ArrayBufferWriter<byte>(4096);
    }

    /// <summary>The current item's kind.</summary>
    public SseItemKind Kind { get; private set; }

    /// <summary>The current event's <c>event:</c> type, or null.</summary>
    public string? EventType { get; private set; }

    /// <summary>The current event's data or the bare line; valid until the next <see cref="ReadAsync"/>.</summary>
    public ReadOnlyMemory<byte> Data { get; private set; }

    /// <summary>
    /// With <c>keepRaw</c>: the bytes the current item was read from, comments and blank lines before it
    /// included; after <see cref="ReadAsync"/> returned false, whatever followed the last item. Valid until the
    /// next <see cref="ReadAsync"/>. Empty without <c>keepRaw</c>.
    /// </summary>
    public ReadOnlyMemory<byte> Raw { get; private set; }

    /// <summary>Advances to the next item; false at the end of the stream.</summary>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        Reset();
        while (!_completed)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var found = false;
            while (!found && TryReadLine(ref buffer, result.IsCompleted, out var line))
            {
                found = ProcessLine(line);
            }
            KeepRaw(result.Buffer.Slice(0, buffer.Start));
            if (found)
            {
                _reader.AdvanceTo(buffer.Start);
                return true;
            }
            if (buffer.Length > _maxEventBytes) throw new SseEventTooLargeException(_maxEventBytes);
            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                _completed = true;
                if (_hasData) return Dispatch();
            }
        }
        return false;
    }

    private void Reset()
    {
        _data.ResetWrittenCount();
        _hasData = false;
        EventType = null;
        Data = ReadOnlyMemory<byte>.Empty;
        _raw?.ResetWrittenCount();
        Raw = ReadOnlyMemory<byte>.Empty;
    }

    /// <summary>Appends the lines just consumed to <see cref="Raw"/> (with <c>keepRaw</c>), within the size cap.</summary>
    private void KeepRaw(in ReadOnlySequence<byte> consumed)
    {
        if (_raw is null || consumed.IsEmpty) return;
        if (_raw.WrittenCount + consumed.Length > _maxEventBytes + 4096) throw new SseEventTooLargeException(_maxEventBytes);
        consumed.CopyTo(_raw.GetSpan((int)consumed.Length));
        _raw.Advance((int)consumed.Length);
        Raw = _raw.WrittenMemory;
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, bool isCompleted, out ReadOnlySequence<byte> line)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadToAny(out line, "\r\n"u8, advancePastDelimiter: false))
        {
            if (isCompleted && !buffer.IsEmpty)
            {
                line = buffer;
                buffer = buffer.Slice(buffer.End);
                return true;
            }
            line = default;
            return false;
        }
        reader.TryRead(out var terminator);
        if (terminator == (byte)'\r')
        {
            if (reader.End && !isCompleted)
            {
                // A CR at the end of what has arrived may be half of a CRLF.
                line = default;
                return false;
            }
            _ = reader.IsNext((byte)'\n', advancePast: true);
        }
        buffer = buffer.Slice(reader.Position);
        return true;
    }

    /// <summary>Handles one line; true when an item is ready.</summary>
    private bool ProcessLine(in ReadOnlySequence<byte> sequence)
    {
        if (sequence.Length > _maxEventBytes) throw new SseEventTooLargeException(_maxEventBytes);
        ReadOnlySpan<byte> line;
        if (sequence.IsSingleSegment)
        {
            line = sequence.FirstSpan;
        }
        else
        {
            _line.ResetWrittenCount();
            sequence.CopyTo(_line.GetSpan((int)sequence.Length));
            _line.Advance((int)sequence.Length);
            line = _line.WrittenSpan;
        }

        if (line.IsEmpty) return _hasData ? Dispatch() : ResetEventType();
        if (line[0] == ':')
        {
            // A comment (e.g. ": keep-alive") is an item only for a reader that hands bytes on.
            if (_raw is null || _hasData) return false;
            Kind = SseItemKind.Comment;
            Data = Checked(line[1..]).ToArray();
            return true;
        }

        var colon = line.IndexOf((byte)':');
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? ReadOnlySpan<byte>.Empty : line[(colon + 1)..];
        if (!value.IsEmpty && value[0] == ' ') value = value[1..];

        if (field.SequenceEqual(DataField))
        {
            if (_data.WrittenCount + value.Length + 1 > _maxEventBytes) throw new SseEventTooLargeException(_maxEventBytes);
            if (_hasData) _data.Write("\n"u8);
            _data.Write(value);
            _hasData = true;
            return false;
        }
        if (field.SequenceEqual(EventField))
        {
            EventType = Encoding.UTF8.GetString(Checked(value));
            return false;
        }
        if (field.SequenceEqual("id"u8) || field.SequenceEqual("retry"u8)) return false;

        var bare = Checked(line).ToArray();
        Kind = SseItemKind.BareLine;
        Data = bare;
        return true;
    }

    private bool ResetEventType()
    {
        EventType = null;
        return false;
    }

    private bool Dispatch()
    {
        Kind = SseItemKind.Event;
        Data = _data.WrittenMemory;
        Checked(Data.Span);
        _hasData = false;
        return true;
    }

    private static ReadOnlySpan<byte> Checked(ReadOnlySpan<byte> text) => Utf8.IsValid(text) ? text : throw new SseInvalidUtf8Exception();

    public async ValueTask DisposeAsync() => await _reader.CompleteAsync().ConfigureAwait(false);
}
