using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reliability.Hostile;

/// <summary>
/// Writes a <see cref="JsonNode"/> as UTF-8 with one <see cref="JsonEdit"/> applied at its path, so a mutation can
/// put bytes no JSON library would write (invalid UTF-8, raw surrogates, duplicate names) exactly where it wants.
/// </summary>
public static class JsonBytes
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(JsonNode? root, JsonEdit? edit = null)
    {
        using var output = new MemoryStream();
        Write(output, root, JsonPath.Root, edit);
        return output.ToArray();
    }

    /// <summary>Every node's path, root first, depth first.</summary>
    public static List<(JsonPath Path, JsonNode? Node)> Nodes(JsonNode? root)
    {
        var all = new List<(JsonPath, JsonNode?)>();
        void Walk(JsonPath path, JsonNode? node)
        {
            all.Add((path, node));
            if (node is JsonObject obj) foreach (var (name, child) in obj) Walk(path.Append(name), child);
            else if (node is JsonArray array) for (var i = 0; i < array.Count; i++) Walk(path.Append(i), array[i]);
        }
        Walk(JsonPath.Root, root);
        return all;
    }

    /// <summary>A JSON string literal's inside (escaped, without quotes).</summary>
    public static byte[] EscapedInside(string text)
    {
        var quoted = JsonSerializer.Serialize(text, Relaxed);
        return Encoding.UTF8.GetBytes(quoted[1..^1]);
    }

    private static void Write(Stream output, JsonNode? node, JsonPath path, JsonEdit? edit)
    {
        if (edit is not null && edit.At.Equals(path))
        {
            switch (edit)
            {
                case JsonEdit.Replace replace:
                    output.Write(replace.Raw);
                    return;
                case JsonEdit.Splice splice when node is JsonValue value && value.TryGetValue<string>(out var text):
                    var at = Math.Clamp(splice.CharIndex, 0, text.Length);
                    output.WriteByte((byte)'"');
                    output.Write(EscapedInside(text[..at]));
                    output.Write(splice.Raw);
                    output.Write(EscapedInside(text[at..]));
                    output.WriteByte((byte)'"');
                    return;
            }
        }
        switch (node)
        {
            case null:
                output.Write("null"u8);
                return;
            case JsonObject obj:
                output.WriteByte((byte)'{');
                var first = true;
                void Separator() { if (!first) output.WriteByte((byte)','); first = false; }
                void Extra(bool atStart)
                {
                    if (edit is JsonEdit.AddMember add && add.At.Equals(path) && add.First == atStart)
                    {
                        Separator();
                        output.Write(add.RawName);
                        output.WriteByte((byte)':');
                        output.Write(add.RawValue);
                    }
                }
                Extra(atStart: true);
                foreach (var (name, child) in obj)
                {
                    Separator();
                    output.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(name, Relaxed)));
                    output.WriteByte((byte)':');
                    Write(output, child, path.Append(name), edit);
                }
                Extra(atStart: false);
                output.WriteByte((byte)'}');
                return;
            case JsonArray array:
                output.WriteByte((byte)'[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) output.WriteByte((byte)',');
                    Write(output, array[i], path.Append(i), edit);
                }
                output.WriteByte((byte)']');
                return;
            default:
                output.Write(Encoding.UTF8.GetBytes(node.ToJsonString(Relaxed)));
                return;
        }
    }
}
