using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using Functions.Core.Audit;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Functions.Tests.Audit;

/// <summary>
/// A cold facade whose first storage requests are slow (connection, table creation, first JIT; here held 500 ms)
/// must not read the wait as an outage: calls wait for their records within the write budget, and a flood of
/// refused requests (each a rejection record) cannot get a real call refused.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuditColdStartThroughFacadeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AColdFacadeWithSlowFirstStorageAnswers_AndABurstOfBadRequests_AnswersAndAuditsEveryGoodCall()
    {
        var slowStart = new SlowFirstAnswersPolicy(TimeSpan.FromMilliseconds(500), count: 6);
        // The table exists, as in a deployment: the process's first requests are its writes (Azurite's own table
        // creation takes most of a second on a busy machine, which is not what this test is about).
        var table = AzuriteFixture.NewTableName("Cold");
        await azurite.CreateServiceClient().CreateTableIfNotExistsAsync(table);
        await using var env = await LanruiEnvironment.StartAsync(new Dictionary<string, string?>
        {
            ["Audit:ConnectionString"] = azurite.ConnectionString,
            ["Audit:TableName"] = table,
            // Twice the production default, so that a busy 2-core machine starting a cold process (JIT, 220 requests
            // at once) cannot time a write out: what is tested is that no call is refused without evidence.
            ["Audit:WriteTimeout"] = "00:00:04",
        }, configure: builder =>
        {
            builder.Services.AddSingleton(AzuriteFixture.CreateServiceClient(azurite.ConnectionString, slowStart));
            builder.Services.AddFakeLogging();
            builder.Logging.AddFilter<FakeLoggerProvider>(null, LogLevel.Warning);
        });
        var logs = env.Facade.Services.GetFakeLogCollector();

        var bad = Enumerable.Range(0, 200).Select(i => SendAsync(env.Facade.Http, i % 2 == 0 ? "{\"model\": " : FacadeHttp.ChatJson("no-such-model", $"bad {i}")));
        // The good calls arrive while the store's first answers are held: some at once with the burst, the rest over the next second.
        var good = Enumerable.Range(0, 20).Select(async i =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(i < 5 ? 0 : 50 * i));
            return await SendAsync(env.Facade.Http, FacadeHttp.ChatJson(LanruiEnvironment.Model, $"good {i}"));
        }).ToList();
        var answers = await Task.WhenAll(good.Concat(bad));
        var goodAnswers = answers[..20];

        Assert.True(slowStart.Held > 0, "no storage answer was held: the test did not exercise a slow start");
        // On failure, the facade's own warnings say why it refused.
        Assert.All(goodAnswers, a => Assert.True(a.Status == HttpStatusCode.OK,
            $"{(int)a.Status} {a.Body}; the facade logged: {string.Join(" | ", logs.GetSnapshot().Select(r => r.Message))}"));
        Assert.All(answers[20..], a => Assert.InRange((int)a.Status, 400, 404));
        foreach (var (_, _, requestId) in goodAnswers)
        {
            var record = await AuditThroughFacadeTests.RecordAsync(env.Facade, requestId);
            Assert.Equal(("completed", 200), (record.Summary.Outcome, record.Summary.Status));
        }

        Assert.Equal(0L, env.Facade.Services.GetRequiredService<TableAuditStore>().Statistics.Refused);
    }

    private static async Task<(HttpStatusCode Status, string Body, string RequestId)> SendAsync(HttpClient http, string json)
    {
        using var response = await http.PostChatAsync(json);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.GetValues("x-request-id").Single());
    }

    /// <summary>Holds the answers of the first <c>count</c> requests for <c>delay</c> each: a store slow to start (connections, first JIT).</summary>
    private sealed class SlowFirstAnswersPolicy(TimeSpan delay, int count) : HttpPipelinePolicy
    {
        private int _sent;

        public int Held => Math.Min(Volatile.Read(ref _sent), count);

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var held = Interlocked.Increment(ref _sent) <= count;
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            if (held)
            {
                await Task.Delay(delay, message.CancellationToken).ConfigureAwait(false);
            }
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
    }
}
