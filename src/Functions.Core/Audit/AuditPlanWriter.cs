using Azure;

namespace Functions.Core.Audit;

/// <summary>
/// Sends an <see cref="AuditWritePlan"/> through the group committer: continuation rows first (so a visible
/// record is always whole), then the record write and, beside it, the request id index row. Rows written once
/// are inserted; an insert the service refuses with 409 <c>EntityAlreadyExists</c> is an earlier attempt of the
/// same write that landed although its answer was lost (transactions are atomic), so it counts as written.
/// </summary>
internal static class AuditPlanWriter
{
    /// <summary>Writes the continuation rows and the record write; the request id index row too when <paramref name="includeRequestIndex"/>.</summary>
    public static async Task WriteAsync(AuditTables tables, TableGroupCommitter committer, AuditWritePlan plan, TableWritePriority priority,
        bool includeRequestIndex, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        if (plan.ContinuationRows.Count > 0)
        {
            await Task.WhenAll(plan.ContinuationRows.Select(row => Landed(committer.SubmitAsync(
                new TableWrite(tables.Records, new TableTransactionAction(TableTransactionActionType.Add, row), priority), cancellationToken))))
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var record = Landed(committer.SubmitAsync(new TableWrite(tables.Records, plan.RecordWrite, priority), cancellationToken));
        var writes = includeRequestIndex && plan.RequestIndexRow is { } index
            ? Task.WhenAll(record, SubmitIndex(tables, committer, index, cancellationToken))
            : record;
        // The deadline holds even for a write already under way (which the committer then settles on its own).
        await writes.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A write whose inserts found their rows there already: written.</summary>
    private static async Task Landed(Task write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e is { Status: 409, ErrorCode: "EntityAlreadyExists" })
        {
        }
    }

    /// <summary>Queues the request id index row (background priority: no caller waits for it).</summary>
    public static Task SubmitIndex(AuditTables tables, TableGroupCommitter committer, TableEntity row, CancellationToken cancellationToken) =>
        committer.SubmitAsync(new TableWrite(tables.Records, new TableTransactionAction(TableTransactionActionType.UpsertMerge, row), TableWritePriority.Background), cancellationToken);
}
