using System.Text;

namespace Emulators;

/// <summary>
/// The bytes an emulator sends for its text. A chunk holding <see cref="InvalidUtf8"/> goes out with bytes that are
/// not UTF-8 in its place, so tests can play an upstream that sends what cannot be decoded (issue 21).
/// </summary>
public static class EmulatorText
{
    /// <summary>Put in a scenario's chunk: sent as <c>C3 28</c>, a lead byte without its continuation.</summary>
    public const string InvalidUtf8 = "@@invalid-utf8@@";

    private static ReadOnlySpan<byte> Marker => "@@invalid-utf8@@"u8;

    private static ReadOnlySpan<byte> NotUtf8 => [0xC3, 0x28];

    public static byte[] ToBytes(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.AsSpan().IndexOf(Marker) < 0) return bytes;
        var output = new List<byte>(bytes.Length);
        var rest = bytes.AsSpan();
        for (var at = rest.IndexOf(Marker); at >= 0; at = rest.IndexOf(Marker))
        {
            output.AddRange(rest[..at]);
            output.AddRange(NotUtf8);
            rest = rest[(at + Marker.Length)..];
        }
        output.AddRange(rest);
        return [.. output];
    }
}
