namespace Functions.Core.OpenAI;

/// <summary>Writes <c>{"error":{"message","type","param","code"}}</c>, as a response body or an SSE error event.</summary>
public static class ErrorEnvelopeWriter
{
    public static void Write(Utf8JsonWriter writer, FacadeException error)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error"u8);
        writer.WriteString("message"u8, error.Message);
        writer.WriteString("type"u8, error.Type);
        if (error.Param is null) writer.WriteNull("param"u8);
        else writer.WriteString("param"u8, error.Param);
        writer.WriteString("code"u8, error.Code.Value);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
