using System.Buffers.Text;
using System.Text;

namespace Bench.Upstream;

/// <summary>
/// How one answer is shaped: content events, bytes of content per event, the pause before each event.
/// The defaults come from the command line; a request may override them with a directive anywhere in its
/// body, e.g. <c>[[bench events=50 bytes=64 interval=10 first=0]]</c> (interval and first in milliseconds).
/// </summary>
public sealed record StreamShape(int Events, int Bytes, int IntervalMs, int FirstMs)
{
    private static readonly byte[] Marker = "[[bench"u8.ToArray();

    public static StreamShape FromConfiguration(IConfiguration configuration) => new(
        configuration.GetValue("Events", 20),
        configuration.GetValue("Bytes", 64),
        configuration.GetValue("IntervalMs", 10),
        configuration.GetValue("FirstMs", 0));

    /// <summary>This shape with what the directive in <paramref name="body"/> sets, if it has one.</summary>
    public StreamShape With(ReadOnlySpan<byte> body)
    {
        var start = body.IndexOf(Marker);
        if (start < 0) return this;
        var rest = body[(start + Marker.Length)..];
        var end = rest.IndexOf("]]"u8);
        if (end < 0) return this;
        var shape = this;
        foreach (var part in Encoding.ASCII.GetString(rest[..end]).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq < 0 || !int.TryParse(part.AsSpan(eq + 1), out var value) || value < 0) continue;
            shape = part[..eq] switch
            {
                "events" => shape with { Events = value },
                "bytes" => shape with { Bytes = value },
                "interval" => shape with { IntervalMs = value },
                "first" => shape with { FirstMs = value },
                _ => shape,
            };
        }
        return shape;
    }

    /// <summary>True when the body asks for a stream (<c>"stream":true</c>, with or without a space).</summary>
    public static bool IsStream(ReadOnlySpan<byte> body)
    {
        var at = body.IndexOf("\"stream\""u8);
        if (at < 0) return false;
        var rest = body[(at + 8)..].TrimStart(" \t\r\n:"u8);
        return rest.StartsWith("true"u8);
    }

    /// <summary>True when the body asks for the usage chunk at the end of a stream.</summary>
    public static bool WantsUsage(ReadOnlySpan<byte> body)
    {
        var at = body.IndexOf("\"include_usage\""u8);
        if (at < 0) return false;
        return body[(at + 15)..].TrimStart(" \t\r\n:"u8).StartsWith("true"u8);
    }

    /// <summary>Formats a stamp as the fixed-width ASCII the load generator looks for: <c>ts=</c> and 19 digits.</summary>
    public static int WriteStamp(Span<byte> destination, long stamp)
    {
        "ts="u8.CopyTo(destination);
        Utf8Formatter.TryFormat(stamp, destination[3..], out _, new System.Buffers.StandardFormat('D', 19));
        return 22;
    }
}
