namespace Reliability.Runner;

/// <summary>Searches every canary in the facade logs, every property of every row of every table, and every response received.</summary>
public sealed class CanarySearch(Stack stack, Canaries canaries, string archivePath)
{
    public sealed record Hit(string Canary, string Where, int Count);

    public List<Hit> Hits { get; } = [];
    public List<string> Searched { get; } = [];
    public int CanaryCount { get; private set; }
    public bool Pass => Hits.Count == 0;

    public async Task RunAsync(EmulatorControl control)
    {
        foreach (var token in await control.BaiduTokensAsync()) canaries.Add("Baidu access_token", token);
        var all = canaries.All();
        CanaryCount = all.Count;
        var sources = new List<(string Name, string Text)>();
        foreach (var log in Directory.GetFiles(stack.Logs, "facade-*.log").Order(StringComparer.Ordinal))
            sources.Add(("log " + Path.GetFileName(log), await File.ReadAllTextAsync(log)));
        var rows = await AuditScan.ReadAsync(stack.StorageConnection, prefix: null);
        foreach (var table in rows.Rows.GroupBy(r => r.Table))
            sources.Add(($"table {table.Key} ({table.Count():N0} rows)", string.Join("\n", table.Select(r => r.PartitionKey + "\t" + r.RowKey + "\t" + string.Join("\t", r.Properties.Select(p => p.Key + "=" + p.Value))))));
        sources.Add(("responses received", await File.ReadAllTextAsync(archivePath)));
        foreach (var (name, text) in sources)
        {
            Searched.Add($"{name}: {text.Length:N0} characters");
            foreach (var (kind, value) in all)
            {
                var count = Count(text, value);
                if (count > 0) Hits.Add(new Hit(kind, name, count));
            }
        }
    }

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
