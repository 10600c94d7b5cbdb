namespace Functions.Core.OpenAI;

/// <summary>
/// Writes OpenAI's model objects: <c>GET /v1/models</c> as <c>{"object":"list","data":[…]}</c>, <c>GET /v1/models/{model}</c>
/// as one <c>{"id","object":"model","created","owned_by"}</c>.
/// </summary>
public static class ModelListWriter
{
    public static void Write(Utf8JsonWriter writer, IEnumerable<ModelRoute> models, long created)
    {
        writer.WriteStartObject();
        writer.WriteString("object"u8, "list"u8);
        writer.WriteStartArray("data"u8);
        foreach (var model in models) WriteModel(writer, model, created);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WriteModel(Utf8JsonWriter writer, ModelRoute model, long created)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, model.Name);
        writer.WriteString("object"u8, "model"u8);
        writer.WriteNumber("created"u8, created);
        writer.WriteString("owned_by"u8, model.Provider);
        writer.WriteEndObject();
    }
}
