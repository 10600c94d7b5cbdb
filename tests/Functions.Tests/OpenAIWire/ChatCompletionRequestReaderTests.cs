using System.Text;
using Functions.Core.Errors;
using Functions.Core.OpenAI;

namespace Functions.Tests.OpenAIWire;

public sealed class ChatCompletionRequestReaderTests
{
    private static ChatCompletionRequest Read(string json) => ChatCompletionRequestReader.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Stop_AsStringOrArray_BecomesAList()
    {
        Assert.Equal(["a"], Read("""{"stop":"a"}""").Stop);
        Assert.Equal(["a", "b"], Read("""{"stop":["a","b"]}""").Stop);
        Assert.Null(Read("""{"stop":null}""").Stop);
    }

    [Fact]
    public void OutputTokenLimit_PrefersMaxCompletionTokens()
    {
        var both = Read("""{"max_tokens":10,"max_completion_tokens":20}""");
        Assert.Equal(20, both.OutputTokenLimit);
        Assert.Equal(10, Read("""{"max_tokens":10}""").OutputTokenLimit);
    }

    [Fact]
    public void UnknownFields_AreKeptAsExtras()
    {
        var request = Read("""{"model":"m","penalty_score":1.2,"top_k":3}""");

        Assert.Equal(["penalty_score", "top_k"], request.Extra!.Keys);
    }

    [Fact]
    public void WrongType_NamesTheParameterPath()
    {
        var error = Assert.Throws<FacadeException>(() => Read("""{"messages":[{"role":5}]}"""));

        Assert.Equal(400, error.Status);
        Assert.Equal("messages[0].role", error.Param);
    }

    [Fact]
    public void TextOfContentParts_IsJoined_AndNonTextPartsAreReported()
    {
        var request = Read("""{"messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]}""");

        Assert.Equal("ab", request.Messages![0].GetText());
        Assert.Null(request.Messages[1].GetText());
    }
}
