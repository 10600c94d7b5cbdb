using System.Text;

namespace Functions.Core.Audit.Tables;

/// <summary>
/// Writes an entity group transaction as the Table service wants it (Performing entity group transactions):
/// a <c>multipart/mixed</c> batch holding one change set, each operation an <c>application/http</c> part with
/// its own request line, headers and JSON body.
/// </summary>
internal static class TableBatchBody
{
    /// <summary>The most operations one change set may hold.</summary>
    public const int MaxOperations = 100;

    /// <summary>The most bytes a batch's payload may have (4 MiB).</summary>
    public const int MaxPayloadBytes = 4 * 1024 * 1024;

    /// <summary>Writes the body; returns it and its <c>Content-Type</c> with the batch boundary.</summary>
    public static (byte[] Body, string ContentType) Write(TableRestConnection connection, string table, IReadOnlyList<TableTransactionAction> actions)
    {
        var batch = "batch_" + Guid.NewGuid().ToString("D");
        var changeset = "changeset_" + Guid.NewGuid().ToString("D");
        using var body = new MemoryStream();
        Write(body, $"--{batch}\r\nContent-Type: multipart/mixed; boundary={changeset}\r\n\r\n");
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            var (method, path) = RequestLine(table, action);
            var part = new StringBuilder()
                .Append($"--{changeset}\r\n")
                .Append("Content-Type: application/http\r\n")
                .Append("Content-Transfer-Encoding: binary\r\n\r\n")
                .Append($"{method} {connection.ResourceUri(path)} HTTP/1.1\r\n")
                .Append($"Content-ID: {i + 1}\r\n")
                .Append($"Accept: {TableRestConnection.AcceptMinimalMetadata}\r\n")
                .Append("DataServiceVersion: 3.0;\r\n");
            if (action.ActionType == TableTransactionActionType.Add)
            {
                part.Append("Prefer: return-no-content\r\n");
            }

            if (action.ActionType is TableTransactionActionType.UpdateMerge or TableTransactionActionType.UpdateReplace or TableTransactionActionType.Delete)
            {
                part.Append($"If-Match: {TableClient.IfMatchValue(action.IfMatch)}\r\n");
            }

            if (action.ActionType != TableTransactionActionType.Delete)
            {
                part.Append($"Content-Type: {TableRestConnection.JsonContentType}\r\n");
            }

            part.Append("\r\n");
            Write(body, part.ToString());
            body.Write(action.Body);
            Write(body, "\r\n");
        }

        Write(body, $"--{changeset}--\r\n--{batch}--\r\n");
        return (body.ToArray(), $"multipart/mixed; boundary={batch}");
    }

    private static (string Method, string Path) RequestLine(string table, TableTransactionAction action)
    {
        var entityPath = TableRestConnection.EntityPath(table, action.Entity.PartitionKey, action.Entity.RowKey);
        return action.ActionType switch
        {
            TableTransactionActionType.Add => ("POST", table),
            TableTransactionActionType.UpdateMerge or TableTransactionActionType.UpsertMerge => ("MERGE", entityPath),
            TableTransactionActionType.UpdateReplace or TableTransactionActionType.UpsertReplace => ("PUT", entityPath),
            TableTransactionActionType.Delete => ("DELETE", entityPath),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.ActionType, "Unknown transaction action."),
        };
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));
}
