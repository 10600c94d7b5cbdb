using System.Buffers;

namespace Functions.Core.Providers.Baidu;

/// <summary>
/// Cuts the native route's byte stream into lines for the audit's view (the bytes themselves go out
/// unchanged). Lines end in LF or CRLF; a line longer than the cap is skipped, not buffered.
/// </summary>
internal sealed class BaiduLineSplitter(int maxLineBytes)
{
    private readonly ArrayBufferWriter<byte> _partial = new(256);
    private bool _overflow;

    public List<byte[]> Feed(ReadOnlySpan<byte> bytes)
    {
        var lines = new List<byte[]>();
        while (!bytes.IsEmpty)
        {
            var newline = bytes.IndexOf((byte)'\n');
            var piece = newline < 0 ? bytes : bytes[..newline];
            if (!_overflow && _partial.WrittenCount + piece.Length <= maxLineBytes) _partial.Write(piece);
            else _overflow = true;
            if (newline < 0) break;
            if (!_overflow) lines.Add(TrimCr(_partial.WrittenSpan).ToArray());
            _partial.ResetWrittenCount();
            _overflow = false;
            bytes = bytes[(newline + 1)..];
        }
        return lines;
    }

    /// <summary>An unterminated last line, if any.</summary>
    public byte[]? Rest() => _overflow || _partial.WrittenCount == 0 ? null : TrimCr(_partial.WrittenSpan).ToArray();

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) => line.EndsWith("\r"u8) ? line[..^1] : line;
}
