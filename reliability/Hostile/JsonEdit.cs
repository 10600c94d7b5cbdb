namespace Reliability.Hostile;

/// <summary>One change <see cref="JsonBytes"/> makes while writing a document; raw bytes go out as they are, valid or not.</summary>
public abstract record JsonEdit(JsonPath At)
{
    /// <summary>The node at <see cref="JsonEdit.At"/> is written as <paramref name="Raw"/>.</summary>
    public sealed record Replace(JsonPath At, byte[] Raw) : JsonEdit(At);

    /// <summary>The string at <see cref="JsonEdit.At"/> gets <paramref name="Raw"/> spliced in after <paramref name="CharIndex"/> characters.</summary>
    public sealed record Splice(JsonPath At, int CharIndex, byte[] Raw) : JsonEdit(At);

    /// <summary>The object at <see cref="JsonEdit.At"/> gets an extra member: its name and value as raw bytes, first or last.</summary>
    public sealed record AddMember(JsonPath At, byte[] RawName, byte[] RawValue, bool First) : JsonEdit(At);
}
