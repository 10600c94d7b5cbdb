namespace Functions.Core.Audit;

/// <summary>
/// Places a text field on a record: inline as <c>{Name}</c>, <c>{Name}_1</c>… while it fits the budget left on
/// the record row, else in continuation rows of the same partition (<c>C00</c>, <c>C01</c>… per row, each row
/// under both size limits), and reads it back exactly.
/// </summary>
internal static class AuditTextLayout
{
    public static string ChunkName(string field, int index) => index == 0 ? field : $"{field}_{index}";

    public static string ChunksName(string field) => field + "_Chunks";

    public static string RowsName(string field) => field + "_Rows";

    public static string LengthName(string field) => field + "_Length";

    public static string RowChunkName(int index) => $"C{index:D2}";

    /// <summary>
    /// Puts <paramref name="value"/> on <paramref name="head"/> when it fits <paramref name="budget"/> (which shrinks
    /// by what it takes), else adds continuation rows for it to <paramref name="rows"/>.
    /// </summary>
    public static void Place(TableEntity head, List<TableEntity> rows, AuditRecordKeys keys, string field, string? value, ref AuditEntitySize budget)
    {
        if (value is null)
        {
            return;
        }

        var chunks = AuditText.Split(value);
        var inline = new AuditEntitySize(0, 0);
        for (var i = 0; i < chunks.Count; i++)
        {
            inline += AuditEntitySize.Of(ChunkName(field, i), chunks[i]);
        }

        if (chunks.Count > 1)
        {
            inline += AuditEntitySize.Of(ChunksName(field), 0) + AuditEntitySize.Of(LengthName(field), 0);
        }

        if (inline.FitsIn(budget))
        {
            for (var i = 0; i < chunks.Count; i++)
            {
                head[ChunkName(field, i)] = chunks[i];
            }

            if (chunks.Count > 1)
            {
                head[ChunksName(field)] = chunks.Count;
                head[LengthName(field)] = value.Length;
            }

            budget -= inline;
            return;
        }

        var rowCount = AddRows(rows, keys, field, chunks);
        head[ChunksName(field)] = chunks.Count;
        head[RowsName(field)] = rowCount;
        head[LengthName(field)] = value.Length;
        var metadata = AuditEntitySize.Of(ChunksName(field), 0) + AuditEntitySize.Of(RowsName(field), 0) + AuditEntitySize.Of(LengthName(field), 0);
        budget -= metadata;
    }

    /// <summary>Reads a text field back from the record row and its continuation rows (ordered by row key).</summary>
    public static string? Read(TableEntity head, IReadOnlyList<TableEntity> continuationRows, string field)
    {
        var rowCount = AuditValues.Int32(head, RowsName(field)) ?? 0;
        var chunkCount = AuditValues.Int32(head, ChunksName(field)) ?? (head.ContainsKey(field) ? 1 : 0);
        if (chunkCount == 0)
        {
            return null;
        }

        var chunks = rowCount > 0
            ? continuationRows.Where(r => AuditValues.String(r, AuditPropertyNames.Field) == field)
                .OrderBy(r => AuditValues.Int32(r, AuditPropertyNames.Row))
                .SelectMany(r => Enumerable.Range(0, AuditValues.Int32(r, AuditPropertyNames.Chunks) ?? 0).Select(i => AuditValues.String(r, RowChunkName(i))))
                .ToList()
            : Enumerable.Range(0, chunkCount).Select(i => AuditValues.String(head, ChunkName(field, i))).ToList();
        if (chunks.Count != chunkCount || chunks.Any(c => c is null))
        {
            throw new InvalidDataException($"Audit record {head.PartitionKey}/{head.RowKey} has {chunks.Count(c => c is not null)} of the {chunkCount} chunks of {field}.");
        }

        var text = string.Concat(chunks);
        var expectedLength = AuditValues.Int32(head, LengthName(field));
        return expectedLength is null || expectedLength == text.Length
            ? text
            : throw new InvalidDataException($"Audit record {head.PartitionKey}/{head.RowKey}: {field} has {text.Length} characters, {expectedLength} were written.");
    }

    private static int AddRows(List<TableEntity> rows, AuditRecordKeys keys, string field, IReadOnlyList<string> chunks)
    {
        var rowIndex = 0;
        var next = 0;
        while (next < chunks.Count)
        {
            var row = new TableEntity(keys.PartitionKey, keys.ContinuationRowKey(field, rowIndex))
            {
                [AuditPropertyNames.Field] = field,
                [AuditPropertyNames.Row] = rowIndex,
            };
            var size = AuditEntitySize.Of(row) + AuditEntitySize.Of(AuditPropertyNames.Chunks, 0);
            var inRow = 0;
            while (next < chunks.Count)
            {
                var cost = AuditEntitySize.Of(RowChunkName(inRow), chunks[next]);
                if (inRow > 0 && !(size + cost).FitsIn(new AuditEntitySize(AuditEntitySize.EntityBudget, AuditEntitySize.EntityBudget)))
                {
                    break;
                }

                row[RowChunkName(inRow++)] = chunks[next++];
                size += cost;
            }

            row[AuditPropertyNames.Chunks] = inRow;
            rows.Add(row);
            rowIndex++;
        }

        return rowIndex;
    }
}
