using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;

namespace Reliability.Runner;

/// <summary>
/// Reads the audit straight from table storage (Azure.Data.Tables, no facade type): every row of every table whose
/// name starts with the audit table name, grouped by the <c>RequestId</c> property. Rows without one (continuation
/// rows) are kept for the canary search only. Also finds the call markers in the rows' text.
/// </summary>
public sealed partial class AuditScan
{
    private AuditScan(IReadOnlyList<AuditRow> rows)
    {
        Rows = rows;
        Calls = rows.Where(r => r.RequestId is not null).GroupBy(r => r.RequestId!).ToDictionary(g => g.Key, g => new AuditCall(g.Key, [.. g]), StringComparer.Ordinal);
        var byMarker = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.RequestId is not null))
            foreach (var value in row.Properties.Values)
                foreach (Match match in Markers.Marker().Matches(value))
                    (byMarker.TryGetValue(match.Value, out var ids) ? ids : byMarker[match.Value] = []).Add(row.RequestId!);
        RequestIdsByMarker = byMarker;
    }

    public IReadOnlyList<AuditRow> Rows { get; }

    /// <summary>How many refused requests of <paramref name="status"/> the rejection summary rows count.</summary>
    public long SummarisedRejections(int status) => Rows.Where(r => r.IsRejectionSummary).Sum(r =>
        System.Text.Json.JsonDocument.Parse(r.Properties["ByStatus"]).RootElement.TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var count) ? count.GetInt64() : 0);
    public IReadOnlyDictionary<string, AuditCall> Calls { get; }
    public IReadOnlyDictionary<string, HashSet<string>> RequestIdsByMarker { get; }

    /// <summary>The calls of a harness call: by the request id it was answered with, else by its marker.</summary>
    public IReadOnlyList<AuditCall> For(ChatResult result)
    {
        if (result.RequestId is { } id) return Calls.TryGetValue(id, out var call) ? [call] : [];
        return RequestIdsByMarker.TryGetValue(result.Spec.Marker, out var ids) ? [.. ids.Select(i => Calls[i])] : [];
    }

    /// <summary>Tables whose names start with <paramref name="prefix"/> (null: every table of the account).</summary>
    public static async Task<AuditScan> ReadAsync(string connectionString, string? prefix)
    {
        var service = new TableServiceClient(connectionString);
        var rows = new List<AuditRow>();
        await foreach (var table in service.QueryAsync())
        {
            if (prefix is not null && !table.Name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var client = service.GetTableClient(table.Name);
            await foreach (var entity in client.QueryAsync<TableEntity>())
            {
                var properties = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (key, value) in entity)
                {
                    if (key is "odata.etag" or "Timestamp" or "PartitionKey" or "RowKey") continue;
                    properties[key] = value switch
                    {
                        null => "",
                        byte[] bytes => System.Text.Encoding.Latin1.GetString(bytes),
                        DateTimeOffset time => time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                        _ => value.ToString() ?? "",
                    };
                }
                rows.Add(new AuditRow(table.Name, entity.PartitionKey, entity.RowKey, properties));
            }
        }
        return new AuditScan(rows);
    }

    /// <summary>
    /// Reads until every id in <paramref name="expected"/>, and every request id found in the tables (calls known only
    /// by their marker), has an outcome, or <paramref name="timeout"/> passes.
    /// </summary>
    public static async Task<AuditScan> SettleAsync(string connectionString, string prefix, IEnumerable<string> expected, TimeSpan timeout)
    {
        var ids = expected.ToHashSet(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            AuditScan? scan = null;
            try
            {
                scan = await ReadAsync(connectionString, prefix);
            }
            catch (RequestFailedException) { }
            catch (HttpRequestException) { }
            if (scan is not null && ((ids.All(id => scan.Calls.TryGetValue(id, out var call) && call.Complete) && scan.Calls.Values.All(c => c.Complete)) || DateTime.UtcNow > deadline)) return scan;
            if (scan is null && DateTime.UtcNow > deadline) throw new TimeoutException("the audit store could not be read");
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }
}
