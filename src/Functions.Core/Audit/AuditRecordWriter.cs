using Azure;
using P = Functions.Core.Audit.AuditPropertyNames;

namespace Functions.Core.Audit;

/// <summary>
/// Turns a call's start and completion, or a rejected request, into rows. Each step gets half of the record
/// row's size budget, so the two merged never pass the 1 MiB entity limit; texts that do not fit go to
/// continuation rows. A prompt sent upstream exactly as received is stored once.
/// </summary>
internal static partial class AuditRecordWriter
{
    /// <summary>The layout's version, on every record row (docs/audit.md): 3 since rows are sealed and chained.</summary>
    public const int SchemaVersion = 3;

    private const int MaxSummaryChars = 1024;
    private static readonly AuditEntitySize s_stepBudget = new(AuditEntitySize.EntityBudget / 2 - 8_000, AuditEntitySize.EntityBudget / 2 - 8_000);

    /// <summary>The rows <see cref="IAuditStore.BeginAsync"/> writes: the record row alone, and the request id index row if the id needs one.</summary>
    public static AuditWritePlan ForStart(AuditStart start, AuditRecordKeys keys)
    {
        var rows = new List<TableEntity>();
        var record = NewRecord(keys);
        AddStart(record, rows, start, keys);
        return new AuditWritePlan(rows, [Insert(record)], RequestIndex(start.RequestId, start.Time, keys));
    }

    /// <summary>
    /// The rows <see cref="IAuditStore.CompleteAsync"/> writes: the completion merged into the record row, with the
    /// caller index row (when the caller is known) and the flagged index row (when flagged) in the same write.
    /// Unless <paramref name="startWritten"/>, the whole start goes out again (merges are idempotent); the request
    /// id index row only when <paramref name="requestIndex"/>.
    /// </summary>
    public static AuditWritePlan ForCompletion(AuditCompletion completion, AuditRecordKeys keys, AuditStart? start, bool startWritten, bool requestIndex)
    {
        var rows = new List<TableEntity>();
        var record = NewRecord(keys);
        if (start is not null && !startWritten)
        {
            AddStart(record, rows, start, keys);
        }
        else if (completion.RequestId.Length <= MaxSummaryChars)
        {
            record[P.RequestId] = completion.RequestId;
        }

        AddCompletion(record, rows, completion, keys);
        var summary = Summary(record, keys, start);
        // The record row exists once its start landed: merge into it. Otherwise it may or may not (a begin that
        // timed out can land later): insert or merge.
        var write = new List<TableTransactionAction> { startWritten ? new(TableTransactionActionType.UpdateMerge, record, ETag.All) : Merge(record) };
        if (start is not null)
        {
            write.Add(Insert(Copy(summary, keys.PartitionKey, keys.CallerRowKey(start.Caller.Name))));
        }

        if (completion.IsFlagged)
        {
            write.Add(Insert(Copy(summary, keys.PartitionKey, keys.FlaggedRowKey)));
        }

        return new AuditWritePlan(rows, write, requestIndex ? RequestIndex(completion.RequestId, start?.Time ?? completion.Time, keys) : null);
    }

    private static TableEntity NewRecord(AuditRecordKeys keys) => new(keys.PartitionKey, keys.RowKey) { [P.SchemaVersion] = SchemaVersion };

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
        if (start.PromptSent is not null && string.Equals(start.PromptSent, start.PromptReceived, StringComparison.Ordinal))
        {
            // The same text twice would double the largest part of the record: keep one, and say so.
            record[P.PromptSentIsReceived] = true;
        }
        else
        {
            AuditTextLayout.Place(record, rows, keys, P.PromptSent, start.PromptSent, ref budget);
        }

        AuditTextLayout.Place(record, rows, keys, P.PromptReceived, start.PromptReceived, ref budget);
    }

    private static void AddCompletion(TableEntity record, List<TableEntity> rows, AuditCompletion completion, AuditRecordKeys keys)
    {
        var budget = s_stepBudget;
        record[P.CompletedAt] = completion.Time;
        record[P.Status] = completion.Status;
        record[P.Flagged] = completion.IsFlagged;
        record[P.DurationMs] = completion.DurationMs;
        Set(record, P.PromptTokens, completion.PromptTokens);
        Set(record, P.CompletionTokens, completion.CompletionTokens);
        Set(record, P.TotalTokens, completion.TotalTokens);
        Set(record, P.NeedClearHistory, completion.NeedClearHistory);
        Set(record, P.Flag, completion.Flag);
        Set(record, P.BanRound, completion.BanRound);
        Set(record, P.IsTruncated, completion.IsTruncated);
        Set(record, P.PrefillTimeMs, completion.PrefillTimeMs);
        Set(record, P.DecodeCount, completion.DecodeTimeStats?.Count);
        Set(record, P.DecodeMeanMs, completion.DecodeTimeStats?.MeanMs);
        Set(record, P.DecodeP50Ms, completion.DecodeTimeStats?.P50Ms);
        Set(record, P.DecodeMaxMs, completion.DecodeTimeStats?.MaxMs);
        Set(record, P.TimeToFirstTokenMs, completion.TimeToFirstTokenMs);
        AuditTextLayout.Place(record, rows, keys, P.Outcome, completion.Outcome.Value, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.FinishReason, completion.FinishReason, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.RawFinishReason, completion.RawFinishReason, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.UpstreamRequestId, completion.UpstreamRequestId, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.ErrorCode, completion.ErrorCode, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.ErrorMessage, completion.ErrorMessage, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.ResponseText, completion.ResponseText, ref budget);
    }

    /// <summary>The listing properties (short texts only) of a record, plus the pointer to it.</summary>
    private static TableEntity Summary(TableEntity record, AuditRecordKeys keys, AuditStart? start)
    {
        var summary = new TableEntity(keys.PartitionKey, keys.RowKey)
        {
            [P.RecordPartitionKey] = keys.PartitionKey,
            [P.RecordRowKey] = keys.RowKey,
        };
        foreach (var name in P.Summary)
        {
            if (record.TryGetValue(name, out var value) && value is not null && (value is not string s || s.Length <= MaxSummaryChars)
                && !record.ContainsKey(AuditTextLayout.ChunksName(name)))
            {
                summary[name] = value;
            }
        }

        if (start is not null)
        {
            // Written at the start, so not on this step's record row: the index row needs them all the same.
            summary[P.Time] = start.Time;
            summary[P.Stream] = start.Stream;
            foreach (var (name, value) in new[] { (P.RequestId, start.RequestId), (P.Caller, start.Caller.Name), (P.Route, start.Route.Value), (P.Provider, start.Provider), (P.Model, start.Model) })
            {
                if (value.Length <= MaxSummaryChars)
                {
                    summary[name] = value;
                }
            }
        }

        return summary;
    }

    /// <summary>The request id index row: where the record with this id is; <c>null</c> when the id places the record itself.</summary>
    private static TableEntity? RequestIndex(string requestId, DateTimeOffset time, AuditRecordKeys keys)
    {
        if (!keys.NeedsRequestIndex)
        {
            return null;
        }

        var row = new TableEntity(AuditKeys.RequestPartition(requestId), keys.RequestIndexRowKey)
        {
            [P.RecordPartitionKey] = keys.PartitionKey,
            [P.RecordRowKey] = keys.RowKey,
            [P.Time] = time,
        };
        if (requestId.Length <= MaxSummaryChars)
        {
            row[P.RequestId] = requestId;
        }

        return row;
    }

    private static TableEntity Copy(TableEntity source, string partitionKey, string rowKey)
    {
        var copy = new TableEntity(partitionKey, rowKey);
        foreach (var (name, value) in source)
        {
            if (name is not ("PartitionKey" or "RowKey"))
            {
                copy[name] = value;
            }
        }

        return copy;
    }

    private static void Set(TableEntity entity, string name, object? value)
    {
        if (value is not null)
        {
            entity[name] = value;
        }
    }

    private static TableTransactionAction Merge(TableEntity entity) => new(TableTransactionActionType.UpsertMerge, entity);

    /// <summary>
    /// An insert: rows written once are inserted, not upserted (an insert-or-merge is as cheap on the service but
    /// slows down with the table's size on Azurite); a retry that finds the row there reads as success (see
    /// <see cref="AuditPlanWriter"/>).
    /// </summary>
    private static TableTransactionAction Insert(TableEntity entity) => new(TableTransactionActionType.Add, entity);
}
