using Functions.Core.Audit.Tables;
using P = Functions.Core.Audit.AuditPropertyNames;

namespace Functions.Core.Audit;

/// <summary>
/// Turns a call's start and completion into rows. Each step gets half of the record row's size budget, so the
/// two merged never pass the 1 MiB entity limit; texts that do not fit go to continuation rows.
/// </summary>
internal static class AuditRecordWriter
{
    private const int SchemaVersion = 1;
    private static readonly AuditEntitySize s_stepBudget = new(AuditEntitySize.EntityBudget / 2 - 8_000, AuditEntitySize.EntityBudget / 2 - 8_000);

    /// <summary>The rows <see cref="IAuditStore.BeginAsync"/> writes.</summary>
    public static AuditWritePlan ForStart(AuditStart start, AuditRecordKeys keys)
    {
        var rows = new List<TableEntity>();
        var record = new TableEntity(keys.PartitionKey, keys.RowKey) { [P.SchemaVersion] = SchemaVersion };
        AddStart(record, rows, start, keys);

        var summary = Summary(record, keys);
        var callerIndex = Copy(summary, AuditKeys.CallerPartition(start.Caller.Name, keys.Day, keys.Shard), keys.RowKey);
        var requestIndex = Copy(summary, AuditKeys.RequestPartition(start.RequestId), keys.RequestIndexRowKey);
        return new AuditWritePlan(rows, record, [callerIndex, requestIndex]);
    }

    /// <summary>
    /// The rows <see cref="IAuditStore.CompleteAsync"/> writes. <paramref name="start"/> is the call's start when it is
    /// known; unless <paramref name="startWritten"/>, the whole record goes out again (merges are idempotent).
    /// </summary>
    public static AuditWritePlan ForCompletion(AuditCompletion completion, AuditRecordKeys keys, AuditStart? start, bool startWritten)
    {
        var rows = new List<TableEntity>();
        var record = new TableEntity(keys.PartitionKey, keys.RowKey) { [P.SchemaVersion] = SchemaVersion };
        if (start is not null && !startWritten)
        {
            AddStart(record, rows, start, keys);
        }
        else
        {
            record[P.RequestId] = completion.RequestId.Length <= AuditText.MaxChunkChars ? completion.RequestId : null;
        }

        var budget = s_stepBudget;
        record[P.CompletedAt] = completion.Time;
        record[P.Status] = completion.Status;
        record[P.PromptTokens] = completion.PromptTokens;
        record[P.CompletionTokens] = completion.CompletionTokens;
        record[P.TotalTokens] = completion.TotalTokens;
        record[P.NeedClearHistory] = completion.NeedClearHistory;
        record[P.Flag] = completion.Flag;
        record[P.BanRound] = completion.BanRound;
        record[P.IsTruncated] = completion.IsTruncated;
        record[P.Flagged] = completion.IsFlagged;
        record[P.PrefillTimeMs] = completion.PrefillTimeMs;
        record[P.DecodeCount] = completion.DecodeTimeStats?.Count;
        record[P.DecodeMeanMs] = completion.DecodeTimeStats?.MeanMs;
        record[P.DecodeP50Ms] = completion.DecodeTimeStats?.P50Ms;
        record[P.DecodeMaxMs] = completion.DecodeTimeStats?.MaxMs;
        record[P.TimeToFirstTokenMs] = completion.TimeToFirstTokenMs;
        record[P.DurationMs] = completion.DurationMs;
        AuditTextLayout.Place(record, rows, keys, P.Outcome, completion.Outcome.Value, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.FinishReason, completion.FinishReason, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.RawFinishReason, completion.RawFinishReason, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.UpstreamRequestId, completion.UpstreamRequestId, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.ErrorCode, completion.ErrorCode, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.ErrorMessage, completion.ErrorMessage, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.ResponseText, completion.ResponseText, ref budget);

        var summary = Summary(record, keys);
        if (start is not null && startWritten)
        {
            // The index rows written at the start have these already; a flagged row is new and needs them.
            summary[P.Time] = start.Time;
            summary[P.Stream] = start.Stream;
            foreach (var (name, value) in new[] { (P.RequestId, start.RequestId), (P.Caller, start.Caller.Name), (P.Route, start.Route.Value), (P.Provider, start.Provider), (P.Model, start.Model) })
            {
                summary[name] = value.Length <= 1024 ? value : null;
            }
        }

        var index = new List<TableEntity>();
        if (start is not null)
        {
            index.Add(Copy(summary, AuditKeys.CallerPartition(start.Caller.Name, keys.Day, keys.Shard), keys.RowKey));
        }

        if (start is null || !startWritten)
        {
            // The request id index row may be missing: the begin did not land, or there was none.
            index.Add(Copy(summary, AuditKeys.RequestPartition(completion.RequestId), keys.RequestIndexRowKey));
        }

        if (completion.IsFlagged)
        {
            index.Add(Copy(summary, AuditKeys.FlaggedPartition(keys.Day), keys.RowKey));
        }

        return new AuditWritePlan(rows, record, index);
    }

    private static void AddStart(TableEntity record, List<TableEntity> rows, AuditStart start, AuditRecordKeys keys)
    {
        var budget = s_stepBudget;
        record[P.Time] = start.Time;
        record[P.Stream] = start.Stream;
        AuditTextLayout.Place(record, rows, keys, P.RequestId, start.RequestId, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.Caller, start.Caller.Name, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.CallerMethod, start.Caller.Method, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.CallerAppId, start.Caller.AppId, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.CallerObjectId, start.Caller.ObjectId, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.CallerTenantId, start.Caller.TenantId, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.Route, start.Route.Value, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.Provider, start.Provider, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.Model, start.Model, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.InvocationId, start.InvocationId, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.Target, start.Target, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.UserAgent, start.UserAgent, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.PromptSent, start.PromptSent, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.PromptReceived, start.PromptReceived, ref budget);
    }

    /// <summary>The summary properties of the record row (short texts only), plus the pointer to the record.</summary>
    private static TableEntity Summary(TableEntity record, AuditRecordKeys keys)
    {
        var summary = new TableEntity(keys.PartitionKey, keys.RowKey)
        {
            [P.RecordPartitionKey] = keys.PartitionKey,
            [P.RecordRowKey] = keys.RowKey,
        };
        foreach (var name in P.Summary)
        {
            if (record[name] is { } value && (value is not string s || s.Length <= 1024) && !record.ContainsKey(AuditTextLayout.ChunksName(name)))
            {
                summary[name] = value;
            }
        }

        return summary;
    }

    private static TableEntity Copy(TableEntity source, string partitionKey, string rowKey)
    {
        var copy = new TableEntity(partitionKey, rowKey);
        foreach (var (name, value) in source)
        {
            copy[name] = value;
        }

        return copy;
    }
}
