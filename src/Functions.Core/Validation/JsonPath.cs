namespace Functions.Core.Validation;

/// <summary>
/// The path of the token at a byte offset of a JSON text, in the request's own naming (<c>messages[0].content</c>),
/// for errors found by reading tokens rather than by the serializer. Only computed when there is an error to name.
/// </summary>
public static class JsonPath
{
    /// <summary>The path of the token starting at <paramref name="offset"/>, or null for the top-level value.</summary>
    public static string? At(ReadOnlySpan<byte> json, long offset)
    {
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(json);
        while (reader.Read() && reader.TokenStartIndex <= offset)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    frames[^1].Name = Name(ref reader);
                    if (reader.TokenStartIndex == offset) return Render(frames);
                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.RemoveAt(frames.Count - 1);
                    continue;
            }
            if (frames.Count > 0 && frames[^1].IsArray) frames[^1].Index++;
            if (reader.TokenStartIndex == offset) return Render(frames);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                frames.Add(new Frame { IsArray = reader.TokenType == JsonTokenType.StartArray });
        }
        return null;
    }

    /// <summary>The property's name; as written, escapes and all, when it is not valid Unicode.</summary>
    private static string Name(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Encoding.UTF8.GetString(reader.ValueSpan);
        }
    }

    private static string? Render(List<Frame> frames)
    {
        var path = new StringBuilder();
        foreach (var frame in frames)
        {
            if (frame.IsArray) path.Append('[').Append(frame.Index).Append(']');
            else if (frame.Name is not null) path.Append(path.Length == 0 ? "" : ".").Append(frame.Name);
        }
        return path.Length == 0 ? null : path.ToString();
    }

    private sealed class Frame
    {
        public bool IsArray { get; init; }
        public string? Name { get; set; }
        public int Index { get; set; } = -1;
    }
}
