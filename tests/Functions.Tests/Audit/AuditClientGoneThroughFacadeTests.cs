using Functions.Core.Audit;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Functions.Tests.Audit;

/// <summary>A client that goes away while its record is being written leaves a complete record, never a begin without outcome.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuditClientGoneThroughFacadeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AClientGoneWhileItsRecordIsUnderWay_LeavesARecordWithOutcomeClientAborted_AndNothingGoesUpstream()
    {
        var fault = new TableFaultPolicy();
        await using var env = await LanruiEnvironment.StartAsync(new Dictionary<string, string?>
        {
            ["Audit:ConnectionString"] = azurite.ConnectionString,
            ["Audit:TableName"] = AzuriteFixture.NewTableName("Gone"),
            ["Audit:WriteTimeout"] = "00:00:30",
        }, configure: builder => builder.Services.AddSingleton(AzuriteFixture.CreateServiceClient(azurite.ConnectionString, fault)));
        using (var warm = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "warm")))
            Assert.Equal(System.Net.HttpStatusCode.OK, warm.StatusCode);
        var store = env.Facade.Services.GetRequiredService<TableAuditStore>();
        // The warm call's completion and index rows have landed: what is under way next is the new call's begin.
        await env.Facade.Services.GetRequiredService<AuditCompletionWriter>().DrainAsync();
        await Eventually.TrueAsync(() => store.Statistics.Committer is { WaitingOperations: 0, InFlightOperations: 0 });
        var sentBefore = env.Emulator.RequestCount;
        var held = new TaskCompletionSource();
        fault.Hold = held;

        using var client = new CancellationTokenSource();
        var call = env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "gone while recorded", stream: true), cancellationToken: client.Token);
        // Its begin has left for the store (a write under way is not withdrawn): the client goes away now.
        await Eventually.TrueAsync(() => store.Statistics.Committer.InFlightOperations > 0);
        await client.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        // The facade has seen the client go and completed the record (the completion waits for the held store too).
        await Eventually.TrueAsync(() => store.Statistics.PendingCompletions > 0);
        fault.Hold = null;
        held.SetResult();

        var records = await Eventually.FindAsync(async () =>
        {
            await env.Facade.Services.GetRequiredService<AuditCompletionWriter>().DrainAsync();
            var day = await env.Facade.Services.GetRequiredService<AuditReader>().ListDayAsync(DateOnly.FromDateTime(DateTime.UtcNow), CancellationToken.None).ToListAsync();
            var gone = day.Where(s => s.Stream == true).ToList();
            return gone.Count == 1 && gone[0].Outcome is not null ? gone : null;
        }, TimeSpan.FromSeconds(30));

        Assert.Equal(("client_aborted", 499), (records[0].Outcome, records[0].Status));
        Assert.Equal(sentBefore, env.Emulator.RequestCount);
    }
}
