using FunctionsTestHost.Rpc;
using Microsoft.AspNetCore.Http;

namespace FunctionsTestHost.Tests;

public sealed class FunctionRouteTableTests
{
    private static readonly FunctionRouteTable s_routes = new(
    [
        Function("CatchAll", "{*path}", ["get", "post"]),
        Function("Model", "v1/models/{model}", ["get"]),
        Function("Models", "v1/models", ["get"]),
        Function("Chat", "v1/chat/completions", ["post"]),
        Function("Any", "any", []),
    ]);

    [Theory]
    [InlineData("GET", "/v1/models", "Models")]
    [InlineData("GET", "/V1/Models", "Models")]
    [InlineData("GET", "/v1/models/ernie-4", "Model")]
    [InlineData("POST", "/v1/chat/completions", "Chat")]
    [InlineData("GET", "/v1/chat/completions", "CatchAll")]
    [InlineData("DELETE", "/any", "Any")]
    [InlineData("GET", "/elsewhere/deep", "CatchAll")]
    public void TryMatch_PrefersTheMostSpecificTemplateThatAcceptsTheMethod(string method, string path, string expected)
    {
        Assert.True(s_routes.TryMatch(method, new PathString(path), out var function, out _));
        Assert.Equal(expected, function.Name);
    }

    [Fact]
    public void TryMatch_WhenNoTemplateAcceptsTheMethod_DoesNotMatch()
    {
        Assert.False(s_routes.TryMatch("PUT", new PathString("/v1/models"), out _, out _));
    }

    [Fact]
    public void TryMatch_ReturnsTheRouteValues()
    {
        Assert.True(s_routes.TryMatch("GET", new PathString("/v1/models/ernie-4"), out _, out var values));
        Assert.Equal("ernie-4", values["model"]);
    }

    [Fact]
    public void FromMetadata_AppliesTheRoutePrefix_AndDefaultsTheRouteToTheName()
    {
        var metadata = new RpcFunctionMetadata { Name = "Ping" };
        metadata.RawBindings.Add("""{"name":"req","direction":"In","type":"httpTrigger","authLevel":"Function","methods":["get"]}""");

        var function = HttpFunction.FromMetadata(metadata, "id-1", "api")!;

        Assert.Equal("api/Ping", function.Route);
        Assert.Equal("Function", function.AuthLevel);
        Assert.Equal("req", function.TriggerName);
    }

    private static HttpFunction Function(string name, string route, string[] methods)
    {
        var metadata = new RpcFunctionMetadata { Name = name };
        var list = string.Join(",", methods.Select(m => $"\"{m}\""));
        metadata.RawBindings.Add($$"""{"name":"req","direction":"In","type":"httpTrigger","authLevel":"Anonymous","methods":[{{list}}],"route":"{{route}}"}""");
        return HttpFunction.FromMetadata(metadata, name, "")!;
    }
}
