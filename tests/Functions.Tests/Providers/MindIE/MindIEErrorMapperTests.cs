using System.Text;
using Functions.Core.Providers.MindIE;

namespace Functions.Tests.Providers.MindIE;

/// <summary>MindIE's <c>{"error":"…","error_type":"…"}</c> answers mapped to the facade's envelope.</summary>
public sealed class MindIEErrorsTests
{
    private static Functions.Core.Errors.FacadeException Map(int status, string body, string outputLimitName = "max_tokens") =>
        MindIEErrors.FromResponse(status, null, Encoding.UTF8.GetBytes(body), outputLimitName);

    private static string Body(string error, string type) => $$"""{"error":"{{error.Replace("\"", "\\\"")}}","error_type":"{{type}}"}""";

    [Theory]
    [InlineData("Parameter top_p must be in (0.0,1.0], got 1.5.", "top_p")]
    [InlineData("Parameter 'repetition_penalty' must be in (0.0, 2], got 3.", "repetition_penalty")]
    [InlineData("Parameter top_k must be in -1 || (0,2147483647], got 0", "top_k")]
    [InlineData("Paramter [n] can only be set to 1 in pd disaggregation mode, got 2.", "n")]
    [InlineData("Request param contains not messages or messages null", "messages")]
    [InlineData("Input validation error: length of `stop` must be in [1, 1024], but got 0", "stop")]
    [InlineData("Parameter top logprobs must be in [0, 20], got 30.", "top_logprobs")]
    [InlineData("Parameter thinking_budget must be in [1,2147483647], got 0", "chat_template_kwargs.thinking_budget")]
    [InlineData("Parameter stop_token_ids not list[int]", "stop_token_ids")]
    [InlineData("Request param contains not role or role null", null)]
    public void ValidationError422_Is400NamingTheParameterMindIENamed(string message, string? param)
    {
        var error = Map(422, Body(message, "Input Validation Error"));

        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal(param is null ? "invalid_request" : "invalid_parameter", error.Code.Value);
        Assert.Equal(param, error.Param);
        Assert.Contains(message, error.Message);
        Assert.Equal("Input Validation Error", error.UpstreamCode);
    }

    [Fact]
    public void ValidationErrorAboutMaxTokens_NamesTheFieldTheCallerUsed()
    {
        var error = Map(422, Body("Parameter max_tokens must be (0,2147483647], got 0", "Input Validation Error"), "max_completion_tokens");

        Assert.Equal("max_completion_tokens", error.Param);
    }

    [Fact]
    public void InputOverTheLengthLimit_IsContextLengthExceeded()
    {
        var error = Map(422, Body("Messages len not in (0, 2048], but the length of inputs is 3000", "Input Validation Error"));

        Assert.Equal(400, error.Status);
        Assert.Equal("context_length_exceeded", error.Code.Value);
        Assert.Equal("messages", error.Param);
    }

    [Theory]
    [InlineData(422, "Model not found", "Input Validation Error", 404, "model_not_found")]
    [InlineData(404, "Model not found", "NotFoundError", 404, "model_not_found")]
    [InlineData(424, "Failed to build the inference request.", "Generation Error", 502, "upstream_error")]
    [InlineData(500, "Failed to get engine response.", "Incomplete Generation", 502, "upstream_error")]
    [InlineData(500, "Engine callback timeout: no token in 600 s", "Incomplete Generation", 502, "upstream_error")]
    [InlineData(504, "Gateway Timeout", "Gateway Timeout", 502, "upstream_error")]
    [InlineData(503, "The service has been stopped", "Service Unavailable", 503, "server_is_overloaded")]
    [InlineData(401, "Unauthorized", "Unauthorized", 502, "upstream_auth_failed")]
    public void StatusAndType_MapToTheOpenAIStatusAndCode(int status, string message, string type, int expectedStatus, string code)
    {
        var error = Map(status, Body(message, type));

        Assert.Equal(expectedStatus, error.Status);
        Assert.Equal(code, error.Code.Value);
        Assert.Equal(type, error.UpstreamCode);
    }

    [Fact]
    public void UnhealthyWithAnEmptyBody_Is503()
    {
        var error = Map(503, "");

        Assert.Equal(503, error.Status);
        Assert.Contains("HTTP 503", error.Message);
    }
}
