namespace Bench.Upstream;

/// <summary>
/// Counts occurrences of a nested repeated message field in protobuf bytes without a schema: the wire format's
/// tags, varints and lengths are enough. For an OTLP export request, path 1 → 2 → 2 is
/// resource_spans → scope_spans → spans (likewise resource_metrics → scope_metrics → metrics and
/// resource_logs → scope_logs → log_records).
/// </summary>
public static class ProtobufCount
{
    /// <summary>How many fields the path reaches, or null when the bytes are not well-formed protobuf.</summary>
    public static long? AtPath(ReadOnlySpan<byte> message, ReadOnlySpan<int> path)
    {
        long count = 0;
        while (!message.IsEmpty)
        {
            if (!TryVarint(ref message, out var tag)) return null;
            var field = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    if (!TryVarint(ref message, out _)) return null;
                    break;
                case 1:
                    if (message.Length < 8) return null;
                    message = message[8..];
                    break;
                case 5:
                    if (message.Length < 4) return null;
                    message = message[4..];
                    break;
                case 2:
                    if (!TryVarint(ref message, out var length) || length > (ulong)message.Length) return null;
                    var inner = message[..(int)length];
                    message = message[(int)length..];
                    if (field != path[0]) break;
                    if (path.Length == 1) count++;
                    else if (AtPath(inner, path[1..]) is { } n) count += n;
                    else return null;
                    break;
                default:
                    return null;
            }
        }
        return count;
    }

    private static bool TryVarint(ref ReadOnlySpan<byte> bytes, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && !bytes.IsEmpty; shift += 7)
        {
            var b = bytes[0];
            bytes = bytes[1..];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return true;
        }
        return false;
    }
}
