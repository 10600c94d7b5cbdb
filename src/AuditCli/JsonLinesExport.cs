using System.Text.Encodings.Web;
using System.Text.Json;
using Functions.Core.Audit;

namespace AuditCli;

/// <summary>Records as JSON Lines: one object per record, members as <see cref="ExportColumns"/>, empty fields left out.</summary>
public static class JsonLinesExport
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteRecord(TextWriter output, AuditRecord record)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            writer.WriteStartObject();
            foreach (var (name, read) in ExportColumns.All)
            {
                switch (read(record))
                {
                    case null: break;
                    case string s: writer.WriteString(name, s); break;
                    case bool b: writer.WriteBoolean(name, b); break;
                    case int i: writer.WriteNumber(name, i); break;
                    case long l: writer.WriteNumber(name, l); break;
                    case double d: writer.WriteNumber(name, d); break;
                    case DateTimeOffset t: writer.WriteString(name, ExportColumns.Time(t)); break;
                    case var other: writer.WriteString(name, other.ToString()); break;
                }
            }

            writer.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
