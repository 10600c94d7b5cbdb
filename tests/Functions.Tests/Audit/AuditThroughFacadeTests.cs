using System.Net;
using System.Text;
using Emulators;
using Emulators.Lanrui;
using Functions.Core.Audit;
using Functions.Tests.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

namespace Functions.Tests.Audit;

/// <summary>The audit trail written by the whole facade into Azurite: one record per call, whatever the outcome.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuditThroughFacadeTests(AzuriteFixture azurite)
{
    private Task<LanruiEnvironment> StartAsync(string providerKey = LanruiEmulator.DefaultApiKey) =>
        LanruiEnvironment.StartAsync(new Dictionary<string, string?>
        {
            ["Audit:ConnectionString"] = azurite.ConnectionString,
            ["Audit:TableName"] = AzuriteFixture.NewTableName("Audit"),
            // These tests are about what is recorded, not how fast: a loaded 2-core test machine must not refuse calls.
            ["Audit:WriteTimeout"] = "00:00:15",
        }, providerKey);

    internal static async Task<AuditRecord> RecordAsync(FacadeHost facade, string requestId)
    {
        await facade.Services.GetRequiredService<AuditCompletionWriter>().DrainAsync();
        // A refused call is recorded like a rejected request, off the completion path.
        await facade.Services.GetRequiredService<IAuditStore>().FlushAsync(CancellationToken.None);
        var records = await facade.Services.GetRequiredService<AuditReader>().FindByRequestIdAsync(requestId, CancellationToken.None);
        return Assert.Single(records);
    }

    [Fact]
    public async Task NonStreamCall_RecordsCallerPromptResponseUsageAndOutcome()
    {
        await using var env = await StartAsync();
        env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["Bonjour", " 😀"] });
        var json = FacadeHttp.ChatJson(LanruiEnvironment.Model, "Say hi 你好");

        using var response = await env.Facade.Http.PostChatAsync(json);
        var record = await RecordAsync(env.Facade, response.Headers.GetValues("x-request-id").Single());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = record.Summary;
        Assert.Equal((FacadeHost.CallerName, "lanrui", LanruiEnvironment.Model, false), (summary.Caller, summary.Provider, summary.Model, summary.Stream));
        Assert.Equal(("completed", 200, "stop"), (summary.Outcome, summary.Status, summary.FinishReason));
        Assert.Equal(json, record.PromptReceived);
        Assert.Equal(env.Emulator.LastRequest.Body, record.PromptSent);
        Assert.Equal("Bonjour 😀", record.ResponseText);
        Assert.Equal(2, summary.CompletionTokens);
        Assert.Equal(LanruiEnvironment.Target, record.Target);
        Assert.Equal("unified", summary.Route);
        Assert.NotNull(summary.DurationMs);
    }

    [Fact]
    public async Task StreamCall_RecordsAssembledTextUsageAndTimeToFirstToken()
    {
        await using var env = await StartAsync();
        env.Emulator.NextScenarios.Enqueue(new Scenario { Chunks = ["a", "b", "c"] });

        using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "x", stream: true));
        _ = await response.Content.ReadAsStringAsync();
        var record = await RecordAsync(env.Facade, response.Headers.GetValues("x-request-id").Single());

        Assert.Equal("abc", record.ResponseText);
        Assert.Equal(("completed", true, 3), (record.Summary.Outcome, record.Summary.Stream, record.Summary.CompletionTokens));
        Assert.NotNull(record.Summary.TimeToFirstTokenMs);
        Assert.StartsWith("chatcmpl-lanrui-", record.UpstreamRequestId);
    }

    [Fact]
    public async Task ClientAbortMidStream_RecordsClientAbortedWithThePartialText()
    {
        await using var env = await StartAsync();
        var gate = new TaskCompletionSource();
        env.Emulator.NextScenarios.Enqueue(new Scenario
        {
            Chunks = ["partial ", "never"],
            BeforeEvent = async (i, ct) => { if (i == 2) await Task.Delay(Timeout.Infinite, ct); },
        });
        using var cts = new CancellationTokenSource();
        var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "x", stream: true), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        var requestId = response.Headers.GetValues("x-request-id").Single();
        var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        var buffer = new byte[4096];
        var received = "";
        while (!received.Contains("partial")) received += Encoding.UTF8.GetString(buffer, 0, await stream.ReadAsync(buffer, cts.Token));

        response.Dispose();
        await cts.CancelAsync();
        AuditRecord? record = null;
        for (var i = 0; i < 100 && record?.Summary.Outcome is null; i++)
        {
            await Task.Delay(100);
            record = await RecordAsync(env.Facade, requestId);
        }

        Assert.Equal(("client_aborted", "partial "), (record!.Summary.Outcome, record.ResponseText));
    }

    [Fact]
    public async Task UpstreamError_IsRecordedWithItsStatusAndCode()
    {
        await using var env = await StartAsync();
        env.Emulator.NextScenarios.Enqueue(new Scenario { ErrorStatus = 429 });

        using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "x"));
        var record = await RecordAsync(env.Facade, response.Headers.GetValues("x-request-id").Single());

        Assert.Equal(("upstream_error", 429), (record.Summary.Outcome, record.Summary.Status));
        Assert.StartsWith("rate_limit_exceeded", record.ErrorCode);
        Assert.Contains("rate limit", record.ErrorMessage);
    }

    [Fact]
    public async Task TwoHundredConcurrentCalls_GiveTwoHundredCompleteRecords()
    {
        await using var env = await StartAsync();
        var client = env.Facade.ChatClient(LanruiEnvironment.Model);

        var ids = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage($"call {i}")]);
            return completion.Id["chatcmpl-".Length..];
        }));
        await env.Facade.Services.GetRequiredService<AuditCompletionWriter>().DrainAsync();
        var reader = env.Facade.Services.GetRequiredService<AuditReader>();
        var listed = await reader.ListDayAsync(DateOnly.FromDateTime(DateTime.UtcNow), CancellationToken.None).ToListAsync();

        Assert.Equal(200, ids.Distinct().Count());
        Assert.Equal(ids.Order(), listed.Select(s => s.RequestId).Where(ids.Contains).Order());
        Assert.All(listed, s => Assert.Equal("completed", s.Outcome));
    }

    [Fact]
    public async Task ThreeMebibytePrompt_OfCjkAndEmoji_IsStoredWhole()
    {
        await using var env = await StartAsync();
        var text = new StringBuilder();
        var pieces = new[] { "审计", "记录", "😀", "𠜎", "テスト", "z" };
        for (var i = 0; Encoding.UTF8.GetByteCount(text.ToString()) < 3 * 1024 * 1024; i++)
            for (var j = 0; j < 10_000; j++) text.Append(pieces[(i + j) % pieces.Length]);
        // Unescaped UTF-8, as most clients send it.
        var json = $$"""{"model":"{{LanruiEnvironment.Model}}","messages":[{"role":"user","content":"{{text}}"}]}""";
        Assert.InRange(Encoding.UTF8.GetByteCount(json), 3 * 1024 * 1024, 4 * 1024 * 1024);

        using var response = await env.Facade.Http.PostChatAsync(json);
        var record = await RecordAsync(env.Facade, response.Headers.GetValues("x-request-id").Single());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(json, record.PromptReceived);
        Assert.Equal(env.Emulator.LastRequest.Body, record.PromptSent);
    }

    [Fact]
    public async Task SecretCanaries_AreNeverStored()
    {
        const string ProviderKey = "canary-provider-key-7f3a";
        const string FunctionKey = "canary-function-key-91c2";
        const string QueryKey = "canary-query-code-55d0";
        await using var env = await StartAsync(ProviderKey);
        var request = new HttpRequestMessage(HttpMethod.Post, $"v1/chat/completions?code={QueryKey}")
        {
            Content = new StringContent(FacadeHttp.ChatJson(LanruiEnvironment.Model, "hello"), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-functions-key", FunctionKey);

        using var response = await env.Facade.Http.SendAsync(request);
        var record = await RecordAsync(env.Facade, response.Headers.GetValues("x-request-id").Single());
        var rows = await env.Facade.Services.GetRequiredService<AuditReader>().ScanAllRowsAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer " + ProviderKey, env.Emulator.LastRequest.Headers["Authorization"]);
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            foreach (var (name, value) in row.Entity)
            {
                var stored = value?.ToString() ?? "";
                foreach (var canary in new[] { ProviderKey, FunctionKey, QueryKey, FacadeHost.CallerKey })
                    Assert.False(stored.Contains(canary, StringComparison.Ordinal), $"{row.Table}.{name} holds a secret");
            }
        }
    }

    [Fact]
    public async Task PassThroughCall_IsAuditedAsNative()
    {
        await using var env = await MindIEEnvironment.StartAsync(new Dictionary<string, string?>
        {
            ["Audit:ConnectionString"] = azurite.ConnectionString,
            ["Audit:TableName"] = AzuriteFixture.NewTableName("Audit"),
            ["Audit:WriteTimeout"] = "00:00:15",
        });
        var json = $$"""{"model":"{{MindIEEnvironment.Target}}","messages":[{"role":"user","content":"hi"}]}""";
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await env.Facade.Http.PostAsync("mindie/v1/chat/completions", content);
        var record = await RecordAsync(env.Facade, response.Headers.GetValues("x-request-id").Single());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("native", "mindie", "completed", 200), (record.Summary.Route, record.Summary.Provider, record.Summary.Outcome, record.Summary.Status));
        Assert.Equal(json, record.PromptReceived);
        Assert.False(string.IsNullOrEmpty(record.ResponseText));
    }

    [Fact]
    public async Task ACallWhoseProviderKeyCannotBeRead_IsRecordedAsTheClientSawIt_Refused503()
    {
        await using var cached = await Functions.Tests.Secrets.CachedVault.StartAsync();
        await cached.Vault.StopAsync();
        await using var env = await LanruiEnvironment.StartAsync(new Dictionary<string, string?>
        {
            ["Audit:ConnectionString"] = azurite.ConnectionString,
            ["Audit:TableName"] = AzuriteFixture.NewTableName("Audit"),
            ["Audit:WriteTimeout"] = "00:00:15",
        }, configure: builder =>
        {
            builder.Services.AddSingleton<Functions.Core.Secrets.ISecretStore>(cached.Store);
            builder.Services.AddSingleton<Functions.Core.Secrets.ISecretStoreHealth>(cached.Store);
        });

        using var response = await env.Facade.Http.PostChatAsync(FacadeHttp.ChatJson(LanruiEnvironment.Model, "Hi"));
        var record = await RecordAsync(env.Facade, response.Headers.GetValues("x-request-id").Single());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("secrets_unavailable", (await response.ErrorAsync())["code"]!.GetValue<string>());
        Assert.Equal(("rejected", 503, "secrets_unavailable"), (record.Summary.Outcome, record.Summary.Status, record.ErrorCode));
        Assert.Equal(0, env.Emulator.RequestCount);
    }
}
