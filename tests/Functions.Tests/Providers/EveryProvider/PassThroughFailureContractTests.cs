using Emulators;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Providers.EveryProvider;

/// <summary>
/// A pass-through stream that the facade finds broken after the answer started ends cleanly, in the provider's own
/// error form, on every provider with a pass-through route: the caller's client reads a whole answer, never a reset.
/// </summary>
public sealed class PassThroughFailureContractTests
{
    public static TheoryData<string, string> Failures => new()
    {
        { "baidu", "malformed" }, { "baidu", "no-end" }, { "baidu", "reset" }, { "baidu", "idle" },
        { "mindie", "malformed" }, { "mindie", "no-end" }, { "mindie", "reset" }, { "mindie", "idle" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task ABrokenStream_EndsInTheProvidersOwnErrorForm(string provider, string failure)
    {
        await using var rig = await ProviderRig.StartAsync(provider, new Dictionary<string, string?> { ["Providers:Each:IdleTimeout"] = "00:00:01" });
        var callerHasText = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Emulator.NextScenarios.Enqueue(failure switch
        {
            "malformed" => new Scenario { Chunks = ["a", "b"], MalformedAfterEvents = 1 },
            "no-end" => new Scenario { Chunks = ["a", "b"], OmitDone = true },
            // Once the caller holds the first text, the upstream's handler fails and Kestrel drops the connection.
            "reset" => new Scenario
            {
                Chunks = ["a", "b", "c"],
                BeforeEvent = async (i, ct) =>
                {
                    if (i != 2) return;
                    await callerHasText.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
                    throw new IOException("The emulated upstream drops the connection.");
                },
            },
            _ => new Scenario { Chunks = ["a", "b", "c"], BeforeEvent = (i, ct) => i == 2 ? Task.Delay(Timeout.Infinite, ct) : Task.CompletedTask },
        });
        var (path, body) = provider == "baidu"
            ? ($"baidu/chat/{rig.Target}", """{"messages":[{"role":"user","content":"Hi"}],"stream":true}""")
            : ("mindie/v1/chat/completions", $$"""{"model":"{{rig.Target}}","messages":[{"role":"user","content":"Hi"}],"stream":true}""");

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        using var response = await rig.Facade.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Add(line);
            if (line.Contains("\"a\"", StringComparison.Ordinal)) callerHasText.TrySetResult();
        }
        var text = string.Join('\n', lines);

        Assert.Equal(200, (int)response.StatusCode);
        var last = text.TrimEnd('\n').Split('\n')[^1];
        var expectedCode = failure switch { "idle" => "upstream_timeout", "reset" => "upstream_error", _ => "upstream_protocol_error" };
        if (provider == "baidu")
        {
            Assert.StartsWith("{\"error_code\":", last);
            Assert.Contains($"\"facade_error\":\"{expectedCode}\"", last);
        }
        else
        {
            Assert.StartsWith("{\"error\":", last);
            Assert.Contains($"\"error_type\":\"{expectedCode}\"", last);
        }
    }
}
