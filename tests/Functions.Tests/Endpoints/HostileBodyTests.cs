using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Endpoints;

/// <summary>
/// Bodies no provider should ever see, on every chat route: text that is not valid Unicode and names given twice.
/// Each is a 400 in the envelope and nothing goes upstream — never a 500, never a second reading.
/// </summary>
public sealed class HostileBodyTests
{
    public static TheoryData<string, bool> Routes => new()
    {
        { "lanrui", false }, { "baidu", false }, { "mindie", false }, { "baidu", true }, { "mindie", true },
    };

    private static byte[] Body(ProviderRig rig, bool passThrough, string content, string extra = "")
    {
        var model = passThrough ? (rig.Provider == "mindie" ? $"\"model\":\"{rig.Target}\"," : "") : $"\"model\":\"{rig.Model}\",";
        return Encoding.UTF8.GetBytes("{" + model + "\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]" + extra + "}");
    }

    private static async Task<(HttpStatusCode Status, string Code)> PostAsync(ProviderRig rig, bool passThrough, byte[] body)
    {
        var path = !passThrough ? "v1/chat/completions" : rig.Provider == "baidu" ? $"baidu/chat/{rig.Target}" : "mindie/v1/chat/completions";
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await rig.Facade.Http.PostAsync(path, content);
        return (response.StatusCode, (await response.ErrorAsync())["code"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AnUnpairedSurrogate_IsRefusedAndNothingIsSent(string provider, bool passThrough)
    {
        await using var rig = await ProviderRig.StartAsync(provider);

        var lone = await PostAsync(rig, passThrough, Body(rig, passThrough, "x\\ud800y"));
        var reversed = await PostAsync(rig, passThrough, Body(rig, passThrough, "\\udc00\\ud800"));

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_parameter"), lone);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_parameter"), reversed);
        Assert.Equal(0, rig.Emulator.RequestCount);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task BytesThatAreNotUtf8_AreRefusedAndNothingIsSent(string provider, bool passThrough)
    {
        await using var rig = await ProviderRig.StartAsync(provider);
        var body = Body(rig, passThrough, "x#y", ",\"tool_choice\":\"au#to\"");
        for (var i = 0; i < body.Length; i++) if (body[i] == '#') body[i] = 0xFF;

        var result = await PostAsync(rig, passThrough, body);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_json"), result);
        Assert.Equal(0, rig.Emulator.RequestCount);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task ANameGivenTwice_IsRefusedAndNothingIsSent(string provider, bool passThrough)
    {
        await using var rig = await ProviderRig.StartAsync(provider);

        var top = await PostAsync(rig, passThrough, Body(rig, passThrough, "benign", ",\"messages\":[{\"role\":\"user\",\"content\":\"smuggled\"}]"));
        var nested = await PostAsync(rig, passThrough, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body(rig, passThrough, "benign"))
            .Replace("\"content\":\"benign\"", "\"content\":\"benign\",\"content\":\"smuggled\"", StringComparison.Ordinal)));

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_json"), top);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_json"), nested);
        Assert.Equal(0, rig.Emulator.RequestCount);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task ANameThatDiffersFromAKnownOneOnlyInCase_IsRefusedNamingItAndNothingIsSent(string provider, bool passThrough)
    {
        await using var rig = await ProviderRig.StartAsync(provider);

        var model = await RefusedParamAsync(rig, passThrough, Body(rig, passThrough, "benign", ",\"Model\":\"another-model\""));
        var messages = await RefusedParamAsync(rig, passThrough, Body(rig, passThrough, "benign", ",\"Messages\":[{\"role\":\"user\",\"content\":\"smuggled\"}]"));
        var stream = await RefusedParamAsync(rig, passThrough, Body(rig, passThrough, "benign", ",\"STREAM\":true"));
        var nested = await RefusedParamAsync(rig, passThrough, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body(rig, passThrough, "benign"))
            .Replace("\"content\":\"benign\"", "\"content\":\"benign\",\"Content\":\"smuggled\"", StringComparison.Ordinal)));

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_parameter", "Model"), model);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_parameter", "Messages"), messages);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_parameter", "STREAM"), stream);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_parameter", "messages[0].Content"), nested);
        Assert.Equal(0, rig.Emulator.RequestCount);
    }

    private static async Task<(HttpStatusCode Status, string Code, string? Param)> RefusedParamAsync(ProviderRig rig, bool passThrough, byte[] body)
    {
        var path = !passThrough ? "v1/chat/completions" : rig.Provider == "baidu" ? $"baidu/chat/{rig.Target}" : "mindie/v1/chat/completions";
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await rig.Facade.Http.PostAsync(path, content);
        var error = await response.ErrorAsync();
        return (response.StatusCode, error["code"]!.GetValue<string>(), error["param"]?.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AnEmojiAsASurrogatePair_GoesThrough(string provider, bool passThrough)
    {
        await using var rig = await ProviderRig.StartAsync(provider);

        using var content = new ByteArrayContent(Body(rig, passThrough, "smile \\ud83d\\ude00"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var path = !passThrough ? "v1/chat/completions" : rig.Provider == "baidu" ? $"baidu/chat/{rig.Target}" : "mindie/v1/chat/completions";
        using var response = await rig.Facade.Http.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, rig.Emulator.RequestCount);
    }
}
