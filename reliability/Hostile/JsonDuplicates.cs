using System.Text;
using System.Text.Json;

namespace Reliability.Hostile;

/// <summary>Finds member names that occur twice in one JSON object, at any depth (what a pass-through must never forward).</summary>
public static class JsonDuplicates
{
    /// <summary>The first duplicated member's path, or null when there is none (or the text is not JSON).</summary>
    public static string? Find(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { MaxDepth = 100_000, CommentHandling = JsonCommentHandling.Skip });
        var names = new Stack<HashSet<string>>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject: names.Push(new HashSet<string>(StringComparer.Ordinal)); break;
                    case JsonTokenType.EndObject: names.Pop(); break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        if (!names.Peek().Add(name)) return name;
                        break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
        return null;
    }
}
