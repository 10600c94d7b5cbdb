using System.Text;

namespace Reliability.Hostile;

/// <summary>A node's place in a JSON document: member names and array indexes from the root.</summary>
public sealed record JsonPath(IReadOnlyList<object> Segments)
{
    public static JsonPath Root { get; } = new([]);

    public JsonPath Append(object segment) => new([.. Segments, segment]);

    public bool Equals(JsonPath? other) => other is not null && Segments.SequenceEqual(other.Segments);

    public override int GetHashCode() => Segments.Aggregate(17, (h, s) => h * 31 + s.GetHashCode());

    /// <summary>As the facade names a field: <c>messages[0].content</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var segment in Segments)
        {
            if (segment is int index) text.Append('[').Append(index).Append(']');
            else text.Append(text.Length == 0 ? "" : ".").Append(segment);
        }
        return text.Length == 0 ? "$" : text.ToString();
    }
}
