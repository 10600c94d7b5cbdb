using System.CommandLine;
using Functions.Core.Audit;

namespace AuditCli;

/// <summary>
/// <c>audit query --from --to [--caller] [--model] [--flagged] [--outcome] [--route] [--status] [--contains] [--limit]</c>:
/// a readable table, newest first.
/// </summary>
public static class QueryCommand
{
    public static Command Create(AuditConnectionOptions connection)
    {
        var filters = new AuditTimeOptions(required: true);
        var limit = new Option<int>("--limit") { Description = "The most calls to list.", DefaultValueFactory = _ => 500 };
        var command = new Command("query", "List calls between two times, newest first.");
        filters.AddTo(command);
        command.Options.Add(limit);
        command.SetAction((parseResult, cancellationToken) => AuditCommandLine.GuardAsync(parseResult, async () =>
        {
            var reader = connection.CreateReader(parseResult);
            var query = filters.ToQuery(parseResult)!;
            var max = parseResult.GetValue(limit);
            if (query.Contains is not null)
            {
                parseResult.InvocationConfiguration.Error.WriteLine("query: --contains reads every whole record of the range (a scan)…");
            }

            var summaries = new List<AuditSummary>();
            var more = false;
            await foreach (var summary in reader.QueryAsync(query, cancellationToken))
            {
                if (summaries.Count == max)
                {
                    more = true;
                    break;
                }

                summaries.Add(summary);
            }

            var output = parseResult.InvocationConfiguration.Output;
            SummaryTable.Write(output, summaries);
            output.WriteLine(more ? $"{summaries.Count} calls shown; more match (narrow the range or raise --limit)." : $"{summaries.Count} calls.");
            if (query is { Caller: null, FlaggedOnly: false, Model: null, Outcome: null or "rejected", Route: null, Status: null, Contains: null })
            {
                await WriteRejectionSummariesAsync(output, reader, query, cancellationToken);
            }

            return 0;
        }));
        return command;
    }

    /// <summary>Rejected requests counted rather than recorded one by one in the range (the store was behind, or a flood).</summary>
    private static async Task WriteRejectionSummariesAsync(TextWriter output, AuditReader reader, AuditQuery query, CancellationToken cancellationToken)
    {
        long count = 0;
        var byStatus = new SortedDictionary<int, long>();
        await foreach (var summary in reader.ListRejectionSummariesAsync(query.From, query.To, cancellationToken))
        {
            count += summary.Count;
            foreach (var (status, n) in summary.ByStatus)
            {
                byStatus[status] = byStatus.GetValueOrDefault(status) + n;
            }
        }

        if (count > 0)
        {
            output.WriteLine($"Also {count} rejected requests counted in summary rows, not listed one by one (by status: {string.Join(", ", byStatus.Select(p => $"{p.Key} x {p.Value}"))}).");
        }
    }
}
