using System.Text.Json.Serialization;

namespace Functions.Core.OpenAI;

/// <summary>
/// <c>response_format</c> as an object (<c>{"type":"json_object"}</c>) or, as Baidu's dialect writes it on the
/// native route, a bare string (<c>"json_object"</c>) read as its type.
/// </summary>
public sealed class ResponseFormatConverter : JsonConverter<ResponseFormat>
{
    public override ResponseFormat? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return new ResponseFormat { Type = reader.GetString() };
            case JsonTokenType.StartObject:
                var format = new ResponseFormat();
                using (var document = JsonDocument.ParseValue(ref reader))
                {
                    var root = document.RootElement;
                    if (root.TryGetProperty("type", out var type))
                        format.Type = type.ValueKind == JsonValueKind.String ? type.GetString() : throw new JsonException("must be a string");
                    if (root.TryGetProperty("json_schema", out var schema) && schema.ValueKind != JsonValueKind.Null) format.JsonSchema = schema.Clone();
                }
                return format;
            default:
                throw new JsonException("must be an object or a string");
        }
    }

    public override void Write(Utf8JsonWriter writer, ResponseFormat value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.Type is not null) writer.WriteString("type"u8, value.Type);
        if (value.JsonSchema is { } schema) { writer.WritePropertyName("json_schema"u8); schema.WriteTo(writer); }
        writer.WriteEndObject();
    }
}
