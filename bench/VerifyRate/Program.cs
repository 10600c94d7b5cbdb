using System.Diagnostics;
using System.Globalization;
using Functions.Core.Audit;
using Functions.Core.Callers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Seeds one UTC day of audit records through the facade's own store (begin + completion per call, sealed and
// chained as in production), so that `audit verify` can be timed on a realistic table. Usage:
//   BenchVerifyRate --connection-string CS --table NAME --day 2025-03-01 --records 100000 [--concurrency 64] [--seal-key KEY]
var arguments = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length ? args[p.i + 1] : "", StringComparer.Ordinal);
string Arg(string name, string? fallback = null) => arguments.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"--{name} is required");
var day = DateOnly.ParseExact(Arg("day"), "yyyy-MM-dd", CultureInfo.InvariantCulture);
var records = int.Parse(Arg("records"), CultureInfo.InvariantCulture);
var concurrency = int.Parse(Arg("concurrency", "64"), CultureInfo.InvariantCulture);

var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Audit:ConnectionString"] = Arg("connection-string"),
    ["Audit:TableName"] = Arg("table"),
    ["Audit:WriteTimeout"] = "00:00:30",
    ["Secrets:Values:audit-seal-key"] = Arg("seal-key", "local-development-audit-seal-key-not-a-secret-0001"),
}).Build();
await using var services = new ServiceCollection().AddLogging(l => l.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning)).AddAuditStore(configuration).BuildServiceProvider();
var store = services.GetRequiredService<IAuditStore>();

var start = new DateTimeOffset(day, TimeOnly.MinValue, TimeSpan.Zero);
var step = TimeSpan.FromDays(1) / records;
var prompt = "{\"model\":\"ernie-speed\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant for the claims department.\"},"
    + "{\"role\":\"user\",\"content\":\"" + string.Concat(Enumerable.Repeat("请总结这份保险理赔单据的要点，并列出缺失的材料。", 30)) + "\"}]}";
var response = string.Concat(Enumerable.Repeat("理赔要点：事故日期、金额、责任方。缺失材料：医院发票原件。", 12));
string[] callers = ["claims-portal", "hr-assistant", "code-review-bot", "support-desk"];
string[] models = ["ernie-speed", "lanrui-llama", "mindie-qwen"];
var clock = Stopwatch.StartNew();
var next = -1;
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
{
    for (var i = Interlocked.Increment(ref next); i < records; i = Interlocked.Increment(ref next))
    {
        var time = start + step * i;
        var id = Guid.CreateVersion7(time).ToString("N");
        var model = models[i % models.Length];
        await store.BeginAsync(new AuditStart
        {
            RequestId = id, Time = time, Caller = new Caller(callers[i % callers.Length], "api-key"), Route = AuditRoute.Unified,
            Provider = model.Split('-')[0], Model = model, Target = model, Stream = i % 2 == 0, PromptReceived = prompt, PromptSent = prompt,
            UserAgent = "OpenAI/.NET 2.15.0",
        }, CancellationToken.None);
        await store.CompleteAsync(new AuditCompletion
        {
            RequestId = id, Time = time.AddSeconds(2), Outcome = AuditOutcome.Completed, Status = 200, ResponseText = response, FinishReason = "stop",
            PromptTokens = 420, CompletionTokens = 180, TotalTokens = 600, Flag = model == "ernie-speed" ? (i % 97 == 0 ? 2 : 0) : null,
            TimeToFirstTokenMs = 180 + i % 300, DurationMs = 1_500 + i % 2_000,
        }, CancellationToken.None);
        if ((i + 1) % 10_000 == 0)
        {
            Console.Error.WriteLine($"seeded {i + 1:N0} records ({clock.Elapsed.TotalSeconds:F0} s)");
        }
    }
})));
Console.WriteLine($"seeded {records:N0} records of {day:yyyy-MM-dd} in {clock.Elapsed.TotalSeconds:F0} s ({records / clock.Elapsed.TotalSeconds:F0} calls/s)");
