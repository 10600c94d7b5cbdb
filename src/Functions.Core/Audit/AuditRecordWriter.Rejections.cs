using P = Functions.Core.Audit.AuditPropertyNames;

namespace Functions.Core.Audit;

internal static partial class AuditRecordWriter
{
    /// <summary>
    /// The rows of a request refused before routing: a whole record (outcome <c>rejected</c>), its caller index row
    /// when the caller is known, and its request id index row.
    /// </summary>
    public static AuditWritePlan ForRejection(AuditRejection rejection, AuditRecordKeys keys)
    {
        var rows = new List<TableEntity>();
        var record = NewRecord(keys);
        var budget = s_stepBudget;
        record[P.Time] = rejection.Time;
        record[P.CompletedAt] = rejection.Time;
        record[P.Status] = rejection.Status;
        record[P.Flagged] = false;
        Set(record, P.BodyBytes, rejection.BodyBytes);
        AuditTextLayout.Place(record, rows, keys, P.RequestId, rejection.RequestId, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.Outcome, CallOutcome.Rejected.Value, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.ErrorCode, rejection.ErrorCode, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.ErrorMessage, rejection.ErrorMessage, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.Caller, rejection.Caller, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.CallerMethod, rejection.CallerMethod, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.KeyFingerprint, rejection.KeyFingerprint, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.ClientAddress, rejection.ClientAddress, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.HttpMethod, rejection.HttpMethod, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.Path, rejection.Path, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.UserAgent, rejection.UserAgent, ref budget);
        AuditTextLayout.Place(record, rows, keys, P.InvocationId, rejection.InvocationId, ref budget);

        var write = new List<TableTransactionAction> { Insert(record) };
        if (rejection.Caller is { } caller)
        {
            write.Add(Insert(Copy(Summary(record, keys, null), keys.PartitionKey, keys.CallerRowKey(caller))));
        }

        return new AuditWritePlan(rows, write, RequestIndex(rejection.RequestId, rejection.Time, keys));
    }

    /// <summary>
    /// A rejection summary row: how many requests were refused in an interval and not recorded one by one
    /// (the store was behind, or they came faster than <c>Audit:RejectionRecordsPerSecond</c>), by status and
    /// by error code.
    /// </summary>
    public static TableEntity RejectionSummary(string partitionKey, string instance, AuditRejectionCounts counts)
    {
        var row = new TableEntity(partitionKey, $"{AuditKeys.SummaryPrefix}{AuditKeys.InvertedTicks(counts.To)}.{AuditKeys.Encode(instance)}")
        {
            [P.SchemaVersion] = SchemaVersion,
            [P.From] = counts.From,
            [P.To] = counts.To,
            [P.Instance] = instance,
            [P.Count] = counts.Count,
            [P.ByStatus] = counts.ByStatusJson(),
            [P.ByErrorCode] = counts.ByErrorCodeJson(),
        };
        if (counts.LostSeals.Count > 0)
        {
            row[P.LostSeals] = string.Join(',', counts.LostSeals);
        }

        return row;
    }
}
