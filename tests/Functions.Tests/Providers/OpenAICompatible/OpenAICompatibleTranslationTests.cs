using System.Text;
using System.Text.Json.Nodes;
using Functions.Core.Callers;
using Functions.Core.Chat;
using Functions.Core.Errors;
using Functions.Core.OpenAI;
using Functions.Core.Providers.OpenAICompatible;
using Functions.Core.Routing;
using Functions.Core.Streaming;
using Functions.Tests.TestInfrastructure;

namespace Functions.Tests.Providers.OpenAICompatible;

public sealed class OpenAICompatibleTranslationTests
{
    [Fact]
    public async Task RecordedToolCallStream_FedOneBytePerRead_TranslatesEveryEvent()
    {
        var updates = new List<ChatUpdate>();
        await using var reader = new SseReader(new TrickleStream(TestData.Bytes("Lanrui/stream-tool-call.sse")), 1 << 20);
        while (await reader.ReadAsync(CancellationToken.None))
        {
            if (reader.Data.Span.SequenceEqual("[DONE]"u8)) break;
            updates.Add(FromOpenAICompatibleChunk.Translate(reader.Data, "Lanrui"));
        }

        Assert.Equal(6, updates.Count);
        Assert.False(updates[0].HasChunk); // role with empty content: nothing to relay
        var first = Assert.Single(updates[1].ToolCalls!);
        Assert.Equal(new ToolCallUpdate(0, "call_abc", "get_weather", ""), first);
        Assert.Equal("{\"city\":\"北京\"}", string.Concat(updates.Skip(2).Take(2).Select(u => u.ToolCalls![0].Arguments)));
        Assert.Equal(FinishReasons.ToolCalls, updates[4].FinishReason);
        Assert.Equal(new ChatUsage(9, 12, 21), updates[5].Usage);
        Assert.All(updates, u => Assert.Equal("chatcmpl-9", u.UpstreamId));
    }

    [Fact]
    public void RecordedResponse_TranslatesContentUsageAndFinish()
    {
        var completion = FromOpenAICompatibleResponse.Translate(TestData.Bytes("Lanrui/response.json"), "Lanrui");

        Assert.Equal("\n\nHello there, how may I assist you today?", completion.Content);
        Assert.Equal(FinishReasons.Stop, completion.FinishReason);
        Assert.Equal(new ChatUsage(9, 12, 21), completion.Usage);
        Assert.Equal("chatcmpl-123", completion.UpstreamId);
    }

    [Theory]
    [InlineData("{\"error\":{\"message\":\"overloaded\",\"code\":\"busy\"}}", "upstream_error")]
    [InlineData("not json", "upstream_protocol_error")]
    [InlineData("[1,2]", "upstream_protocol_error")]
    public void ErrorOrGarbageChunk_BecomesAFacadeError(string data, string code)
    {
        var error = Assert.Throws<FacadeException>(() => FromOpenAICompatibleChunk.Translate(Encoding.UTF8.GetBytes(data), "Lanrui"));

        Assert.Equal(code, error.Code.Value);
    }

    [Theory]
    [InlineData("length", "length")]
    [InlineData("function_call", "tool_calls")]
    [InlineData("content_filter", "content_filter")]
    [InlineData("eos_token", "stop")]
    public void FinishReasons_AreMappedIntoTheOpenAIEnum(string raw, string mapped)
    {
        var update = FromOpenAICompatibleChunk.Translate(Encoding.UTF8.GetBytes($"{{\"choices\":[{{\"delta\":{{}},\"finish_reason\":\"{raw}\"}}]}}"), "Lanrui");

        Assert.Equal(mapped, update.FinishReason);
        Assert.Equal(raw, update.RawFinishReason);
    }

    [Fact]
    public void Request_UsesTheTargetAndKeepsUnknownFieldsAndContentParts()
    {
        var raw = """{"model":"llama","stream":true,"max_completion_tokens":50,"stop":"END","messages":[{"role":"user","content":[{"type":"text","text":"hi"},{"type":"image_url","image_url":{"url":"data:,"}}]}],"top_k":5,"metadata":{"a":"b"}}"""u8.ToArray();
        var request = ChatCompletionRequestReader.Read(raw);
        var call = new ChatCall
        {
            RequestId = "r", Caller = new Caller("c", "api-key"), Route = new ModelRoute("llama", "lanrui", "meta-llama/Llama-2-7b-chat-hf"),
            Request = request, RawBody = raw, Created = 1,
        };

        var body = JsonNode.Parse(ToOpenAICompatibleRequest.Translate(call, new OpenAICompatibleDialect()))!;

        Assert.Equal("meta-llama/Llama-2-7b-chat-hf", body["model"]!.GetValue<string>());
        Assert.Equal(50, body["max_tokens"]!.GetValue<int>());
        Assert.Null(body["max_completion_tokens"]);
        Assert.Equal("END", body["stop"]![0]!.GetValue<string>());
        Assert.True(body["stream_options"]!["include_usage"]!.GetValue<bool>());
        Assert.Equal(5, body["top_k"]!.GetValue<int>());
        Assert.Equal("b", body["metadata"]!["a"]!.GetValue<string>());
        Assert.Equal("image_url", body["messages"]![0]!["content"]![1]!["type"]!.GetValue<string>());
    }
}
