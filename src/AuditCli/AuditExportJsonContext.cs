using System.Text.Json.Serialization;
using Functions.Core.Audit;

namespace AuditCli;

/// <summary>The JSON Lines export's serializer: one <see cref="AuditRecord"/> per line, nulls left out.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuditRecord))]
internal sealed partial class AuditExportJsonContext : JsonSerializerContext;
