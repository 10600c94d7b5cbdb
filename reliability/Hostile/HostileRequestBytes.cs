using System.Text;

namespace Reliability.Hostile;

/// <summary>Serializes a <see cref="HostileCase"/> as HTTP/1.1 bytes (header text as Latin-1, so any byte can be sent).</summary>
public static class HostileRequestBytes
{
    public static byte[] Build(HostileCase hostile, string host)
    {
        var head = new StringBuilder();
        head.Append(hostile.Method).Append(' ').Append(hostile.Target).Append(" HTTP/1.1\r\n");
        if (!hostile.Headers.Any(h => h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase))) head.Append("Host: ").Append(host).Append("\r\n");
        foreach (var (name, value) in hostile.Headers) head.Append(name).Append(": ").Append(value).Append("\r\n");
        if (hostile.AutoContentLength && (hostile.Body.Length > 0 || hostile.Method is "POST" or "PUT" or "PATCH"))
            head.Append("Content-Length: ").Append(hostile.Body.Length).Append("\r\n");
        head.Append("\r\n");
        var headBytes = Encoding.Latin1.GetBytes(head.ToString());
        var bytes = new byte[headBytes.Length + hostile.Body.Length];
        headBytes.CopyTo(bytes, 0);
        hostile.Body.CopyTo(bytes, headBytes.Length);
        return bytes;
    }

    /// <summary>Where the header block ends (the index after the blank line), or the whole length.</summary>
    public static int HeaderLength(ReadOnlySpan<byte> request)
    {
        var end = request.IndexOf("\r\n\r\n"u8);
        return end < 0 ? request.Length : end + 4;
    }
}
