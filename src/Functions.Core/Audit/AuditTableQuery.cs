using System.Runtime.CompilerServices;
using Azure;

namespace Functions.Core.Audit;

/// <summary>Queries over the audit table shared by the reader, <c>audit verify</c> and <c>audit purge</c>.</summary>
internal static class AuditTableQuery
{
    /// <summary>Every page of a query (<c>QueryAsync(...).AsPages()</c>); a table that does not exist yet reads as empty.</summary>
    public static async IAsyncEnumerable<TableEntity> ReadAllAsync(TableClient table, string? filter, IEnumerable<string>? select,
        [EnumeratorCancellation] CancellationToken cancellationToken, int pageSize = 1000)
    {
        var pages = table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, select, cancellationToken).AsPages().GetAsyncEnumerator(cancellationToken);
        await using (pages.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await pages.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (RequestFailedException e) when (e.ErrorCode == "TableNotFound")
                {
                    yield break;
                }

                foreach (var entity in pages.Current.Values)
                {
                    yield return entity;
                }
            }
        }
    }

    /// <summary>The rows of one partition whose keys are in [<paramref name="from"/>, <paramref name="to"/>), and any further conditions.</summary>
    public static string RangeFilter(string partitionKey, string from, string to, IEnumerable<string> extra) =>
        string.Join(" and ", extra.Prepend(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {from} and RowKey lt {to}")));

    /// <summary>The first string after every string that starts with <paramref name="prefix"/> (which ends in an ASCII character).</summary>
    public static string PrefixEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    /// <summary>
    /// The UTC days from <paramref name="from"/> to <paramref name="to"/> (inclusive) that have rows in their lanes, oldest
    /// first: one query per day found (it skips from one existing partition to the next), so empty stretches cost nothing.
    /// </summary>
    public static async IAsyncEnumerable<DateOnly> DaysAsync(TableClient table, DateOnly from, DateOnly to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = Day(from);
        var end = Day(to.AddDays(1));
        while (true)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {next} and PartitionKey lt {end}");
            var row = await ReadAllAsync(table, filter, ["PartitionKey"], cancellationToken, pageSize: 1).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (row is null || !DateOnly.TryParseExact(row.PartitionKey.AsSpan(0, Math.Min(8, row.PartitionKey.Length)), "yyyyMMdd", out var day))
            {
                yield break;
            }

            yield return day;
            next = Day(day.AddDays(1));
        }
    }

    private static string Day(DateOnly day) => AuditKeys.Day(new DateTimeOffset(day, TimeOnly.MinValue, TimeSpan.Zero));

    /// <summary>One row, or <c>null</c> when it (or the table) does not exist.</summary>
    public static async Task<TableEntity?> GetAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            return row.HasValue ? row.Value : null;
        }
        catch (RequestFailedException e) when (e.ErrorCode == "TableNotFound")
        {
            return null;
        }
    }
}
